/*
 * lua_fixture.h -- the cmocka tests of the Lua module: a fresh state per
 * test, started with LUA_FIXTURE_CHUNK (which the test file defines
 * before including this), and checks of chunks run in it.  Depends on
 * cmocka, Lua 5.4 and the medkb module.
 */
#ifndef MEDKB_TEST_LUA_FIXTURE_H
#define MEDKB_TEST_LUA_FIXTURE_H

#include "fixture.h"
#include "lua_state.h"

static inline int lua_setup(void **state) {
  lua_State *L = lua_state_new(LUA_FIXTURE_CHUNK);
  if (L == NULL) return -1;
  lua_settop(L, 0);
  *state = L;
  return 0;
}

static inline int lua_teardown(void **state) {
  lua_close(*state);
  return 0;
}

/* Runs chunk; it must succeed and return true. */
static inline void check(lua_State *L, const char *chunk) {
  if (luaL_dostring(L, chunk) != LUA_OK) fail_msg("%s\n-> %s", chunk, lua_tostring(L, -1));
  if (!lua_toboolean(L, -1)) fail_msg("returned false: %s", chunk);
  lua_settop(L, 0);
}

/* Runs chunk; it must raise an error whose message contains `want`. */
static inline void raises(lua_State *L, const char *chunk, const char *want) {
  if (luaL_dostring(L, chunk) == LUA_OK) fail_msg("no error from: %s", chunk);
  if (strstr(lua_tostring(L, -1), want) == NULL)
    fail_msg("error '%s' does not contain '%s'", lua_tostring(L, -1), want);
  lua_settop(L, 0);
}

#define LUA_TEST(f) cmocka_unit_test_setup_teardown(f, lua_setup, lua_teardown)

#endif
