/*
 * lua_sandbox.c -- the limits of code run in a sandbox (content rules,
 * templates, scripts run with `medkb run --sandbox`: medkb/sandbox.lua).
 *
 * An instruction budget and a time limit: medkb.core.limits_begin(
 * instructions, seconds, budget_stop, time_stop) puts a count hook on the
 * running thread, which new coroutines inherit, so that code in a
 * coroutine counts as well; every STEP instructions the hook takes STEP
 * from the budget (every CLOCK_EVERY it also looks at the CPU clock), and
 * raises budget_stop or time_stop (values the caller made, which it
 * tells apart from the code's own errors) once either is spent, and
 * again at every later step.  Work done in C on the code's behalf
 * (pattern matching, lua_pattern.c) is charged to the same budget by
 * lmedkb_charge.
 * medkb.core.limits_stopped() gives the stop once one was raised, for the
 * sandbox's own error catchers to raise again.
 * medkb.core.limits_end() removes the hook (putting back any the thread
 * had) and says how much was used and where the code stood when a limit
 * stopped it.
 *
 * A memory cap: medkb.core.memory_cap(bytes) lets the Lua state
 * allocate at most `bytes` more than it holds now, until
 * medkb.core.memory_cap(nil) lifts the cap.  An allocation over the cap
 * fails, which Lua turns into a "not enough memory" error (after a full
 * garbage collection), so that a rule allocating without bound fails on
 * its own and the program goes on.  While a cap is on, the state's
 * allocator is wrapped: the wrapper counts the bytes held and hands every
 * request to the allocator the state had, which lifting the cap puts
 * back (the wrapper lives in this module, which lua_close may unload
 * before the state's last free).  Depends on Lua 5.4.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua_medkb.h"

/* {=== the instruction budget and the time limit */

#define STEP 1000         /* instructions between two looks at the budget */
#define CLOCK_EVERY 10000 /* instructions (and units of C work) between two
                           * looks at the clock, a system call */

typedef struct budget {
  int on;
  long long left;             /* instructions (and units of C work) left */
  long long given;
  clock_t deadline;
  long long since_clock;      /* spent since the clock was last read */
  int stopped;                /* 0, or which stop was raised: 1 budget, 2 time */
  char where[160];            /* "source:line" where a limit stopped the code */
  lua_Hook hook;              /* what the thread had before */
  int mask, count;
} budget;

static const char budget_key = 'b';

static void count_hook(lua_State *L, lua_Debug *ar);

/* The budget of L's state, made on first use; the stops given to
 * limits_begin are its user values 1 and 2. */
static budget *get_budget(lua_State *L) {
  budget *b;
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &budget_key) == LUA_TUSERDATA) {
    b = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return b;
  }
  lua_pop(L, 1);
  b = lua_newuserdatauv(L, sizeof *b, 2);
  memset(b, 0, sizeof *b);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &budget_key);
  return b;
}

/* Raises stop number which (1 budget, 2 time), noting where the code
 * stood the first time.  The hook's count starts again, so that the code
 * that catches the stop (sandbox.lua, after its pcall) has a full STEP of
 * instructions to end the limits in, whether the stop came from the hook
 * or from C work charged part way through a count. */
static int raise_stop(lua_State *L, budget *b, int which) {
  lua_sethook(L, count_hook, LUA_MASKCOUNT, STEP);
  if (!b->stopped) {
    lua_Debug ar;
    b->stopped = which;
    b->where[0] = '\0';
    /* level 0 is the function running; for C work charged by a C
     * function, the Lua function that called it */
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
      if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
        snprintf(b->where, sizeof b->where, "%s:%d", ar.short_src, ar.currentline);
        break;
      }
    }
  }
  lua_rawgetp(L, LUA_REGISTRYINDEX, &budget_key);
  lua_getiuservalue(L, -1, b->stopped);
  return lua_error(L);
}

/* Takes steps from the budget; raises a stop when it or the time is spent. */
static void spend(lua_State *L, budget *b, long long steps) {
  b->left -= steps;
  if (b->stopped) raise_stop(L, b, b->stopped);
  if (b->left < 0) raise_stop(L, b, 1);
  b->since_clock += steps;
  if (b->since_clock >= CLOCK_EVERY) {
    b->since_clock = 0;
    if (clock() > b->deadline) raise_stop(L, b, 2);
  }
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  budget *b = get_budget(L);
  (void)ar;
  if (b->on) spend(L, b, STEP);
}

void lmedkb_charge(lua_State *L, long steps) {
  budget *b = get_budget(L);
  if (b->on && steps > 0) spend(L, b, steps);
}

/* limits_begin(instructions, seconds, budget_stop, time_stop) -> true;
 * or false, changing nothing, when limits are on already (code run in a
 * sandbox from code in one stays in the outer limits). */
static int l_limits_begin(lua_State *L) {
  lua_Integer instructions = luaL_checkinteger(L, 1);
  lua_Number seconds = luaL_checknumber(L, 2);
  budget *b;
  luaL_checkany(L, 3);
  luaL_checkany(L, 4);
  luaL_argcheck(L, instructions > 0, 1, "a budget is 1 instruction or more");
  luaL_argcheck(L, seconds > 0, 2, "a time limit is more than 0 seconds");
  b = get_budget(L);
  if (b->on) {
    lua_pushboolean(L, 0);
    return 1;
  }
  lua_rawgetp(L, LUA_REGISTRYINDEX, &budget_key);
  lua_pushvalue(L, 3);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, 4);
  lua_setiuservalue(L, -2, 2);
  b->on = 1;
  b->left = b->given = instructions;
  b->deadline = clock() + (clock_t)(seconds * CLOCKS_PER_SEC);
  b->since_clock = 0;
  b->stopped = 0;
  b->where[0] = '\0';
  b->hook = lua_gethook(L);
  b->mask = lua_gethookmask(L);
  b->count = lua_gethookcount(L);
  lua_sethook(L, count_hook, LUA_MASKCOUNT, STEP);
  lua_pushboolean(L, 1);
  return 1;
}

/* limits_stopped() -> the stop raised since limits_begin, or nil: what
 * the sandbox's own pcall, load and coroutine functions raise again, so
 * that code catching its stop (even as "error in error handling", when a
 * stop strikes inside a message handler) cannot go on. */
static int l_limits_stopped(lua_State *L) {
  budget *b = get_budget(L);
  if (!b->on || !b->stopped) return 0;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &budget_key);
  lua_getiuservalue(L, -1, b->stopped);
  return 1;
}

/* limits_end() -> instructions used, where a limit stopped the code (or
 * nil); the thread's hook as it was before limits_begin. */
static int l_limits_end(lua_State *L) {
  budget *b = get_budget(L);
  if (!b->on) return luaL_error(L, "limits_end without limits_begin");
  b->on = 0;
  lua_sethook(L, b->hook, b->mask, b->count);
  lua_pushinteger(L, b->given - b->left);
  if (b->stopped && b->where[0]) lua_pushstring(L, b->where);
  else lua_pushnil(L);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &budget_key);
  lua_pushnil(L);
  lua_setiuservalue(L, -2, 1);
  lua_pushnil(L);
  lua_setiuservalue(L, -2, 2);
  lua_pop(L, 1);
  return 2;
}

/* {=== the memory cap */

typedef struct memcap {
  lua_Alloc f;          /* the state's own allocator */
  void *ud;
  long long held;       /* bytes allocated since the cap was put on, less those freed */
  long long limit;      /* held may not grow past this */
} memcap;

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  memcap *m = ud;
  long long old = ptr ? (long long)osize : 0;
  void *p;
  if (nsize > (size_t)old && m->held + ((long long)nsize - old) > m->limit) return NULL;
  p = m->f(m->ud, ptr, osize, nsize);
  if (p != NULL || nsize == 0) m->held += (long long)nsize - old;
  return p;
}

/* memory_cap(bytes) caps what the state may allocate from now on at
 * bytes more than it holds; memory_cap(nil) lifts the cap. */
static int l_memory_cap(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  memcap *m = f == capped_alloc ? ud : NULL;
  if (lua_isnoneornil(L, 1)) {
    if (m != NULL) {
      lua_setallocf(L, m->f, m->ud);
      free(m);
    }
    return 0;
  }
  lua_Integer bytes = luaL_checkinteger(L, 1);
  if (bytes < 0) return luaL_argerror(L, 1, "a cap is 0 bytes or more");
  if (m == NULL) {
    m = malloc(sizeof *m);
    if (m == NULL) return luaL_error(L, "no memory for the memory cap");
    m->f = f;
    m->ud = ud;
    lua_setallocf(L, capped_alloc, m);
  }
  m->held = 0;
  m->limit = (long long)bytes;
  return 0;
}

/* Sets fields memory_cap, limits_begin and limits_end of the table on top. */
void lmedkb_open_sandbox(lua_State *L) {
  lua_pushcfunction(L, l_memory_cap);
  lua_setfield(L, -2, "memory_cap");
  lua_pushcfunction(L, l_limits_begin);
  lua_setfield(L, -2, "limits_begin");
  lua_pushcfunction(L, l_limits_end);
  lua_setfield(L, -2, "limits_end");
  lua_pushcfunction(L, l_limits_stopped);
  lua_setfield(L, -2, "limits_stopped");
}
