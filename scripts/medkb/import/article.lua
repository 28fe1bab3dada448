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
local numbering = require "medkb.import.numbering"
local shared = require "medkb.import.shared"

local M = {}

-- {=== the page's layout, as data

-- Headings that close the causes rather than name one ("7. 总结"): the
-- sections stop there, and what follows is advice.
M.NOT_CAUSES = { ["总结"] = true, ["小结"] = true, ["结语"] = true, ["结论"] = true, ["注意事项"] = true,
                 ["温馨提示"] = true, ["综上所述"] = true }
-- Lines that open a disclaimer.
M.DISCLAIMERS = { "温馨提示", "友情提示", "免责声明", "特别声明", "声明：", "声明:", "以上内容仅供参考",
                  "本文内容仅供参考", "本文仅供参考" }
-- Headings of the related list.
M.RELATED = { ["相关推荐"] = true, ["相关文章"] = true, ["相关阅读"] = true, ["推荐阅读"] = true }
-- A view count, wherever it stands on its line ("发布于 … 6875次浏览").
M.VIEWS = { "(%d+)%s*次浏览", "浏览%s*[:：]?%s*(%d+)%s*次" }

-- The first of words that s starts with, or nil.
local function starts_with_any(s, words)
  for _, w in ipairs(words) do
    if s:sub(1, #w) == w then return w end
  end
end

local function len(s)
  return utf8.len(s) or #s
end

local function is_disclaimer(text)
  return starts_with_any(text, M.DISCLAIMERS) ~= nil
end

-- The digits of a views line ("1234次浏览"), or nil.
local function views_of(text)
  for _, pat in ipairs(M.VIEWS) do
    local n = text:match(pat)
    if n then return n end
  end
end

-- Whether a line is running text (a summary, a paragraph) rather than a
-- title or a header line: it has a full stop, or is long with commas.
local function is_sentence(text)
  if text:find("。", 1, true) or len(text) > 40 then return true end
  return len(text) > 20 and (text:find("，", 1, true) or text:find(",", 1, true)) ~= nil
end

--- parse(text, file) -> page.  The title, the numbered cause sections and
-- their text are needed; the view count, the summary, the advice, the
-- disclaimer and the related list are kept when there (nil when not).
-- Raises a problem naming the line of what is broken: no sections,
-- numbering that skips, a heading without text, a page cut short.
function M.parse(text, file)
  local lines = shared.lines(text)
  local L = numbering.split_inline(lines)
  local function fail(line, msg) errors.raise(file, line, msg) end
  local first
  for i, l in ipairs(L) do
    if numbering.numbered(l.text) == 1 then first = i break end
  end
  if not first then fail(nil, "not an article page: no numbered sections (1、… or 1. …)") end
  -- before the sections: header lines, the title, a view count, a summary
  local page = { header = {}, sections = {}, related = {} }
  local v
  for i = 1, first - 1 do
    if views_of(L[i].text) then v = i break end
  end
  local title_at, summary_from
  if v then
    if v == 1 then fail(L[v].n, "view count before any title") end
    page.views = shared.count(views_of(L[v].text))
    -- the title is the line before the count, unless that line is a date
    title_at = v - 1
    if L[title_at].text:find("^发布于") and title_at > 1 then title_at = title_at - 1 end
    summary_from = v + 1
  else
    title_at = first - 1
    while title_at >= 1 and is_sentence(L[title_at].text) do title_at = title_at - 1 end
    summary_from = title_at + 1
  end
  if title_at < 1 then fail(L[first].n, "no title before the numbered sections") end
  page.title, page.title_line = L[title_at].text, L[title_at].n
  for i = 1, title_at - 1 do page.header[#page.header + 1] = L[i].text end
  local summary = {}
  for i = summary_from, first - 1 do summary[#summary + 1] = L[i].text end
  if #summary > 0 then
    page.summary = { text = table.concat(summary, "\n"), line = L[summary_from].n }
  end
  -- what the summary lists as causes may head the sections, glued on
  local names = extract.summary(page.summary and page.summary.text or "").causes
  local function head(t) return numbering.section_head(t, names) end
  if not head(L[first].text) then
    fail(L[first].n, "numbered lines without headings: cannot tell the causes")
  end
  -- numbered sections, each a heading and its paragraphs (the first may
  -- stand on the heading's line); what follows the last section's first
  -- paragraph, up to the disclaimer or the related list, is the advice
  local i = first
  local function ends_section(t)
    return head(t) or is_disclaimer(t) or M.RELATED[t]
  end
  -- a closing heading ("总结") joins the advice, its text after it
  local function closing(t)
    local _, title, inline = head(t)
    return title and M.NOT_CAUSES[title] and (inline or "")
  end
  while L[i] and head(L[i].text) and not M.NOT_CAUSES[select(2, head(L[i].text))] do
    local num, title, inline = head(L[i].text)
    if num ~= #page.sections + 1 then
      fail(L[i].n, ("section %d follows section %d"):format(num, #page.sections))
    end
    local sec = { num = num, title = title, line = L[i].n, paragraphs = {} }
    if inline then sec.paragraphs[1] = { n = L[i].n, text = inline } end
    i = i + 1
    while L[i] and not ends_section(L[i].text) do
      sec.paragraphs[#sec.paragraphs + 1] = L[i]
      i = i + 1
    end
    if #sec.paragraphs == 0 then
      fail(sec.line, ("section %d (%s) has no text (truncated page?)"):format(num, title))
    end
    page.sections[#page.sections + 1] = sec
  end
  local lastsec = page.sections[#page.sections]
  local advice = {}
  while #lastsec.paragraphs > 1 do
    table.insert(advice, 1, table.remove(lastsec.paragraphs))
  end
  if L[i] and closing(L[i].text) then
    local inline = closing(L[i].text)
    if inline ~= "" then advice[#advice + 1] = { n = L[i].n, text = inline } end
    i = i + 1
    while L[i] and not is_disclaimer(L[i].text) and not M.RELATED[L[i].text] do
      advice[#advice + 1] = L[i]
      i = i + 1
    end
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
  if L[i] and is_disclaimer(L[i].text) then
    page.disclaimer = { text = L[i].text, line = L[i].n }
    i = i + 1
  end
  if L[i] and M.RELATED[L[i].text] then
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
  end
  -- what else follows (a site's footer) is not the page's
  page.key = shared.page_key("article:", lines)
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
  { "foods", "food", "food" },
  { "exams", "exam", "exam" },
  { "departments", "department", "department" },
  { "diseases", "disease", "rule_out" },
}

-- Whether a symptom named name is the page's symptom, or a part of its
-- name: a sign "抖动" on a page about 小腿肌肉抖动 is the symptom itself.
local function is_symptom(kind, name, symptom)
  return kind == "symptom" and symptom.name:find(name, 1, true) ~= nil
end

-- States that from relates to what text names, by rules; never to from
-- itself or to the symptom the page is about (nor makes that entity).
local function state_named(kb, state, from, text, rules, symptom)
  for _, rule in ipairs(rules) do
    local find, kind, rel = rule[1], rule[2], rule[3]
    for _, name in ipairs(extract[find](text)) do
      if not is_symptom(kind, name, symptom) then
        local target = kb:ensure(kind, name)
        if target ~= from then state(from, rel, target) end
      end
    end
  end
end

-- States what a cause paragraph names: drugs taken for the cause, said to
-- provoke the symptom (all of them in a section whose heading makes drugs
-- the cause) or named in passing; then the rules above.
local function load_section(ctx, state, symptom, cause, text)
  shared.state_drugs(ctx, state, cause, symptom, text,
                     { provoking = extract.is_drug_cause(cause.name, true) })
  state_named(ctx.kb, state, cause, text, M.SECTION_RULES, symptom)
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
  local parts, body = {}, {}
  if page.summary then
    parts[1] = { name = "summary", text = page.summary.text }
    body[1] = page.summary.text
  end
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
  -- drugs the title and the summary name, from the symptom
  shared.state_drugs(ctx, state, symptom, symptom, page.title,
                     { provoking = extract.is_drug_cause(page.title) })
  if page.summary then shared.state_drugs(ctx, state, symptom, symptom, page.summary.text) end
  local summary = extract.summary(page.summary and page.summary.text or "")
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
    shared.state_drugs(ctx, state, symptom, symptom, page.advice.text)
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
  if page.disclaimer then
    parts[#parts + 1] = { name = "disclaimer", text = page.disclaimer.text }
  end
  return kb:put_document{ kind = "article", key = page.key, title = page.title,
    body = table.concat(body, "\n"), source = ctx.file, parts = parts,
    counts = { views = page.views }, attrs = { site = page.header[1] }, links = links,
    statements = statements }
end

function M.import(ctx, src)
  local page = M.parse(src:read_all(shared.MAX_PAGE), ctx.file)
  local doc = ctx.kb:document("article", page.key)
  if doc then return ctx:done(true, doc) end
  local ok
  ok, doc = ctx:record(page.title_line, M.load, ctx, page)
  if ok then ctx:done(false, doc) end
end

return M
