/*
 * fuzz_import.c -- libFuzzer target for the importers through the Lua
 * module, as `medkb import` runs them: any bytes, written to a file, are
 * imported as each format (and as whatever the content says) into one
 * knowledge base, inside a transaction that is then rolled back.  An
 * import either goes in, and every page it made renders in every format,
 * or is refused with problems; anything raised is a bug and aborts.
 * Built and run by `make fuzz`.
 */
#define HARNESS \
  "local medkb = require 'medkb'\n" \
  "local import = require 'medkb.import'\n" \
  "local errors = require 'medkb.import.errors'\n" \
  "local kb = medkb.open()\n" \
  "local path = os.tmpname()\n" \
  "local UNDO = {}\n" \
  "local function run(format)\n" \
  "  local report = import.run(kb, {path}, {format = format})\n" \
  "  if report.committed then\n" \
  "    for _, f in ipairs(report.files) do\n" \
  "      for _, doc in ipairs(f.documents) do\n" \
  "        for _, fmt in ipairs{'text', 'md', 'html', 'json'} do doc:render(fmt) end\n" \
  "      end\n" \
  "    end\n" \
  "  else\n" \
  "    assert(#report.problems > 0, 'refused without a problem')\n" \
  "    for _, p in ipairs(report.problems) do\n" \
  "      if not errors.is(p) then error('not a problem: ' .. tostring(p), 0) end\n" \
  "    end\n" \
  "  end\n" \
  "  error(UNDO, 0)\n" \
  "end\n" \
  "return function(bytes)\n" \
  "  local f = assert(io.open(path, 'wb'))\n" \
  "  f:write(bytes)\n" \
  "  f:close()\n" \
  "  for _, format in ipairs{'auto', 'article', 'qa', 'csv', 'jsonl'} do\n" \
  "    local ok, err = pcall(kb.transaction, kb, run, format)\n" \
  "    if ok or err ~= UNDO then error(err, 0) end\n" \
  "  end\n" \
  "end\n"

/* the importers are Lua: guided by the Lua lines they run too (in 150 s,
 * ft 16,868 against 3,442 with C coverage alone, at 0.77x the speed) */
#define LUA_COVERAGE
#include "lua_target.h"
