-- medkb/import/shared.lua -- what the importers share: reading a page as
-- lines, the content keys that make importing the same content again
-- change nothing, the subject a title asks about, and the aliases a text
-- states.  Used by the article, Q&A and CSV importers; knows nothing of
-- how a file is picked or opened (medkb/import/init.lua does that).

local extract = require "medkb.extract"
local text = require("medkb").text

local M = {}

-- The largest page a page importer reads, in bytes.
M.MAX_PAGE = 16 << 20

--- key(prefix, ...) -> a stable key for content: prefix .. 16 hex digits
-- of the hash of the strings given.
function M.key(prefix, ...)
  return prefix .. text.hash(...)
end

--- count(digits) -> the count a page shows ("1234次浏览", "3人回复") as an
-- integer, or nil for nil or digits too long for one.
function M.count(digits)
  return digits and math.tointeger(tonumber(digits))
end

-- Spaces, and the ideographic space U+3000 taken whole: a byte class
-- would cut into characters such as 「 (E3 80 8C).
local SPACE = "\xE3\x80\x80"

--- trim(s) -> s without spaces (ASCII and U+3000) at either end.
function M.trim(s)
  local before
  repeat
    before = s
    s = s:gsub("^%s+", "")
    if s:sub(1, 3) == SPACE then s = s:sub(4) end
    s = s:gsub("%s+$", "")
    if s:sub(-3) == SPACE then s = s:sub(1, -4) end
  until s == before
  return s
end

--- lines(s) -> list of {n =, text =}: the non-blank lines of page text s,
-- each trimmed, with their line numbers; and the number of lines in all.
-- A line ends at LF, CRLF or a lone CR.
function M.lines(s)
  local out, n = {}, 0
  s = s:gsub("\r\n?", "\n")
  for line in (s .. "\n"):gmatch("(.-)\n") do
    n = n + 1
    line = M.trim(line)
    if line ~= "" then out[#out + 1] = { n = n, text = line } end
  end
  return out, n
end

--- page_key(prefix, L) -> the key of a page from its lines (M.lines): the
-- same content gives the same key whatever the line endings (LF, CRLF,
-- CR), blank lines, spaces around lines, or the encoding and path it came
-- in.
function M.page_key(prefix, L)
  local texts = {}
  for i, l in ipairs(L) do texts[i] = l.text end
  return M.key(prefix, table.concat(texts, "\n"))
end

-- What a finished sentence or line of text may end with.
M.SENTENCE_ENDS = { "。", "！", "？", "!", "?", "…", "”", "」", "）", ")", "；", ";", "." }

--- ends_with_any(s, words) -> the first of words that s ends with, or nil.
function M.ends_with_any(s, words)
  for _, e in ipairs(words) do
    if #s >= #e and s:sub(-#e) == e then return e end
  end
end

--- ends_sentence(s) -> whether s ends as a finished sentence does.
function M.ends_sentence(s)
  return M.ends_with_any(s, M.SENTENCE_ENDS) ~= nil
end

--- find_line(L, pattern) -> index of the first line matching pattern.
function M.find_line(L, pattern)
  for i, l in ipairs(L) do
    if l.text:find(pattern) then return i end
  end
end

--- about(kb, title) -> links to the symptom a title asks about (none if
-- it names nothing), and that name.
function M.about(kb, title)
  local subject = extract.subject(title)
  if subject == "" then return {}, subject end
  return { { type = "about", target = kb:ensure("symptom", subject) } }, subject
end

--- load_aliases(kb, text, subject) -- adds the aliases text states; one
-- already taken is left alone.
function M.load_aliases(kb, s, subject)
  for _, a in ipairs(extract.aliases(s, subject)) do
    local e = kb:ensure("symptom", a.name)
    if not kb:get("symptom", a.alias) then e:add_alias(a.alias, a.type) end
  end
end

-- {=== what the knowledge base knows, for the rules

--- known(ctx, kind) -> the set of names of entities of kind the
-- knowledge base has, read once per import (again after an undone
-- record, which may have added some).  Importers add what they make.
function M.known(ctx, kind)
  ctx.known = ctx.known or {}
  local k = ctx.known[kind]
  if not k or k.rollbacks ~= ctx.rollbacks then
    local set = {}
    for e in ctx.kb:entities{ kind = kind } do set[e.name] = true end
    k = { rollbacks = ctx.rollbacks, names = set }
    ctx.known[kind] = k
  end
  return k.names
end

-- The relation each role of a drug is stated as, from the cause (or the
-- symptom a question asks about) to the drug.
M.DRUG_RELATIONS = { taken = "drug", provoking = "provoking_drug", mentioned = "mentioned_drug" }

--- state_drugs(ctx, state, from, symptom, s [, opts]) -- states what
-- text s says of the drugs it names (medkb.extract.drugs): from (a cause,
-- or the symptom) relates to each as DRUG_RELATIONS says, and a drug that
-- provokes also may_provoke the symptom.  state(src, type, dst) records
-- one statement.  opts as extract.drugs takes them.
function M.state_drugs(ctx, state, from, symptom, s, opts)
  local known = M.known(ctx, "drug")
  for _, d in ipairs(extract.drugs(s, known, opts)) do
    local drug = ctx.kb:ensure("drug", d.name)
    known[d.name] = true
    state(from, M.DRUG_RELATIONS[d.role], drug)
    if d.role == "provoking" and symptom then state(drug, "may_provoke", symptom) end
  end
end

return M
