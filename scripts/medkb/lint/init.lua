-- medkb/lint/init.lua -- content rules: what must hold before a page is
-- published.  A rule is a Lua file (medkb/lint/rules/*.lua is the
-- built-in pack; a directory of one's own adds rules and overrides
-- built-in ones of the same id) returning
--
--   { id = "family.name", severity = "error" | "warning" | "info",
--     description = "one line", params = {...}, enabled = false?,
--     check = function(doc, kb, report, params) ... end }
--
-- check reads the page: doc.text is the page as rendered in the text
-- format with its summary as written (`medkb render --as-written`),
-- doc.model its structured parts (medkb.render.model), doc.parts where
-- each part stands in doc.text; kb is a read-only view of the knowledge
-- base; report{from =, to =, message =, fix =} records a finding at bytes
-- from..to of doc.text, fix a replacement of that span (a string) or of
-- another ({from =, to =, text =}).  Rules run in the sandbox
-- (medkb.sandbox), and so does the config, a Lua file returning
-- { limits = {...}, rules = { [id] = false | true | severity | {enabled =,
-- severity =, param = value ...} } }.  Word lists live in the pack's data
-- files (medkb/lint/data/*.lua, read by a rule as data "name") and in the
-- config, never in code.

local json = require "medkb.json"
local sandbox = require "medkb.sandbox"
local view = require "medkb.view"
local render = require "medkb.render"

local M = {}

M.SEVERITIES = { "error", "warning", "info" }
local SEVERITY = { error = true, warning = true, info = true }

local here = debug.getinfo(1, "S").source:match("^@(.*)/init%.lua$") or "medkb/lint"
--- The built-in pack's rules and data.
M.RULES = here .. "/rules"
M.DATA = here .. "/data"

-- How many times --fix lints and fixes a page again, for fixes that
-- overlapped the ones applied before (medkb.lint.fix).
M.FIX_PASSES = 8

-- {=== loading rules and the config

-- The .lua files in dir, sorted; nil and a message when dir is no
-- directory.
local function lua_files(dir)
  local lfs = require "lfs"
  if lfs.attributes(dir, "mode") ~= "directory" then return nil, ("%s: not a directory"):format(dir) end
  local out = {}
  for name in lfs.dir(dir) do
    if name:match("%.lua$") then out[#out + 1] = dir .. "/" .. name end
  end
  table.sort(out)
  return out
end

local function readable(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- Runs the file at path in env under the limits; its value, or raises
-- "path: what went wrong".
local function run_file(path, env, limits)
  local chunk, err = loadfile(path, "t", env)
  if not chunk then
    -- a syntax error names the file; bytecode, refused, does not
    if not err:find(path, 1, true) then err = ("%s: %s"):format(path, err) end
    error(err, 0)
  end
  local ok, value = sandbox.run(limits, chunk)
  if not ok then error(("%s: %s"):format(path, value), 0) end
  return value
end

-- data(name) for rules from dir: dir/data/name.lua, else the pack's.
local function data_loader(dir, limits)
  local cache = {}
  return function(name)
    if type(name) ~= "string" or not name:match("^[%w_-]+$") then
      error(("bad data name '%s'"):format(tostring(name)), 2)
    end
    if cache[name] == nil then
      local path = dir and (dir .. "/data/" .. name .. ".lua")
      if not (path and readable(path)) then path = M.DATA .. "/" .. name .. ".lua" end
      if not readable(path) then error(("no data file '%s'"):format(name), 2) end
      cache[name] = run_file(path, sandbox.env("data " .. name), limits)
    end
    return cache[name]
  end
end

-- Checks what a rule file returned; raises naming the file.
local function check_rule(path, r)
  local function bad(what) error(("%s: %s"):format(path, what), 0) end
  if type(r) ~= "table" then bad("a rule file returns a table (id, severity, description, check)") end
  if type(r.id) ~= "string" or not r.id:match("^[%w][%w._-]*$") then
    bad("the rule's id must be a name of letters, digits, '.', '_' and '-'")
  end
  if not SEVERITY[r.severity] then bad(("rule %s: severity must be error, warning or info"):format(r.id)) end
  if type(r.description) ~= "string" or r.description == "" then
    bad(("rule %s: a one-line description is missing"):format(r.id))
  end
  if type(r.check) ~= "function" then bad(("rule %s: check must be a function"):format(r.id)) end
  if r.params ~= nil and type(r.params) ~= "table" then
    bad(("rule %s: params must be a table"):format(r.id))
  end
end

--- load_rules(dirs [, limits]) -> list of rules, and by id: the pack's
-- rules and those of each directory in dirs, a later rule replacing an
-- earlier one of the same id.  Each rule file runs in an environment of
-- its own.  Raises on a rule that does not load, naming its file.
function M.load_rules(dirs, limits)
  local list, by = {}, {}
  local sources = { { dir = M.RULES } }
  for _, d in ipairs(dirs or {}) do sources[#sources + 1] = { dir = d, own = true } end
  for _, src in ipairs(sources) do
    local files, err = lua_files(src.dir)
    if not files then error(err, 0) end
    local data = data_loader(src.own and src.dir, limits)
    for _, path in ipairs(files) do
      local name = path:match("([^/]+)%.lua$")
      local env = sandbox.env(name, { data = data })
      local r = run_file(path, env, limits)
      check_rule(path, r)
      local rule = { id = r.id, severity = r.severity, description = r.description, check = r.check,
                     params = r.params or {}, enabled = r.enabled ~= false, fixable = r.fixable == true,
                     file = path, builtin = not src.own }
      if by[rule.id] then
        for i, old in ipairs(list) do
          if old.id == rule.id then list[i] = rule end
        end
      else
        list[#list + 1] = rule
      end
      by[rule.id] = rule
    end
  end
  return list, by
end

--- load_config(path) -> the config table (read in the sandbox); raises
-- naming the file on anything that is not a config.
function M.load_config(path, limits)
  if not readable(path) then error(("%s: cannot read the config"):format(path), 0) end
  local c = run_file(path, sandbox.env("config"), limits)
  if type(c) ~= "table" then error(("%s: a config returns a table"):format(path), 0) end
  if c.rules ~= nil and type(c.rules) ~= "table" then error(("%s: rules must be a table"):format(path), 0) end
  if c.limits ~= nil and type(c.limits) ~= "table" then
    error(("%s: limits must be a table"):format(path), 0)
  end
  for k, v in pairs(c.limits or {}) do
    if sandbox.LIMITS[k] == nil then error(("%s: unknown limit '%s'"):format(path, tostring(k)), 0) end
    if type(v) ~= "number" or v <= 0 then
      error(("%s: limit %s must be a positive number"):format(path, k), 0)
    end
  end
  return c
end

-- Applies config c to the rules: enabled, severity, params.
local function configure(by, c, path)
  for id, v in pairs(c.rules or {}) do
    local r = by[id]
    if not r then error(("%s: no rule '%s' to configure"):format(path, tostring(id)), 0) end
    if type(v) == "boolean" then
      r.enabled = v
    elseif type(v) == "string" then
      if not SEVERITY[v] then error(("%s: rule %s: unknown severity '%s'"):format(path, id, v), 0) end
      r.severity, r.enabled = v, true
    elseif type(v) == "table" then
      local params = {}
      for k, x in pairs(r.params) do params[k] = x end
      for k, x in pairs(v) do
        if k == "enabled" then
          r.enabled = x ~= false
        elseif k == "severity" then
          if not SEVERITY[x] then
            error(("%s: rule %s: unknown severity '%s'"):format(path, id, tostring(x)), 0)
          end
          r.severity = x
        else
          params[k] = x
        end
      end
      r.params = params
      if v.enabled == nil then r.enabled = true end
    else
      error(("%s: rule %s: expected true, false, a severity or a table"):format(path, id), 0)
    end
  end
end

-- {=== the page a rule reads

-- The parts of a page whose place in the text rules are told.
M.PARTS = { "header", "title", "views", "summary", "section", "advice", "disclaimer", "related",
            "related_item", "path", "replies", "description", "answers", "answer", "doctor_card",
            "doctor_line", "tags" }

-- Marks wrapped round each part while the page is rendered: \1name\2 … \3.
local function marking(t)
  local w = setmetatable({}, { __index = t })
  for _, name in ipairs(M.PARTS) do
    local f = t[name]
    if type(f) == "function" then
      w[name] = function(...)
        local s = f(...)
        if type(s) == "string" and s ~= "" then return "\1" .. name .. "\2" .. s .. "\3" end
        return s
      end
    end
  end
  return w
end

-- The text without the marks, and the parts: {name, from, to, n (the
-- how-manieth of its name), parent (the index of the part it is in)}.
local function unmark(s)
  local out, parts, stack, count = {}, {}, {}, {}
  local pos, len = 1, 0
  while true do
    local i = s:find("[\1\3]", pos)
    if not i then
      out[#out + 1] = s:sub(pos)
      break
    end
    out[#out + 1] = s:sub(pos, i - 1)
    len = len + (i - pos)
    if s:byte(i) == 1 then
      local j = s:find("\2", i + 1, true)
      local name = s:sub(i + 1, j - 1)
      count[name] = (count[name] or 0) + 1
      parts[#parts + 1] = { name = name, from = len + 1, n = count[name], parent = stack[#stack] }
      stack[#stack + 1] = #parts
      pos = j + 1
    else
      parts[table.remove(stack)].to = len
      pos = i + 1
    end
  end
  return table.concat(out), parts
end

-- The lines of text: {from, to, text} (to: the last byte before "\n").
local function lines_of(text)
  local out, pos = {}, 1
  while pos <= #text do
    local nl = text:find("\n", pos, true) or #text + 1
    out[#out + 1] = { from = pos, to = nl - 1, text = text:sub(pos, nl - 1) }
    pos = nl + 1
  end
  return out
end

-- Whether a document is known only from another page's list: an
-- article with no parts but a summary, no site and no view count (a
-- related list's title and summary), a question with no description,
-- site or page of its own.
local function is_stub(doc, f)
  if f.kind == "article" then
    for _, p in ipairs(doc.parts) do
      if p.name ~= "summary" then return false end
    end
    return doc.attrs.site == nil and doc.counts.views == nil
  end
  if f.kind == "question" then
    local at = doc.attrs
    return f.body == nil and at.site == nil and at.page_key == nil
  end
  return false
end

--- page(doc [, opts]) -> what a rule reads of a Document: {id, kind, key,
-- title, type, stub, text, model, parts, lines}.  opts.templates as for
-- rendering.
function M.page(doc, opts)
  local f = doc:fields()
  local m = render.model(doc, { related = false, as_written = true })
  local marked = render.page(m, "text", { templates = opts and opts.templates, wrap = marking })
  local text, parts
  if marked:find("[\1\3]") then
    text, parts = unmark(marked)
  else
    text, parts = marked, {}
  end
  return { id = f.id, kind = f.kind, key = f.key, title = f.title, type = m.type, stub = is_stub(doc, f),
           text = text, model = m, parts = parts, lines = lines_of(text) }
end

-- {=== positions

--- position(text, pos) -> line, column of byte pos in text (columns in
-- characters, both from 1).
function M.position(text, pos)
  pos = math.max(1, math.min(pos, #text + 1))
  local line, start = 1, 1
  local i = text:find("\n", 1, true)
  while i and i < pos do
    line, start = line + 1, i + 1
    i = text:find("\n", i + 1, true)
  end
  return line, (utf8.len(text, start, pos - 1, true) or (pos - start)) + 1
end

-- The byte where the character at or before pos starts.
local function char_start(text, pos)
  while pos > 1 and pos <= #text do
    local b = text:byte(pos)
    if b < 0x80 or b >= 0xC0 then break end
    pos = pos - 1
  end
  return pos
end

-- {=== running the rules

local Linter = {}
Linter.__index = Linter

--- new(kb [, opts]) -> a linter over kb.  opts: rules (a list of
-- directories of rules beside the pack), config (a config file),
-- sandbox (false runs the rules without it, to measure what it costs),
-- templates (as for rendering).  Raises on rules or a config that do not
-- load, naming the file.
function M.new(kb, opts)
  opts = opts or {}
  local limits = {}
  for k, v in pairs(sandbox.LIMITS) do limits[k] = v end
  local config = opts.config and M.load_config(opts.config, limits)
  for k, v in pairs(config and config.limits or {}) do limits[k] = v end
  local rules, by = M.load_rules(opts.rules, limits)
  if config then configure(by, config, opts.config) end
  local self = setmetatable({ kb = kb, rules = rules, by = by, limits = limits,
    run = opts.sandbox == false and sandbox.free or sandbox.run, templates = opts.templates,
    view = view.of(kb) }, Linter)
  return self
end

--- linter:enabled() -> the rules that run, in order.
function Linter:enabled()
  local out = {}
  for _, r in ipairs(self.rules) do
    if r.enabled then out[#out + 1] = r end
  end
  return out
end

-- A finding's fields from what a rule reported; raises on a report that
-- is no finding.
local function finding(rule, page, spec)
  local text = page.text
  if type(spec) == "string" then spec = { message = spec } end
  if type(spec) ~= "table" then
    error("report takes a table {from =, to =, message =, fix =} or a message", 3)
  end
  if type(spec.message) ~= "string" or spec.message == "" then error("a finding needs a message", 3) end
  local from, to = spec.from, spec.to
  if from == nil and type(spec.span) == "table" then from, to = spec.span.from, spec.span.to end
  from = math.tointeger(from) or 1
  to = math.tointeger(to) or from
  if from < 1 or from > #text + 1 or to < from - 1 or to > #text then
    error(("a finding's span %d..%d is outside the page (1..%d)"):format(from, to, #text), 3)
  end
  local f = { document = page.id, title = page.title, rule = rule.id, severity = rule.severity,
              message = spec.message, from = from, to = to }
  local fix = spec.fix
  if fix ~= nil then
    if type(fix) == "string" then fix = { from = from, to = to, text = fix } end
    if type(fix) ~= "table" or type(fix.text) ~= "string" then
      error("a fix is a replacement text, or {from =, to =, text =}", 3)
    end
    local ff, ft = math.tointeger(fix.from) or from, math.tointeger(fix.to) or to
    if ff < 1 or ff > #text + 1 or ft < ff - 1 or ft > #text then
      error(("a fix's span %d..%d is outside the page (1..%d)"):format(ff, ft, #text), 3)
    end
    f.fix = { from = ff, to = ft, text = fix.text }
  end
  f.line, f.column = M.position(text, from)
  f.end_line, f.end_column = M.position(text, math.max(from, char_start(text, to)))
  return f
end

--- linter:page_findings(page) -> findings, failures: every enabled rule
-- run on a page (M.page), findings in the order of the text, failures
-- {rule, document, message} of the rules that failed on it.
function Linter:page_findings(page)
  local findings, failures = {}, {}
  -- unsandboxed (a measure of what the sandbox costs), rules share the page as it is
  local frozen = self.run == sandbox.free and page or sandbox.freeze(page)
  for _, rule in ipairs(self.rules) do
    if rule.enabled then
      local mine = {}
      local function report(spec)
        mine[#mine + 1] = finding(rule, page, spec)
      end
      local ok, err = self.run(self.limits, rule.check, frozen, self.view, report, rule.params)
      if ok then
        for _, f in ipairs(mine) do findings[#findings + 1] = f end
      else
        failures[#failures + 1] = { rule = rule.id, document = page.id, message = err }
      end
    end
  end
  table.sort(findings, function(a, b)
    if a.from ~= b.from then return a.from < b.from end
    return a.rule < b.rule
  end)
  return findings, failures
end

--- linter:document(doc) -> findings, failures, page.
function Linter:document(doc)
  local page = M.page(doc, { templates = self.templates })
  local findings, failures = self:page_findings(page)
  return findings, failures, page
end

-- {=== fixing

--- apply(text, findings) -> the text with the fixes of findings that do
-- not overlap one before them, and how many were applied.
function M.apply(text, findings)
  local fixes = {}
  for _, f in ipairs(findings) do
    if f.fix then fixes[#fixes + 1] = f.fix end
  end
  table.sort(fixes, function(a, b) return a.from < b.from end)
  local chosen, last = {}, 0
  for _, x in ipairs(fixes) do
    if x.from > last then
      chosen[#chosen + 1] = x
      last = math.max(x.to, x.from)
    end
  end
  for i = #chosen, 1, -1 do
    local x = chosen[i]
    text = text:sub(1, x.from - 1) .. x.text .. text:sub(x.to + 1)
  end
  return text, #chosen
end

-- {=== output

--- text_line(f) -> "doc:line:column: severity rule message"
function M.text_line(f)
  return ("%s:%d:%d: %s %s %s"):format(f.document, f.line, f.column, f.severity, f.rule, f.message)
end

--- json_object(f, text) -> a finding as JSON output gives it: document,
-- line, column, end_line, end_column, severity, rule, message, and fix
-- {range = [start, end) in characters of the page from 0, text}.
function M.json_object(f, text)
  local o = { document = f.document, title = f.title, line = f.line, column = f.column,
              end_line = f.end_line, end_column = f.end_column, severity = f.severity,
              rule = f.rule, message = f.message }
  if f.fix then
    local a = utf8.len(text, 1, f.fix.from - 1, true) or (f.fix.from - 1)
    local b = a + (utf8.len(text, f.fix.from, f.fix.to, true) or (f.fix.to - f.fix.from + 1))
    o.fix = { range = json.array{ a, b }, text = f.fix.text }
  end
  return o
end

return M
