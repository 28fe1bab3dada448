-- medkb/commands/lint.lua -- `medkb lint`: the content rules
-- (medkb.lint) run on documents of the knowledge base, on every page in
-- it, or on page files not yet imported; findings as text or JSON;
-- --fix writes the fixable ones back.

local json = require "medkb.json"
local lint = require "medkb.lint"
local fix = require "medkb.lint.fix"
local render_cmd = require "medkb.commands.render"

local M = {
  summary = "check pages against the content rules",
  usage = "medkb [--db FILE] lint [DOC... | FILE... | --all] [--rules DIR] [--config FILE]\n"
    .. "       [--format text|json] [--fix] [--list]",
  help = [[
Runs the content rules on pages: DOC is a document (an id, KIND:KEY or a
title), FILE a page not yet imported (an article or Q&A page: it is read
into a scratch copy of the knowledge base, checked against what the
knowledge base knows, and nothing is kept), --all every article and
question. A finding is

  DOCUMENT:LINE:COLUMN: SEVERITY RULE MESSAGE

where LINE and COLUMN (in characters) point into the page as `medkb
render --as-written DOC` prints it (for a FILE: as the file reads once
imported). The rules are the built-in pack (`medkb lint --list`), and
those of --rules DIR, which may replace a built-in rule of the same id.
Rules run in a sandbox: no io, os or debug, no writes to the knowledge
base, and an instruction budget, a time limit and a memory cap per run;
a rule that breaks them fails alone and is reported on stderr.

options:
  --all            every article and question in the knowledge base
  --rules DIR      rules of your own (DIR/*.lua; their data in DIR/data)
  --config FILE    a Lua file: return { rules = { [id] = false | true |
                   "error"|"warning"|"info" | {severity =, enabled =,
                   PARAM = ...} }, limits = { instructions =, seconds =,
                   memory = } }
  --format F       text (default) or json: one object per finding
                   {document, title, line, column, end_line, end_column,
                   severity, rule, message, fix = {range, text}}, range
                   in characters of the page from 0, end excluded
  --fix            apply the fixable findings: a document is rewritten
                   through the knowledge base in one transaction (its id
                   changes), a FILE is rewritten in place; a related
                   article (a title and summary another page lists) has
                   no page of its own and is left as it is
  --list           list the rules (id, severity, fixable, description)

exit status: 0 when no finding is an error, 1 when one is, 2 for usage
errors, rules or a config that do not load, or a rule that failed.

examples:
  medkb lint --all
  medkb lint 21 --format json
  medkb lint draft.txt --config site-rules.lua
  medkb lint 小腿肌肉抖动是怎么回事 --fix]],
}

-- Whether operand op names a page file (a draft) rather than a document:
-- no id, no KIND:KEY, and a file of that name exists.
local function is_draft(op)
  return not op:match("^%d+$") and not op:match("^%a+:") and require("lfs").attributes(op, "mode") == "file"
end

-- What the operands name: {doc = Document} or {file = path}; --all's
-- documents have all = true.
local function targets(ctx, kb, operands, all)
  local out = {}
  if all then
    for _, kind in ipairs{ "article", "question" } do
      for d in kb:documents{ kind = kind } do out[#out + 1] = { doc = d, all = true } end
    end
    table.sort(out, function(a, b) return a.doc.id < b.doc.id end)
  end
  for _, op in ipairs(operands) do
    if is_draft(op) then
      out[#out + 1] = { file = op }
    else
      out[#out + 1] = { doc = render_cmd.resolve(ctx, kb, { op }) }
    end
  end
  return out
end

-- The knowledge base a command with only FILEs may run on without one:
-- an empty one in memory (the knowledge rules then find nothing).
local function open_kb(ctx, write, files_only)
  local ok, kb = pcall(ctx.open, write and "write" or "read")
  if ok then return kb end
  if files_only then
    ctx.err:write(("medkb lint: %s; checking against an empty knowledge base\n"):format(tostring(kb)))
    return require("medkb").open()
  end
  error(kb, 0)
end

local function list_rules(ctx, linter)
  for _, r in ipairs(linter.rules) do
    ctx.out:write(("%-28s %-7s %s%s%s\n"):format(r.id, r.severity, r.fixable and "fixable " or "",
      r.enabled and "" or "(off) ", r.description))
  end
  return 0
end

function M.run(ctx, args)
  local opts, operands = ctx.options("lint", args, { all = true, rules = "a directory",
    config = "a file name", format = "text|json", fix = true, list = true })
  local format = ctx.text_or_json("lint", opts.format)
  if #operands == 0 and not opts.all and not opts.list then
    ctx.usage_error("lint", "expected DOC..., FILE... or --all")
  end
  if opts.all and #operands > 0 then ctx.usage_error("lint", "--all takes no DOC or FILE") end
  local drafts = 0
  for _, op in ipairs(operands) do
    if is_draft(op) then drafts = drafts + 1 end
  end
  local files_only = not opts.all and drafts == #operands
  -- a FILE is imported into the knowledge base inside a transaction that
  -- is never committed, so it needs a knowledge base it may write
  local needs_write = opts.fix or drafts > 0
  local kb <close> = (opts.list and #operands == 0 and not opts.all) and require("medkb").open()
    or open_kb(ctx, needs_write, files_only)
  local ok, linter = pcall(lint.new, kb, { rules = opts.rules and { opts.rules }, config = opts.config })
  if not ok then ctx.fail(tostring(linter), 2) end
  if opts.list then return list_rules(ctx, linter) end

  local results, failures = {}, {}
  local function add(name, findings, fails, text)
    results[#results + 1] = { name = name, findings = findings, text = text }
    for _, f in ipairs(fails) do failures[#failures + 1] = f end
  end
  local listed_only = 0  -- --all's related articles, not fixed
  for _, t in ipairs(targets(ctx, kb, operands, opts.all)) do
    local lister = opts.fix and t.doc and fix.listed_only(t.doc)
    if t.file then
      local r, err = fix.file(linter, t.file, { fix = opts.fix })
      if not r then ctx.fail(err, 2) end
      for _, f in ipairs(r.findings) do f.document = t.file end
      if r.fixed and r.fixed > 0 then
        ctx.err:write(("%s: %d fix%s applied\n"):format(t.file, r.fixed, r.fixed == 1 and "" or "es"))
      end
      add(t.file, r.findings, r.failures, r.text)
    elseif lister then
      if t.all then
        listed_only = listed_only + 1
      else
        ctx.err:write(("%d: not fixed: a related article's title and summary as document %d's page"
          .. " lists them, with no page of its own; correct them where that page comes from\n")
          :format(t.doc.id, lister.id))
      end
      local findings, fails, page = linter:document(t.doc)
      add(tostring(t.doc.id), findings, fails, page.text)
    elseif opts.fix then
      if t.doc.kind == "answer" then ctx.fail("an answer is fixed through its question's page", 2) end
      local old = t.doc.id
      local doc, n, findings, fails = fix.document(linter, t.doc)
      if n > 0 then
        ctx.err:write(("%d: %d fix%s applied; the page is now document %d\n"):format(old, n,
          n == 1 and "" or "es", doc.id))
      end
      add(tostring(doc.id), findings, fails, lint.page(doc).text)
    else
      local findings, fails, page = linter:document(t.doc)
      add(tostring(t.doc.id), findings, fails, page.text)
    end
  end
  if listed_only > 0 then
    ctx.err:write(("%d related article%s not fixed: a title and summary as another page lists them,"
      .. " with no page of %s own; correct them where that page comes from\n"):format(listed_only,
      listed_only == 1 and "" or "s", listed_only == 1 and "its" or "their"))
  end

  local errors = 0
  if format == "json" then
    local list = json.array()
    for _, r in ipairs(results) do
      for _, f in ipairs(r.findings) do
        list[#list + 1] = lint.json_object(f, r.text)
        if f.severity == "error" then errors = errors + 1 end
      end
    end
    ctx.out:write(json.encode(list), "\n")
  else
    for _, r in ipairs(results) do
      for _, f in ipairs(r.findings) do
        ctx.out:write(lint.text_line(f), "\n")
        if f.severity == "error" then errors = errors + 1 end
      end
    end
  end
  for _, f in ipairs(failures) do
    ctx.err:write(("medkb lint: rule %s failed on %s: %s\n"):format(f.rule, f.document, f.message))
  end
  if #failures > 0 then return 2 end
  return errors > 0 and 1 or 0
end

return M
