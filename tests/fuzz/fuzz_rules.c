/*
 * fuzz_rules.c -- libFuzzer target for the content-rule loader: any
 * bytes, written as a rule file in a directory of one's own, are loaded
 * and run on an example article (the built-in pack is left out, its
 * directory pointed at an empty one, so that each input costs little).
 * Loading either succeeds or raises an error that names the file; a run
 * gives findings and failures, a failure naming its rule; and after
 * either, the string library, the hook and the knowledge base are as they
 * were.  The config makes the limits small, so that a rule that loops
 * stops fast.  Anything else is a bug and aborts.  Built and run by
 * `make fuzz`.
 */
#include "sandbox_target.h"

#define HARNESS SANDBOX_SETUP \
  "local lint = require 'medkb.lint'\n" \
  "assert(os.execute('mkdir -p ' .. dir .. '/rules ' .. dir .. '/pack'))\n" \
  "lint.RULES = dir .. '/pack'\n" \
  "local config = dir .. '/config.lua'\n" \
  "local f = assert(io.open(config, 'wb'))\n" \
  "f:write('return { limits = { instructions = 1000000, seconds = 1, memory = 16 * 2^20 } }')\n" \
  "f:close()\n" \
  "local file = dir .. '/rules/fuzzed.lua'\n" \
  "return function(bytes)\n" \
  "  local out = assert(io.open(file, 'wb'))\n" \
  "  out:write(bytes)\n" \
  "  out:close()\n" \
  "  local ok, l = pcall(lint.new, kb, {rules = {dir .. '/rules'}, config = config})\n" \
  "  if not ok then\n" \
  "    if type(l) ~= 'string' or not l:find(file, 1, true) then\n" \
  "      error('a load error that names no file: ' .. tostring(l), 0)\n" \
  "    end\n" \
  "  else\n" \
  "    local findings, failures = l:document(doc)\n" \
  "    assert(type(findings) == 'table' and type(failures) == 'table')\n" \
  "    for _, fl in ipairs(failures) do\n" \
  "      assert(type(fl.rule) == 'string' and type(fl.message) == 'string', 'a failure that names no rule')\n" \
  "    end\n" \
  "  end\n" \
  "  unchanged()\n" \
  "end\n"

#include "lua_target.h"
