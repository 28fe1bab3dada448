/*
 * lua_target.h -- what the libFuzzer targets written in Lua share: a Lua
 * state with the medkb module, in which HARNESS (a chunk returning a
 * function of the input's bytes) is run once; each input is passed to
 * that function, and an error out of it is a bug, which aborts with its
 * message.  A target defines HARNESS and includes this file.
 */
#include <stdlib.h>

#include "../lua_state.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static lua_State *L;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (L == NULL) {
    L = lua_state_new(HARNESS);
    if (L == NULL) abort();
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
