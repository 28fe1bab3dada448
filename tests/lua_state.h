/*
 * lua_state.h -- what the tests and fuzz targets that run Lua share: a
 * Lua state with the standard libraries and the medkb module, in which a
 * chunk has run (its results left on the stack).  Depends on Lua 5.4 and
 * the medkb module.
 */
#ifndef MEDKB_TEST_LUA_STATE_H
#define MEDKB_TEST_LUA_STATE_H

#include <stdio.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lua_medkb.h"

/* The state, or NULL (the chunk's error printed on stderr). */
static inline lua_State *lua_state_new(const char *chunk) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  lmedkb_preload(L, MEDKB_SCRIPTDIR);
  if (luaL_dostring(L, chunk) != LUA_OK) {
    fprintf(stderr, "%s\n", lua_tostring(L, -1));
    lua_close(L);
    return NULL;
  }
  return L;
}

#endif
