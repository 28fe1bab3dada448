/*
 * lua_target.h -- what the libFuzzer targets written in Lua share: a Lua
 * state with the medkb module, in which HARNESS (a chunk returning a
 * function of the input's bytes) is run once; each input is passed to
 * that function, and an error out of it is a bug, which aborts with its
 * message.  A target defines HARNESS and includes this file.
 *
 * The compiler's coverage sees only C.  A target whose code under test is
 * Lua also defines LUA_COVERAGE: a line hook then counts which Lua line
 * ran after which in counters libFuzzer reads beside its own (the extra
 * counters section), so that an input reaching new Lua code is kept.
 * The hook costs time on every line (9x on fuzz_parse, whose work is all
 * Lua; 1.3x on fuzz_import, where SQLite and the C core weigh more), so
 * the targets whose Lua is only a harness go without it.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../lua_state.h"

#ifdef LUA_COVERAGE
#define LUA_EDGES (1u << 16)

__attribute__((used, section("__libfuzzer_extra_counters")))
static uint8_t lua_edges[LUA_EDGES];
static uintptr_t lua_last;

/* A chunk's source string lives as long as its functions, so its address
 * with the line names a line for the whole run. */
static void lua_line(lua_State *L, lua_Debug *ar) {
  uintptr_t here;
  if (!lua_getinfo(L, "S", ar)) return;
  here = (uintptr_t)ar->source * 31u ^ (uintptr_t)ar->currentline * 2654435761u;
  lua_edges[(here ^ lua_last) % LUA_EDGES]++;
  lua_last = here >> 1;
}
#endif

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static lua_State *L;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (L == NULL) {
    L = lua_state_new(HARNESS);
    if (L == NULL) abort();
#ifdef LUA_COVERAGE
    lua_sethook(L, lua_line, LUA_MASKLINE, 0);
#endif
    lua_setglobal(L, "check");
  }
  lua_getglobal(L, "check");
  lua_pushlstring(L, (const char *)data, size);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    fprintf(stderr, "bug: %s\n", lua_tostring(L, -1));
    abort();
  }
  lua_gc(L, LUA_GCCOLLECT);
  return 0;
}
