/*
 * main.c -- the `medkb` command.  It makes a Lua state with the C part of
 * the medkb module (medkb.core) and the REPL primitives preloaded, puts
 * medkb's scripts on package.path ($MEDKB_SCRIPTS, else the directory the
 * build was configured with: scripts/ in the source tree, the Lua
 * directory under PREFIX when installed), then hands argv to the command
 * dispatcher written in Lua (scripts/medkb/cli.lua), which parses options,
 * runs the command and returns the exit status.  Only a failure to start
 * Lua or to load the scripts is reported from here.  Depends on Lua 5.4,
 * the medkb binding and repl.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lua_medkb.h"
#include "repl.h"

#ifndef MEDKB_SCRIPTDIR
#define MEDKB_SCRIPTDIR "scripts"
#endif

/* Runs in protected mode: argv as a Lua table, then cli.main(argv). */
static int pmain(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = lua_touserdata(L, 2);
  const char *scripts = getenv("MEDKB_SCRIPTS");
  int i;
  luaL_openlibs(L);
  lmedkb_preload(L, scripts && scripts[0] ? scripts : MEDKB_SCRIPTDIR);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_medkb_replcore);
  lua_setfield(L, -2, "medkb.replcore");
  lua_pop(L, 1);

  /* `arg` as lua.c sets it: the program at 0, arguments from 1 */
  lua_createtable(L, argc, 1);
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i);
  }
  lua_setglobal(L, "arg");

  lua_getglobal(L, "require");
  lua_pushliteral(L, "medkb.cli");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "main");
  lua_createtable(L, argc, 0);
  for (i = 1; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i);
  }
  lua_call(L, 1, 1);
  return 1;
}

int main(int argc, char **argv) {
  lua_State *L = luaL_newstate();
  int status;
  if (L == NULL) {
    fprintf(stderr, "medkb: cannot create a Lua state: out of memory\n");
    return 1;
  }
  lua_pushcfunction(L, pmain);
  lua_pushinteger(L, argc);
  lua_pushlightuserdata(L, argv);
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "medkb: %s\n", msg ? msg : "(error object is not a string)");
    lua_close(L);
    return 1;
  }
  status = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
  lua_close(L);
  return status;
}
