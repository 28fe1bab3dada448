/*
 * fuzz_pattern.c -- libFuzzer target for medkb.core.pattern, the
 * sandbox's pattern functions (core/lua_pattern.c): an input is a
 * pattern, a newline and a subject; find, match and gmatch (each from the
 * start and from a position the input picks), plain find, and gsub with a
 * replacement string (one of a few, picked by the input's length), a
 * table and a function must give what string.find, match, gmatch and gsub
 * give, or raise the same error.  Ours runs first, under an instruction
 * budget; a pattern that spends it is not run through the string
 * library, which has no budget and would hang the fuzzer.  Built and run
 * by `make fuzz`.
 */
#define HARNESS \
  "local core = require 'medkb.core'\n" \
  "local P = core.pattern\n" \
  "local STOP_B, STOP_T = {}, {}\n" \
  "local function show(ok, ...)\n" \
  "  local out = { tostring(ok) }\n" \
  "  for i = 1, select('#', ...) do\n" \
  "    local v = select(i, ...)\n" \
  "    out[#out + 1] = type(v) == 'string' and ('%q'):format(v)\n" \
  "      or (math.type(v) or type(v)) .. ':' .. tostring(v)\n" \
  "  end\n" \
  "  return table.concat(out, ',')\n" \
  "end\n" \
  "local function iterate(gmatch, s, p, init)\n" \
  "  local out, it = {}, gmatch(s, p, init)\n" \
  "  for _ = 1, 300 do\n" \
  "    local r = table.pack(it())\n" \
  "    out[#out + 1] = show(true, table.unpack(r, 1, r.n))\n" \
  "    if r[1] == nil then break end\n" \
  "  end\n" \
  "  return table.concat(out, ';')\n" \
  "end\n" \
  "local LIB = {\n" \
  "  ours = { find = P.find, match = P.match, gsub = P.gsub,\n" \
  "           gmatch = function(...) return iterate(P.gmatch, ...) end },\n" \
  "  std = { find = string.find, match = string.match, gsub = string.gsub,\n" \
  "          gmatch = function(...) return iterate(string.gmatch, ...) end },\n" \
  "}\n" \
  "local T = setmetatable({ a = 'A', [1] = 'one', x = false }, { __index = function(_, k)\n" \
  "  if k == 'b' then return {} end end })\n" \
  "local TEMPLATES = { '<%0|%1>', '%2%%', '[%1]', 'x', '%' }\n" \
  "local function fn(...)\n" \
  "  local n = select('#', ...)\n" \
  "  if n > 2 then return nil end\n" \
  "  if ... == 'c' then return false end\n" \
  "  return n .. ':' .. tostring((...))\n" \
  "end\n" \
  "-- one caller for both, so that errors name the same line\n" \
  "local function call(f, ...) return f(...) end\n" \
  "return function(input)\n" \
  "  local p, s = input:match('^([^\\n]*)\\n(.*)$')\n" \
  "  if not p then p, s = input, 'abc' end\n" \
  "  local init = #input % 11 - 5\n" \
  "  local calls = {\n" \
  "    { 'find', s, p }, { 'find', s, p, init }, { 'find', s, p, init, true },\n" \
  "    { 'match', s, p }, { 'match', s, p, init },\n" \
  "    { 'gmatch', s, p }, { 'gmatch', s, p, init },\n" \
  "    { 'gsub', s, p, TEMPLATES[#input % #TEMPLATES + 1] },\n" \
  "    { 'gsub', s, p, T }, { 'gsub', s, p, fn, 3 },\n" \
  "  }\n" \
  "  for _, c in ipairs(calls) do\n" \
  "    local name = c[1]\n" \
  "    local ours, std = LIB.ours[name], LIB.std[name]\n" \
  "    core.limits_begin(300000, 20, STOP_B, STOP_T)\n" \
  "    local r = table.pack(pcall(call, ours, table.unpack(c, 2)))\n" \
  "    core.limits_end()\n" \
  "    if r[1] or (r[2] ~= STOP_B and r[2] ~= STOP_T) then\n" \
  "      local got = show(table.unpack(r, 1, r.n))\n" \
  "      local want = show(pcall(call, std, table.unpack(c, 2)))\n" \
  "      if got ~= want then\n" \
  "        error(('%s(%q, %q, %s): string gives %s, ours %s'):format(name, s, p,\n" \
  "          tostring(c[4]), want, got), 0)\n" \
  "      end\n" \
  "    end\n" \
  "  end\n" \
  "end\n"

#include "lua_target.h"
