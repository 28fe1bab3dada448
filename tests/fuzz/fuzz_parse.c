/*
 * fuzz_parse.c -- libFuzzer target for the importers' parsers, which are
 * Lua (scripts/medkb/import/, scripts/medkb/json.lua): on any text each
 * must parse or raise a problem naming the file; any other error is a bug
 * and aborts.  Built and run by `make fuzz`.
 */
#include <stdio.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lua_medkb.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *const harness =
  "local errors = require 'medkb.import.errors'\n"
  "local article = require 'medkb.import.article'\n"
  "local qa = require 'medkb.import.qa'\n"
  "local json = require 'medkb.json'\n"
  "local extract = require 'medkb.extract'\n"
  "return function(text)\n"
  "  for _, parse in ipairs{article.parse, qa.parse} do\n"
  "    local ok, err = pcall(parse, text, 'fuzz')\n"
  "    if not ok and not errors.is(err) then error(err, 0) end\n"
  "  end\n"
  "  json.decode(text)\n"
  "  if utf8.len(text) then\n"
  "    extract.drugs(text); extract.diseases(text); extract.summary(text)\n"
  "    extract.aliases(text, 'x'); extract.foods(text); extract.exams(text)\n"
  "    extract.departments(text); extract.signs(text); extract.subject(text)\n"
  "  end\n"
  "end\n";

static lua_State *L;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (L == NULL) {
    L = luaL_newstate();
    luaL_openlibs(L);
    lmedkb_preload(L, MEDKB_SCRIPTDIR);
    if (luaL_dostring(L, harness) != LUA_OK) {
      fprintf(stderr, "%s\n", lua_tostring(L, -1));
      abort();
    }
    lua_setglobal(L, "check");
  }
  lua_getglobal(L, "check");
  lua_pushlstring(L, (const char *)data, size);
  if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
    fprintf(stderr, "parser bug: %s\n", lua_tostring(L, -1));
    abort();
  }
  lua_gc(L, LUA_GCCOLLECT);
  return 0;
}
