-- medkb/extract.lua -- finding the entities a Chinese medical text names:
-- drugs (by the forms drug names take: …片, …胶囊, …口服溶液 … and by what
-- the knowledge base already knows), diseases, foods, exams, departments,
-- accompanying signs, cause and treatment lists in summary sentences, and
-- the aliases a text states ("…医学上称为…", "…俗称…").  The word lists
-- below are the rules: editors extend them here, no compiler involved.
-- Everything works on UTF-8 strings with plain find, so cuts always fall on
-- character boundaries.

local M = {}

-- {=== the rules

-- Forms of drug names, longest first.
M.DRUG_SUFFIXES = {
  "凝胶贴膏", "口服溶液", "口服乳剂", "缓释胶囊", "肠溶胶囊", "注射用", "滴眼液", "滴鼻液",
  "滴耳液", "口服液", "注射液", "气雾剂", "喷雾剂", "吸入剂", "缓释片", "控释片", "咀嚼片",
  "分散片", "肠溶片", "泡腾片", "混悬液", "颗粒剂", "胶囊", "颗粒", "软膏", "乳膏", "凝胶",
  "贴膏", "贴剂", "栓剂", "糖浆", "含片", "片", "丸", "散",
}

-- Words after which a drug name starts ("可口服|氯化钾缓释片").
M.DRUG_CUES = {
  "遵医嘱使用", "遵医嘱服用", "在医生指导下使用", "使用", "服用", "口服", "配合", "选用", "应用",
  "外用", "涂抹", "联合", "合用", "注射", "含服", "吸入", "给予", "加用", "改用", "停用",
}

-- One-character words that end a name's left side when something
-- precedes them ("某些抗抑郁药如|盐酸帕罗西汀片").
M.SHORT_CUES = { "如", "用", "和", "及", "或", "与", "可", "需", "也", "后", "了", "的", "在", "以",
                 "是", "将", "对", "予", "等", "服", "吃", "由", "患" }

-- A clause with one of these says the drug provokes the symptom rather
-- than treats it ("使用沙丁胺醇气雾剂后可能出现肌肉震颤").
M.PROVOKE_CUES = { "后可能出现", "后出现", "引发", "诱发", "引起", "导致", "副作用", "不良反应" }

M.DISEASE_SUFFIXES = { "综合征", "病变", "突出", "血症", "硬化", "病", "症", "炎", "瘤", "癌" }
M.DISEASE_CUES = { "引起的", "导致的", "患有", "排除", "由于", "合并", "诊断为", "属于", "治疗",
                   "出现" }
-- what may not follow a disease suffix (病人, 症状, 炎症 …)
M.NOT_AFTER = { ["病"] = "人因史情程灶理毒菌区房友例号假", ["症"] = "状", ["炎"] = "症" }
-- generic phrases that end like a disease but name none
M.NOT_DISEASE = { ["严重疾病"] = true, ["相关疾病"] = true, ["潜在疾病"] = true,
                  ["其他疾病"] = true, ["原发病"] = true, ["疾病"] = true, ["这类疾病"] = true,
                  ["该病"] = true, ["此病"] = true, ["本病"] = true, ["基础疾病"] = true }
M.NOT_DRUG = { ["药片"] = true, ["药物片"] = true, ["一片"] = true, ["该药片"] = true }

M.FOOD_CUES = { "适量食用", "多吃", "食用", "增加", "摄入", "补充", "饮用", "多喝", "吃" }
M.EXAM_CUES = { "就医", "就诊", "进行", "检测", "做", "行", "需", "查" }
M.EXAM_NOT = { ["相关"] = true, ["详细"] = true, ["仔细"] = true, ["全面"] = true,
               ["进一步"] = true, ["必要的"] = true, ["定期"] = true, ["专业"] = true,
               ["医学"] = true }
M.DEPT_CUES = { "就诊", "挂号", "前往", "到", "至", "挂" }

-- Alias statements: the cue and whether the alias is the standard
-- (medical) name or the colloquial one.
M.ALIAS_CUES = {
  { "医学上被称为", "standard" }, { "医学上称为", "standard" }, { "医学上称之为", "standard" },
  { "医学上叫做", "standard" }, { "医学上叫", "standard" }, { "医学名为", "standard" },
  { "学名为", "standard" }, { "学名", "standard" }, { "又称为", "standard" }, { "又称", "standard" },
  { "也称为", "standard" }, { "也称", "standard" }, { "俗称", "colloquial" },
  { "又叫做", "colloquial" }, { "又叫", "colloquial" }, { "也叫", "colloquial" },
}
-- words that refer back to the text's subject ("这种情况医学上称为…")
M.ANAPHORA = { ["这种情况"] = true, ["这种现象"] = true, ["此种情况"] = true, ["该症状"] = true,
               ["这种症状"] = true, ["此"] = true, ["这"] = true, ["该情况"] = true }

-- Summary sentences: where cause lists and treatment lists start and end.
M.CAUSE_OPEN = { "可能是由", "可能由", "可能是", "可能与", "常见原因主要有", "主要有", "常见原因有",
                 "也可能是", "通常是由于", "通常由", "多由" }
M.CAUSE_CLOSE = { "等原因引起", "等原因", "等生理性因素", "等病理性因素", "等因素", "等疾病", "引起",
                  "有关", "导致", "等" }
M.TREAT_OPEN = { "可通过", "可以通过", "通过" }
M.TREAT_CLOSE = { "等方式", "进行处理", "进行治疗", "等方法", "缓解", "改善", "等" }

-- Question and title endings to strip to get the subject.
M.TITLE_ENDINGS = { "是什么原因造成的", "是什么原因引起的", "是什么原因", "是怎么回事", "怎么回事",
                    "的原因", "特点", "怎么办", "是什么", "的症状", "严重吗", "的危害",
                    "，你知道吗", ",你知道吗" }

-- {=== text helpers

local FULLWIDTH = {
  ["，"] = ",", ["。"] = ".", ["；"] = ";", ["："] = ":", ["！"] = "!", ["？"] = "?",
  ["（"] = "(", ["）"] = ")", ["　"] = " ",
}

--- norm(s) -> s with full-width punctuation, letters and digits folded to
-- ASCII, so that one set of patterns serves both forms.
function M.norm(s)
  s = s:gsub("\xEF\xBC[\x81-\xBF]", function(c)
    local cp = utf8.codepoint(c)
    return utf8.char(cp - 0xFEE0)
  end):gsub("\xEF\xBD[\x80-\x9E]", function(c)
    return utf8.char(utf8.codepoint(c) - 0xFEE0)
  end)
  return (s:gsub("[\xE3\xEF][\x80-\xBF][\x80-\xBF]", FULLWIDTH))
end

--- clauses(s) -> list of the clauses of normalized text s.
function M.clauses(s)
  local out = {}
  for c in (s .. ","):gmatch("([^,.;:!?()\n]*)[,.;:!?()\n]") do
    c = c:gsub("^%s+", ""):gsub("%s+$", "")
    if c ~= "" then out[#out + 1] = c end
  end
  return out
end

local function len(s)
  return utf8.len(s) or #s
end

-- Last position (byte index just after) where any word of list ends in s,
-- considering only occurrences that start after byte `min`.
local function last_end(s, list, min)
  local best
  for _, w in ipairs(list) do
    local pos = 1
    while true do
      local i, j = s:find(w, pos, true)
      if not i then break end
      if i > min and (not best or j + 1 > best) then best = j + 1 end
      pos = i + 1
    end
  end
  return best
end

--- left_name(stem, cues) -> the end of stem that is a name: after the last
-- list separator, then after the last cue word, then after the last
-- one-character cue that has something before it.
function M.left_name(stem, cues)
  local sep = last_end(stem, { "、" }, 0)
  if sep then stem = stem:sub(sep) end
  local cut = last_end(stem, cues, 0)
  if cut then
    stem = stem:sub(cut)
  else
    local first = utf8.offset(stem, 2) or #stem + 1
    cut = last_end(stem, M.SHORT_CUES, first - 1)
    if cut then stem = stem:sub(cut) end
  end
  return stem
end

-- The names ending in one of suffixes in clause: each occurrence, taken
-- right to left, longest suffix first, skipping occurrences inside a name
-- already found.  accept(name, stem, suffix, after) filters.
local function names_ending(clause, suffixes, cues, accept)
  local hits = {}
  for _, suf in ipairs(suffixes) do
    local pos = 1
    while true do
      local i, j = clause:find(suf, pos, true)
      if not i then break end
      hits[#hits + 1] = { i = i, j = j, suf = suf }
      pos = i + 1
    end
  end
  table.sort(hits, function(a, b)
    if a.j ~= b.j then return a.j > b.j end
    return a.i < b.i
  end)
  local found, taken_from = {}, math.huge
  for _, h in ipairs(hits) do
    if h.j < taken_from then
      local stem = M.left_name(clause:sub(1, h.i - 1), cues)
      local name = stem .. h.suf
      local after = clause:sub(h.j + 1, h.j + 3)
      if accept(name, stem, h.suf, after) then
        table.insert(found, 1, name)
        taken_from = h.j - #name + 1
      end
    end
  end
  return found
end

-- s after the last occurrence of any word in list (s itself if none).
local function after_last(s, list)
  local cut = last_end(s, list, 0)
  return cut and s:sub(cut) or s
end

-- s before the first occurrence of any word in list.
local function upto_first(s, list)
  local best
  for _, w in ipairs(list) do
    local i = s:find(w, 1, true)
    if i and (not best or i < best) then best = i end
  end
  return best and s:sub(1, best - 1) or s
end

-- The list part of "…可适量食用香蕉、深绿色蔬菜": after the last cue word,
-- else after the last one-character cue that has something before it.
local function list_after_cue(s, cues)
  local cut = last_end(s, cues, 0)
  if cut then return s:sub(cut) end
  local first = utf8.offset(s, 2) or #s + 1
  cut = last_end(s, M.SHORT_CUES, first - 1)
  return cut and s:sub(cut) or s
end

local function has_any(s, list)
  for _, w in ipairs(list) do
    if s:find(w, 1, true) then return true end
  end
  return false
end

local function add_unique(list, seen, name)
  if not seen[name] then
    seen[name] = true
    list[#list + 1] = name
  end
end

-- Adds to names (found in clause by form) the known names clause holds
-- that are not part of one already found, and returns them all in the
-- order they stand in the clause.
local function with_known(clause, names, known)
  if not known then return names end
  for name in pairs(known) do
    if clause:find(name, 1, true) then
      local inside = false
      for _, n in ipairs(names) do inside = inside or n:find(name, 1, true) ~= nil end
      if not inside then names[#names + 1] = name end
    end
  end
  table.sort(names, function(a, b)
    local ia, ib = clause:find(a, 1, true), clause:find(b, 1, true)
    if ia ~= ib then return ia < ib end
    return a < b
  end)
  return names
end

-- {=== entities

--- drugs(text [, known]) -> list of {name =, provokes = bool}, in order.
-- known is a set of drug names the knowledge base has.
function M.drugs(text, known)
  local out, seen = {}, {}
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    local provokes = has_any(clause, M.PROVOKE_CUES)
    local names = names_ending(clause, M.DRUG_SUFFIXES, M.DRUG_CUES, function(name, stem)
      local n = len(stem)
      return n >= 2 and n <= 15 and not M.NOT_DRUG[name] and not stem:find("^%d+$")
        and not stem:find("药$")
    end)
    for _, name in ipairs(with_known(clause, names, known)) do
      if not seen[name] then
        seen[name] = true
        out[#out + 1] = { name = name, provokes = provokes }
      end
    end
  end
  return out
end

--- diseases(text [, known]) -> list of disease names, in order.
function M.diseases(text, known)
  local out, seen = {}, {}
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    local names = names_ending(clause, M.DISEASE_SUFFIXES, M.DISEASE_CUES,
      function(name, stem, suf, after)
        local n = len(stem)
        local banned = M.NOT_AFTER[suf]
        if banned and after ~= "" and banned:find(after, 1, true) then return false end
        return n >= 2 and n <= 12 and not M.NOT_DISEASE[name] and not stem:find("疾$", 1)
          and not (name:find("^患") or name:find("^病"))
      end)
    for _, name in ipairs(with_known(clause, names, known)) do add_unique(out, seen, name) end
  end
  return out
end

-- Items of a list "A、B和C": split at 、 and at 和/及/或 between items.
local function items(list)
  local out = {}
  for item in (list .. "、"):gmatch("(.-)、") do
    for part in (item .. "或"):gmatch("(.-)或") do
      part = part:gsub("^%s+", ""):gsub("%s+$", "")
      if part ~= "" then out[#out + 1] = part end
    end
  end
  return out
end
M.items = items

--- foods(text) -> food names from "…A、B等(…)食物" statements.
function M.foods(text)
  local out, seen = {}, {}
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    local list = clause:match("^(.-)等.-食物") or clause:match("^(.-)等.-食品")
    if list then
      list = list_after_cue(list, M.FOOD_CUES)
      for _, f in ipairs(items(list)) do
        if len(f) <= 8 then add_unique(out, seen, f) end
      end
    end
  end
  return out
end

--- exams(text) -> exam names from "…检查" and "检测…" statements.
function M.exams(text)
  local out, seen = {}, {}
  local function take(name)
    name = name:gsub("^的", "")
    if len(name) >= 2 and len(name) <= 10 and not M.EXAM_NOT[name] then
      add_unique(out, seen, name)
    end
  end
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    local before = clause:match("^(.-)等检查") or clause:match("^(.-)检查")
    if before and before ~= "" then
      before = list_after_cue(before, M.EXAM_CUES)
      for _, e in ipairs(items(before)) do take(e) end
    end
    local after = clause:match("检测(.+)$")
    if after then
      after = after:gsub("等.*$", "")
      for _, e in ipairs(items(after)) do take(e) end
    end
  end
  return out
end

--- departments(text) -> department names after 就诊/挂号/到 ….
function M.departments(text)
  local out, seen = {}, {}
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    for _, cue in ipairs(M.DEPT_CUES) do
      local pos = 1
      while true do
        local _, j = clause:find(cue, pos, true)
        if not j then break end
        local rest = clause:sub(j + 1)
        -- the shortest run of up to six characters ending in 科
        local k = rest:find("科", 1, true)
        if k then
          local name = rest:sub(1, k + #"科" - 1)
          if len(name) >= 2 and len(name) <= 7 and not name:find("[%p%s]") then  -- ASCII only
            add_unique(out, seen, name)
          end
        end
        pos = j + 1
      end
    end
  end
  return out
end

--- signs(text) -> accompanying signs from "伴有A、B等症状" statements.
function M.signs(text)
  local out, seen = {}, {}
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    local list = clause:match("伴有(.+)$") or clause:match("伴随(.+)$")
    if list then
      list = upto_first(list, { "等" }):gsub("的症状$", "")
      for _, s in ipairs(items(list)) do
        for part in (s .. "和"):gmatch("(.-)和") do
          if len(part) >= 2 and len(part) <= 8 then add_unique(out, seen, part) end
        end
      end
    end
  end
  return out
end

-- {=== sentences

-- The text between the first open word and the first close word after it.
local function between(s, opens, closes)
  for _, o in ipairs(opens) do
    local _, j = s:find(o, 1, true)
    if j then
      local rest = s:sub(j + 1)
      local best
      for _, c in ipairs(closes) do
        local i = rest:find(c, 1, true)
        if i and (not best or i < best) then best = i end
      end
      return best and rest:sub(1, best - 1) or nil
    end
  end
  return nil
end

--- summary(text) -> { subject =, causes = {…}, treatments = {…} } from a
-- summary sentence: "X可能由A、B等原因引起,可通过C、D等方式缓解。" and
-- the variants sites write.
function M.summary(text)
  local s = M.norm(text)
  local r = { causes = {}, treatments = {} }
  r.subject = s:match("^(.-)可能") or s:match("^(.-)通常") or s:match("^(.-)多由")
  local seen = {}
  for _, clause in ipairs(M.clauses(s)) do
    local list = between(clause, M.CAUSE_OPEN, M.CAUSE_CLOSE)
    if list then
      for _, c in ipairs(items(list)) do add_unique(r.causes, seen, c) end
    end
    local t = between(clause, M.TREAT_OPEN, M.TREAT_CLOSE)
    if t then
      for _, c in ipairs(items(t)) do add_unique(r.treatments, {}, c) end
    end
  end
  return r
end

--- subject(title) -> the thing a title or question asks about
-- ("小腿肌肉抖动是怎么回事" -> "小腿肌肉抖动").
function M.subject(title)
  local s = M.norm(title):gsub("[%?!.,%s]+$", "")
  local changed = true
  while changed do
    changed = false
    for _, e in ipairs(M.TITLE_ENDINGS) do
      local ne = M.norm(e)
      if #s > #ne and s:sub(-#ne) == ne then
        s = s:sub(1, -#ne - 1):gsub("[%?!.,%s]+$", "")
        changed = true
      end
    end
  end
  return s
end

--- aliases(text, subject) -> list of {name =, alias =, type =}: what the
-- text says something is also called.  A statement about "这种情况" is
-- about subject.
function M.aliases(text, subject)
  local out = {}
  local cl = M.clauses(M.norm(text))
  for i, clause in ipairs(cl) do
    for _, cue in ipairs(M.ALIAS_CUES) do
      local a, b = clause:find(cue[1], 1, true)
      if a then
        local name = after_last(clause:sub(1, a - 1):gsub("在$", ""), { "、" })
        if name == "" and i > 1 then name = cl[i - 1] end
        name = name:gsub("^.*是", "")
        if M.ANAPHORA[name] then name = subject end
        local alias = upto_first(clause:sub(b + 1):gsub("^为", ""), { "、", "的", "是" })
        if name and name ~= "" and alias and alias ~= "" and name ~= alias
            and len(name) <= 12 and len(alias) <= 12 then
          out[#out + 1] = { name = name, alias = alias, type = cue[2] }
        end
        break
      end
    end
  end
  return out
end

return M
