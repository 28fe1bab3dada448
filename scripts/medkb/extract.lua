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

-- Forms of drug names, longest first.  A name ends with one ("碳酸钙D3片").
M.DRUG_SUFFIXES = {
  "凝胶贴膏", "口服溶液", "口服乳剂", "缓释胶囊", "肠溶胶囊", "干混悬剂", "软胶囊", "注射用", "滴眼液",
  "滴鼻液", "滴耳液", "口服液", "注射液", "气雾剂", "喷雾剂", "吸入剂", "粉雾剂", "颗粒剂", "乳胶剂",
  "凝胶剂", "混悬剂", "缓释片", "控释片", "咀嚼片", "分散片", "肠溶片", "泡腾片", "混悬液", "眼膏",
  "胶囊", "颗粒", "软膏", "乳膏", "凝胶", "贴膏", "贴剂", "栓剂", "糖浆", "含片", "洗剂", "搽剂",
  "酊剂", "合剂", "滴剂", "喷剂", "溶液", "片", "丸", "散", "栓", "膏", "露",
}

-- The stems of generic names (WHO INN stems as Chinese writes them):
-- a name ends with one (普萘洛尔, 氨氯地平, 舍曲林, 布洛芬).
M.DRUG_STEMS = {
  "洛尔", "地平", "沙坦", "普利", "他汀", "西林", "沙星", "西泮", "唑仑", "替丁", "拉唑", "霉素",
  "替尼", "单抗", "曲林", "西汀", "普兰", "法辛", "氮平", "硫平", "培酮", "哌唑", "西平", "三嗪",
  "西坦", "喷丁", "巴林", "洛芬", "芬酸", "芬酸钠", "昔布", "氨基酚", "美辛", "硝唑", "康唑", "洛韦",
  "他韦", "韦林", "环素", "尼松", "尼松龙", "米松", "可的松", "奈德", "他定", "利嗪", "司特", "胺醇",
  "特罗", "他林", "茶碱", "双胍", "波糖", "格列净", "列净", "鲁肽", "格列汀", "噻嗪", "塞米", "内酯",
  "法林", "格雷", "匹林", "必利", "立酮", "钴胺", "吡坦", "克隆", "多巴", "哌齐", "卡因", "司琼",
  "美沙芬", "沙芬", "待因", "溴索", "半胱氨酸", "那敏", "苯海拉明", "地尔", "维林", "托品", "洛克",
  "肝素", "胰岛素", "甲钴胺", "谷维素", "嗪", "普生", "福平", "匹克隆", "妥英钠", "妥英", "孢素", "雄胺",
  "酸钙", "酸钾", "酸镁", "酸钠", "酸锌", "酸亚铁", "化钾", "化钠", "化钙", "化镁", "甘油", "腺素",
}

-- Stems of one character, or common enough in plain words, need the
-- clause to talk about drugs before they count ("其他定期" is no drug).
M.WEAK_STEMS = { ["嗪"] = true, ["他定"] = true, ["克隆"] = true, ["多巴"] = true, ["地尔"] = true,
                 ["内酯"] = true, ["他林"] = true, ["维林"] = true, ["特罗"] = true, ["巴林"] = true,
                 ["普兰"] = true, ["西平"] = true, ["格雷"] = true, ["洛克"] = true, ["甘油"] = true,
                 ["腺素"] = true, ["酸钠"] = true, ["酸钾"] = true }

-- What may not follow a drug name that ends in a one-character form or
-- in a stem: the characters that make it another word ("扩散到面部",
-- "片刻", "他汀类" is a class).
M.NOT_AFTER_DRUG = { ["散"] = "到开步落去发失布播大光", ["片"] = "刻面段区状子", ["丸"] = "子",
                     ["膏"] = "药方", ["露"] = "出面天营", ["栓"] = "塞子" }
M.NOT_AFTER_STEM = "线类性型化者族群"
-- What may not stand right before a one-character form: the characters
-- that make it a plain word ("暴露", "图片", "扩散", "血栓").
M.NOT_BEFORE_FORM = { ["露"] = "暴透显揭流裸", ["片"] = "图照切名影卡相唱碎", ["散"] = "扩分消松解疏",
                      ["丸"] = "弹肉泥", ["膏"] = "牙", ["栓"] = "血" }

-- Words after which a drug name starts ("可口服|氯化钾缓释片").
M.DRUG_CUES = {
  "遵医嘱使用", "遵医嘱服用", "在医生指导下使用", "在医生指导下服用", "更换为", "替换为", "使用",
  "服用", "口服", "配合", "选用", "应用", "外用", "涂抹", "联合", "合用", "注射", "含服", "吸入",
  "给予", "加用", "改用", "换用", "停用", "补充", "包括", "选择", "推荐", "首选", "常用", "比如",
  "例如", "外涂", "静滴", "滴注", "静脉", "涂搽", "搭配", "辅以", "或者", "以及", "而", "并",
  "影响", "通过", "肌注", "输注", "静注", "静推", "雾化", "属于", "首先", "一些", "一点", "少量",
  "适量", "一定", "开具", "开药", "虽然", "但是", "如果", "所以", "因此", "然后", "释放", "分泌",
}

-- One-character words that end a name's left side when something
-- precedes them ("某些抗抑郁药如|盐酸帕罗西汀片", "关联药物有|氯雷他定片").
M.SHORT_CUES = { "如", "用", "和", "及", "或", "与", "可", "需", "也", "后", "了", "的", "在", "以",
                 "是", "将", "对", "予", "等", "服", "吃", "由", "患", "有", "为", "含", "选", "给",
                 "喝", "像", "即", "涂", "贴", "滴", "喷", "打", "加", "换", "从", "于", "会", "能",
                 "要", "被", "让", "使", "把", "向", "经", "因", "据", "且", "又", "再", "还", "就",
                 "才", "都", "只", "先" }
-- Cue words cut off even where a name would start ("如布洛芬").
M.LEADING_CUES = { "如", "像", "即", "吃", "服", "喝", "某些", "一些", "部分", "其他" }
-- Where a generic name glued to its class starts ("抗癫痫药卡马西平").
M.CLASS_CUTS = { "药物", "药", "剂", "类", "素" }

-- Words that open a list of drugs after a class of them ("苯二氮卓类药物如
-- A、B"), and close one before it ("A、B等药物").
M.DRUG_LIST_OPEN = { "药物如", "药物包括", "药物有", "药物主要有", "药如", "药包括", "药有", "剂如",
                     "素如", "类如", "制剂如", "药物比如", "药物例如" }
-- Words that open a clause listing drugs when the clause before it ends
-- with a class of them ("抗过敏药:如A、B").
M.DRUG_LIST_LEADS = { "比如", "例如", "如", "包括", "常用", "有" }
M.DRUG_LIST_CLOSE = { "等药物", "等药", "等抗生素", "等止痛药", "等降压药", "等抗菌药", "等抗病毒药",
                      "等制剂", "等激素", "等西药", "等中成药" }

-- A drug named alone in a class's place is no drug: these and anything
-- ending in 药, 药物, 类 or a class word.
M.NOT_DRUG = { ["药片"] = true, ["药物片"] = true, ["一片"] = true, ["该药片"] = true,
               ["抗生素"] = true, ["激素"] = true, ["维生素"] = true }
M.CLASS_ENDINGS = { "药", "药物", "类", "制剂", "抑制剂", "阻滞剂", "拮抗剂", "激动剂", "补充剂",
                    "剂", "素类", "中药", "西药", "菌素", "激素" }
-- A form name whose first part only says what it is for names a kind of
-- medicine, not a drug ("止咳糖浆").
M.NOT_DRUG_LEFT = { ["止咳"] = true, ["止痛"] = true, ["退烧"] = true, ["消炎"] = true, ["感冒"] = true,
                    ["止泻"] = true, ["安眠"] = true, ["降压"] = true, ["补钙"] = true, ["中"] = true }
-- Characters a list item that names a drug does not hold.
M.NOT_IN_NAME = { "的", "了", "是", "有", "在", "会", "能", "可", "要", "一定", "等", "时", "后",
                  "使", "让", "被", "把", "哪", "什么", "怎", "吗", "呢" }

-- What a text says of a drug.  A drug in a sentence where, after it, one
-- of PROVOKE_CUES comes before any of TREAT_CUES provokes the problem
-- ("X、Y等药物若剂量过大,可能……引起头晕"); so does one followed in its
-- clause by 后 ("使用X后出现…").  A drug after one of CAUTION_CUES is
-- named in passing; after one of REPLACE_CUES it is taken.
M.PROVOKE_CUES = { "引起", "导致", "诱发", "引发", "造成", "所致", "副作用", "不良反应", "过量",
                   "剂量过大", "剂量过高", "用量过大", "成瘾", "依赖性", "为什么会", "为何会", "损伤",
                   "加重", "过敏", "致敏", "刺激" }
-- Words before a provoke cue that deny it ("不易引起咳嗽").
M.NEGATIONS = { "不易", "不会", "不容易", "不", "无", "没有", "很少", "抗", "防", "止" }
-- Words before a drug that stop it because it causes the trouble
-- ("暂时停用二甲双胍").
M.STOP_CUES = { "停用", "停服", "停掉" }
M.TREAT_CUES = { "缓解", "治疗", "改善", "控制", "减轻", "预防", "消除", "纠正", "对抗", "退热", "调节",
                 "营养", "促进", "适用于", "用于", "有效", "帮助" }
M.CAUTION_CUES = { "避免", "不要", "不宜", "慎用", "禁用", "禁止", "勿", "不可", "不能", "少用", "忌" }
M.REPLACE_CUES = { "换用", "改用", "更换为", "换成", "改为", "替换为", "替换", "替代" }
M.CONCESSION = { "虽然", "虽" }

-- A cause heading that says drugs are the cause: the drugs its section
-- names provoke the symptom, unless a REPLACE cue takes one instead.
M.DRUG_CAUSE_WORDS = { "副作用", "不良反应", "过量", "剂量", "影响", "因素", "药源性", "药物性",
                       "滥用", "依赖", "戒断", "用药", "刺激", "过敏", "引起", "导致", "后" }
-- Words for taking drugs: a heading with them ("服用药物") names drugs as
-- the cause only among headings known to be causes (an article's
-- sections), not in a title ("安眠药的合理服用") or a list of treatments.
M.DRUG_TAKING_WORDS = { "服用", "服药", "吃药", "用了", "吃了" }
-- A drug class ("抗过敏药": from one of these to the next 药) is what a
-- heading names, not a cause word in it: its span is not read for
-- DRUG_CAUSE_WORDS.
M.DRUG_CLASS_STARTS = { "抗", "止", "降" }

M.DISEASE_SUFFIXES = { "综合征", "病变", "突出", "血症", "硬化", "痉挛", "哮喘", "病", "症", "炎",
                      "瘤", "癌" }
M.DISEASE_CUES = { "引起的", "导致的", "患有", "排除", "排查", "由于", "因为", "合并", "诊断为", "属于",
                   "治疗", "出现", "考虑" }
-- Disease lists the context marks, whatever their names end in
-- ("排查脑供血不足、梅尼埃病等疾病").
M.DISEASE_LIST_OPEN = { "排查", "排除", "警惕", "考虑", "预防" }
M.DISEASE_LIST_CLOSE = { "等疾病", "等病", "等严重疾病" }
-- what may not follow a disease suffix (病人, 症状, 炎症 …)
M.NOT_AFTER = { ["病"] = "人因史情程灶理毒菌区房友例号假", ["症"] = "状", ["炎"] = "症" }
-- generic phrases that end like a disease but name none
M.NOT_DISEASE = { ["严重疾病"] = true, ["相关疾病"] = true, ["潜在疾病"] = true,
                  ["其他疾病"] = true, ["原发病"] = true, ["疾病"] = true, ["这类疾病"] = true,
                  ["该病"] = true, ["此病"] = true, ["本病"] = true, ["基础疾病"] = true }

M.FOOD_CUES = { "适量食用", "多吃", "食用", "增加", "摄入", "补充", "饮用", "多喝", "吃" }
-- Food lists without 食物 after them: what opens and closes one
-- ("增加牛奶、豆制品摄入", "多吃新鲜蔬菜和水果").
M.FOOD_LISTS = { { "增加", "的摄入" }, { "增加", "摄入" }, { "多吃", nil }, { "多食用", nil },
                 { "适量食用", nil }, { "多喝", nil }, { "多摄入", nil }, { "通过食用", nil } }
-- Kinds of food a list of foods may follow ("水果,如西瓜、梨等",
-- "易消化食物(如粥、蒸蛋)"), with a word that opens the list.
M.FOOD_KINDS = { "食物", "水果", "蔬菜", "食品", "饮品", "坚果", "杂粮" }
M.FOOD_LIST_LEADS = { "比如", "例如", "如", "像" }
-- Words that end a list of foods a FOOD_LISTS opener starts ("多摄入新鲜
-- 蔬菜补充维生素").
M.FOOD_LIST_ENDS = { "等", "补充", "以", "来", "帮助", "有助", "促进", "可", "能" }
-- What a food's name does not hold.
M.NOT_IN_FOOD = { "的", "富含", "含", "食物", "饮食", "东西", "营养", "一些", "清淡", "辛辣", "刺激" }
M.EXAM_CUES = { "就医", "就诊", "进行", "检测", "做", "行", "需", "查", "完善" }
-- Verbs a list of exams follows ("进行过敏原测试", "完善肠镜、胃镜"), and
-- what an exam's name ends with where no 检查 follows the list.
M.EXAM_VERBS = { "进行", "完善", "做", "接受", "需行", "可行" }
M.EXAM_ENDINGS = { "检查", "检测", "测试", "测定", "化验", "造影", "筛查", "扫描", "试验", "CT",
                   "超", "镜", "图", "七项", "五项", "三项", "常规", "功能", "磁共振" }
M.EXAM_NOT = { ["相关"] = true, ["详细"] = true, ["仔细"] = true, ["全面"] = true,
               ["进一步"] = true, ["必要的"] = true, ["定期"] = true, ["专业"] = true,
               ["医学"] = true }
M.DEPT_CUES = { "就诊", "挂号", "前往", "到", "至", "挂" }
-- Words before a list of accompanying signs.
M.SIGN_CUES = { "伴有", "伴随", "常伴", "可伴", "多伴", "并伴" }

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
M.CAUSE_OPEN = { "可能是由于", "可能是因为", "可能是由", "可能由", "可能是", "可能与", "常见原因主要有",
                 "主要有", "常见原因有", "也可能是", "通常是由于", "主要是由于", "多是由于", "通常由",
                 "多由", "由于" }
M.CAUSE_CLOSE = { "等原因引起", "等原因", "等生理性因素", "等病理性因素", "等因素", "等疾病", "引起",
                  "有关", "导致", "所致", "等" }
M.TREAT_OPEN = { "可通过", "可以通过", "通过" }
-- A treatment list ends at the first of these ("…等方式缓解"); where none
-- stands, at one of TREAT_CLOSE_LAST ending the clause ("…适当运动缓解"),
-- so that an item saying 改善 does not cut the list short.
M.TREAT_CLOSE = { "等方式", "等方法", "等措施", "等手段", "等" }
M.TREAT_CLOSE_LAST = { "进行处理", "进行治疗", "来缓解", "缓解", "改善", "治疗", "处理" }

-- Question and title endings to strip to get the subject.
M.TITLE_ENDINGS = { "是什么原因造成的", "是什么原因引起的", "是什么原因导致的", "是什么原因", "是怎么回事",
                    "怎么回事", "的原因有哪些", "的原因是什么", "有什么病因", "的病因", "的原因", "特点",
                    "该怎么办", "怎么办", "是什么病", "是什么", "的症状", "有哪些症状", "有什么症状", "严重吗",
                    "的危害", "吃什么药好", "吃什么药", "能吃哪些药", "可以吃哪些药", "吃哪些药",
                    "怎么治疗", "如何治疗", "怎么治", "如何缓解", "怎么缓解", "怎么处理", "如何处理",
                    "的药物有哪些", "有哪些", "需要吃药吗", "要吃药吗", "吃药吗", "能治好吗", "要紧吗",
                    "正常吗", "会好吗", "，你知道吗", ",你知道吗" }
-- Question openings to strip ("为什么皮肤老是瘙痒", "导致头痛的药物有哪些").
M.TITLE_OPENINGS = { "为什么会", "为什么", "为何会", "为何", "什么原因导致", "什么原因引起", "导致", "引起" }

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

-- Whether byte position p of s falls inside one of the spans protect
-- ({i, j} each), so that a cut there would split a name.
local function inside(p, protect)
  for _, r in ipairs(protect or {}) do
    if p > r[1] and p <= r[2] then return true end
  end
  return false
end

-- The spans of s that the words of list cover.
local function spans_of(s, list)
  local out = {}
  for _, w in ipairs(list) do
    local pos = 1
    while true do
      local i, j = s:find(w, pos, true)
      if not i then break end
      out[#out + 1] = { i, j }
      pos = i + 1
    end
  end
  return out
end

--- left_name(stem, cues [, protect]) -> the end of stem that is a name:
-- after the last list separator, then after the last cue word, then after
-- the last one-character cue that has something before it and does not
-- stand inside one of the words of protect (氢化可的松: 可 and 的 are
-- part of the name).
function M.left_name(stem, cues, protect)
  local sep = last_end(stem, { "、" }, 0)
  if sep then stem = stem:sub(sep) end
  local cut = last_end(stem, cues, 0)
  if cut then stem = stem:sub(cut) end
  local first = utf8.offset(stem, 2) or #stem + 1
  local guard = protect and spans_of(stem, protect)
  -- the cuts one-character cues allow, rightmost first; a cut that would
  -- leave a name starting with a protected word (霉素, of 林可霉素) is none
  local cands = {}
  for _, w in ipairs(M.SHORT_CUES) do
    local pos = 1
    while true do
      local i, j = stem:find(w, pos, true)
      if not i then break end
      if i > first - 1 and not inside(j + 1, guard) and not inside(i, guard) then
        cands[#cands + 1] = j + 1
      end
      pos = i + 1
    end
  end
  table.sort(cands, function(a, b) return a > b end)
  for _, c in ipairs(cands) do
    local starts_protected = false
    for _, r in ipairs(guard or {}) do starts_protected = starts_protected or r[1] == c end
    if not starts_protected then
      stem = stem:sub(c)
      break
    end
  end
  for _, w in ipairs(M.LEADING_CUES) do
    if stem:sub(1, #w) == w then return stem:sub(#w + 1) end
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

-- The position of the first word of list in s, or nil.
local function first_at(s, list)
  local best
  for _, w in ipairs(list) do
    local i = s:find(w, 1, true)
    if i and (not best or i < best) then best = i end
  end
  return best
end

-- s before the first occurrence of any word in list.
local function upto_first(s, list)
  local best = first_at(s, list)
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

local function ends_with_any(s, list)
  for _, w in ipairs(list) do
    if #s > #w and s:sub(-#w) == w then return true end
  end
  return false
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
  for name in pairs(known or {}) do
    if clause:find(name, 1, true) then
      local within = false
      for _, n in ipairs(names) do within = within or n:find(name, 1, true) ~= nil end
      if not within then names[#names + 1] = name end
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

-- {=== drugs

-- The sentences of normalized text s, each a list of its clauses.
local function sentences(s)
  local out = {}
  for sentence in (s .. "."):gmatch("([^.!?;\n]*)[.!?;\n]") do
    local clauses = {}
    for c in (sentence .. ","):gmatch("([^,:()]*)[,:()]") do
      c = c:gsub("^%s+", ""):gsub("%s+$", "")
      if c ~= "" then clauses[#clauses + 1] = c end
    end
    if #clauses > 0 then out[#out + 1] = clauses end
  end
  return out
end

-- Whether s is a class of drugs rather than one (降压药, 抑制剂, 他汀类).
local function is_class(s)
  for _, suf in ipairs(M.DRUG_SUFFIXES) do
    if #suf > 3 and s:sub(-#suf) == suf then return M.NOT_DRUG_LEFT[s:sub(1, -#suf - 1)] == true end
  end
  for _, e in ipairs(M.CLASS_ENDINGS) do
    if #s >= #e and s:sub(-#e) == e then return true end
  end
  -- a class abbreviated in capitals (ARB, NSAIDs, SSRIs)
  if s:match("^%u%u+s?$") then return true end
  return M.NOT_DRUG[s] == true
end

-- Whether the character that follows a name (after, the next bytes of
-- the clause) lets it end there: none of the characters in chars.
local function ends_name(after, chars)
  local c = after:match("^[%z\1-\127\194-\244][\128-\191]*")
  return not c or not chars or not chars:find(c, 1, true)
end

-- Whether the clause speaks of taking or giving drugs, for weak stems.
local DRUG_TALK = { "药", "服", "口服", "注射", "片", "胶囊", "遵医嘱", "使用", "剂" }
-- Words right before a vitamin that make it a drug given ("配合维生素C",
-- "注射维生素B12"), not a nutrient eaten ("补充维生素D").
M.VITAMIN_CUES = { "配合", "注射", "服用", "口服", "联合", "加用", "使用", "给予", "肌注", "静滴" }

-- Adds to spans the names in clause that end in one of words (forms or
-- stems): {i =, j =, name =}.  accept(name, left, word, after) filters;
-- protect as left_name takes it; a name starts after the last of cuts.
local function ending_spans(spans, clause, words, accept, protect, cuts)
  for _, w in ipairs(words) do
    local pos = 1
    while true do
      local i, j = clause:find(w, pos, true)
      if not i then break end
      local left = M.left_name(clause:sub(1, i - 1), M.DRUG_CUES, protect)
      local cut = cuts and last_end(left, cuts, 0)
      if cut then left = left:sub(cut) end
      local name = left .. w
      if accept(name, left, w, clause:sub(j + 1, j + 3)) then
        spans[#spans + 1] = { i = j - #name + 1, j = j, name = name }
      end
      pos = i + 1
    end
  end
end

-- What separates the items of a list.
M.LIST_SEPARATORS = { "、", "以及", "和", "或", "及", "与" }

-- The items of a list "A、B和C": {text, byte offset in s} each.
local function list_items(s)
  local out, pos = {}, 1
  while pos <= #s do
    local si, sj
    for _, sep in ipairs(M.LIST_SEPARATORS) do
      local i, j = s:find(sep, pos, true)
      if i and (not si or i < si) then si, sj = i, j end
    end
    out[#out + 1] = { s:sub(pos, (si or #s + 1) - 1), pos }
    pos = sj and sj + 1 or #s + 1
  end
  return out
end

-- Adds the items of a drug list the clause marks by its words ("药物如
-- A、B", "A、B等药物"), or that opens after a class ending the clause
-- before (after_class: "抗过敏药:如A、B").
local function list_spans(spans, clause, after_class)
  local function add_items(text, base)
    for _, it in ipairs(list_items(text)) do
      local item, at = it[1], base + it[2] - 1
      local stop = first_at(item, M.TREAT_CUES)
      if stop then item = item:sub(1, stop - 1) end
      for _, w in ipairs(M.LEADING_CUES) do
        if item:sub(1, #w) == w then item, at = item:sub(#w + 1), at + #w end
      end
      local n = len(item)
      if n >= 2 and n <= 10 and not is_class(item) and not item:find("%p")
          and not has_any(item, M.NOT_IN_NAME) then
        spans[#spans + 1] = { i = at, j = at + #item - 1, name = item }
      end
    end
  end
  local opens = {}
  for _, w in ipairs(M.DRUG_LIST_OPEN) do
    local _, j = clause:find(w, 1, true)
    if j then opens[#opens + 1] = j end
  end
  if after_class then
    for _, w in ipairs(M.DRUG_LIST_LEADS) do
      if clause:sub(1, #w) == w then opens[#opens + 1] = #w break end
    end
  end
  for _, j in ipairs(opens) do
    local rest = clause:sub(j + 1)
    local stop = rest:find("等", 1, true)
    add_items(stop and rest:sub(1, stop - 1) or rest, j + 1)
  end
  for _, w in ipairs(M.DRUG_LIST_CLOSE) do
    local i = clause:find(w, 1, true)
    if i then
      local before = clause:sub(1, i - 1)
      local cut = last_end(before, M.DRUG_CUES, 0)
      if not cut then
        local first = utf8.offset(before, 2) or #before + 1
        cut = last_end(before, M.SHORT_CUES, first - 1)
      end
      cut = cut or 1
      add_items(before:sub(cut), cut)
    end
  end
end

-- The drug names in clause, by form, stem, list and what is known: the
-- longest where they overlap, in the order they stand.
local function drug_spans(clause, known, after_class)
  local spans = {}
  local talk = has_any(clause, DRUG_TALK)
  ending_spans(spans, clause, M.DRUG_SUFFIXES, function(name, left, suf, after)
    local n = len(left)
    return n >= 2 and n <= 15 and not M.NOT_DRUG[name] and not left:find("^%d+$")
      and not left:find("药$") and not left:find("%p$") and not M.NOT_DRUG_LEFT[left]
      and ends_name(after, M.NOT_AFTER_DRUG[suf])
      and not (M.NOT_BEFORE_FORM[suf] and M.NOT_BEFORE_FORM[suf]:find(left:sub(-3), 1, true))
  end, M.DRUG_STEMS)
  ending_spans(spans, clause, M.DRUG_STEMS, function(name, left, stem, after)
    local n = len(name)
    return (len(left) >= 1 or len(stem) >= 3) and n <= 10 and ends_name(after, M.NOT_AFTER_STEM)
      and not left:find("%p") and not left:find("^%d") and not is_class(name)
      and (talk or not M.WEAK_STEMS[stem] or (known and known[name]))
  end, nil, M.CLASS_CUTS)
  list_spans(spans, clause, after_class)
  -- a vitamin named by its letter (维生素B12), given as a drug
  local from = 1
  while true do
    local i, j = clause:find("维生素%u%d*", from)
    if not i then break end
    local before = clause:sub(1, i - 1)
    for _, w in ipairs(M.VITAMIN_CUES) do
      if before:sub(-#w) == w then
        spans[#spans + 1] = { i = i, j = j, name = clause:sub(i, j) }
        break
      end
    end
    from = j + 1
  end
  for name in pairs(known or {}) do
    -- a vitamin is a drug only where it is given as one (above)
    local pos = name:sub(1, #"维生素") == "维生素" and #clause + 1 or 1
    while true do
      local i, j = clause:find(name, pos, true)
      if not i then break end
      spans[#spans + 1] = { i = i, j = j, name = name }
      pos = i + 1
    end
  end
  table.sort(spans, function(a, b)
    if #a.name ~= #b.name then return #a.name > #b.name end
    return a.i < b.i
  end)
  local kept = {}
  for _, sp in ipairs(spans) do
    local free = true
    for _, k in ipairs(kept) do
      if sp.i <= k.j and sp.j >= k.i then free = false break end
    end
    if free then kept[#kept + 1] = sp end
  end
  table.sort(kept, function(a, b) return a.i < b.i end)
  return kept
end

-- Whether s holds only list separators and spaces.
local function is_separators(s)
  for _, sep in ipairs(M.LIST_SEPARATORS) do s = s:gsub(sep, "") end
  return s:match("^%s*$") ~= nil
end

-- The position of the first provoke cue in s that no negation stands
-- right before ("不易引起" is none), or nil.
local function provoke_at(s)
  local best
  for _, w in ipairs(M.PROVOKE_CUES) do
    local pos = 1
    while true do
      local i = s:find(w, pos, true)
      if not i then break end
      local denied = false
      for _, n in ipairs(M.NEGATIONS) do
        denied = denied or (i > #n and s:sub(i - #n, i - 1) == n)
      end
      if not denied then
        if not best or i < best then best = i end
        break
      end
      pos = i + 1
    end
  end
  return best
end

-- What the sentence (its clauses) says of the drug at span in clause k:
-- "provoking", "mentioned" or "taken".  Replaced by another, taken; where
-- drugs are the cause (provoking set), provoking unless nothing after it
-- in the sentence provokes and something treats; elsewhere, provoking
-- when a provoke cue comes after it before any treat cue (a clause that
-- only treats ends the search, unless it concedes: "虽然用于缓解疼痛,但…
-- 导致头痛"), when 后 follows it ("服用X后出现…"), or when the clause
-- before it says the drugs it lists provoke ("易致敏药物有X"); after a
-- caution word, named in passing; else taken.
local function role_of(clauses, k, span, provoking)
  local clause = clauses[k]
  local before, after = clause:sub(1, span.i - 1), clause:sub(span.j + 1)
  for m = 1, k - 1 do before = clauses[m] .. "," .. before end
  if has_any(before, M.REPLACE_CUES) then return "taken" end
  local p, t = provoke_at(after), first_at(after, M.TREAT_CUES)
  if provoking then
    if p then return "provoking" end
    for m = k + 1, #clauses do
      if provoke_at(clauses[m]) then return "provoking" end
      t = t or first_at(clauses[m], M.TREAT_CUES)
    end
    return t and "taken" or "provoking"
  end
  if not t and (after:sub(1, 3) == "后" or after:sub(1, 6) == "之后") then return "provoking" end
  -- what follows the drug, clause by clause: the first cue decides, but
  -- a clause that concedes ("虽然用于缓解…") decides nothing
  local rest = { after }
  table.move(clauses, k + 1, #clauses, 2, rest)
  for _, c in ipairs(rest) do
    local p2, t2 = provoke_at(c), first_at(c, M.TREAT_CUES)
    if p2 and (not t2 or p2 < t2) then return "provoking" end
    if t2 and not has_any(c, M.CONCESSION) then break end
  end
  local own = clause:sub(1, span.i - 1)
  local pb = provoke_at(own)
  if pb and own:find("药", pb, true) then return "provoking" end
  if has_any(own, M.CAUTION_CUES) then return "mentioned" end
  if has_any(own, M.STOP_CUES) then return "provoking" end
  return "taken"
end

--- is_drug_cause(heading [, among_causes]) -> whether a heading says
-- drugs are the cause (药物副作用, 药物因素, 用药不当 …); among_causes
-- says the heading is known to name a cause, so that taking drugs
-- (服用药物) is one too.
function M.is_drug_cause(heading, among_causes)
  if not heading:find("药", 1, true) then return false end
  local words = heading
  for _, start in ipairs(M.DRUG_CLASS_STARTS) do
    local i = words:find(start, 1, true)
    local j = i and select(2, words:find("药", i, true))
    if j then words = words:sub(1, i - 1) .. words:sub(j + 1) end
  end
  return has_any(words, M.DRUG_CAUSE_WORDS)
      or (among_causes == true and has_any(heading, M.DRUG_TAKING_WORDS))
end

--- drugs(text [, known [, opts]]) -> list of {name =, role =, provokes =},
-- in the order the text first names them.  role is "taken", "provoking"
-- or "mentioned" (see role_of); a drug the text says provokes anywhere is
-- provoking.  known is a set of drug names the knowledge base has;
-- opts.provoking says the text is about drugs as the cause (a section
-- headed 药物副作用).
function M.drugs(text, known, opts)
  local out, at = {}, {}
  local provoking = opts and opts.provoking
  for _, clauses in ipairs(sentences(M.norm(text))) do
    for k, clause in ipairs(clauses) do
      local spans = drug_spans(clause, known, k > 1 and is_class(clauses[k - 1]))
      -- drugs listed together ("A、B等药物若剂量过大") share what is said
      -- of the list: its role is read from its first start and last end
      local group = {}
      for g = #spans, 1, -1 do
        local nxt = spans[g + 1]
        local gap = nxt and clause:sub(spans[g].j + 1, nxt.i - 1)
        if nxt and is_separators(gap) then
          group[g] = group[g + 1]
        else
          group[g] = { j = spans[g].j }
        end
        group[g].i = spans[g].i
      end
      for g, sp in ipairs(spans) do
        local role = role_of(clauses, k, group[g], provoking)
        local d = at[sp.name]
        if not d then
          d = { name = sp.name, role = role }
          at[sp.name] = d
          out[#out + 1] = d
        elseif role == "provoking" then
          d.role = role
        end
      end
    end
  end
  for _, d in ipairs(out) do d.provokes = d.role == "provoking" end
  return out
end

-- Items of a list "A、B和C": split at 、 and at 和/及/或/以及/与
-- between items.
local function items(list)
  local out = {}
  for _, it in ipairs(list_items(list)) do
    local part = it[1]:gsub("^%s+", ""):gsub("%s+$", "")
    if part ~= "" then out[#out + 1] = part end
  end
  return out
end
M.items = items

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
    local close = first_at(clause, M.DISEASE_LIST_CLOSE)
    local open = close and last_end(clause:sub(1, close - 1), M.DISEASE_LIST_OPEN, 0)
    if open then
      for _, d in ipairs(items(clause:sub(open, close - 1))) do
        if len(d) >= 2 and len(d) <= 12 and not M.NOT_DISEASE[d] then names[#names + 1] = d end
      end
    end
    for _, name in ipairs(with_known(clause, names, known)) do add_unique(out, seen, name) end
  end
  return out
end


--- foods(text) -> food names from "…A、B等(…)食物" statements and from
-- the lists FOOD_LISTS open ("增加牛奶、豆制品摄入", "多吃新鲜蔬菜和水果").
function M.foods(text)
  local out, seen = {}, {}
  local function take(list)
    for _, f in ipairs(items(list)) do
      if len(f) >= 1 and len(f) <= 6 and not has_any(f, M.NOT_IN_FOOD) then add_unique(out, seen, f) end
    end
  end
  local clauses = M.clauses(M.norm(text))
  for k, clause in ipairs(clauses) do
    -- a list after a kind of food, in the clause or ending the one before
    for _, kind in ipairs(M.FOOD_KINDS) do
      for _, lead in ipairs(M.FOOD_LIST_LEADS) do
        local _, j = clause:find(kind .. lead, 1, true)
        if not j and k > 1 and clause:sub(1, #lead) == lead and ends_with_any(clauses[k - 1], { kind }) then
          j = #lead
        end
        if j then take(upto_first(clause:sub(j + 1), { "等" })) break end
      end
    end
    local list = clause:match("^(.-)等.-食物") or clause:match("^(.-)等.-食品")
    if list then take(list_after_cue(list, M.FOOD_CUES)) end
    for _, fl in ipairs(M.FOOD_LISTS) do
      local _, j = clause:find(fl[1], 1, true)
      if j then
        local rest = clause:sub(j + 1)
        if fl[2] then
          local stop = rest:find(fl[2], 1, true)
          rest = stop and rest:sub(1, stop - 1) or nil
        end
        if rest then take(upto_first(rest, M.FOOD_LIST_ENDS)) end
      end
    end
  end
  return out
end

--- exams(text) -> exam names, without a trailing 检查, from "…(等)检查"
-- statements, "检测X", and the items after an exam verb that end as
-- exams do ("进行电解质检测、骨密度测定", "进行过敏原测试").
function M.exams(text)
  local out, seen = {}, {}
  local function take(name)
    name = name:gsub("^的", "")
    if #name > #"检查" and name:sub(-#"检查") == "检查" then name = name:sub(1, -#"检查" - 1) end
    if len(name) >= 2 and len(name) <= 10 and not M.EXAM_NOT[name] then
      add_unique(out, seen, name)
    end
  end
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    for _, verb in ipairs(M.EXAM_VERBS) do
      local _, j = clause:find(verb, 1, true)
      if j then
        for _, e in ipairs(items(upto_first(clause:sub(j + 1), { "等" }))) do
          if ends_with_any(e, M.EXAM_ENDINGS) then take(e) end
        end
      end
    end
    local before = clause:match("^(.-)等检查") or clause:match("^(.-)检查")
    if before and before ~= "" then
      before = list_after_cue(before, M.EXAM_CUES)
      for _, e in ipairs(items(before)) do take(e) end
    end
    -- 检测 as a verb, not the end of a name in a list ("电解质检测、…")
    local after = clause:match("检测(.+)$")
    if after and not after:find("^[、和及与]") then
      after = after:gsub("等.*$", "")
      for _, e in ipairs(items(after)) do take(e) end
    end
  end
  return out
end

--- departments(text) -> department names after 就诊/挂号/到 … ("到神经
-- 内科或心理科就诊": both).
function M.departments(text)
  local out, seen = {}, {}
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    for _, cue in ipairs(M.DEPT_CUES) do
      local pos = 1
      while true do
        local _, j = clause:find(cue, pos, true)
        if not j then break end
        for _, it in ipairs(items(clause:sub(j + 1))) do
          -- each item: the shortest run of up to six characters ending in 科
          local k = it:find("科", 1, true)
          if not k then break end
          local name = it:sub(1, k + #"科" - 1)
          if len(name) >= 2 and len(name) <= 7 and not name:find("[%p%s]") then  -- ASCII only
            add_unique(out, seen, name)
          end
          if k + #"科" - 1 < #it then break end
        end
        pos = j + 1
      end
    end
  end
  return out
end

--- signs(text) -> accompanying signs from "伴有A、B等症状", "常伴A、B"
-- statements.
function M.signs(text)
  local out, seen = {}, {}
  for _, clause in ipairs(M.clauses(M.norm(text))) do
    local cut = last_end(clause, M.SIGN_CUES, 0)
    if cut then
      local list = upto_first(clause:sub(cut), { "等" }):gsub("的症状$", "")
      for _, s in ipairs(items(list)) do
        if len(s) >= 2 and len(s) <= 8 then add_unique(out, seen, s) end
      end
    end
  end
  return out
end

-- {=== sentences

-- The text between the first open word (the longest where several
-- start at one place) and the first close word after it: of closes, or,
-- where none stands, of closes_last when one ends the clause.
local function between(s, opens, closes, closes_last)
  local oi, oj
  for _, o in ipairs(opens) do
    local i, j = s:find(o, 1, true)
    if i and (not oi or i < oi or (i == oi and j > oj)) then oi, oj = i, j end
  end
  if not oi then return nil end
  local rest = s:sub(oj + 1)
  local best = first_at(rest, closes)
  if best then return rest:sub(1, best - 1) end
  for _, c in ipairs(closes_last or {}) do
    if #rest > #c and rest:sub(-#c) == c then return rest:sub(1, -#c - 1) end
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
    local t = between(clause, M.TREAT_OPEN, M.TREAT_CLOSE, M.TREAT_CLOSE_LAST)
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
  for _, o in ipairs(M.TITLE_OPENINGS) do
    if #s > #o and s:sub(1, #o) == o then
      s = s:sub(#o + 1)
      break
    end
  end
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
