-- medkb/import/numbering.lua -- numbered sections as pages write them:
-- "1、", "1.", "(1)", "一、", "第一,", behind a bullet or not; a heading
-- alone on its line, before a colon or a short full stop, or glued to its
-- text; several numbered sections run together in one paragraph.  Used by
-- the article importer for its cause sections and by the Q&A importer
-- for answers written as numbered points.  The patterns are data here;
-- change them to teach medkb another way of numbering.

local shared = require "medkb.import.shared"

local M = {}

local function len(s)
  return utf8.len(s) or #s
end

-- How sections are numbered: "1、", "1.", "1．", "1)", "1）", "(1)", "（1）".
M.NUMBERING = { "^(%d+)、%s*(.*)$", "^(%d+)%.%s*(.*)$", "^(%d+)．%s*(.*)$", "^(%d+)%)%s*(.*)$",
                "^(%d+)）%s*(.*)$", "^%((%d+)%)%s*(.*)$", "^（(%d+)）%s*(.*)$" }
-- Bullets a numbered line may stand behind ("- 第一,循环系统问题。").
M.BULLETS = { "- ", "-", "• ", "•", "· ", "* " }
-- Chinese ordinals numbering sections ("第一,X。", "第二、Y").
M.ORDINAL_MARKS = { "，", ",", "、", "：", ":", "." }

-- Chinese numerals numbering sections ("一、耵聍栓塞"), in order.
M.CN_NUMBERS = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
                 "十四", "十五", "十六", "十七", "十八", "十九", "二十" }
-- What follows a Chinese numeral.
M.CN_MARKS = { "、", ".", "．" }
-- A heading is at most this many characters; one glued to its text by a
-- full stop ("缺钙。缺钙是…") at most SHORT_HEADING.
M.MAX_HEADING = 20
M.SHORT_HEADING = 8
-- The position of the first ":" or "：" in s, and the one after it.
local function colon(s)
  local a = s:find(":", 1, true)
  local b = s:find("：", 1, true)
  if a and (not b or a < b) then return a, a + 1 end
  if b then return b, b + 3 end
end

-- Brackets a heading may stand in ("1.【药物影响】长期服用…").
M.BRACKETS = { { "【", "】" }, { "〖", "〗" }, { "[", "]" }, { "［", "］" } }

-- The heading in brackets that s opens with, and what follows it.
local function bracketed(s)
  for _, b in ipairs(M.BRACKETS) do
    local open, close = b[1], b[2]
    if s:sub(1, #open) == open then
      local stop = s:find(close, #open + 1, true)
      if stop then
        local head = s:sub(#open + 1, stop - 1)
        if head ~= "" and len(head) <= M.MAX_HEADING then
          local after = s:sub(stop + #close)
          local _, past = colon(after)
          if past and after:sub(1, past - 1):find("^%s*[:：]$") then after = after:sub(past) end
          return head, after
        end
      end
    end
  end
end

--- numbered(text) -> the number a line opens with ("1、", "1.", "(1)",
-- "一、" …) and the rest of the line, or nil.
function M.numbered(text)
  for _, b in ipairs(M.BULLETS) do
    if #text > #b and text:sub(1, #b) == b then text = text:sub(#b + 1) break end
  end
  for n = #M.CN_NUMBERS, 1, -1 do
    local ord = "第" .. M.CN_NUMBERS[n]
    if text:sub(1, #ord) == ord then
      for _, mark in ipairs(M.ORDINAL_MARKS) do
        if text:sub(#ord + 1, #ord + #mark) == mark then
          local rest = text:sub(#ord + #mark + 1):gsub("^%s+", "")
          if rest ~= "" then return n, rest end
        end
      end
    end
  end
  for _, pat in ipairs(M.NUMBERING) do
    local num, rest = text:match(pat)
    -- a number too long for an integer numbers no section
    num = num and math.tointeger(tonumber(num))
    if num and rest ~= "" and not rest:find("^%d") then return num, rest end
  end
  for n = #M.CN_NUMBERS, 1, -1 do
    local cn = M.CN_NUMBERS[n]
    if text:sub(1, #cn) == cn then
      for _, mark in ipairs(M.CN_MARKS) do
        if text:sub(#cn + 1, #cn + #mark) == mark then
          local rest = text:sub(#cn + #mark + 1):gsub("^%s+", "")
          if rest ~= "" then return n, rest end
        end
      end
    end
  end
end

--- section_head(text [, names]) -> number, heading, and the text on the
-- same line, or nil when text is no numbered heading (a numbered sentence
-- is not one).  The heading stands alone, in brackets ("1.【药物影响】长
-- 期服用…"), before a colon ("1、疲劳:长时间……"), before a full stop when short ("1.缺钙。缺钙是…"), or -- glued
-- to its text with nothing between -- is one of names (the causes the
-- summary lists: "1. 肌肉疲劳长时间运动…").
function M.section_head(text, names)
  local num, rest = M.numbered(text)
  if not num then return nil end
  local function body_of(after)
    after = after:gsub("^[%s]+", "")
    return after ~= "" and after or nil
  end
  local bhead, bafter = bracketed(rest)
  if bhead then return num, bhead, body_of(bafter) end
  local at, after = colon(rest)
  if at then
    local head = rest:sub(1, at - 1)
    if head ~= "" and len(head) <= M.MAX_HEADING and not head:find(",", 1, true)
        and not head:find("。", 1, true) and not head:find("，", 1, true) then
      return num, head, body_of(rest:sub(after))
    end
  end
  if len(rest) <= M.MAX_HEADING and not rest:find("。", 1, true) then
    return num, (rest:gsub("[%s]+$", "")), nil
  end
  local stop = rest:find("。", 1, true)
  if stop then
    local head = rest:sub(1, stop - 1)
    if head ~= "" and len(head) <= M.SHORT_HEADING and not head:find("，", 1, true)
        and not head:find(",", 1, true) then
      return num, head, body_of(rest:sub(stop + #"。"))
    end
  end
  local best
  for _, name in ipairs(names or {}) do
    if rest:sub(1, #name) == name and #rest > #name and (not best or #name > #best) then best = name end
  end
  if best then return num, best, body_of(rest:sub(#best + 1)) end
  return nil
end

-- Sentence ends after which a number starts a new section within one
-- paragraph ("…等。1.食物药物:…。2.手术:…").
M.INLINE_AFTER = { "。", "；", "！", "？" }

--- split_inline(L) -> L with each line that runs numbered sections
-- together ("…。1.X:…。2.Y:…") cut before each number, when the numbers
-- run 1, 2, 3 … in it.
function M.split_inline(L)
  local out = {}
  for _, l in ipairs(L) do
    local cuts, want = {}, 1
    local pos = 1
    while true do
      local best, mark
      for _, e in ipairs(M.INLINE_AFTER) do
        local i = l.text:find(e, pos, true)
        if i and (not best or i < best) then best, mark = i, e end
      end
      if not best then break end
      local after = best + #mark
      local num = M.numbered(l.text:sub(after):gsub("^%s+", ""))
      if num == want then
        cuts[#cuts + 1] = after
        want = want + 1
      end
      pos = after
    end
    if #cuts >= 2 then
      local from = 1
      for _, c in ipairs(cuts) do
        local piece = shared.trim(l.text:sub(from, c - 1))
        if piece ~= "" then out[#out + 1] = { n = l.n, text = piece } end
        from = c
      end
      out[#out + 1] = { n = l.n, text = shared.trim(l.text:sub(from)) }
    else
      out[#out + 1] = l
    end
  end
  return out
end


return M
