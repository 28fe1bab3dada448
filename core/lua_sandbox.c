/*
 * lua_sandbox.c -- a memory cap for code run in a sandbox (the content
 * rules of medkb/lint): medkb.core.memory_cap(bytes) lets the Lua state
 * allocate at most `bytes` more than it holds now, until
 * medkb.core.memory_cap(nil) lifts the cap.  An allocation over the cap
 * fails, which Lua turns into a "not enough memory" error (after a full
 * garbage collection), so that a rule allocating without bound fails on
 * its own and the program goes on.  The state's allocator is wrapped the
 * first time; the wrapper counts the bytes held and hands every request
 * to the allocator the state had.  Depends on Lua 5.4.
 */
#include <stdlib.h>

#include "lua_medkb.h"

typedef struct memcap {
  lua_Alloc f;          /* the state's own allocator */
  void *ud;
  long long held;       /* bytes allocated since the wrapper was put in, less those freed */
  long long limit;      /* with armed: held may not grow past this */
  int armed;
  struct memcap *next;  /* every cap made, so that none is ever unreachable */
} memcap;

/* The caps of every state that used one.  A cap lives as long as the
 * program: the state's allocator needs it up to the last free of
 * lua_close, after which nothing tells it is no longer used. */
static memcap *caps;

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  memcap *m = ud;
  long long old = ptr ? (long long)osize : 0;
  void *p;
  if (m->armed && nsize > (size_t)old && m->held + ((long long)nsize - old) > m->limit) return NULL;
  p = m->f(m->ud, ptr, osize, nsize);
  if (p != NULL || nsize == 0) m->held += (long long)nsize - old;
  return p;
}

/* The cap of L's state, the allocator wrapped first if need be. */
static memcap *cap_of(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  memcap *m;
  if (f == capped_alloc) return ud;
  m = malloc(sizeof *m);
  if (m == NULL) return NULL;
  m->f = f;
  m->ud = ud;
  m->held = 0;
  m->limit = 0;
  m->armed = 0;
  m->next = caps;
  caps = m;
  lua_setallocf(L, capped_alloc, m);
  return m;
}

/* memory_cap(bytes) caps what the state may allocate from now on at
 * bytes more than it holds; memory_cap(nil) lifts the cap. */
static int l_memory_cap(lua_State *L) {
  memcap *m;
  lua_Integer bytes = luaL_opt(L, luaL_checkinteger, 1, -1);
  if (!lua_isnoneornil(L, 1) && bytes < 0) return luaL_argerror(L, 1, "a cap is 0 bytes or more");
  m = cap_of(L);
  if (m == NULL) return luaL_error(L, "no memory for the memory cap");
  if (lua_isnoneornil(L, 1)) {
    m->armed = 0;
    return 0;
  }
  m->limit = m->held + (long long)bytes;
  m->armed = 1;
  return 0;
}

/* Sets field memory_cap of the table on top. */
void lmedkb_open_sandbox(lua_State *L) {
  lua_pushcfunction(L, l_memory_cap);
  lua_setfield(L, -2, "memory_cap");
}
