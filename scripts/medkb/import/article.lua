-- medkb/import/article.lua -- article pages (科普文章): the site header,
-- the title, "N次浏览", a one-sentence summary, numbered cause sections
-- ("1、缺钙" and a paragraph), an advice paragraph, the disclaimer
-- (温馨提示…) and the related list (相关推荐: title and summary pairs).
-- parse() turns the text into a table, naming the line of anything
-- missing; load() writes it to the knowledge base: the article, and what
-- it states, in its order, as its statements: the symptom's causes in
-- order with their explanations, what each cause paragraph names (drugs
-- taken for it or said to provoke the symptom, foods, exams, departments,
-- diseases, signs), the summary's treatments, what the advice names; the
-- aliases the text states, and the related items as documents.

local errors = require "medkb.import.errors"
local extract = require "medkb.extract"
local shared = require "medkb.import.shared"

local M = {}

local function section_head(text)
  local num, title = text:match("^(%d+)、(.+)$")
  if num and not title:find("。", 1, true) and (utf8.len(title) or 99) <= 20 then
    return tonumber(num), title
  end
end

local function is_disclaimer(text)
  return text:find("^温馨提示") ~= nil
end

--- parse(text, file) -> page.  Raises a problem naming the line of what is
-- missing or out of place.
function M.parse(text, file)
  local L, last = shared.lines(text)
  local function fail(line, msg) errors.raise(file, line, msg) end
  local v = shared.find_line(L, "^%d+次浏览$")
  if not v then fail(nil, "not an article page: no view count line (N次浏览)") end
  if v < 2 then fail(L[v].n, "view count before any title") end
  local page = { header = {}, title = L[v - 1].text, title_line = L[v - 1].n,
                 views = tonumber(L[v].text:match("^(%d+)")), sections = {}, related = {} }
  for i = 1, v - 2 do page.header[#page.header + 1] = L[i].text end
  local i = v + 1
  if not L[i] or section_head(L[i].text) or is_disclaimer(L[i].text) then
    fail(L[i] and L[i].n or last, "missing the summary sentence after the view count")
  end
  page.summary = { text = L[i].text, line = L[i].n }
  i = i + 1
  -- numbered sections, each a heading and its paragraphs; what follows the
  -- last section's first paragraph, up to the disclaimer, is the advice
  while L[i] and section_head(L[i].text) do
    local num, title = section_head(L[i].text)
    if num ~= #page.sections + 1 then
      fail(L[i].n, ("section %d follows section %d"):format(num, #page.sections))
    end
    local sec = { num = num, title = title, line = L[i].n, paragraphs = {} }
    i = i + 1
    while L[i] and not section_head(L[i].text) and not is_disclaimer(L[i].text)
        and L[i].text ~= "相关推荐" do
      sec.paragraphs[#sec.paragraphs + 1] = L[i]
      i = i + 1
    end
    if #sec.paragraphs == 0 then
      fail(sec.line, ("section %d (%s) has no text (truncated page?)"):format(num, title))
    end
    page.sections[#page.sections + 1] = sec
  end
  if #page.sections == 0 then
    fail(L[i] and L[i].n or last, "no numbered sections (1、…) after the summary")
  end
  local lastsec = page.sections[#page.sections]
  local advice = {}
  while #lastsec.paragraphs > 1 do
    table.insert(advice, 1, table.remove(lastsec.paragraphs))
  end
  for _, sec in ipairs(page.sections) do
    local parts = {}
    for _, p in ipairs(sec.paragraphs) do parts[#parts + 1] = p.text end
    sec.text = table.concat(parts, "\n")
  end
  if #advice > 0 then
    local parts = {}
    for _, p in ipairs(advice) do parts[#parts + 1] = p.text end
    page.advice = { text = table.concat(parts, "\n"), line = advice[1].n }
  end
  if not L[i] or not is_disclaimer(L[i].text) then
    fail(L[i] and L[i].n or last, "truncated page: no disclaimer (温馨提示…) after the sections")
  end
  page.disclaimer = { text = L[i].text, line = L[i].n }
  i = i + 1
  if L[i] and L[i].text == "相关推荐" then
    i = i + 1
    while L[i] do
      local t, s = L[i], L[i + 1]
      if not s then
        fail(t.n, ("related item %d has a title but no summary (truncated page?)"):format(
          #page.related + 1))
      end
      if t.text:find("。", 1, true) or not s.text:find("可能", 1, true) and not s.text:find("。", 1, true) then
        fail(t.n, ("related item %d: expected a title line then a summary line"):format(
          #page.related + 1))
      end
      page.related[#page.related + 1] = { title = t.text, summary = s.text, line = t.n }
      i = i + 2
    end
  elseif L[i] then
    fail(L[i].n, "unexpected text after the disclaimer (expected 相关推荐)")
  end
  page.key = shared.page_key("article:", L)
  return page
end

-- {=== loading

-- Splits a summary item that is two section causes written together
-- ("电解质紊乱神经病变" when sections 3 and 4 are 电解质紊乱 and 神经病变).
local function split_joined(item, names)
  for _, a in ipairs(names) do
    if item:sub(1, #a) == a and item ~= a then
      local rest = item:sub(#a + 1)
      for _, b in ipairs(names) do
        if rest == b then return { a, b } end
      end
    end
  end
  return { item }
end

-- The drug names the knowledge base knows, as a set, read once per import
-- (again after an undone record, which may have added some).
local function known_drugs(ctx)
  if not ctx.known_drugs or ctx.known_rollbacks ~= ctx.rollbacks then
    ctx.known_rollbacks = ctx.rollbacks
    local set = {}
    for d in ctx.kb:entities{ kind = "drug" } do set[d.name] = true end
    ctx.known_drugs = set
  end
  return ctx.known_drugs
end

-- What a cause paragraph names, and how the cause relates to it: the
-- extractor in medkb.extract, the kind of entity, the relation type.
M.SECTION_RULES = {
  { "diseases", "disease", "disease" },
  { "foods", "food", "food" },
  { "exams", "exam", "exam" },
  { "departments", "department", "department" },
  { "signs", "symptom", "sign" },
}

-- The same for the advice paragraph, related to the symptom.
M.ADVICE_RULES = {
  { "exams", "exam", "exam" },
  { "departments", "department", "department" },
  { "diseases", "disease", "rule_out" },
}

-- Whether target is the page's symptom, or a part of its name: a sign
-- "抖动" on a page about 小腿肌肉抖动 is the symptom itself.
local function is_symptom(target, symptom)
  return target == symptom
    or (target.kind == "symptom" and symptom.name:find(target.name, 1, true) ~= nil)
end

-- States that from relates to what text names, by rules; never to from
-- itself or to the symptom the page is about.
local function state_named(kb, state, from, text, rules, symptom)
  for _, rule in ipairs(rules) do
    local find, kind, rel = rule[1], rule[2], rule[3]
    for _, name in ipairs(extract[find](text)) do
      local target = kb:ensure(kind, name)
      if target ~= from and not is_symptom(target, symptom) then state(from, rel, target) end
    end
  end
end

-- States what a cause paragraph names: drugs taken for the cause or said
-- to provoke the symptom, then the rules above.
local function load_section(ctx, state, symptom, cause, text)
  local kb = ctx.kb
  local known = known_drugs(ctx)
  for _, d in ipairs(extract.drugs(text, known)) do
    local drug = kb:ensure("drug", d.name)
    known[d.name] = true
    if d.provokes then
      state(cause, "provoking_drug", drug)
      state(drug, "may_provoke", symptom)
    else
      state(cause, "drug", drug)
    end
  end
  state_named(kb, state, cause, text, M.SECTION_RULES, symptom)
end

-- Puts a related item as a document linked to the causes and treatments
-- its summary names.
local function load_related(ctx, item)
  local kb = ctx.kb
  local key = shared.key("related:", item.title, item.summary)
  local doc = kb:document("article", key)
  if doc then return doc end
  local s = extract.summary(item.summary)
  local links = shared.about(kb, item.title)
  for _, c in ipairs(s.causes) do
    links[#links + 1] = { type = "cause", target = kb:ensure("cause", c) }
  end
  for _, t in ipairs(s.treatments) do
    links[#links + 1] = { type = "treatment", target = kb:ensure("treatment", t) }
  end
  return kb:put_document{ kind = "article", key = key, title = item.title, body = item.summary,
    source = ctx.file, parts = { { name = "summary", text = item.summary } }, links = links }
end

--- load(ctx, page) -> the article document.
function M.load(ctx, page)
  local kb = ctx.kb
  local name = extract.subject(page.title)
  local symptom = kb:ensure("symptom", name)
  local links = { { type = "about", target = symptom } }
  local statements = {}
  local function state(src, type, dst, opts)
    local st = opts or {}
    st[1], st[2], st[3] = src, type, dst
    statements[#statements + 1] = st
  end
  local section_names = {}
  local parts = { { name = "summary", text = page.summary.text } }
  local body = { page.summary.text }
  for _, sec in ipairs(page.sections) do
    section_names[#section_names + 1] = sec.title
    parts[#parts + 1] = { name = "section", title = sec.title, text = sec.text }
    body[#body + 1] = sec.num .. "、" .. sec.title .. "\n" .. sec.text
    local cause = kb:ensure("cause", sec.title)
    state(symptom, "cause", cause, { rank = sec.num, text = sec.text })
    links[#links + 1] = { type = "cause", target = cause }
    load_section(ctx, state, symptom, cause, sec.text)
    shared.load_aliases(kb, sec.text, name)
  end
  local summary = extract.summary(page.summary.text)
  for _, item in ipairs(summary.causes) do
    for _, c in ipairs(split_joined(item, section_names)) do
      links[#links + 1] = { type = "summary_cause", target = kb:ensure("cause", c) }
    end
  end
  for rank, t in ipairs(summary.treatments) do
    local treatment = kb:ensure("treatment", t)
    state(symptom, "treatment", treatment, { rank = rank })
    links[#links + 1] = { type = "treatment", target = treatment }
  end
  if page.advice then
    state_named(kb, state, symptom, page.advice.text, M.ADVICE_RULES, symptom)
    shared.load_aliases(kb, page.advice.text, name)
  end
  for _, item in ipairs(page.related) do
    links[#links + 1] = { type = "related", target = load_related(ctx, item) }
  end
  if page.advice then
    parts[#parts + 1] = { name = "advice", text = page.advice.text }
    body[#body + 1] = page.advice.text
  end
  parts[#parts + 1] = { name = "disclaimer", text = page.disclaimer.text }
  return kb:put_document{ kind = "article", key = page.key, title = page.title,
    body = table.concat(body, "\n"), source = ctx.file, parts = parts,
    counts = { views = page.views }, attrs = { site = page.header[1] }, links = links,
    statements = statements }
end

function M.import(ctx, src)
  local page = M.parse(src:read_all(shared.MAX_PAGE), ctx.file)
  if ctx.kb:document("article", page.key) then return ctx:done(true) end
  if ctx:record(page.title_line, M.load, ctx, page) then ctx:done(false) end
end

return M
