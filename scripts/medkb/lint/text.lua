-- medkb/lint/text.lua -- what content rules share for reading a page:
-- its parts and what each stands for in the model, sentences with their
-- places, words found outside their exceptions, Han characters, and how
-- alike two titles are.  Pure Lua (string, table, utf8 only), so that a
-- rule in the sandbox may require it.  Positions are bytes of doc.text,
-- from..to as string.find gives them.

local M = {}

-- {=== parts

--- part(doc, name [, n]) -> the first part with that name (the n-th), or
-- nil: {name, from, to, n, parent}.
function M.part(doc, name, n)
  for _, p in ipairs(doc.parts) do
    if p.name == name and (n == nil or p.n == n) then return p end
  end
  return nil
end

--- parts(doc, name) -> the parts with that name, in order.
function M.parts(doc, name)
  local out = {}
  for _, p in ipairs(doc.parts) do
    if p.name == name then out[#out + 1] = p end
  end
  return out
end

--- parent(doc, p) -> the part p stands in, or nil.
function M.parent(doc, p)
  return p.parent and doc.parts[p.parent] or nil
end

--- within(doc, p, name) -> the nearest part named name that p stands in.
function M.within(doc, p, name)
  local q = M.parent(doc, p)
  while q and q.name ~= name do q = M.parent(doc, q) end
  return q
end

--- text_of(doc, p) -> the text of part p.
function M.text_of(doc, p)
  return doc.text:sub(p.from, p.to)
end

-- The parts whose text is the page's own words of advice, rather than
-- names, counts, headings, the question asked or the list of other pages
-- (whose words are theirs, and checked on them).
M.BODY = { summary = true, section = true, advice = true, answer = true }

-- The parts whose words are the page's own: its body, its title and the
-- question's description.
M.OWN = { title = true, summary = true, section = true, advice = true, answer = true, description = true,
          disclaimer = true }

--- own_lines(doc) -> the lines of doc.lines inside the page's own parts
-- (M.OWN).
function M.own_lines(doc)
  local spans, out = M.body_parts(doc, M.OWN), {}
  local k = 1
  for _, line in ipairs(doc.lines) do
    while spans[k] and spans[k].to < line.from do k = k + 1 end
    local s = spans[k]
    if s and line.from >= s.from and line.to <= s.to then out[#out + 1] = line end
  end
  return out
end

--- body_parts(doc [, names]) -> the parts whose words a page says (M.BODY,
-- or the set names), outermost only.
function M.body_parts(doc, names)
  names = names or M.BODY
  local out = {}
  for _, p in ipairs(doc.parts) do
    if names[p.name] then
      local q, nested = M.parent(doc, p), false
      while q do
        if names[q.name] then nested = true break end
        q = M.parent(doc, q)
      end
      if not nested then out[#out + 1] = p end
    end
  end
  return out
end

-- {=== characters

--- is_han(cp) -> whether code point cp is a Han character.
function M.is_han(cp)
  return cp and ((cp >= 0x4E00 and cp <= 0x9FFF) or (cp >= 0x3400 and cp <= 0x4DBF)
    or (cp >= 0xF900 and cp <= 0xFAFF) or (cp >= 0x20000 and cp <= 0x2FA1F)) or false
end

--- has_han(s) -> whether s has a Han character.
function M.has_han(s)
  for _, cp in utf8.codes(s, true) do
    if M.is_han(cp) then return true end
  end
  return false
end

--- char_before(s, pos) -> the code point before byte pos, and where it
-- starts; nil at the start.
function M.char_before(s, pos)
  local i = pos - 1
  while i >= 1 do
    local b = s:byte(i)
    if b < 0x80 or b >= 0xC0 then return utf8.codepoint(s, i, i, true), i end
    i = i - 1
  end
  return nil
end

--- char_at(s, pos) -> the code point at byte pos and the byte after it.
function M.char_at(s, pos)
  if pos > #s then return nil end
  local ok, cp = pcall(utf8.codepoint, s, pos, pos, true)
  if not ok then return nil end
  return cp, pos + #utf8.char(cp)
end

--- length(s) -> characters in s.
function M.length(s)
  return utf8.len(s, 1, -1, true) or #s
end

-- {=== sentences

-- What ends a sentence.
M.ENDS = { "。", "！", "？", "!", "?", "；", ";", "\n" }

local function end_after(text, pos, to)
  local best, blen
  for _, e in ipairs(M.ENDS) do
    local i = text:find(e, pos, true)
    if i and i <= to and (not best or i < best) then best, blen = i, #e end
  end
  return best, blen
end

--- sentences(text [, from, to]) -> list of {from, to, text}: the
-- sentences of text[from..to], each with its end mark, none empty.
function M.sentences(text, from, to)
  from, to = from or 1, to or #text
  local out, pos = {}, from
  while pos <= to do
    local i, len = end_after(text, pos, to)
    local stop = i and (i + len - 1) or to
    local s = text:sub(pos, stop)
    if s:find("[^%s]") then out[#out + 1] = { from = pos, to = stop, text = s } end
    pos = stop + 1
  end
  return out
end

--- sentence_at(text, pos) -> from, to of the sentence around byte pos.
function M.sentence_at(text, pos)
  local from = 1
  for _, e in ipairs(M.ENDS) do
    local i = 1
    while true do
      local j = text:find(e, i, true)
      if not j or j >= pos then break end
      if j + #e > from then from = j + #e end
      i = j + 1
    end
  end
  local i, len = end_after(text, pos, #text)
  return from, i and (i + len - 1) or #text
end

--- is_question(s) -> whether sentence s asks (ends with ？ or ?, or has
-- 吗 or 呢 near its end).
function M.is_question(s)
  s = s:gsub("[%s]+$", "")
  if s:find("？$") or s:find("%?$") then return true end
  local tail = s:sub(-12)
  return tail:find("吗", 1, true) ~= nil or tail:find("呢", 1, true) ~= nil
end

-- {=== words

--- first(s, words) -> the first of words that s has (in the order of
-- words), and where; nil when none.  A word starting with "%" is a Lua
-- pattern.
function M.first(s, words)
  for _, w in ipairs(words) do
    local i = w:sub(1, 1) == "%" and s:find(w:sub(2)) or s:find(w, 1, true)
    if i then return w, i end
  end
  return nil
end

--- find_all(text, word [, from, to]) -> the places of word in
-- text[from..to]: list of {from, to}.
function M.find_all(text, word, from, to)
  local out, pos = {}, from or 1
  to = to or #text
  while true do
    local i, j = text:find(word, pos, true)
    if not i or j > to then break end
    out[#out + 1] = { from = i, to = j }
    pos = j + 1
  end
  return out
end

-- Whether the word at i in text stands inside one of exceptions (a
-- longer phrase that contains it: 无法根治 for 根治).
local function excepted(text, i, word, exceptions)
  for _, e in ipairs(exceptions or {}) do
    local k = e:find(word, 1, true)
    while k do
      local a = i - (k - 1)
      if a >= 1 and text:sub(a, a + #e - 1) == e then return true end
      k = e:find(word, k + 1, true)
    end
  end
  return false
end

-- What ends a clause: a negator before it does not reach past one.
M.CLAUSE_MARKS = { "，", ",", "。", "；", ";", "！", "？", "!", "?", "\n", "：", ":" }

-- Whether one of negators stands before i in the same clause, within
-- `window` characters.
local function negated(text, i, negators, window)
  if not negators or #negators == 0 then return false end
  local start, n = i, 0
  while n < window do
    local _, at = M.char_before(text, start)
    if not at then break end
    start, n = at, n + 1
  end
  local before = text:sub(start, i - 1)
  for _, mk in ipairs(M.CLAUSE_MARKS) do
    local k = before:find(mk, 1, true)
    while k do
      before = before:sub(k + #mk)
      k = before:find(mk, 1, true)
    end
  end
  for _, w in ipairs(negators) do
    if before:find(w, 1, true) then return true end
  end
  return false
end

--- hits(text, words, opts) -> where words stand in text as what they
-- say: list of {from, to, word}, in order, none inside one of
-- opts.exceptions, after one of opts.negators in the same clause (within
-- opts.window characters, 12 by default), in a question (opts.questions ~= true), or
-- outside opts.spans ({from, to} list) when given.
function M.hits(text, words, opts)
  opts = opts or {}
  local out = {}
  for _, w in ipairs(words) do
    for _, at in ipairs(M.find_all(text, w)) do
      local keep = not excepted(text, at.from, w, opts.exceptions)
        and not negated(text, at.from, opts.negators, opts.window or 12)
      if keep and opts.spans then
        keep = false
        for _, s in ipairs(opts.spans) do
          if at.from >= s.from and at.to <= s.to then keep = true break end
        end
      end
      if keep and opts.questions ~= true then
        local a, b = M.sentence_at(text, at.from)
        keep = not M.is_question(text:sub(a, b))
      end
      if keep then out[#out + 1] = { from = at.from, to = at.to, word = w } end
    end
  end
  -- in order; a word inside a longer one found at the same place goes
  table.sort(out, function(a, b)
    if a.from ~= b.from then return a.from < b.from end
    return a.to > b.to
  end)
  local kept, last = {}, 0
  for _, h in ipairs(out) do
    if h.from > last then
      kept[#kept + 1] = h
      last = h.to
    end
  end
  return kept
end

-- The parts a claim may not stand in: what the page says itself (not
-- the question a reader asks).
M.CLAIMED = { title = true, summary = true, section = true, advice = true, answer = true }

--- claims(doc, report, params, message) -- reports each of params.words
-- standing as what it says in the page's own words (M.hits with
-- params.exceptions, params.negators, params.window), message the
-- format of the finding's message with the word.
function M.claims(doc, report, params, message)
  local opts = { exceptions = params.exceptions, negators = params.negators, window = params.window,
                 spans = M.body_parts(doc, M.CLAIMED) }
  for _, h in ipairs(M.hits(doc.text, params.words, opts)) do
    report{ from = h.from, to = h.to, message = message:format(h.word) }
  end
end

-- {=== titles

-- What titles that ask the same differ by.
M.TITLE_NOISE = { "是怎么回事", "怎么回事", "是什么原因", "什么原因", "是", "的", "呢", "吗", "啊" }

--- norm_title(s) -> s without punctuation, spaces and the words titles
-- that ask the same differ by.
function M.norm_title(s)
  s = s:gsub("[%s%p]", "")
  for _, p in ipairs{ "？", "！", "，", "。", "、", "：", "；", "（", "）" } do
    s = s:gsub(p, "")
  end
  for _, w in ipairs(M.TITLE_NOISE) do s = s:gsub(w, "") end
  return s
end

local function bigrams(s)
  local chars, out, n = {}, {}, 0
  for _, cp in utf8.codes(s, true) do chars[#chars + 1] = cp end
  for i = 1, #chars - 1 do
    local k = chars[i] .. ":" .. chars[i + 1]
    out[k] = (out[k] or 0) + 1
    n = n + 1
  end
  return out, n
end

--- similarity(a, b) -> how alike two texts are, 0..1: the Dice
-- coefficient of their character pairs.
function M.similarity(a, b)
  if a == b then return 1 end
  local x, nx = bigrams(a)
  local y, ny = bigrams(b)
  if nx + ny == 0 then return 0 end
  local common = 0
  for k, c in pairs(x) do common = common + math.min(c, y[k] or 0) end
  return 2 * common / (nx + ny)
end

--- removal(text, p) -> a fix that takes part p out of text with the
-- line breaks before it.
function M.removal(text, p)
  local from = p.from
  while from > 1 and text:sub(from - 1, from - 1) == "\n" do from = from - 1 end
  return { from = from, to = p.to, text = "" }
end

return M
