/*
 * test_sandbox.c -- the limits of core/lua_sandbox.c.  The memory cap: an
 * allocation over the cap fails as a Lua memory error that pcall catches,
 * the state goes on working, and lifting the cap puts the state's own
 * allocator back and lets it allocate again.  The instruction budget: a
 * loop is stopped by the stop value given, in coroutines too, again after
 * it is caught, and where it stood is told; pattern matching is charged to
 * it; limits_end puts back the hook the thread had.
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

static void a_loop_is_stopped_by_the_stop_given_and_told_where(void **state) {
  lua_State *L = *state;
  check(L, "local STOP, TIME = {}, {}\n"
           "assert(core.limits_begin(100000, 10, STOP, TIME))\n"
           "local ok, err = pcall(function()\n"
           "  while true do end\n"
           "end)\n"
           "local stopped = core.limits_stopped()\n"
           "local used, where = core.limits_end()\n"
           "return not ok and rawequal(err, STOP) and rawequal(stopped, STOP)\n"
           "  and used >= 100000 and where:find(':4$') ~= nil\n"
           "  and core.limits_stopped() == nil");
}

static void coroutines_inherit_the_budget(void **state) {
  lua_State *L = *state;
  check(L, "local STOP = {}\n"
           "assert(core.limits_begin(100000, 10, STOP, {}))\n"
           "local co = coroutine.create(function() while true do end end)\n"
           "local ok, err = coroutine.resume(co)\n"
           "core.limits_end()\n"
           "return not ok and rawequal(err, STOP)");
}

static void a_stop_comes_again_after_it_is_caught(void **state) {
  lua_State *L = *state;
  /* caught once, the stop strikes again at the next look at the budget,
   * and limits_stopped says it was raised (the sandbox's own pcall raises
   * it again at once) */
  check(L, "local STOP = {}\n"
           "assert(core.limits_begin(100000, 10, STOP, {}))\n"
           "local seen\n"
           "local ok, err = pcall(function()\n"
           "  local caught = pcall(function() while true do end end)\n"
           "  seen = core.limits_stopped()\n"
           "  local x = 0\n"
           "  for i = 1, 1000 do x = x + i end\n"
           "  return caught\n"
           "end)\n"
           "core.limits_end()\n"
           "return not ok and rawequal(err, STOP) and rawequal(seen, STOP)");
}

static void pattern_matching_is_charged_to_the_budget(void **state) {
  lua_State *L = *state;
  check(L, "local STOP = {}\n"
           "assert(core.limits_begin(1000000, 10, STOP, {}))\n"
           "local ok, err = pcall(core.pattern.find, string.rep('a', 3000), string.rep('a*', 20) .. 'b')\n"
           "core.limits_end()\n"
           "return not ok and rawequal(err, STOP)");
  /* without limits, the same functions match as string's do */
  check(L, "return core.pattern.find('头痛 12 次', '(%d+)') == 8 and\n"
           "  select(2, core.pattern.gsub('a,b,,c', ',', ';')) == 3");
}

static void limits_nest_inside_the_outer_ones_and_put_the_hook_back(void **state) {
  lua_State *L = *state;
  check(L, "local function mine() end\n"
           "debug.sethook(mine, '', 1000)\n"
           "assert(core.limits_begin(100000, 10, {}, {}))\n"
           "local inner = core.limits_begin(5, 10, {}, {})\n"
           "core.limits_end()\n"
           "local hook, mask, count = debug.gethook()\n"
           "debug.sethook()\n"
           "return inner == false and hook == mine and count == 1000");
}

static void the_time_limit_stops_a_loop(void **state) {
  lua_State *L = *state;
  check(L, "local TIME = {}\n"
           "assert(core.limits_begin(1 << 62, 0.05, {}, TIME))\n"
           "local ok, err = pcall(function() while true do end end)\n"
           "core.limits_end()\n"
           "return not ok and rawequal(err, TIME)");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    LUA_TEST(an_allocation_over_the_cap_fails_and_the_state_goes_on),
    LUA_TEST(growing_a_table_without_bound_stops_at_the_cap),
    LUA_TEST(what_is_freed_counts_back),
    LUA_TEST(lifting_the_cap_puts_the_allocator_back),
    LUA_TEST(a_cap_must_not_be_negative),
    LUA_TEST(a_loop_is_stopped_by_the_stop_given_and_told_where),
    LUA_TEST(coroutines_inherit_the_budget),
    LUA_TEST(a_stop_comes_again_after_it_is_caught),
    LUA_TEST(pattern_matching_is_charged_to_the_budget),
    LUA_TEST(limits_nest_inside_the_outer_ones_and_put_the_hook_back),
    LUA_TEST(the_time_limit_stops_a_loop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
