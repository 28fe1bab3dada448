-- medkb/related.lua -- the documents most like a document: what
-- kb:related_documents and `medkb related` give, and what a page shows as
-- its related list when it has none of its own.
--
-- A document is described by the entities it is about and states (its
-- symptom, causes, drugs, diseases …, each weighed by how it holds them)
-- and by the words of its title; other documents that name them are found through
-- the search index (at most CANDIDATES, the newest, so that a common name
-- never makes every document that has it a candidate) and scored by how
-- much of that they name, in their titles most.  Documents about the same
-- entity score more.  An answer stands for its question.  Never the
-- document itself (nor its own question or answers), and never two near
-- duplicates: a candidate whose title and opening are nearly those of one
-- already taken (or of the document) is left out.

local core = require "medkb.core"
local search = require "medkb.search"

local text = core.text
local page_of, quoted = search.page_of, search.quoted

local M = {}

-- How much naming an entity counts, by how the document holds it: the
-- entity it is about, or what it links to (LINK_WEIGHTS), or what its
-- statements relate (STATEMENT_WEIGHTS, by the relation's type).
M.LINK_WEIGHTS = { about = 18, cause = 4, treatment = 2, tag = 2, department = 1 }
M.STATEMENT_WEIGHTS = { cause = 4, disease = 3, drug = 3, provoking_drug = 3, treatment = 2,
                        exam = 1, food = 1, sign = 1, department = 1, rule_out = 1 }
-- How much a word of the title counts (by its length squared, as search).
M.TITLE_WORD_WEIGHT = 1
-- Words of a title that say too little to make documents alike.
M.GENERIC = {}
for w in ([[治疗 症状 原因 方法 特点 还是 患者 时候 注意 影响 什么 怎么 如何 哪些 可以 需要 问题 情况
  医生 医院 病人 孩子 宝宝 女性 男性 身体 引起 导致 出现 有效 效果 办法]]):gmatch("%S+") do
  M.GENERIC[w] = true
end
-- Phrases asked for at most, the heaviest.
M.MAX_PHRASES = 8
-- Candidates taken from the index for each phrase (the newest), and
-- for each entity the document is about.
M.PER_PHRASE = 16
M.SAME_SUBJECT_LIMIT = 20
-- A document about the same entity as this one.
M.SAME_SUBJECT = 20
-- Two documents are near duplicates when this share of the character
-- pairs of their titles and openings is the same.
M.NEAR_DUPLICATE = 0.7
-- Characters of the opening compared.
M.OPENING = 60

local function len(s)
  return utf8.len(s) or #s
end

-- A document's likeness: the words of its title, and the set of
-- character pairs of its title and opening, folded.
local function likeness(doc)
  local f = doc:fields()
  local body = f.body
  local cut = utf8.offset(body, M.OPENING + 1)
  if cut then body = body:sub(1, cut - 1) end
  -- the title by the words that say what it is about: 小腿抽筋是怎么回事
  -- and 小腿抽筋怎么回事 are the same question
  local title = table.concat(search.words((text.fold(f.title):gsub("[%p%s]", ""))), "")
  local pairs_, n, prev = {}, 0, nil
  for _, c in utf8.codes((text.fold(f.title .. "|" .. body):gsub("%s+", ""))) do
    if prev then
      local k = prev * 0x110000 + c  -- the pair as one number
      if not pairs_[k] then pairs_[k] = true n = n + 1 end
    end
    prev = c
  end
  return { title = title, pairs = pairs_, n = n }
end

-- Whether two likenesses are near duplicates: titles of the same words,
-- or most character pairs the same.
local function similar(a, b)
  if a.title ~= "" and a.title == b.title then return true end
  if a.n == 0 or b.n == 0 then return a.n == b.n end
  local common = 0
  for k in pairs(a.pairs) do if b.pairs[k] then common = common + 1 end end
  return common / (a.n + b.n - common) >= M.NEAR_DUPLICATE
end

-- What doc is about and states, as {name = weight}, and the entities it
-- is about.
local function described(doc)
  local names, about = {}, {}
  local function add(name, w)
    name = text.fold(name)
    if len(name) >= 2 and w > (names[name] or 0) then names[name] = w end
  end
  for e, link in doc:entities() do
    local w = M.LINK_WEIGHTS[link.type]
    if w then add(e.name, w) end
    if link.type == "about" then about[#about + 1] = e end
  end
  for st in doc:statements() do
    local w = M.STATEMENT_WEIGHTS[st.type]
    if w then add(st.dst.name, w) end
  end
  -- words of the title; single characters next to each other are read
  -- as one word (缺 钙 is 缺钙), the dictionary not knowing every name
  local run = {}
  local function title_word(w)
    if len(w) >= 2 and not M.GENERIC[w] then add(w, M.TITLE_WORD_WEIGHT * len(w) ^ 2) end
  end
  local function flush()
    if #run > 1 then title_word(table.concat(run)) end
    run = {}
  end
  for _, w in ipairs(search.words(doc.title)) do
    if len(w) == 1 and w:find("^[\xE4-\xE9]") then
      run[#run + 1] = w
    else
      flush()
      title_word(w)
    end
  end
  flush()
  return names, about
end

-- The documents phrase finds, {id, score, kind} each, through cache
-- when one is given (a site asks for the same names again and again).
local function phrase_hits(kb, phrase, cache)
  local hits = cache and cache.phrases[phrase]
  if hits then return hits end
  hits = {}
  for id, score, dkind in kb:_search_documents(quoted(phrase), nil, "3,1", "1", M.PER_PHRASE) do
    hits[#hits + 1] = { id, score, dkind }
  end
  if cache then cache.phrases[phrase] = hits end
  return hits
end

--- cache() -> a cache for related_documents over many documents of one
-- state of the knowledge base (a site's build): what each name finds,
-- and each document's likeness, are worked out once.
function M.cache()
  return { phrases = {}, likeness = {} }
end

-- M.related_documents, n given.
local function related_documents(kb, doc, n, cache)
  local function like(page)
    local l = cache and cache.likeness[page.id]
    if not l then
      l = likeness(page)
      if cache then cache.likeness[page.id] = l end
    end
    return l
  end
  local self_page = page_of(doc)
  local names, about = described(doc)
  -- an answer is described by its question too
  if self_page ~= doc then
    local more, more_about = described(self_page)
    for k, w in pairs(more) do if w > (names[k] or 0) then names[k] = w end end
    for _, e in ipairs(more_about) do about[#about + 1] = e end
  end
  local phrases = {}
  for name, w in pairs(names) do phrases[#phrases + 1] = { name = name, w = w } end
  table.sort(phrases, function(a, b)
    if a.w ~= b.w then return a.w > b.w end
    return a.name < b.name
  end)
  while #phrases > M.MAX_PHRASES do phrases[#phrases] = nil end

  local cands, by_id = {}, {}
  local function add(id, score, shared, dkind)
    local c = by_id[id]
    if not c then
      c = { id = id, kind = dkind, score = 0, shared = {}, seen = {} }
      by_id[id] = c
      cands[#cands + 1] = c
    end
    c.score = c.score + score
    if shared and not c.seen[shared] then
      c.seen[shared] = true
      c.shared[#c.shared + 1] = shared
    end
  end
  -- each phrase on its own, so that every name brings its candidates:
  -- a document naming several of them sums their weights
  for _, p in ipairs(phrases) do
    for _, h in ipairs(phrase_hits(kb, p.name, cache)) do
      add(h[1], p.w * (1 + 0.25 * h[2]), p.name, h[3])
    end
  end
  for _, e in ipairs(about) do
    local taken = 0
    for other, link in e:documents("about") do
      if link.type == "about" then
        add(other.id, M.SAME_SUBJECT, e.name)
        taken = taken + 1
        if taken >= M.SAME_SUBJECT_LIMIT then break end
      end
    end
  end
  -- the best few, in order: the rest are never looked at
  local best = {}
  local function better(a, b)
    if a.score ~= b.score then return a.score > b.score end
    return a.id > b.id
  end
  local keep = 4 * n + 8
  for _, c in ipairs(cands) do
    if #best < keep or better(c, best[#best]) then
      local i = #best + 1
      while i > 1 and better(c, best[i - 1]) do i = i - 1 end
      table.insert(best, i, c)
      if #best > keep then best[#best] = nil end
    end
  end
  cands = best

  local mine = like(self_page)
  local taken, out, info, pages = {}, {}, {}, { [self_page.id] = true, [doc.id] = true }
  for _, c in ipairs(cands) do
    if #out >= n then break end
    local other = kb:document(c.id)
    local page = other and (c.kind == "answer" or c.kind == nil) and page_of(other) or other
    if page and not pages[page.id] then
      pages[page.id] = true
      local l = like(page)
      local dup = similar(mine, l)
      for _, t in ipairs(taken) do
        if dup then break end
        dup = similar(t, l)
      end
      if not dup then
        taken[#taken + 1] = l
        out[#out + 1] = page
        info[#info + 1] = { score = c.score, shared = c.shared }
      end
    end
  end
  return out, info
end

--- related_documents(kb, doc [, n [, cache]]) -> list of up to n (5)
-- Documents, most like doc first, and a list of the same length of
-- {score =, shared = {names…}}: what each was found by.  cache: from
-- M.cache(), when many documents are asked about.
-- Its queries read one snapshot (kb:read).
function M.related_documents(kb, doc, n, cache)
  return kb:read(related_documents, kb, doc, n or 5, cache)
end

return M
