/*
 * repl.h -- the REPL's C half (line reading with readline, evaluation
 * under pcall with a SIGINT hook), registered as the Lua module
 * "medkb.replcore" by the medkb binary.
 */
#ifndef MEDKB_REPL_H
#define MEDKB_REPL_H

#include <lua.h>

int luaopen_medkb_replcore(lua_State *L);

#endif
