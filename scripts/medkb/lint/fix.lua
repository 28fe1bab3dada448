-- medkb/lint/fix.lua -- what `medkb lint` writes: the fixes of a
-- document's findings applied to its page and the page put back through
-- the knowledge base, and page files not yet imported linted in a
-- scratch copy of the knowledge base (and fixed in place).  Apart from
-- medkb.lint, which reads only, because it imports pages
-- (medkb.import).

local import = require "medkb.import"
local lfs = require "lfs"
local lint = require "medkb.lint"

local M = {}

-- Imports page text into kb as the page of format fmt ("article" or
-- "qa": a page with little on it, such as a related article's title and
-- summary, does not tell which) from a file in a fresh directory, as an
-- import would read it; the document of the page.
local function import_text(kb, text, name, fmt)
  local dir = os.tmpname()
  os.remove(dir)
  assert(lfs.mkdir(dir))
  local path = dir .. "/" .. name
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  local ok, report = pcall(import.run, kb, { path }, { format = fmt })
  os.remove(path)
  os.remove(dir)
  if not ok then error(report, 0) end
  if #report.problems > 0 then
    error(("the fixed page does not import: %s"):format(tostring(report.problems[1])), 0)
  end
  local docs = report.files[1] and report.files[1].documents or {}
  return docs[1]
end

-- What a statement says, for telling whether a page still says it.
local function fact(st)
  return ("%d %s %d"):format(st.src.id, st.type, st.dst.id)
end

-- A statement's own fields; the rest are its attributes.
local STATEMENT = { src = true, type = true, dst = true, rank = true, document = true, id = true,
                    relation = true }

-- The answers to doc (a question), in order.
local function answers_of(doc)
  local out = {}
  for a in doc:referrers("answers") do out[#out + 1] = a end
  return out
end

-- The statements of doc and of its answers (the page's), in order.
local function page_statements(doc, answers)
  local out = {}
  for _, d in ipairs{ doc, table.unpack(answers) } do
    for st in d:statements() do out[#out + 1] = st end
  end
  return out
end

-- Replaces doc by the page text in kb (inside the caller's
-- transaction): its answers and itself go, the page is imported as a
-- page is, and the pages that listed doc as related list the new one.
-- A fix changes how the page says things, not what it states: what the
-- old page stated and the page as rendered no longer says (a doctor's
-- department its related list gave, which the card does not show) the
-- new page states too.
local function replace(kb, doc, text)
  local listed_by, answers = {}, answers_of(doc)
  for other in doc:referrers("related") do listed_by[#listed_by + 1] = other end
  local stated = page_statements(doc, answers)
  local name = ("%s-%d.txt"):format(doc.kind, doc.id)
  local fmt = doc.kind == "article" and "article" or "qa"
  for _, a in ipairs(answers) do a:delete() end
  doc:delete()
  local new = import_text(kb, text, name, fmt)
  if not new then error("the fixed page made no document", 0) end
  for _, other in ipairs(listed_by) do other:link("related", new) end
  local says = {}
  for _, st in ipairs(page_statements(new, answers_of(new))) do says[fact(st)] = true end
  for _, st in ipairs(stated) do
    if not says[fact(st)] then
      says[fact(st)] = true
      local again = { st.src, st.type, st.dst }
      for k, v in pairs(st) do
        if type(k) == "string" and not STATEMENT[k] then again[k] = v end
      end
      kb:state(new, again)
    end
  end
  return new
end

--- listed_only(doc) -> the document whose page lists doc, when doc is
-- only a related article's title and summary taken from that page: no
-- page of its own to fix and import again, else nil.
function M.listed_only(doc)
  if doc.kind ~= "article" or not (doc.key or ""):find("^related:") then return nil end
  for other in doc:referrers("related") do return other end  -- luacheck: ignore 512 (the first)
  return nil
end

--- document(linter, doc) -> the document now (doc itself when nothing was
-- fixed), how many fixes went in, the findings and failures left.  In
-- one transaction, the page's fixes are applied to its text and the
-- document (with its answers) is replaced by the fixed page, imported as
-- a page is; then linted again, for fixes that overlapped those applied
-- (lint.FIX_PASSES at most).  An answer is fixed through its question.
function M.document(linter, doc)
  if doc.kind == "answer" then error("an answer is fixed through its question's page", 0) end
  local kb, total = linter.kb, 0
  local findings, failures
  doc = kb:transaction(function()
    for _ = 1, lint.FIX_PASSES do
      local page
      findings, failures, page = linter:document(doc)
      local fixed, n = lint.apply(page.text, findings)
      if n == 0 then break end
      total = total + n
      doc = replace(kb, doc, fixed)
    end
    return doc
  end)
  if total > 0 then findings, failures = linter:document(doc) end
  return doc, total, findings, failures
end

--- file(linter, path [, opts]) -> {findings, failures, text, fixed}, or
-- nil and a message: the page in file path (an article or Q&A page not
-- yet imported) read into a scratch copy of the knowledge base -- a
-- transaction that is never committed -- and linted there, against all
-- the knowledge base knows.  opts.fix applies the fixes and writes the
-- fixed page back to path.
function M.file(linter, path, opts)
  local kb, DONE, result = linter.kb, {}, nil
  local ok, err = pcall(kb.transaction, kb, function()
    local report = import.run(kb, { path })
    if #report.problems > 0 then error(tostring(report.problems[1]), 0) end
    local stats = report.files[1]
    if stats.format ~= "article" and stats.format ~= "qa" then
      error(("%s: a %s file is no page: import it, then lint its documents"):format(path, stats.format), 0)
    end
    local doc = stats.documents[1]
    if not doc then error(("%s: the page made no document"):format(path), 0) end
    local findings, failures, page = linter:document(doc)
    local fixed = 0
    if opts and opts.fix then
      for _ = 1, lint.FIX_PASSES do
        local text, n = lint.apply(page.text, findings)
        if n == 0 then break end
        fixed = fixed + n
        doc = replace(kb, doc, text)
        findings, failures, page = linter:document(doc)
      end
    end
    result = { findings = findings, failures = failures, text = page.text, fixed = fixed }
    error(DONE, 0)
  end)
  if not ok and err ~= DONE then return nil, tostring(err) end
  if result.fixed > 0 then
    local f, ferr = io.open(path, "wb")
    if not f then return nil, ferr end
    f:write(result.text)
    f:close()
  end
  return result
end

return M
