/*
 * test_sandbox.c -- the memory cap of core/lua_sandbox.c: an allocation
 * over the cap fails as a Lua memory error that pcall catches, the state
 * goes on working, and lifting the cap puts the state's own allocator
 * back and lets it allocate again.
 */
#define LUA_FIXTURE_CHUNK "core = require('medkb.core')"
#include "lua_fixture.h"

static void an_allocation_over_the_cap_fails_and_the_state_goes_on(void **state) {
  lua_State *L = *state;
  check(L, "core.memory_cap(1 << 20)\n"
           "local ok, err = pcall(string.rep, 'x', 8 << 20)\n"
           "core.memory_cap(nil)\n"
           "return not ok and err == 'not enough memory'");
  /* lifted: the same allocation goes through */
  check(L, "return #string.rep('x', 8 << 20) == 8 << 20");
}

static void growing_a_table_without_bound_stops_at_the_cap(void **state) {
  lua_State *L = *state;
  check(L, "core.memory_cap(4 << 20)\n"
           "local t = {}\n"
           "local ok, err = pcall(function() while true do t[#t + 1] = {} end end)\n"
           "core.memory_cap(nil)\n"
           "return not ok and err == 'not enough memory' and #t > 1000");
}

static void what_is_freed_counts_back(void **state) {
  lua_State *L = *state;
  /* many allocations under the cap, each freed before the next: the cap
   * counts what is held, not what was ever asked for */
  check(L, "core.memory_cap(2 << 20)\n"
           "local ok = pcall(function()\n"
           "  for i = 1, 64 do local s = string.rep('y', 1 << 19) .. i; s = nil; collectgarbage() end\n"
           "end)\n"
           "core.memory_cap(nil)\n"
           "return ok");
}

static void lifting_the_cap_puts_the_allocator_back(void **state) {
  lua_State *L = *state;
  void *ud0, *ud1, *ud2;
  lua_Alloc f0 = lua_getallocf(L, &ud0), f1, f2;
  check(L, "core.memory_cap(1 << 20) return true");
  f1 = lua_getallocf(L, &ud1);
  check(L, "core.memory_cap(nil) return true");
  f2 = lua_getallocf(L, &ud2);
  assert_true(f1 != f0);
  assert_true(f2 == f0 && ud2 == ud0);
}

static void a_cap_must_not_be_negative(void **state) {
  lua_State *L = *state;
  check(L, "local ok, err = pcall(core.memory_cap, -1)\n"
           "return not ok and err:find('0 bytes or more', 1, true) ~= nil");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    LUA_TEST(an_allocation_over_the_cap_fails_and_the_state_goes_on),
    LUA_TEST(growing_a_table_without_bound_stops_at_the_cap),
    LUA_TEST(what_is_freed_counts_back),
    LUA_TEST(lifting_the_cap_puts_the_allocator_back),
    LUA_TEST(a_cap_must_not_be_negative),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
