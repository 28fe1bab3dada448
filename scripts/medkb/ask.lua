-- medkb/ask.lua -- answering questions from the knowledge base: what
-- kb:ask and `medkb ask` run.
--
-- A question is read in three steps.  The entities it names are found by
-- the core's automaton of every name and alias (kb:_match_names, longest
-- first).  What it asks is the question TYPE whose cue, a Lua pattern,
-- matches the most of the rest of the question, among the types that
-- apply to the kind of entity named (有什么症状 asks for the signs of a
-- disease, 会引起什么 after a drug asks what it provokes).  The type
-- gathers its facts from the knowledge base (relations, with the
-- documents that state them) and an answer template makes the sentence,
-- each fact followed by the numbers of the documents it comes from.
--
-- Nothing is made up: a question naming nothing the knowledge base holds,
-- or asking what it holds nothing of, is answered so, plainly.  A user
-- script adds a type with M.add_type (or kb:ask(q, {types = {...}})).

local core = require "medkb.core"
local search = require "medkb.search"

local text = core.text
local page_of = search.page_of

local M = {}

-- {=== answers that say the knowledge base has nothing

M.NOTHING_NAMED = "知识库里没有关于“%s”的内容。"
M.NOTHING_OF = "知识库里没有%s的%s。"
M.NOT_UNDERSTOOD = "知识库里有%s，但没有读懂问的是它的什么。知识库里有它的%s。"
M.NOTHING_AT_ALL = "知识库里没有%s的任何事实。"

-- How facts found through a cause are marked (after them), unless the
-- type says otherwise (its group).
M.GROUP = "（针对%s）"
-- Items named in an answer at most; the rest are counted.
M.MAX_ITEMS = 12
-- Names shorter than this (in characters) are not taken as what a
-- question is about: a single character is part of too many words.
M.MIN_NAME = 2

-- {=== gathering facts

-- A fact: {name =, entity =, sources = {Document...}, group = name of
-- what it was found through (a cause), or nil}.

-- Documents that state a merged relation, as pages (an answer is cited
-- as its question).
local function sources_of(rel)
  local docs = {}
  for _, s in ipairs(rel.sources or {}) do
    if s.document then docs[#docs + 1] = page_of(s.document) end
  end
  return docs
end

-- The facts of e's outgoing relations of one type (incoming when back).
local function relations(e, rtype, back, group)
  local out = {}
  local function take(other, rel)
    out[#out + 1] = { name = other.name, entity = other, sources = sources_of(rel), group = group }
  end
  if back then
    for other, rel in e:incoming(rtype) do take(other, rel) end
  else
    for other, rel in e:related(rtype) do take(other, rel) end
  end
  return out
end

-- e's causes (a symptom's, as the knowledge base ranks them).
local function causes_of(e)
  local list = {}
  for c in e:related("cause") do list[#list + 1] = c end
  return list
end

--- gather(e, spec) -> facts: spec.out, a list of relation types read
-- from e; spec.back, types read into e; spec.via_causes, the same out
-- types read from each of e's causes too (grouped by cause).
function M.gather(e, spec)
  local facts, seen = {}, {}
  local function add(list)
    for _, f in ipairs(list) do
      local k = f.entity.id .. "|" .. (f.group or "")
      if not seen[k] then
        seen[k] = true
        facts[#facts + 1] = f
      end
    end
  end
  for _, t in ipairs(spec.out or {}) do add(relations(e, t)) end
  for _, t in ipairs(spec.back or {}) do add(relations(e, t, true)) end
  if spec.via_causes then
    for _, c in ipairs(causes_of(e)) do
      for _, t in ipairs(spec.out or {}) do add(relations(c, t, false, c.name)) end
    end
  end
  return facts
end

-- The documents about e, as pages (an answer gives its question).
local function pages_about(e, limit)
  local pages, seen = {}, {}
  for doc, link in e:documents() do
    if link.type == "about" then
      local p = page_of(doc)
      if not seen[p.id] then
        seen[p.id] = true
        pages[#pages + 1] = p
        if limit and #pages >= limit then break end
      end
    end
  end
  return pages
end

-- The departments of pages, most often first: facts with n (how many
-- pages) and the pages as sources (at most max_sources each, when given),
-- and how many department links there were in all.
local function department_tally(pages, max_sources)
  local by, list, links = {}, {}, 0
  for _, page in ipairs(pages) do
    for d, link in page:entities("department") do
      if link.type == "department" then
        links = links + 1
        local f = by[d.id]
        if not f then
          f = { name = d.name, entity = d, sources = {}, n = 0 }
          by[d.id] = f
          list[#list + 1] = f
        end
        f.n = f.n + 1
        if not max_sources or #f.sources < max_sources then f.sources[#f.sources + 1] = page end
      end
    end
  end
  table.sort(list, function(a, b)
    if a.n ~= b.n then return a.n > b.n end
    return a.name < b.name
  end)
  return list, links
end

-- Departments to visit for e: those the knowledge base relates it to,
-- then those of the questions about it, most often first.
local function departments(e, kb)
  local facts = relations(e, "department")
  local seen = {}
  for _, f in ipairs(facts) do seen[f.entity.id] = true end
  for _, f in ipairs((department_tally(pages_about(e, 200)))) do
    if not seen[f.entity.id] then facts[#facts + 1] = f end
  end
  -- else the departments of the questions with its name in their titles
  if #facts == 0 then return M.departments_of_questions(kb, e.name) end
  return facts
end

-- Questions taken, and how many must have a department, when departments
-- are found from the words of questions' titles.
M.TITLE_QUESTIONS = 100
M.MIN_QUESTIONS = 3

--- departments_of_questions(kb, words) -> facts: the departments of the
-- questions whose titles have words, most often first, each with those
-- questions as sources (at most M.TITLE_QUESTIONS questions; none unless
-- at least M.MIN_QUESTIONS have a department).
function M.departments_of_questions(kb, words)
  local questions = {}
  for id in kb:_search_titles(search.quoted(words), "question", nil, nil, M.TITLE_QUESTIONS) do
    questions[#questions + 1] = kb:document(id)
  end
  local list, links = department_tally(questions, 3)
  if links < M.MIN_QUESTIONS then return {} end
  for _, f in ipairs(list) do f.name = ("%s（%d问）"):format(f.name, f.n) end
  return list
end

-- Doctors who answered questions about e, with their titles and
-- hospitals, and the answers as sources.
local function doctors(e)
  local facts, by = {}, {}
  local function take(answer)
    for d in answer:entities("doctor") do
      local f = by[d.id]
      if not f then
        local at = d.attrs
        local about = {}
        for _, k in ipairs{ "title", "hospital", "department" } do
          if at[k] and at[k] ~= "" then about[#about + 1] = at[k] end
        end
        f = { name = #about > 0 and ("%s(%s)"):format(d.name, table.concat(about, " ")) or d.name,
              entity = d, sources = {} }
        by[d.id] = f
        facts[#facts + 1] = f
      end
      f.sources[#f.sources + 1] = page_of(answer)
    end
  end
  for doc, link in e:documents() do
    if link.type == "about" then
      if doc.kind == "answer" then take(doc) end
      if doc.kind == "question" then
        for a in doc:referrers("answers") do take(a) end
      end
    end
  end
  return facts
end

-- What e is: its description, else the opening of the summary of a
-- document about it.
local function description(e)
  local d = e.attrs.description
  if d and d ~= "" then return { { name = d, entity = e, sources = {} } } end
  for _, page in ipairs(pages_about(e, 20)) do
    local s = page:part("summary")
    if s and s ~= "" then
      s = s:match("^(.-。)") or s
      return { { name = s, entity = e, sources = { page } } }
    end
  end
  return {}
end

-- Drugs said to provoke symptom e: drugs that may provoke it, and the
-- provoking drugs of its causes.
local function provoking(e)
  local facts = relations(e, "may_provoke", true)
  for _, f in ipairs(relations(e, "provoking_drug")) do facts[#facts + 1] = f end
  local seen = {}
  local unique = {}
  for _, f in ipairs(facts) do
    if not seen[f.entity.id] then
      seen[f.entity.id] = true
      unique[#unique + 1] = f
    else
      -- the same drug from another relation: its sources join
      for _, u in ipairs(unique) do
        if u.entity == f.entity then
          for _, d in ipairs(f.sources) do u.sources[#u.sources + 1] = d end
        end
      end
    end
  end
  facts = unique
  for _, c in ipairs(causes_of(e)) do
    for _, f in ipairs(relations(c, "provoking_drug")) do
      if not seen[f.entity.id] then
        seen[f.entity.id] = true
        facts[#facts + 1] = f
      end
    end
  end
  return facts
end

-- {=== the question types

local SUBJECTS = { "symptom", "disease", "cause" }

-- Each type: id; what (what the answer is about, for the "nothing"
-- answer); cues (Lua patterns over the question, folded, with the
-- entity's name taken out; a pattern works on bytes, so a quantifier
-- after a Chinese character or a set of them is no use: write each
-- form); kinds (of the entity asked about); facts (a spec for gather,
-- or a function(e, kb) -> facts); answer (a template: {subject} the
-- entity's name, {facts} the items, with the documents they come
-- from); none (the answer when there are no facts, else NOTHING_OF with
-- what); group (how facts found through a cause are marked); unnamed
-- (function(kb, words) -> facts, for a question naming no entity) with
-- unnamed_answer.  Earlier types win ties.
M.TYPES = {
  { id = "provoking_drugs", what = "会引起它的药物", kinds = { "symptom" },
    cues = { "什么药.-引起", "什么药.-导致", "什么药.-诱发", "哪些药.-引起", "哪些药.-导致", "哪些药.-诱发",
             "哪种药.-引起", "哪种药.-导致", "药.-引起", "药.-导致", "药.-诱发", "药物副作用", "药副作用",
             "药物不良反应", "吃药引起", "用药引起" },
    facts = provoking, answer = "可能引起{subject}的药物有{facts}。" },
  { id = "side_effects", what = "副作用", kinds = { "drug" },
    cues = { "副作用", "不良反应", "引起什么", "导致什么", "有什么反应", "危害" },
    facts = { out = { "may_provoke" } }, answer = "{subject}可能引起{facts}。" },
  { id = "department", what = "就诊科室", kinds = { "symptom", "disease", "cause" },
    cues = { "挂什么科", "挂哪个科", "挂哪科", "看什么科", "看哪个科", "看哪科", "去哪个科室", "哪个科室", "去哪个科", "哪个科",
             "什么科", "哪科", "科室", "挂号",
             "去哪.-看", "看什么医生" },
    facts = departments, answer = "{subject}可以看{facts}。",
    unnamed = function(kb, words) return M.departments_of_questions(kb, words) end,
    unnamed_answer = "标题里有“{subject}”的问题多在{facts}。" },
  { id = "doctors", what = "回答过的医生", kinds = { "symptom", "disease", "cause" },
    cues = { "哪些医生", "哪位医生", "什么医生.-回答", "医生.-回答", "谁回答", "专家", "哪些大夫", "哪位大夫" },
    facts = doctors, answer = "回答过{subject}问题的医生有{facts}。",
    none = "知识库里没有回答过{subject}问题的医生。" },
  { id = "drug_uses", what = "用途", kinds = { "drug" },
    cues = { "治什么", "治疗什么", "用于", "适用", "作用", "功效", "干什么", "管什么", "能治", "主治", "什么时候用",
             "用来" },
    facts = { back = { "drug" } }, answer = "{subject}用于{facts}。" },
  { id = "exam_uses", what = "用途", kinds = { "exam" },
    cues = { "查什么", "检查什么", "能查出", "用来", "作用", "为什么要做", "查出" },
    facts = { back = { "exam" } }, answer = "{subject}用于检查{facts}。" },
  { id = "food_uses", what = "食用的好处", kinds = { "food" },
    cues = { "好处", "对什么好", "适合", "作用", "功效", "治什么" },
    facts = { back = { "food" } }, answer = "{subject}适合{facts}时食用。" },
  { id = "food_avoided_by", what = "忌口的情况", kinds = { "food" },
    cues = { "不能吃", "忌", "不宜", "不适合", "哪些人不" },
    facts = { back = { "avoid_food" } }, answer = "{facts}时不宜吃{subject}。" },
  { id = "avoid_foods", what = "忌口", kinds = SUBJECTS,
    cues = { "不能吃", "忌口", "忌吃", "不宜吃", "不要吃", "少吃", "避免吃", "禁忌", "别吃" },
    facts = { out = { "avoid_food" }, via_causes = true }, answer = "{subject}要少吃{facts}。" },
  { id = "drugs", what = "药物", kinds = SUBJECTS,
    cues = { "吃什么药", "用什么药", "什么药", "哪些药", "哪种药", "药物", "用药", "吃药", "药" },
    facts = { out = { "drug" }, via_causes = true }, answer = "{subject}可以在医生指导下使用{facts}。" },
  { id = "foods", what = "宜吃的食物", kinds = SUBJECTS,
    cues = { "吃什么好", "吃什么", "吃点什么", "食物", "饮食", "食疗", "多吃", "补什么", "吃哪些" },
    facts = { out = { "food" }, via_causes = true }, answer = "{subject}宜多吃{facts}。" },
  { id = "exams", what = "检查", kinds = SUBJECTS,
    cues = { "检查", "查什么", "化验", "检验", "确诊", "诊断", "查哪些" },
    facts = { out = { "exam" }, via_causes = true }, answer = "{subject}可做{facts}等检查。" },
  { id = "complications", what = "并发症", kinds = SUBJECTS,
    cues = { "并发症", "后果", "危害", "后遗症" },
    facts = { out = { "complication" } }, answer = "{subject}可能并发{facts}。" },
  { id = "diseases", what = "相关的疾病", kinds = { "symptom", "cause" },
    cues = { "什么病", "哪些病", "哪种病", "疾病", "得了什么", "是不是.-病", "病的前兆", "前兆", "引起什么病",
             "导致什么病", "引起哪些病", "导致哪些病", "什么疾病" },
    facts = function(e)
      local facts = M.gather(e, { out = { "rule_out", "disease" } })
      for _, c in ipairs(causes_of(e)) do
        for _, f in ipairs(relations(c, "disease", false, c.name)) do facts[#facts + 1] = f end
      end
      return facts
    end,
    answer = "{subject}可能与{facts}有关，需由医生排查。", group = "（与%s有关）" },
  { id = "signs", what = "症状", kinds = { "cause", "disease" },
    cues = { "症状", "表现", "征兆", "迹象", "体征", "会怎么样", "引起什么", "导致什么", "有什么反应" },
    facts = { out = { "sign" }, back = { "cause" } }, answer = "{subject}可能表现为{facts}。" },
  { id = "causes", what = "原因", kinds = { "symptom", "disease" },
    cues = { "原因", "为什么", "为何", "怎么回事", "咋回事", "怎么引起", "什么引起", "引起的", "导致的", "病因",
             "怎么会", "诱因" },
    facts = { out = { "cause" } }, answer = "{subject}可能由{facts}等原因引起。" },
  { id = "treatments", what = "治疗方法", kinds = SUBJECTS,
    cues = { "治疗", "怎么治", "如何治", "怎么办", "咋办", "缓解", "处理", "治好", "疗法", "办法", "调理", "改善",
             "怎么弄" },
    facts = { out = { "treatment" } }, answer = "{subject}可以通过{facts}等方式缓解。" },
  { id = "prevention", what = "预防方法", kinds = SUBJECTS,
    cues = { "预防", "防止", "怎么避免", "如何避免", "怎样避免" },
    facts = { out = { "prevention" } }, answer = "预防{subject}可以{facts}。" },
  { id = "duration", what = "病程", kinds = SUBJECTS,
    cues = { "多久", "多长时间", "几天", "多少天", "周期", "病程" },
    facts = { out = { "duration" } }, answer = "{subject}一般持续{facts}。" },
  { id = "cure_rate", what = "治愈率", kinds = SUBJECTS,
    cues = { "治愈率", "能治好吗", "能治愈", "治得好", "能好吗", "能根治", "好治" },
    facts = { out = { "cure_rate" } }, answer = "{subject}的治愈率：{facts}。" },
  { id = "susceptible", what = "易感人群", kinds = SUBJECTS,
    cues = { "哪些人", "什么人", "易感", "高发", "容易得", "好发", "谁容易" },
    facts = { out = { "susceptible" } }, answer = "{subject}多见于{facts}。" },
  { id = "description", what = "介绍", kinds = { "symptom", "disease", "cause", "drug", "exam", "treatment",
                                                  "food" },
    cues = { "是什么$", "是什么[?？]?$", "什么是", "介绍", "简介", "是啥", "什么意思", "指什么" },
    facts = description, answer = "{facts}" },
}

--- add_type(t [, before]) adds question type t (the shape of M.TYPES)
-- at the end, or before the type with id before.
function M.add_type(t, before)
  assert(type(t) == "table" and t.id and t.cues and t.facts and t.answer,
    "a question type needs id, cues, facts and answer")
  for i, x in ipairs(M.TYPES) do
    if x.id == t.id then
      M.TYPES[i] = t
      return
    end
  end
  for i, x in ipairs(M.TYPES) do
    if x.id == before then
      table.insert(M.TYPES, i, t)
      return
    end
  end
  M.TYPES[#M.TYPES + 1] = t
end

-- {=== reading a question

local function len(s)
  return utf8.len(s) or #s
end

--- recognise(kb, q) -> the entities q names, in order: {entity =, text
-- = as written, start =, stop = byte positions}, one per name (the
-- entities of one name together).
function M.recognise(kb, q)
  local out = {}
  for _, m in ipairs(kb:_match_names(q)) do
    local written = q:sub(m[1], m[2])
    if len(written) >= M.MIN_NAME then
      local e = kb:entity(m[3])
      if e then out[#out + 1] = { entity = e, text = written, start = m[1], stop = m[2] } end
    end
  end
  return out
end

-- How much of rest a type's cues match: the longest match, in bytes.
local function cue_score(t, rest)
  local best = 0
  for _, cue in ipairs(t.cues) do
    local s, e = rest:find(cue)
    if s and e - s + 1 > best then best = e - s + 1 end
  end
  return best
end

local function applies(t, e)
  if not t.kinds then return true end
  for _, k in ipairs(t.kinds) do if k == e.kind then return true end end
  return false
end

--- classify(q, found [, types]) -> type, the entity asked about; nil when
-- no type's cue matches for an entity named.
function M.classify(q, found, types)
  types = types or M.TYPES
  -- the question without the names: a name's own words are no cue
  local rest = q
  local cut = nil
  for i = #found, 1, -1 do
    -- the entities of one name share its span: it is taken out once
    if found[i].start ~= cut then
      rest = rest:sub(1, found[i].start - 1) .. "\0" .. rest:sub(found[i].stop + 1)
      cut = found[i].start
    end
  end
  rest = text.fold(rest)
  local best, best_score, subject = nil, 0, nil
  for _, t in ipairs(types) do
    local score = cue_score(t, rest)
    if score > best_score then
      for _, f in ipairs(found) do
        if applies(t, f.entity) then
          best, best_score, subject = t, score, f.entity
          break
        end
      end
    end
  end
  return best, subject
end

-- {=== answering

-- Citations: each source document numbered once, in the order cited.
local function citer()
  local list, index = {}, {}
  return list, function(docs)
    local nums = {}
    for _, d in ipairs(docs) do
      if not index[d.id] then
        list[#list + 1] = d
        index[d.id] = #list
      end
      local n = index[d.id]
      local dup = false
      for _, x in ipairs(nums) do if x == n then dup = true end end
      if not dup then nums[#nums + 1] = n end
    end
    table.sort(nums)
    if #nums == 0 then return "" end
    local s = {}
    for i, n in ipairs(nums) do s[i] = tostring(n) end
    return "[" .. table.concat(s, ",") .. "]"
  end
end

-- The items of an answer: each fact with its citations; facts found
-- through a cause are grouped after it (缺钙:碳酸钙D3片[1]、…).
local function items(facts, cite, group_label)
  local groups, by, plain = {}, {}, {}
  local shown = 0
  for _, f in ipairs(facts) do
    if shown < M.MAX_ITEMS then
      shown = shown + 1
      local item = f.name .. cite(f.sources)
      if f.group then
        if not by[f.group] then
          by[f.group] = {}
          groups[#groups + 1] = f.group
        end
        table.insert(by[f.group], item)
      else
        plain[#plain + 1] = item
      end
    end
  end
  local parts = {}
  if #plain > 0 then parts[#parts + 1] = table.concat(plain, "、") end
  for _, g in ipairs(groups) do
    parts[#parts + 1] = table.concat(by[g], "、") .. (group_label or M.GROUP):format(g)
  end
  local s = table.concat(parts, "；")
  if #facts > shown then s = s .. ("等%d项"):format(#facts) end
  return s
end

-- What a relation type is called in an answer.
M.LABELS = { cause = "原因", drug = "药物", food = "宜吃的食物", exam = "检查", treatment = "治疗方法",
             department = "就诊科室", sign = "症状", disease = "相关疾病", rule_out = "需排查的疾病",
             provoking_drug = "会引起它的药物", may_provoke = "可能引起的症状", avoid_food = "忌口",
             complication = "并发症", prevention = "预防方法", hospital = "医院" }

-- What the knowledge base holds of e, by relation type, for an answer
-- that could not tell what was asked.
local function holdings(e)
  local seen, list = {}, {}
  for _, rel in e:related() do
    if not seen[rel.type] then
      seen[rel.type] = true
      list[#list + 1] = M.LABELS[rel.type] or rel.type
    end
  end
  return list
end

-- The words of q that say what it is about, for "nothing named".
local function topic(q)
  local words, long = {}, {}
  for _, seg in ipairs(search.segments(q)) do
    for _, w in ipairs(search.words(seg)) do
      words[#words + 1] = w
      if len(w) >= 2 then long[#long + 1] = w end
    end
  end
  return table.concat(#long > 0 and long or words)
end

-- Fills answer a from facts of type t: template with {subject} and
-- {facts}, the documents cited.
local function answered(a, t, template, subject, facts)
  local list, cite = citer()
  local body = items(facts, cite, t.group)
  a.text = template:gsub("{(%w+)}", function(k)
    if k == "subject" then return subject end
    if k == "facts" then return body end
  end)
  a.facts, a.sources, a.known = facts, list, true
end

-- M.ask, its argument checked.
local function ask(kb, q, opts)
  local types = M.TYPES
  if opts.types then
    types = {}
    for _, t in ipairs(opts.types) do types[#types + 1] = t end
    for _, t in ipairs(M.TYPES) do types[#types + 1] = t end
  end
  local found = M.recognise(kb, q)
  local a = { question = q, known = false, facts = {}, sources = {}, entities = {} }
  for i, f in ipairs(found) do a.entities[i] = f.entity end
  if #found == 0 then
    -- a type may answer for words that name no entity (the departments
    -- of the questions that have them in their titles)
    local folded = text.fold(q)
    local best, best_score = nil, 0
    for _, t in ipairs(types) do
      if t.unnamed then
        local score = cue_score(t, folded)
        if score > best_score then best, best_score = t, score end
      end
    end
    -- what is asked about: the question without any cue (the longest
    -- first), its words of two characters or more
    local rest, cues = folded, {}
    for _, t in ipairs(types) do
      for _, cue in ipairs(t.cues) do cues[#cues + 1] = { cue, #cues } end
    end
    table.sort(cues, function(x, y)
      if #x[1] ~= #y[1] then return #x[1] > #y[1] end
      return x[2] < y[2]
    end)
    for _, cue in ipairs(cues) do rest = rest:gsub(cue[1], " ") end
    local words = topic(rest)
    a.text = M.NOTHING_NAMED:format(words ~= "" and words or q)
    if best and words ~= "" and len(words) >= M.MIN_NAME then
      local facts = best.unnamed(kb, words)
      if #facts > 0 then
        a.type, a.topic = best.id, words
        answered(a, best, best.unnamed_answer or best.answer, words, facts)
      end
    end
    return a
  end
  local t, e = M.classify(q, found, types)
  if not t then
    e = found[1].entity
    a.subject = e
    local have = holdings(e)
    a.text = #have > 0 and M.NOT_UNDERSTOOD:format(e.name, table.concat(have, "、"))
                       or M.NOTHING_AT_ALL:format(e.name)
    return a
  end
  a.type, a.subject = t.id, e
  local facts = type(t.facts) == "function" and t.facts(e, kb) or M.gather(e, t.facts)
  a.facts = facts
  if #facts == 0 then
    a.text = t.none and t.none:gsub("{subject}", e.name) or M.NOTHING_OF:format(e.name, t.what or t.id)
    return a
  end
  answered(a, t, t.answer, e.name, facts)
  return a
end

--- ask(kb, q [, opts]) -> answer: {question =, known = whether the
-- knowledge base answers it, type = id, subject = Entity, text = the
-- sentence, facts = {{name =, entity =, sources = {Document}, group =}},
-- sources = {Document, in the order cited}, entities = what q names}.
-- opts.types: more question types, tried before the built-in ones.
-- Its queries read one snapshot (kb:read).
function M.ask(kb, q, opts)
  if type(q) ~= "string" then error("bad argument #1 to 'ask' (string expected)", 3) end
  return kb:read(ask, kb, q, opts or {})
end

return M
