-- medkb/import/qa.lua -- Q&A pages (问答): the breadcrumb (首页 > 科室 >
-- …), the question, "| N人回复", the question description (empty is a
-- value), the answering doctors (name and title, hospital), the related
-- Q&A (question, answer paragraphs, then the doctor's name and a line
-- "title hospital department"), the hot tags (热门标签), then site
-- navigation.  parse() makes a table, naming the line of what is missing;
-- load() writes questions, answers, one doctor entity per real doctor
-- (name and hospital), departments, tags and the aliases answers state.
-- Each answer states its doctor's hospital and department.

local errors = require "medkb.import.errors"
local extract = require "medkb.extract"
local shared = require "medkb.import.shared"

local M = {}

-- Doctors' professional titles, longest first.
M.TITLES = { "副主任医师", "主任医师", "主治医师", "住院医师", "副主任药师", "主任药师",
             "主管药师", "副教授", "教授", "医师", "药师" }

local function title_of(s)
  for _, t in ipairs(M.TITLES) do
    if s == t then return t end
  end
end

-- "张伟 主任医师" -> name, title
local function doctor_head(text)
  local name, title = text:match("^(%S+)%s+(%S+)$")
  if name and title_of(title) and (utf8.len(name) or 99) <= 6 then return name, title end
end

-- "主任医师 单县中心医院 全科" -> title, hospital, department
local function doctor_info(text)
  local title, hospital, dept = text:match("^(%S+)%s+(%S+)%s+(%S+)$")
  if title and title_of(title) then return title, hospital, dept end
end

local function is_name(text)
  local n = utf8.len(text)
  return n and n >= 2 and n <= 6 and not text:find("[%s%p]") and not text:find("。", 1, true)
end

--- parse(text, file) -> page
function M.parse(text, file)
  local L, last = shared.lines(text)
  local function fail(line, msg) errors.raise(file, line, msg) end
  local b = shared.find_line(L, "^首页%s*>")
  if not b then fail(nil, "not a Q&A page: no breadcrumb line (首页 > …)") end
  local page = { site = b > 1 and L[1].text or nil, path = {}, answers = {}, related = {},
                 tags = {} }
  for part in L[b].text:gmatch("[^>]+") do
    part = part:gsub("^%s+", ""):gsub("%s+$", "")
    if part ~= "" and part ~= "首页" then page.path[#page.path + 1] = part end
  end
  local i = b + 1
  if not L[i] then fail(last, "truncated page: no question after the breadcrumb") end
  page.title, page.title_line = L[i].text, L[i].n
  i = i + 1
  local replies = L[i] and L[i].text:match("^|?%s*(%d+)人回复$")
  if replies then
    page.replies = tonumber(replies)
    i = i + 1
  end
  if not L[i] or L[i].text ~= "问题描述" then
    fail(L[i] and L[i].n or last, "expected 问题描述 after the question")
  end
  i = i + 1
  local desc = {}
  while L[i] and L[i].text ~= "全部回答" do
    desc[#desc + 1] = L[i].text
    i = i + 1
  end
  if not L[i] then fail(last, "truncated page: no 全部回答 section") end
  page.description = table.concat(desc, "\n")
  i = i + 1
  -- the answers shown: a doctor line, the hospital, an optional 立即预约,
  -- and any answer text
  local current
  while L[i] and L[i].text ~= "相关问答" and L[i].text ~= "热门标签" do
    local name, title = doctor_head(L[i].text)
    if name then
      current = { doctor = { name = name, title = title }, text = {}, line = L[i].n }
      page.answers[#page.answers + 1] = current
      if L[i + 1] and L[i + 1].text ~= "立即预约" and not doctor_head(L[i + 1].text) then
        current.doctor.hospital = L[i + 1].text
        i = i + 1
      end
    elseif L[i].text ~= "立即预约" then
      if not current then fail(L[i].n, "answer text before any answering doctor") end
      current.text[#current.text + 1] = L[i].text
    end
    i = i + 1
  end
  for _, a in ipairs(page.answers) do a.text = table.concat(a.text, "\n") end
  if L[i] and L[i].text == "相关问答" then
    i = i + 1
    while L[i] and L[i].text ~= "热门标签" do
      local q = { title = L[i].text, line = L[i].n, text = {} }
      i = i + 1
      while L[i] and L[i].text ~= "热门标签"
          and not (is_name(L[i].text) and L[i + 1] and doctor_info(L[i + 1].text)) do
        q.text[#q.text + 1] = L[i].text
        i = i + 1
      end
      if not L[i] or L[i].text == "热门标签" then
        fail(q.line, ("related question %d has no answering doctor (truncated page?)"):format(
          #page.related + 1))
      end
      if #q.text == 0 then
        fail(q.line, ("related question %d has no answer"):format(#page.related + 1))
      end
      local title, hospital, dept = doctor_info(L[i + 1].text)
      q.doctor = { name = L[i].text, title = title, hospital = hospital, department = dept }
      q.text = table.concat(q.text, "\n")
      page.related[#page.related + 1] = q
      i = i + 2
    end
  end
  if not L[i] then fail(last, "truncated page: no 热门标签 (hot tags) section") end
  i = i + 1
  if L[i] then
    for tag in L[i].text:gmatch("%S+") do page.tags[#page.tags + 1] = tag end
  end
  page.key = shared.page_key("qa-page:", L)
  return page
end

-- {=== loading

-- The doctor entity for d: one per name and hospital.  A second doctor of
-- the same name elsewhere is named "name（hospital）".
local function doctor(kb, d)
  local e = kb:ensure("doctor", d.name)
  if d.hospital and e.attrs.hospital and e.attrs.hospital ~= d.hospital then
    e = kb:ensure("doctor", ("%s（%s）"):format(d.name, d.hospital))
  end
  e:set{ title = d.title, hospital = d.hospital, department = d.department }
  return e
end

-- What an answer states of its doctor d (the entity e): where they work.
local function doctor_statements(kb, e, d)
  local st = {}
  if d.hospital then st[#st + 1] = { e, "hospital", kb:ensure("hospital", d.hospital) } end
  if d.department then st[#st + 1] = { e, "department", kb:ensure("department", d.department) } end
  return st
end

-- The question document for a title.  A question seen in a related list
-- is made once and never overwritten from a list; the question's own page
-- (overwrite set) replaces what is known of it.
local function question(ctx, title, fields, overwrite)
  local key = shared.key("qa:", title)
  local q = ctx.kb:document("question", key)
  if q and not overwrite then return q end
  fields.kind, fields.key, fields.title, fields.source = "question", key, title, ctx.file
  return ctx.kb:put_document(fields)
end

-- The answer document to q by doctor d, with the drugs it names and what
-- it states of the doctor.
local function answer(ctx, q, text, d)
  local kb = ctx.kb
  local e = doctor(kb, d)
  local key = shared.key("qa-answer:", q.key, e.name, text)
  local links = { { type = "answers", target = q }, { type = "doctor", target = e } }
  for _, drug in ipairs(extract.drugs(text, nil)) do
    links[#links + 1] = { type = "mentions", target = kb:ensure("drug", drug.name) }
  end
  return kb:document("answer", key) or kb:put_document{ kind = "answer", key = key, body = text,
    source = ctx.file, links = links, statements = doctor_statements(kb, e, d) }
end

function M.load(ctx, page)
  local kb = ctx.kb
  local links, depts = shared.about(kb, page.title), {}
  for _, name in ipairs(page.path) do
    if not depts[name] then
      depts[name] = true
      links[#links + 1] = { type = "department", target = kb:ensure("department", name) }
    end
  end
  for _, tag in ipairs(page.tags) do
    links[#links + 1] = { type = "tag", target = kb:ensure("tag", tag) }
  end
  for _, r in ipairs(page.related) do
    local rlinks, rsubject = shared.about(kb, r.title)
    local rq = question(ctx, r.title, { links = rlinks, counts = { replies = 1 } }, false)
    answer(ctx, rq, r.text, r.doctor)
    shared.load_aliases(kb, r.text, rsubject)
    links[#links + 1] = { type = "related", target = rq }
  end
  local q = question(ctx, page.title, { body = page.description, links = links,
    counts = { replies = page.replies }, attrs = { site = page.site,
    path = table.concat(page.path, " > "), page_key = page.key } }, true)
  for _, a in ipairs(page.answers) do
    answer(ctx, q, a.text, a.doctor)
  end
  return q
end

function M.import(ctx, src)
  local page = M.parse(src:read_all(shared.MAX_PAGE), ctx.file)
  local q = ctx.kb:document("question", shared.key("qa:", page.title))
  if q and q.attrs.page_key == page.key then return ctx:done(true) end
  if ctx:record(page.title_line, M.load, ctx, page) then ctx:done(false) end
end

return M
