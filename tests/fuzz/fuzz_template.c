/*
 * fuzz_template.c -- libFuzzer target for templates of one's own: any
 * bytes, written as the text and html templates of article pages in a
 * directory of one's own, render an example article.  The page is either
 * made (a string), or the render raises an error that names the template
 * directory or file; and after either, the string library, the hook and
 * the knowledge base are as they were.  The sandbox's limits are made
 * small, so that a template that loops stops fast.  Anything else is a
 * bug and aborts.  Built and run by `make fuzz`.
 */
#include "sandbox_target.h"

#define HARNESS SANDBOX_SETUP \
  "local render = require 'medkb.render'\n" \
  "local sandbox = require 'medkb.sandbox'\n" \
  "sandbox.LIMITS.instructions, sandbox.LIMITS.seconds = 1000000, 1\n" \
  "sandbox.LIMITS.memory = 16 * 2^20\n" \
  "assert(os.execute('mkdir -p ' .. dir .. '/text ' .. dir .. '/html'))\n" \
  "return function(bytes)\n" \
  "  for _, fmt in ipairs{'text', 'html'} do\n" \
  "    local f = assert(io.open(dir .. '/' .. fmt .. '/article.lua', 'wb'))\n" \
  "    f:write(bytes)\n" \
  "    f:close()\n" \
  "  end\n" \
  "  render.reload()\n" \
  "  for _, fmt in ipairs{'text', 'html'} do\n" \
  "    local ok, page = pcall(doc.render, doc, fmt, {templates = dir})\n" \
  "    if ok then\n" \
  "      assert(type(page) == 'string', 'a page that is no string')\n" \
  "    elseif type(page) ~= 'string' or not page:find(dir, 1, true) then\n" \
  "      error('an error that names no template: ' .. tostring(page), 0)\n" \
  "    end\n" \
  "    unchanged()\n" \
  "  end\n" \
  "end\n"

#include "lua_target.h"
