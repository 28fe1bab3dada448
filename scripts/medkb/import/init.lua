-- medkb/import/init.lua -- importing files into a knowledge base: picks
-- the format (from the content unless given), opens the file in its
-- encoding, runs the format's importer, and makes the whole import one
-- transaction.  Bad records become problems ("file:line: what is wrong");
-- with any problem the knowledge base is left exactly as it was, unless
-- keep_going is set, in which case the good records are kept (each record
-- then runs in its own savepoint).  A failure of the knowledge base itself
-- (read-only, locked, a full disk) is no problem of the input: it ends the
-- whole import, which leaves the knowledge base as it was.

local errors = require "medkb.import.errors"
local source = require "medkb.import.source"
local numbering = require "medkb.import.numbering"
local qa = require "medkb.import.qa"
local shared = require "medkb.import.shared"
local medkb = require "medkb"

local M = {}

M.FORMATS = { "article", "qa", "csv", "jsonl" }

local modules = {
  article = "medkb.import.article",
  qa = "medkb.import.qa",
  csv = "medkb.import.dialogue",
  jsonl = "medkb.import.jsonl",
}

--- detect(text) -> format name, or nil.  text is the start of the file.
-- JSON Lines and CSV by their first line; a Q&A page by its breadcrumb,
-- reply count or answer headings; an article by a view count or numbered
-- sections.
function M.detect(head)
  local first = head:match("^%s*([^\n]*)")
  if first:match("^{") and first:match('"type"%s*:') then return "jsonl" end
  local commas = select(2, first:gsub(",", ""))
  if commas >= 3 and not first:find("。", 1, true) and not first:find("，", 1, true) then
    return "csv"
  end
  -- what only Q&A pages have: a reply count, answer and description
  -- headings, related questions; a breadcrumb either kind may have
  local L = shared.lines(head)
  for _, l in ipairs(L) do
    if l.text:find("人回复") or qa.label_of(l.text) or l.text == "相关问答" then return "qa" end
  end
  if head:find("次浏览") then return "article" end
  -- a doctor's card before anything numbered: an answer (an article may
  -- name its author at the end); numbered sections: an article
  for _, l in ipairs(numbering.split_inline(L)) do
    if #l.text < 120 and qa.doctor_fields(l.text) and qa.has_title(l.text) then return "qa" end
    if numbering.numbered(l.text) == 1 then return "article" end
  end
  if head:find("首页%s*>") then return "qa" end
  if commas >= 1 and not first:find("。", 1, true) and not first:find("！", 1, true)
      and not first:find("？", 1, true) then
    return "csv"
  end
  return nil
end

-- {=== the import context, one per file

local Ctx = {}
Ctx.__index = Ctx

-- Where an error raised inside medkb's own scripts says it was raised: of
-- no use to someone fixing their input, so problems leave it out.
local INTERNAL = "^" .. medkb.scriptdir:gsub("%p", "%%%0") .. "/[^:]+:%d+: "

--- Records a problem at line (msg a string or a problem).
function Ctx:problem(line, msg)
  local p = errors.is(msg) and msg or errors.new(self.file, line, (tostring(msg):gsub(INTERNAL, "")))
  self.report.problems[#self.report.problems + 1] = p
  self.stats.bad = self.stats.bad + 1
end

--- Runs fn(...) as one record starting at line; returns whether it
-- went in, and fn's first result.  A problem in it (bad input, or a knowledge-base rule it
-- breaks) is recorded; with keep_going the record's writes are undone and
-- the import goes on.  ctx.rollbacks counts undone records, so that
-- importers can drop what they cached from them.  A storage failure is
-- raised on.
function Ctx:record(line, fn, ...)
  local ok, err
  if self.keep_going then
    ok, err = pcall(self.kb.transaction, self.kb, fn, ...)
  else
    ok, err = pcall(fn, ...)
  end
  if ok then return true, err end
  if medkb.is_storage_error(err) then error(err, 0) end
  self.rollbacks = self.rollbacks + 1
  self:problem(line, err)
  return false
end

--- Counts an imported (or unchanged) record and reports progress.  A
-- page importer passes the page's document, listed in the file's stats.
function Ctx:done(unchanged, doc)
  local s = self.stats
  if unchanged then s.unchanged = s.unchanged + 1 else s.imported = s.imported + 1 end
  if doc then s.documents[#s.documents + 1] = doc end
  if self.on_progress and (s.imported + s.unchanged) % 256 == 0 then
    self.on_progress(self, self.src.raw_bytes, self.src.size)
  end
end

-- Imports one file ("-" for standard input); problems that end the file
-- are raised.
local function import_file(report, kb, path, opts)
  local src <close> = source.open(path, opts.encoding)
  path = src.path
  local format = opts.format
  if format == nil or format == "auto" then
    local head = src:next_chunk() or ""
    src:unread(head)
    format = M.detect(head)
    if not format then
      errors.raise(path, nil, "cannot tell the format (article page, Q&A page, CSV or JSON Lines);"
        .. " name it with --format")
    end
  end
  local ctx = setmetatable({ kb = kb, file = path, src = src, report = report, rollbacks = 0,
    keep_going = opts.keep_going, on_progress = opts.progress, format = format,
    stats = { file = path, format = format, encoding = src.encoding, imported = 0,
              unchanged = 0, bad = 0, documents = {} } }, Ctx)
  report.files[#report.files + 1] = ctx.stats
  require(modules[format]).import(ctx, src)
  if opts.progress then opts.progress(ctx, src.raw_bytes, src.size, true) end
end

-- The bytes of the files together, or nil when one is standard input or
-- cannot be read (import_file says why).
local function input_bytes(files)
  local total = 0
  for _, path in ipairs(files) do
    local n = source.size(path)
    if not n then return nil end
    total = total + n
  end
  return total
end

--- bulk(kb, files, choice) -> whether an import of files into kb loads in
-- bulk (kb:_bulk_begin: the indexes no write looks rows up by are made
-- once, at the end): choice "always", "never", or "auto" (the default):
-- when the files are larger than the knowledge base's file, as an import
-- into an empty knowledge base is.
function M.bulk(kb, files, choice)
  if choice == "always" then return true end
  if choice == "never" then return false end
  if choice ~= nil and choice ~= "auto" then
    error(("unknown bulk choice '%s' (auto, always, never)"):format(tostring(choice)), 0)
  end
  local bytes = input_bytes(files)
  return bytes ~= nil and bytes > kb:_file_size()
end

--- run(kb, files, opts) -> report.  files are file names, "-" for
-- standard input.  opts: format ("auto"), encoding ("auto"), keep_going,
-- bulk ("auto", "always", "never": M.bulk), progress(ctx, done_bytes,
-- total_bytes or nil when unknown, finished).  report.files lists
-- per-file counts (and, for pages, the page's documents), report.problems
-- the problems, report.committed whether anything was written,
-- report.bulk whether it loaded in bulk.
function M.run(kb, files, opts)
  opts = opts or {}
  if opts.format and opts.format ~= "auto" and not modules[opts.format] then
    error(("unknown format '%s' (auto, %s)"):format(opts.format, table.concat(M.FORMATS, ", ")), 0)
  end
  local report = { files = {}, problems = {}, committed = false }
  report.bulk = M.bulk(kb, files, opts.bulk)
  local ABORT = {}
  local ok, err = pcall(kb.transaction, kb, function()
    if report.bulk then kb:_bulk_begin() end
    for _, path in ipairs(files) do
      local fine, e = pcall(import_file, report, kb, path, opts)
      if not fine then
        if not errors.is(e) then error(e, 0) end
        report.problems[#report.problems + 1] = e
      end
    end
    if #report.problems > 0 and not opts.keep_going then error(ABORT, 0) end
    if report.bulk then kb:_bulk_end() end
  end)
  if not ok and err ~= ABORT then error(err, 0) end
  report.committed = ok
  return report
end

return M
