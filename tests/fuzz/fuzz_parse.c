/*
 * fuzz_parse.c -- libFuzzer target for the importers' parsers, which are
 * Lua (scripts/medkb/import/, scripts/medkb/json.lua): on any text each
 * must parse or raise a problem naming the file; any other error is a bug
 * and aborts.  Built and run by `make fuzz`.
 */
#define HARNESS \
  "local errors = require 'medkb.import.errors'\n" \
  "local article = require 'medkb.import.article'\n" \
  "local qa = require 'medkb.import.qa'\n" \
  "local json = require 'medkb.json'\n" \
  "local extract = require 'medkb.extract'\n" \
  "return function(text)\n" \
  "  for _, parse in ipairs{article.parse, qa.parse} do\n" \
  "    local ok, err = pcall(parse, text, 'fuzz')\n" \
  "    if not ok and not errors.is(err) then error(err, 0) end\n" \
  "  end\n" \
  "  json.decode(text)\n" \
  "  if utf8.len(text) then\n" \
  "    extract.drugs(text); extract.diseases(text); extract.summary(text)\n" \
  "    extract.aliases(text, 'x'); extract.foods(text); extract.exams(text)\n" \
  "    extract.departments(text); extract.signs(text); extract.subject(text)\n" \
  "  end\n" \
  "end\n"

#define LUA_COVERAGE
#include "lua_target.h"
