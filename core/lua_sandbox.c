/*
 * lua_sandbox.c -- a memory cap for code run in a sandbox (the content
 * rules of medkb/lint): medkb.core.memory_cap(bytes) lets the Lua state
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

#include "lua_medkb.h"

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

/* Sets field memory_cap of the table on top. */
void lmedkb_open_sandbox(lua_State *L) {
  lua_pushcfunction(L, l_memory_cap);
  lua_setfield(L, -2, "memory_cap");
}
