-- medkb/import/qa.lua -- Q&A pages (问答): the breadcrumb (首页 > 科室 >
-- …), the question, a reply count ("| N人回复"), the question description
-- (empty is a value), the answers, each after its doctor's card, the
-- related Q&A (question, answer, and the doctor's card before or after
-- it), the hot tags (热门标签), then site navigation.  A doctor's card is
-- read by what its words are -- titles, hospital grades, hospitals,
-- departments, a name -- in whatever order and on however many lines a
-- site writes them.  parse() makes a table, naming the line of what is
-- broken; load() writes questions, answers, one doctor entity per real
-- doctor (name and hospital), departments, tags, the aliases answers
-- state, and what each answer states: its doctor's hospital and
-- department, and the drugs it names, as an article's paragraph would.

local errors = require "medkb.import.errors"
local extract = require "medkb.extract"
local numbering = require "medkb.import.numbering"
local shared = require "medkb.import.shared"

local M = {}

-- {=== doctors, told by what their words are

-- Professional titles, longest first.
M.TITLES = { "副主任医师", "主任医师", "主治医师", "住院医师", "副主任药师", "主任药师", "主管药师",
             "副主任护师", "主任护师", "主管护师", "副主任技师", "主任技师", "主管技师", "副教授",
             "教授", "医师", "药师", "护师", "技师" }
-- Hospital grades, longest first.
M.GRADES = { "三级甲等", "三级乙等", "三级丙等", "二级甲等", "二级乙等", "二级丙等", "一级甲等",
             "一级乙等", "三级", "二级", "一级", "三甲", "三乙", "二甲", "二乙", "一甲" }
-- What a hospital's name ends with.
M.HOSPITAL_ENDINGS = { "医院", "卫生院", "诊所", "保健院", "卫生服务中心", "医疗中心", "医学中心",
                       "门诊部", "疗养院", "卫生室" }
-- What a department's name ends with.
M.DEPARTMENT_ENDINGS = { "科", "中心", "门诊", "病区" }
-- Departments, for telling a name from the department glued to it
-- ("李辉耳鼻咽喉科"); the departments the knowledge base knows count too.
M.DEPARTMENTS = { "内科", "外科", "儿科", "妇科", "产科", "妇产科", "眼科", "耳鼻喉科", "耳鼻咽喉科",
                  "口腔科", "皮肤科", "神经内科", "神经外科", "心内科", "心血管内科", "消化内科",
                  "呼吸内科", "肾内科", "内分泌科", "血液科", "风湿免疫科", "骨科", "泌尿外科",
                  "普外科", "肝胆外科", "胸外科", "肿瘤科", "急诊科", "全科", "全科医学科", "中医科",
                  "康复科", "精神科", "心理科", "心理咨询科", "药剂科", "麻醉科", "放射科", "感染科",
                  "营养科", "疼痛科", "老年科", "男科", "乳腺外科", "小儿内科", "新生儿科" }
-- Buttons and links that stand among a doctor's lines: these, and words
-- that start or end as ACTION_STARTS and ACTION_ENDS say ("去问诊",
-- "向他提问", "查看其他语音").
M.ACTIONS = { ["立即预约"] = true, ["去挂号"] = true, ["预约挂号"] = true, ["在线咨询"] = true,
              ["问医生"] = true, ["咨询医生"] = true, ["免费咨询"] = true }
M.ACTION_STARTS = { "去", "立即", "在线", "查看", "点击", "向他", "向她", "关注" }
M.ACTION_ENDS = { "问诊", "咨询", "挂号", "预约", "提问", "语音", "关注" }
-- Common surnames, for telling a name glued to a department ("李辉耳鼻咽
-- 喉科") from a department with a qualifier ("普通内科", "中医内科").
M.SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
  .. "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
  .. "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
  .. "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
-- Reply counts, as sites write them.
M.REPLIES = { "^|?%s*(%d+)人回复$", "^医生回答%s*%((%d+)%)$", "^医生回答%s*（(%d+)）$",
              "^共(%d+)个回答$", "^(%d+)个回答$" }
-- Lines that are page furniture: dates and times, an asker's age, a
-- publishing line, the Q and A a site marks its parts with.
M.NOISE = { "^%d%d%d%d[-./年]%d%d?[-./月]%d%d?日?[%s%d:：]*$", "^%d+岁%s+%d%d%d%d[-./]%d+[-./]%d+$",
            "^发布时间", "^[QA]$", "^问$", "^答$" }
-- Headings of the description and of the answers, as sites write them
-- (a colon and a count may follow: "病情描述:", "医生回答(1)").
M.DESCRIPTION_LABELS = { "问题描述", "病情描述", "问题详情", "详细描述", "描述" }
M.ANSWER_LABELS = { "全部回答", "医生回答", "精选回答", "最佳答案", "推荐答案", "语音文字", "视频内容",
                    "回答" }
-- What a question line may open with ("Q为什么叫肩周炎?").
M.QUESTION_MARKS = { "Q:", "Q：", "问：", "问:", "Q" }

local function len(s)
  return utf8.len(s) or #s
end

local function in_list(s, list)
  for _, w in ipairs(list) do
    if s == w then return w end
  end
end

-- The word of list that s ends with (the longest first in list), and the
-- rest of s before it.
local function ending(s, list)
  for _, w in ipairs(list) do
    if #s > #w and s:sub(-#w) == w then return w, s:sub(1, -#w - 1) end
  end
end

-- Whether s is written in Han characters only (a person's name is); text
-- that is not UTF-8 is not.
local function han(s)
  if not utf8.len(s) then return false end
  for _, c in utf8.codes(s) do
    if c < 0x3400 or c > 0x9FFF then return false end
  end
  return true
end

local function is_name(s)
  local n = utf8.len(s)
  return n ~= nil and n >= 2 and n <= 4 and han(s)
end

local function is_action(s)
  if M.ACTIONS[s] then return true end
  if len(s) > 8 or s:find("%p") or s:find("，", 1, true) or s:find("。", 1, true) then return false end
  for _, w in ipairs(M.ACTION_STARTS) do
    if #s > #w and s:sub(1, #w) == w then return true end
  end
  for _, w in ipairs(M.ACTION_ENDS) do
    if #s > #w and s:sub(-#w) == w then return true end
  end
  return false
end

local function is_hospital(s)
  return ending(s, M.HOSPITAL_ENDINGS) ~= nil or s:find("医院", 1, true) ~= nil
end

local function is_department(s, known)
  if known and known[s] then return true end
  return ending(s, M.DEPARTMENT_ENDINGS) ~= nil and len(s) <= 10 and han(s) and not is_hospital(s)
end

-- Splits a name glued to a department ("李辉耳鼻咽喉科"): the department
-- is the longest known one the word ends with.
local function name_and_department(s, known)
  local best
  for _, d in ipairs(M.DEPARTMENTS) do
    if #s > #d and s:sub(-#d) == d and (not best or #d > #best) then best = d end
  end
  for d in pairs(known or {}) do
    if #s > #d and s:sub(-#d) == d and (not best or #d > #best) then best = d end
  end
  local name = best and s:sub(1, -#best - 1)
  if name and is_name(name) and M.SURNAMES:find(name:sub(1, utf8.offset(name, 2) - 1), 1, true) then
    return name, best
  end
end

-- Splits a hospital glued to its department ("北京大学第三医院中医科").
local function hospital_and_department(s, known)
  for _, e in ipairs(M.HOSPITAL_ENDINGS) do
    local i, j = s:find(e, 1, true)
    while i do
      local rest = s:sub(j + 1)
      if rest ~= "" and is_department(rest, known) then return s:sub(1, j), rest end
      i, j = s:find(e, j + 1, true)
    end
  end
end

-- Brackets a grade may stand in.
M.BRACKETS = { { "「", "」" }, { "(", ")" }, { "（", "）" }, { "【", "】" }, { "[", "]" } }

-- When w ends with a bracketed part: what stands before it, and what is
-- inside.
local function bracketed(w)
  for _, b in ipairs(M.BRACKETS) do
    local open, close = b[1], b[2]
    if #w > #open + #close and w:sub(-#close) == close then
      local i = w:find(open, 1, true)
      if i then return w:sub(1, i - 1), w:sub(i + #open, -#close - 1) end
    end
  end
end

-- Adds the fields word w stands for to the list out ({field, value}),
-- peeling glued words apart: a title, a grade (also in 「」 or brackets),
-- a hospital, a department, a name.  Returns false when w is none of
-- these.
local function classify(w, out, known)
  if w == "" or is_action(w) then return true end
  if in_list(w, M.TITLES) then out[#out + 1] = { "title", w } return true end
  if in_list(w, M.GRADES) then return true end
  -- a grade in brackets, alone or glued after a hospital ("医院「三级甲等」")
  local before, inside = bracketed(w)
  if inside and in_list(inside, M.GRADES) then
    return before == "" or classify(before, out, known)
  end
  -- a grade glued after a hospital: "无锡市人民医院三甲"
  local g, rest = ending(w, M.GRADES)
  if g and is_hospital(rest) then return classify(rest, out, known) end
  -- a title glued to what stands before or after it
  for _, t in ipairs(M.TITLES) do
    local i, j = w:find(t, 1, true)
    if i then
      local ahead, after = w:sub(1, i - 1), w:sub(j + 1)
      if ahead == "" or classify(ahead, out, known) then
        out[#out + 1] = { "title", t }
        return after == "" or classify(after, out, known)
      end
      return false
    end
  end
  if is_hospital(w) then
    local hospital, dept = hospital_and_department(w, known)
    out[#out + 1] = { "hospital", hospital or w }
    if dept then out[#out + 1] = { "department", dept } end
    return true
  end
  if is_department(w, known) then
    local name, dept = name_and_department(w, known)
    if name and not (known and known[w]) and not in_list(w, M.DEPARTMENTS) then
      out[#out + 1] = { "name", name }
      out[#out + 1] = { "department", dept }
    else
      out[#out + 1] = { "department", w }
    end
    return true
  end
  if is_name(w) then out[#out + 1] = { "name", w } return true end
  return false
end

--- doctor_fields(text [, known]) -> the list of {field, value} a line of a
-- doctor's card holds, or nil when the line is something else.  known is
-- a set of department names.
function M.doctor_fields(text, known)
  if len(text) > 50 then return nil end
  local out = {}
  for w in text:gmatch("[^%s|]+") do
    if not classify(w, out, known) then return nil end
  end
  return out
end

-- Reads the doctor card that starts at L[i]: consecutive lines of doctor
-- words, holding one name and a title or hospital.  Returns the doctor
-- {name =, title =, hospital =, department =, line =} and the index
-- after the card, or nil when L[i] starts none.  A card with a field
-- twice (two titles, two hospitals) is a problem: which one is whose
-- cannot be told.
local function read_doctor(L, i, known, fail)
  local d, j = nil, i
  while L[j] do
    local fields = M.doctor_fields(L[j].text, known)
    if not fields or #fields == 0 then break end
    local has_name = false
    for _, f in ipairs(fields) do
      has_name = has_name or (f[1] == "name" and not (d and d.name == f[2]))
    end
    if has_name and d and d.name then break end
    d = d or { line = L[j].n }
    for _, f in ipairs(fields) do
      local field, value = f[1], f[2]
      if d[field] and d[field] ~= value then
        if not (d.title or d.hospital) then return nil end
        fail(L[j].n, ("a doctor's card with two %ss ('%s', '%s'): cannot tell whose is which"):format(
          field, d[field], value))
      end
      d[field] = value
    end
    j = j + 1
  end
  if not d or not d.name or not (d.title or d.hospital) then return nil end
  return d, j
end

-- The digits of a replies line ("| 1人回复"), or nil.
local function replies_of(text)
  for _, pat in ipairs(M.REPLIES) do
    local n = text:match(pat)
    if n then return n end
  end
end

local function is_noise(text)
  if is_action(text) then return true end
  for _, pat in ipairs(M.NOISE) do
    if text:find(pat) then return true end
  end
  return false
end

local function is_question(text)
  return shared.ends_with_any(text, { "?", "？" }) ~= nil
end

local SECTION_ENDS = { ["相关问答"] = true, ["热门标签"] = true }

--- has_title(text) -> whether text holds a doctor's title.
function M.has_title(text)
  for _, t in ipairs(M.TITLES) do
    if text:find(t, 1, true) then return true end
  end
  return false
end

--- label_of(text) -> the part of the page a heading line opens
-- ("description" or "answers") and what stands after its colon on the
-- same line, or nil.
local function label_of(text)
  local head, rest = text, ""
  local a = text:find(":", 1, true)
  local b = text:find("：", 1, true)
  if a and (not b or a < b) then head, rest = text:sub(1, a - 1), text:sub(a + 1)
  elseif b then head, rest = text:sub(1, b - 1), text:sub(b + #"：") end
  head = shared.trim(head)
  -- "医生回答(1)" counts the answers: a reply count, not their heading
  if head:find("%(%d+%)$") or head:find("（%d+）$") then return nil end
  for _, l in ipairs(M.DESCRIPTION_LABELS) do
    if head == l then return "description", shared.trim(rest) end
  end
  for _, l in ipairs(M.ANSWER_LABELS) do
    if head == l then return "answers", shared.trim(rest) end
  end
end

M.label_of = label_of

-- The question a title line asks, without the mark a site opens it with.
local function question_text(text)
  for _, m in ipairs(M.QUESTION_MARKS) do
    if #text > #m and text:sub(1, #m) == m and text:byte(#m + 1) >= 0x80 then
      return shared.trim(text:sub(#m + 1))
    end
  end
  return text
end

--- parse(text, file [, departments]) -> page.  departments: a set of the
-- department names known, for reading doctors' cards.  The question and
-- the answers are needed; the breadcrumb, the reply count, the
-- description, the related Q&A and the tags are kept when there.  An
-- answer whose doctor cannot be told is a problem naming its line.
function M.parse(text, file, known)
  local all, last = shared.lines(text)
  local function fail(line, msg) errors.raise(file, line, msg) end
  local L = {}
  for _, l in ipairs(all) do
    if not is_noise(l.text) then L[#L + 1] = l end
  end
  local page = { path = {}, answers = {}, related = {}, tags = {} }
  local b = shared.find_line(L, "首页%s*>")
  local q
  if b then
    page.site = b > 1 and L[1].text or nil
    local crumbs = L[b].text:sub((L[b].text:find("首页", 1, true)))
    for part in crumbs:gmatch("[^>]+") do
      part = shared.trim(part)
      if part ~= "" and part ~= "首页" then page.path[#page.path + 1] = part end
    end
    q = b + 1
  else
    -- the question: the line before the description or the reply count,
    -- else the first line that asks
    local d
    for k = 1, #L do
      if label_of(L[k].text) or replies_of(L[k].text) then d = k break end
    end
    q = d and d - 1
    if not q then
      for k, l in ipairs(L) do
        if is_question(l.text) then q = k break end
      end
    end
    if not q or q < 1 then fail(nil, "not a Q&A page: no question (and no breadcrumb 首页 > …)") end
    page.site = q > 1 and L[1].text or nil
  end
  if not L[q] then fail(last, "truncated page: no question after the breadcrumb") end
  page.title, page.title_line = question_text(L[q].text), L[q].n
  local i = q + 1
  -- up to the description: a reply count, and lines of the asker's
  while L[i] and not label_of(L[i].text) and not SECTION_ENDS[L[i].text]
      and not read_doctor(L, i, known, fail) do
    page.replies = page.replies or shared.count(replies_of(L[i].text))
    i = i + 1
  end
  local kind, inline = label_of(L[i] and L[i].text or "")
  if kind == "description" then
    i = i + 1
    local desc = { inline ~= "" and inline or nil }
    while L[i] and label_of(L[i].text) ~= "answers" and not SECTION_ENDS[L[i].text]
        and not read_doctor(L, i, known, fail) do
      desc[#desc + 1] = L[i].text
      i = i + 1
    end
    page.description = table.concat(desc, "\n")
    kind = label_of(L[i] and L[i].text or "")
  end
  if kind == "answers" then
    page.replies = page.replies or shared.count(replies_of(L[i].text))
    i = i + 1
  end
  -- the answers: a doctor's card, then what the doctor wrote
  local current
  while L[i] and not SECTION_ENDS[L[i].text] do
    local d, next_i = read_doctor(L, i, known, fail)
    if d then
      current = { doctor = d, text = {}, line = d.line }
      page.answers[#page.answers + 1] = current
      i = next_i
    elseif label_of(L[i].text) == "answers" or replies_of(L[i].text) then
      i = i + 1
    else
      if not current then
        fail(L[i].n, "answer text before any answering doctor: whose answer it is cannot be told")
      end
      current.text[#current.text + 1] = L[i].text
      i = i + 1
    end
  end
  for _, a in ipairs(page.answers) do a.text = table.concat(a.text, "\n") end
  if L[i] and L[i].text == "相关问答" then
    i = i + 1
    while L[i] and L[i].text ~= "热门标签" do
      local item = { title = L[i].text, line = L[i].n, text = {} }
      i = i + 1
      local d, next_i = read_doctor(L, i, known, fail)
      if d then
        -- the doctor first, then the answer, up to the next question
        i = next_i
        while L[i] and L[i].text ~= "热门标签" and not is_question(L[i].text) do
          item.text[#item.text + 1] = L[i].text
          i = i + 1
        end
      else
        -- the answer, then its doctor
        while L[i] and L[i].text ~= "热门标签" do
          d, next_i = read_doctor(L, i, known, fail)
          if d then break end
          item.text[#item.text + 1] = L[i].text
          i = i + 1
        end
        if not d then
          if not is_question(item.title) and #page.related > 0 then break end  -- a footer
          fail(item.line, ("related question %d has no answering doctor (truncated page?)"):format(
            #page.related + 1))
        end
        i = next_i
      end
      if #item.text == 0 then
        fail(item.line, ("related question %d has no answer"):format(#page.related + 1))
      end
      item.doctor = d
      item.text = table.concat(item.text, "\n")
      page.related[#page.related + 1] = item
    end
  end
  if L[i] and L[i].text == "热门标签" then
    i = i + 1
    if L[i] then
      for tag in L[i].text:gmatch("%S+") do page.tags[#page.tags + 1] = tag end
    end
  end
  if #page.answers == 0 and #page.related == 0 then
    fail(page.title_line, "no answer: no doctor's card (name with title or hospital) after the question")
  end
  page.key = shared.page_key("qa-page:", all)
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

-- The answer document to q by doctor d: it states where the doctor works
-- and what it says of the drugs it names, from the symptom the question
-- asks about (none when the title names none: then the drugs are only
-- mentioned).
-- Words in the text before an answer's numbered points that make the
-- points causes ("引起嘴巴苦的原因有…", "可能由多种因素引起").
M.CAUSE_INTRO = { "原因", "引起", "导致", "因素", "由于", "所致", "诱发", "造成" }

-- The parts of an answer's text: what comes before its numbered points,
-- and each point ("1.【药物影响】…", "2.服用药物。…") with its heading.
local function points_of(text)
  local parts, cur = {}, { lines = {} }
  parts[1] = cur
  for _, l in ipairs(numbering.split_inline(shared.lines(text))) do
    local num, head = numbering.section_head(l.text)
    if num then
      cur = { heading = head, lines = {} }
      parts[#parts + 1] = cur
    end
    cur.lines[#cur.lines + 1] = l.text
  end
  return parts
end

local function has_any(s, words)
  for _, w in ipairs(words) do
    if s:find(w, 1, true) then return true end
  end
  return false
end

-- States what an answer's text says of the drugs it names, point by
-- point: a point headed by drugs as the cause (药物影响; 服用药物 where
-- the text before the points says they are causes) names drugs that
-- provoke, as an article's section does; a drug stated twice the same way
-- is stated once.
local function state_answer_drugs(ctx, state, subject, text, opts)
  local seen = {}
  local function once(src, type, dst)
    local k = ("%s %d %d"):format(type, src.id, dst.id)
    if not seen[k] then seen[k] = true state(src, type, dst) end
  end
  local points = points_of(text)
  local causes = #points > 1 and has_any(table.concat(points[1].lines, "\n"), M.CAUSE_INTRO)
  for _, p in ipairs(points) do
    local provoking = opts and opts.provoking or (p.heading and extract.is_drug_cause(p.heading, causes))
    shared.state_drugs(ctx, once, subject, subject, table.concat(p.lines, "\n"), { provoking = provoking })
  end
end

local function answer(ctx, q, subject, text, d, opts)
  local kb = ctx.kb
  local e = doctor(kb, d)
  local key = shared.key("qa-answer:", q.key, e.name, text)
  local old = kb:document("answer", key)
  if old then return old end
  local links = { { type = "answers", target = q }, { type = "doctor", target = e } }
  local statements = doctor_statements(kb, e, d)
  local function state(src, type, dst) statements[#statements + 1] = { src, type, dst } end
  if subject then
    state_answer_drugs(ctx, state, subject, text, opts)
  else
    for _, drug in ipairs(extract.drugs(text, shared.known(ctx, "drug"))) do
      links[#links + 1] = { type = "mentions", target = kb:ensure("drug", drug.name) }
    end
  end
  return kb:put_document{ kind = "answer", key = key, body = text, source = ctx.file,
    links = links, statements = statements }
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
    answer(ctx, rq, rlinks[1] and rlinks[1].target, r.text, r.doctor)
    shared.load_aliases(kb, r.text, rsubject)
    links[#links + 1] = { type = "related", target = rq }
  end
  local subject = links[1] and links[1].type == "about" and links[1].target
  -- the drugs the question itself names
  local statements = {}
  if subject then
    shared.state_drugs(ctx, function(src, type, dst) statements[#statements + 1] = { src, type, dst } end,
      subject, subject, page.title .. "\n" .. (page.description or ""),
      { provoking = extract.is_drug_cause(page.title) })
  end
  local q = question(ctx, page.title, { body = page.description, links = links, statements = statements,
    counts = { replies = page.replies }, attrs = { site = page.site,
    path = table.concat(page.path, " > "), page_key = page.key } }, true)
  -- a question about what drugs cause ("吃X后腹泻", "晕车药副作用") makes
  -- the drugs its answers name the cause, as a cause heading does
  local opts = { provoking = extract.is_drug_cause(page.title) }
  for _, a in ipairs(page.answers) do
    answer(ctx, q, subject, a.text, a.doctor, opts)
  end
  return q
end

function M.import(ctx, src)
  local page = M.parse(src:read_all(shared.MAX_PAGE), ctx.file, shared.known(ctx, "department"))
  local q = ctx.kb:document("question", shared.key("qa:", page.title))
  if q and q.attrs.page_key == page.key then return ctx:done(true, q) end
  local ok
  ok, q = ctx:record(page.title_line, M.load, ctx, page)
  if ok then ctx:done(false, q) end
end

return M
