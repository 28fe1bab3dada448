-- medkb/render/model.lua -- what a page shows, read from the knowledge
-- base into plain tables for the templates: an article from what it
-- states (its causes in its own order with its explanations, its
-- treatments, what each cause paragraph names), a question with its
-- answers and doctors, and an entity's page from the merged view of
-- every document (a symptom's causes with how many sources state each,
-- what is taken, eaten and checked for each).  Models hold text and
-- numbers, and ids for links; no medkb objects, so `--format json` is the
-- model itself.

local json = require "medkb.json"

local M = {}

-- A list: a JSON array in the model, [] when empty.
local list = json.array

-- Items stated by a document, per relation type from one source entity,
-- in the document's order: {name, kind, id, rank, text}.
local function stated(doc)
  local by = {}
  for st in doc:statements() do
    local key = st.src.id .. "\0" .. st.type
    by[key] = by[key] or {}
    table.insert(by[key], { name = st.dst.name, kind = st.dst.kind, id = st.dst.id, rank = st.rank,
                            text = st.text })
  end
  for _, items in pairs(by) do
    table.sort(items, function(a, b) return a.rank < b.rank end)
  end
  return function(src, type)
    return src and by[src.id .. "\0" .. type] or {}
  end
end

local function names(items)
  local out = list()
  for i, x in ipairs(items) do out[i] = x.name end
  return out
end

-- The first entity doc links to with type, or nil.
-- (the loop's end closes the cursor)
local function linked_entity(doc, type)
  for e in doc:entities(type) do return e end -- luacheck: ignore 512
end

-- The entities doc links to, by link type, from one read: {type = list}.
local function entities_by_type(doc)
  local by = {}
  for e, link in doc:entities() do
    local l = by[link.type]
    if not l then l = {} by[link.type] = l end
    l[#l + 1] = e
  end
  return by
end

-- The text of each of a document's parts by name (the first of each
-- name), and the parts in order, from one read.
local function parts_of(doc)
  local parts, by = doc.parts, {}
  for _, p in ipairs(parts) do
    if by[p.name] == nil then by[p.name] = p.text end
  end
  return by, parts
end

local function entity_ref(e)
  return { id = e.id, kind = e.kind, name = e.name }
end

-- {=== documents

-- What an article says of each of its causes, by relation.
M.CAUSE_DETAILS = { "drug", "provoking_drug", "mentioned_drug", "food", "exam", "department",
                    "disease", "sign" }

--- article(doc [, f]) -> the article's page: title, site, views, the
-- symptom, its causes and treatments as the article ranks them, one
-- section per cause (the article's explanation, and what the paragraph
-- names), the stored summary, advice, disclaimer, and the related list.
-- f is doc:fields() where the caller has it.
function M.article(doc, f)
  f = f or doc:fields()
  local symptom = linked_entity(doc, "about")
  local of = stated(doc)
  local part, parts = parts_of(doc)
  local m = { type = "article", id = f.id, key = f.key, title = f.title, site = doc.attrs.site,
              views = doc.counts.views, symptom = symptom and symptom.name,
              stored_summary = part.summary, advice = part.advice,
              disclaimer = part.disclaimer, sections = list(), related = list() }
  m.causes = names(of(symptom, "cause"))
  m.treatments = names(of(symptom, "treatment"))
  for i, c in ipairs(of(symptom, "cause")) do
    local sec = { num = i, title = c.name, text = c.text or "", cause = c.id }
    local cause = { id = c.id }
    for _, rel in ipairs(M.CAUSE_DETAILS) do sec[rel] = names(of(cause, rel)) end
    m.sections[i] = sec
  end
  if #m.sections == 0 then
    -- an article that states no causes: its stored sections, as written
    for _, p in ipairs(parts) do
      if p.name == "section" then
        m.sections[#m.sections + 1] = { num = #m.sections + 1, title = p.title or "", text = p.text }
      end
    end
  end
  for other in doc:linked("related") do
    local of2 = other:fields()
    m.related[#m.related + 1] = { id = of2.id, kind = of2.kind, title = of2.title,
                                  summary = parts_of(other).summary or of2.body }
  end
  return m
end

-- The doctor who wrote answer a, as a card.
local function doctor_of(a)
  local d = linked_entity(a, "doctor")
  if not d then return nil end
  local at = d.attrs
  return { id = d.id, name = d.name:gsub("（.*）$", ""), title = at.title, hospital = at.hospital,
           department = at.department }
end

-- The answers to question q, in the order they came.
local function answers_of(q)
  local answers = {}
  for a in q:referrers("answers") do answers[#answers + 1] = a end
  table.sort(answers, function(x, y) return x.id < y.id end)
  local out = list()
  for i, a in ipairs(answers) do out[i] = { id = a.id, text = a.body, doctor = doctor_of(a) } end
  return out
end

--- question(doc [, f]) -> the question's page: department path, title,
-- description, reply count, answers with their doctors, the related
-- questions with their answers, the hot tags.
function M.question(doc, f)
  f = f or doc:fields()
  local at = doc.attrs
  local m = { type = "question", id = f.id, key = f.key, title = f.title, site = at.site,
              description = f.body, replies = doc.counts.replies, path = list(), tags = list(),
              answers = answers_of(doc), related = list(), departments = list() }
  for p in (at.path or ""):gmatch("[^>]+") do
    p = p:gsub("^%s+", ""):gsub("%s+$", "")
    if p ~= "" then m.path[#m.path + 1] = p end
  end
  local linked = entities_by_type(doc)
  local subject = linked.about and linked.about[1]
  m.subject = subject and entity_ref(subject)
  for _, e in ipairs(linked.tag or {}) do m.tags[#m.tags + 1] = entity_ref(e) end
  for _, e in ipairs(linked.department or {}) do m.departments[#m.departments + 1] = entity_ref(e) end
  for other in doc:linked("related") do
    local of = other:fields()
    local question = of.kind == "question"
    m.related[#m.related + 1] = { id = of.id, kind = of.kind, title = of.title,
                                  answers = question and answers_of(other) or list(),
                                  summary = not question and (other:part("summary") or of.body) or nil }
  end
  return m
end

--- answer(doc [, f]) -> an answer's page: its question, text and doctor.
function M.answer(doc, f)
  f = f or doc:fields()
  local q
  for other in doc:linked("answers") do q = other end
  return { type = "answer", id = f.id, key = f.key, text = f.body, doctor = doctor_of(doc),
           question = q and { id = q.id, title = q.title } }
end

-- How many documents a page that has no related list of its own shows
-- as one (the documents most like it: medkb/related.lua).
M.RELATED = 5

-- Fills m.related, when the page has no list of its own, with the
-- documents most like doc; m.related_found says the list was found so.
local function find_related(m, doc, cache)
  if #m.related > 0 then return end
  local docs = require("medkb.related").related_documents(doc.kb, doc, M.RELATED, cache)
  for _, other in ipairs(docs) do
    local of = other:fields()
    local summary = of.kind == "article" and (parts_of(other).summary or of.body) or nil
    m.related[#m.related + 1] = { id = of.id, kind = of.kind, title = of.title, answers = list(),
                                  summary = summary }
  end
  m.related_found = #m.related > 0 or nil
end

--- document(doc [, opts]) -> the model of any document.  opts.related =
-- false leaves a page without a related list of its own without one
-- (else the documents most like it make one); opts.related_cache, from
-- medkb.related.cache(), when many pages are made; opts.as_written shows
-- an article's summary as stored rather than made from its causes.
function M.document(doc, opts)
  local f = doc:fields()
  local m = M[f.kind](doc, f)
  m.as_written = opts and opts.as_written or nil
  if (m.type == "article" or m.type == "question") and not (opts and opts.related == false) then
    find_related(m, doc, opts and opts.related_cache)
  end
  return m
end

-- {=== entities

-- Relations an entity page shows under their own headings, in order; the
-- rest follow by type.
M.FIRST = { "cause", "treatment", "department", "exam", "drug", "food" }

--- entity(e) -> an entity's page: name, kind, aliases, attributes; its
-- relations both ways in the merged view (each target once, with how many
-- documents state it and the best rank); for each cause of a symptom what
-- is taken, eaten and checked for it; the documents about it.
function M.entity(e)
  local m = { type = "entity", id = e.id, kind = e.kind, name = e.name, aliases = list(e:alias_info()),
              attrs = e.attrs, out = list(), incoming = list(), documents = list() }
  local function group(groups, ...)
    local by = {}
    for other, rel in ... do
      if not by[rel.type] then
        by[rel.type] = { type = rel.type, items = list() }
        groups[#groups + 1] = by[rel.type]
      end
      table.insert(by[rel.type].items, { id = other.id, kind = other.kind, name = other.name,
        documents = rel.documents, rank = rel.rank, text = rel.text })
    end
    local rank = {}
    for i, t in ipairs(M.FIRST) do rank[t] = i end
    table.sort(groups, function(a, b)
      local ra, rb = rank[a.type] or 99, rank[b.type] or 99
      if ra ~= rb then return ra < rb end
      return a.type < b.type
    end)
    return by
  end
  local out = group(m.out, e:related())
  group(m.incoming, e:incoming())
  -- a symptom's causes: what is taken (not what provokes), eaten, checked
  for _, c in ipairs(out.cause and out.cause.items or {}) do
    local cause = e.kb:entity(c.id)
    for _, rel in ipairs{ "drug", "food", "exam" } do
      c[rel] = list()
      for target in cause:related(rel) do c[rel][#c[rel] + 1] = target.name end
    end
  end
  m.causes = out.cause and out.cause.items or list()
  for doc, link in e:documents() do
    local f = doc:fields()
    if f.kind ~= "answer" then
      m.documents[#m.documents + 1] = { id = f.id, kind = f.kind, title = f.title, link = link.type }
    else
      -- an answer stands for its question
      for q in doc:linked("answers") do
        m.documents[#m.documents + 1] = { id = q.id, kind = "question", title = q.title,
                                          link = link.type, answer = f.id }
      end
    end
  end
  return m
end

return M
