-- medkb/search.lua -- full-text search over the knowledge base: what
-- kb:search and `medkb search` run.  The C core keeps two FTS5 indexes
-- in step with every write (documents' titles and bodies; entities' names
-- and aliases with their pinyin) and tokenizes Chinese a character a
-- token, folded (case, full-width, traditional); this module decides what
-- a query asks for and how results rank.
--
-- A query is cut into segments at spaces and punctuation.  Each segment
-- is looked for in passes, strictest first, each pass bounded to the
-- newest CANDIDATES matches so that a common term never makes the index
-- rank every document that has it:
--   title  the whole segment, exactly, in a title (an index of titles
--          alone)
--   exact  the whole segment, exactly, in a title or a body (a segment
--          of one word, or of up to CHARS_UPTO characters)
--   words  every word of the segment (ICU's Chinese dictionary; question
--          words such as 怎么 and 什么 left out), each exactly (not for a
--          query of WORDS_UPTO words or more that found a title)
--   chars  every character, anywhere (segments of up to CHARS_UPTO
--          characters only)
--   some   any of the words (a query of several words)
-- A document found by a stricter pass ranks above any found by a looser
-- one; within a pass, by medkb_score (term frequency in the title and the
-- body, each phrase weighed by the square of its length).  Names count: a segment that
-- is an entity's name or alias (肌束颤动, an alias of 肌肉跳动), or whose
-- pinyin is (jirou tiaodong, jrtd), finds the documents about that entity
-- as an exact match would.  An answer found stands for its question.

local core = require "medkb.core"

local text = core.text

local M = {}

-- {=== policy, as data

-- Phrases a question is made of that say nothing of what it is about,
-- taken out before the rest is cut into words (longest first).
M.STOP_PHRASES = {}
for w in ([[是怎么回事 怎么回事 怎么办 怎么样 怎么治 是什么原因 什么原因 是什么 为什么 是不是 有没有
  能不能 可不可以 好不好 要不要 会不会 该怎么 怎么 什么 如何 怎样 为何 哪些 哪个 请问 医生 你好
  您好 一下 老是 总是 经常 一直 突然 有点 一点]]):gmatch("%S+") do
  M.STOP_PHRASES[#M.STOP_PHRASES + 1] = w
end
table.sort(M.STOP_PHRASES, function(a, b) return #a > #b end)
-- Words left out of a query's words (function words and particles).
M.STOPWORDS = {}
for w in ([[吗 呢 啊 呀 吧 了 的 得 地 是 有 会 能 要 还 都 就 和 与 及 或 很 也 又 在 被 把 让 这 那
  我 你 他 她 它 们 个 些 回 事 办 好 原因 问题 情况 可以 应该 需要]]):gmatch("%S+") do
  M.STOPWORDS[w] = true
end

-- How much a title weighs against a body, per occurrence.
M.COLUMN_WEIGHTS = "4,1"
-- Each pass, in order, with the score every match of it starts from.
M.PASSES = { { name = "title", base = 4000 }, { name = "exact", base = 3000 },
             { name = "words", base = 2000 }, { name = "chars", base = 1000 },
             { name = "some", base = 0 } }
-- Documents taken from each pass at most: the bound on ranking work.
M.CANDIDATES = 300
-- Segments of at most this many characters are also looked for
-- character by character.
M.CHARS_UPTO = 4
-- A query of this many words or more that found a title already skips
-- the pass that wants every word.
M.WORDS_UPTO = 4
-- Documents about an entity the query names, taken at most.
M.ABOUT_LIMIT = 100
-- A document about an entity the query names ranks as an exact match.
M.NAME_BASE = 3000
-- Tokens in a snippet.
M.SNIPPET_TOKENS = 20
-- Snippet marks: around each match, in the text kb:search returns.
M.OPEN, M.CLOSE = "\2", "\3"

-- {=== queries

local function len(s)
  return utf8.len(s) or #s
end

--- quoted(s) -> an FTS5 string: s in double quotes.
function M.quoted(s)
  return '"' .. s:gsub('"', '""') .. '"'
end
local quoted = M.quoted

-- The characters of s.
local function chars(s)
  local out = {}
  for _, c in utf8.codes(s) do out[#out + 1] = utf8.char(c) end
  return out
end

--- segments(q) -> the segments of query q, folded: runs of letters,
-- digits and Han characters between spaces and punctuation.
function M.segments(q)
  local out = {}
  local folded = text.fold(q)
  -- anything not a letter, digit or Han character cuts
  for seg in folded:gsub("[%c%p%s]", " "):gsub("\xE3\x80[\x80-\xBF]", " "):gsub("\xEF\xBC[\x80-\xBF]", " ")
      :gmatch("%S+") do
    out[#out + 1] = seg
  end
  return out
end

--- words(segment) -> the words of a segment that say what it is about
-- (all of them when every word is a question word).
function M.words(segment)
  local rest = segment
  for _, p in ipairs(M.STOP_PHRASES) do
    local at = rest:find(p, 1, true)
    while at do
      rest = rest:sub(1, at - 1) .. " " .. rest:sub(at + #p)
      at = rest:find(p, 1, true)
    end
  end
  local kept = {}
  for piece in rest:gmatch("%S+") do
    for _, w in ipairs(text.words(piece)) do
      if not M.STOPWORDS[w] then kept[#kept + 1] = w end
    end
  end
  return #kept > 0 and kept or text.words(segment)
end

-- A pass's query: the FTS5 expression (nil when the pass has nothing to
-- ask) and the weight of each of its phrases, in order.
local function pass_query(name, segments, synonyms)
  local parts, weights = {}, {}
  for _, seg in ipairs(segments) do
    -- a segment of several words is looked for whole in titles; in
    -- bodies, by its words: finding a long run of common characters
    -- anywhere reads most documents of a large knowledge base
    if name == "exact" and len(seg) > M.CHARS_UPTO and #M.words(seg) > 1 then return nil end
    if name == "title" or name == "exact" then
      -- the segment, or another name of the entity it names
      local alts = { quoted(seg) }
      weights[#weights + 1] = len(seg) ^ 2
      for _, other in ipairs(synonyms and synonyms[seg] or {}) do
        alts[#alts + 1] = quoted(other)
        weights[#weights + 1] = len(other) ^ 2
      end
      parts[#parts + 1] = #alts == 1 and alts[1] or "(" .. table.concat(alts, " OR ") .. ")"
    elseif name == "some" then
      local ws = M.words(seg)
      for _, w in ipairs(ws) do
        parts[#parts + 1] = quoted(w)
        weights[#weights + 1] = len(w) ^ 2
      end
    elseif name == "words" then
      local ws = M.words(seg)
      if #ws <= 1 and ws[1] == seg then return nil end  -- the same as exact
      local inner = {}
      for _, w in ipairs(ws) do
        inner[#inner + 1] = quoted(w)
        weights[#weights + 1] = len(w) ^ 2
      end
      parts[#parts + 1] = "(" .. table.concat(inner, " AND ") .. ")"
    else
      local cs = chars(seg)
      if #cs <= 1 or #cs > M.CHARS_UPTO then return nil end
      local inner = {}
      for _, c in ipairs(cs) do
        inner[#inner + 1] = quoted(c)
        weights[#weights + 1] = 1
      end
      parts[#parts + 1] = "(" .. table.concat(inner, " AND ") .. ")"
    end
  end
  if #parts == 0 or (name == "some" and #parts < 2) then return nil end
  local expr = table.concat(parts, name == "some" and " OR " or " AND ")
  local w = {}
  for i, x in ipairs(weights) do w[i] = tostring(x) end
  return expr, table.concat(w, ",")
end

--- is_pinyin(q) -> the letters of q run together when q reads as pinyin
-- (Latin letters and spaces only, at least two letters), else nil.
function M.is_pinyin(q)
  local folded = text.fold(q)
  if not folded:find("^[%a%s']+$") then return nil end
  local letters = folded:gsub("[%s']", "")
  if #letters < 2 then return nil end
  return letters
end

-- {=== searching

--- page_of(doc) -> the page a document stands for: an answer's
-- question, else itself.
function M.page_of(doc)
  if doc.kind == "answer" then
    for q in doc:linked("answers") do return q end -- luacheck: ignore 512
  end
  return doc
end
local page_of = M.page_of

local DOC_KINDS = { article = true, question = true, answer = true }

-- M.search, its argument checked.
local function search(kb, q, opts)
  local limit = opts.limit or 10
  local kind = opts.kind
  local want_docs = kind == nil or DOC_KINDS[kind]
  local want_entities = kind == nil or not DOC_KINDS[kind]
  local segments = M.segments(q)
  local by_page = {}

  -- entities the query names, by name, alias or pinyin
  local named, named_seen = {}, {}
  local function add_entity(id, via, score)
    if named_seen[id] then return end
    local e = kb:entity(id)
    if not e or (kind and not DOC_KINDS[kind] and e.kind ~= kind) then return end
    named_seen[id] = true
    named[#named + 1] = { entity = e, via = via, score = score }
  end
  -- each segment that is a name or an alias, and what else its entity
  -- is called: those count as the segment
  local synonyms = {}
  local function other_names(seg, e)
    local list = synonyms[seg] or {}
    synonyms[seg] = list
    local names = { e.name }
    for _, a in ipairs(e.aliases) do names[#names + 1] = type(a) == "table" and a.name or a end
    for _, n in ipairs(names) do
      local f = text.fold(n)
      if f ~= seg then list[#list + 1] = f end
    end
  end
  for _, seg in ipairs(segments) do
    for id, _, name in kb:_search_names("{name} : " .. quoted(seg), nil, nil, nil, 50) do
      if text.fold(name) == seg then
        add_entity(id, "name", M.NAME_BASE)
        local e = kb:entity(id)
        if e then other_names(seg, e) end
      end
    end
  end
  local letters = M.is_pinyin(q)
  if letters then
    for id in kb:_search_names("{letters} : " .. quoted(letters) .. " *", nil, nil, nil, 50) do
      add_entity(id, "pinyin", M.NAME_BASE - 1)
    end
    -- a pinyin query looks for the names it spells
    if #named > 0 then
      local names = {}
      for _, n in ipairs(named) do names[#names + 1] = text.fold(n.entity.name) end
      segments = { names[1] }
      for i = 2, #names do other_names(names[1], { name = names[i], aliases = {} }) end
      other_names(names[1], named[1].entity)
    end
  end

  -- every document found, with the best a pass gave it
  local found, cands = {}, {}
  local function candidate(id, dkind, score, via, expr)
    local c = found[id]
    if c then
      if score > c.score then c.score, c.via, c.expr = score, via, expr end
      return
    end
    c = { id = id, kind = dkind, score = score, via = via, expr = expr }
    found[id] = c
    cands[#cands + 1] = c
  end
  if want_docs then
    -- pages found so far that are sure to be shown (not an answer, which
    -- may stand for a question found already): once there are enough, a
    -- looser pass could only rank below them, and is not run
    local sure = 0
    for _, pass in ipairs(M.PASSES) do
      if sure >= limit then break end
      local expr, weights = pass_query(pass.name, segments, synonyms)
      -- every one of many words in a body is rare, and finding that out
      -- reads every document that has them: a query that found its title
      -- already goes on to any of its words
      if pass.name == "words" and sure > 0 and expr
         and select(2, expr:gsub(" AND ", "")) + 1 >= M.WORDS_UPTO then
        expr = nil
      end
      if expr then
        local found_by = pass.name == "title" and kb._search_titles or kb._search_documents
        for id, score, dkind in found_by(kb, expr, nil, M.COLUMN_WEIGHTS, weights, M.CANDIDATES) do
          if not found[id] and dkind ~= "answer" and (not kind or dkind == kind) then sure = sure + 1 end
          candidate(id, dkind, pass.base + score, pass.name, expr)
        end
      end
    end
    -- documents about the entities the query names
    for _, n in ipairs(named) do
      local taken = 0
      for doc, link in n.entity:documents("about") do
        if link.type == "about" then
          candidate(doc.id, nil, n.score, n.via, nil)
          taken = taken + 1
          if taken >= M.ABOUT_LIMIT then break end
        end
      end
    end
  end
  table.sort(cands, function(a, b)
    if a.score ~= b.score then return a.score > b.score end
    return a.id > b.id
  end)

  local out = {}
  if want_entities then
    for _, n in ipairs(named) do
      if #out >= limit then break end
      out[#out + 1] = { kind = n.entity.kind, id = n.entity.id, title = n.entity.name, entity = n.entity,
                        score = n.score + 1000, via = n.via }
    end
  end
  -- pages, best first: an answer stands for its question (unless answers
  -- are asked for), each page once
  for _, c in ipairs(cands) do
    if #out >= limit then break end
    if c.kind == nil or not (kind and DOC_KINDS[kind] and c.kind ~= kind and
                             not (kind == "question" and c.kind == "answer")) then
      local doc = kb:document(c.id)
      local page = doc and (kind == "answer" and doc or page_of(doc))
      if page and not by_page[page.id] and (not kind or not DOC_KINDS[kind] or page.kind == kind) then
        local h = { kind = page.kind, id = page.id, doc = page, matched = doc, score = c.score,
                    via = c.via, expr = c.expr }
        by_page[page.id] = h
        out[#out + 1] = h
      end
    end
  end
  -- titles and snippets for what is shown
  for _, h in ipairs(out) do
    if h.doc then
      h.title = h.doc.title
      if h.expr then h.snippet = kb:_snippet(h.expr, h.matched.id, M.OPEN, M.CLOSE, M.SNIPPET_TOKENS) end
      if not h.snippet then
        local body = h.matched.body
        h.snippet = body:sub(1, (utf8.offset(body, 60) or #body + 1) - 1)
      end
      h.expr = nil
    end
  end
  return out
end

--- search(kb, q [, opts]) -> list of hits, best first.  opts: kind (a
-- document kind, or an entity kind for entities only), limit (10).  A
-- hit is {kind =, id =, title =, score =, via = pass, doc = Document (or
-- entity = Entity), matched = the Document that matched (an answer for
-- its question), snippet = text with M.OPEN and M.CLOSE around matches}.
-- Entities whose name or alias is the query come first.
-- Its passes are many queries, in one read (kb:read): an import's commit
-- between two of them cannot mix the knowledge base before it and after.
function M.search(kb, q, opts)
  if type(q) ~= "string" then error("bad argument #1 to 'search' (string expected)", 3) end
  return kb:read(search, kb, q, opts or {})
end

--- marked(snippet, open, close) -> snippet with its matches between open
-- and close instead of M.OPEN and M.CLOSE; escape, when given, applied
-- to the text first.
function M.marked(snippet, open, close, escape)
  local s = snippet or ""
  if escape then s = escape(s) end
  return (s:gsub(M.OPEN, open):gsub(M.CLOSE, close))
end

return M
