-- tests/lua/import_spec.lua -- importing pages, Q&A CSV and JSON Lines:
-- the structure found in the real seed pages and data (read from ../shared
-- at test time; the specs report themselves pending when it is absent),
-- the example pages that ship with medkb, and every kind of bad input.

local medkb = require "medkb"
local import = require "medkb.import"
local shared_import = require "medkb.import.shared"
local helper = require "tests.lua.helper"

local shared = helper.shared()
local ARTICLE = shared and shared .. "/seeds/000_f8a43c31275f9ff5.txt"
local QA = shared and shared .. "/seeds/001_d6d6bd473cc35397.txt"
local CSV = shared and shared .. "/data/dialogue-im-sample.gb18030.csv"
local EXAMPLES = medkb.scriptdir .. "/medkb/examples/"

local read = helper.read

-- The non-blank lines of a file, trimmed.
local function lines(path)
  local out = {}
  for l in read(path):gmatch("[^\n]+") do
    l = l:gsub("^%s+", ""):gsub("%s+$", "")
    if l ~= "" then out[#out + 1] = l end
  end
  return out
end

local function index_of(list, pred)
  for i, v in ipairs(list) do if pred(v) then return i end end
end

local function import_ok(kb, files, opts)
  local report = import.run(kb, files, opts)
  assert(#report.problems == 0, tostring(report.problems[1]))
  return report
end

local function collect(iter, state, init, closing)
  local out = {}
  for a, b in iter, state, init, closing do out[#out + 1] = { a, b } end
  return out
end

-- {=== the article seed

local function article_spec(path)
  local L = lines(path)
  local views_at = index_of(L, function(l) return l:match("^%d+次浏览$") end)
  local title = L[views_at - 1]
  local sections = {}
  for i, l in ipairs(L) do
    local n, t = l:match("^(%d+)、(.+)$")
    if n then sections[#sections + 1] = { num = tonumber(n), title = t, text = L[i + 1] } end
  end
  local disclaimer_at = index_of(L, function(l) return l:find("^温馨提示") end)
  local related = {}
  local rel_at = index_of(L, function(l) return l == "相关推荐" end)
  for i = (rel_at or #L) + 1, #L, 2 do related[#related + 1] = { title = L[i], summary = L[i + 1] } end
  return { title = title, views = tonumber(L[views_at]:match("%d+")), summary = L[views_at + 1],
           sections = sections, advice = L[disclaimer_at - 1], disclaimer = L[disclaimer_at],
           related = related }
end

local function check_article(kb, path)
  local want = article_spec(path)
  local subject = want.title:gsub("是怎么回事$", ""):gsub("怎么回事$", "")
  local s = assert(kb:get("symptom", subject))
  -- every numbered cause, in order, with its explanation
  local causes = collect(s:related("cause"))
  assert.equal(#want.sections, #causes)
  for i, sec in ipairs(want.sections) do
    assert.equal(sec.title, causes[i][1].name)
    assert.equal(sec.num, causes[i][2].rank)
    assert.equal(sec.text, causes[i][2].text)
  end
  -- no cause has the symptom itself as a sign (抖动 on 小腿肌肉抖动)
  for _, c in ipairs(causes) do
    for sign in c[1]:related("sign") do
      assert.is_nil(subject:find(sign.name, 1, true), sign.name .. " is the symptom itself")
    end
  end
  -- each cause's drugs are named in its paragraph, in the paragraph's
  -- order, in a drug's form; taken and provoking drugs are told apart
  local total_drugs = 0
  for i, c in ipairs(causes) do
    for _, type in ipairs{ "drug", "provoking_drug" } do
      local last = 0
      for drug in c[1]:related(type) do
        local at = want.sections[i].text:find(drug.name, 1, true)
        assert.is_truthy(at, drug.name .. " not in section " .. i)
        assert.is_true(at > last, "drugs out of order in section " .. i)
        last = at
        assert.is_truthy(drug.name:find("片$") or drug.name:find("溶液$") or drug.name:find("剂$")
          or drug.name:find("膏$") or drug.name:find("液$") or drug.name:find("胶囊$"))
        total_drugs = total_drugs + 1
        if type == "provoking_drug" then
          local provokes = collect(drug:related("may_provoke"))
          assert.equal(s, provokes[1][1])
        end
      end
    end
  end
  -- the view count, the summary's treatments, the parts
  local doc
  for d, link in s:documents("about") do
    if link.type == "about" and d.title == want.title and d.counts.views then doc = d end
  end
  assert.is_not_nil(doc)
  assert.equal(want.views, doc.counts.views)
  assert.equal(want.summary, doc:part("summary"))
  assert.equal(want.advice, doc:part("advice"))
  assert.equal(want.disclaimer, doc:part("disclaimer"))
  local treatments = collect(s:related("treatment"))
  assert.is_true(#treatments >= 2)
  local last = 0
  for _, t in ipairs(treatments) do
    local at = want.summary:find(t[1].name, 1, true)
    assert.is_truthy(at)
    assert.is_true(at > last)
    last = at
  end
  -- the related list, in order, each with the causes its summary names
  local related = collect(doc:linked("related"))
  assert.equal(#want.related, #related)
  for i, r in ipairs(want.related) do
    local d = related[i][1]
    assert.equal(r.title, d.title)
    assert.equal(r.summary, d:part("summary"))
    local n = 0
    for c in d:entities("cause") do
      assert.is_truthy(r.summary:find(c.name, 1, true))
      n = n + 1
    end
    assert.is_true(n >= 2, "related item " .. i .. " names no causes")
  end
  return { causes = causes, drugs = total_drugs, symptom = s, doc = doc }
end

describe("importing the article seed", function()
  if not shared then
    pending("../shared is absent")
    return
  end

  it("finds the symptom, every cause in order, what each names and the related list", function()
    local kb <close> = medkb.open()
    import_ok(kb, { ARTICLE })
    local got = check_article(kb, ARTICLE)
    assert.equal(5, #got.causes)
    assert.equal(10, got.drugs)
    -- drugs said to provoke the symptom are their own relation
    local provoking = collect(got.causes[5][1]:related("provoking_drug"))
    assert.equal(2, #provoking)
    assert.equal(0, #collect(got.causes[5][1]:related("drug")))
    assert.equal(3, #collect(got.causes[1][1]:related("drug")))
    -- foods, exams, diseases and the advice's department
    assert.equal(2, #collect(got.causes[1][1]:related("food")))
    assert.equal(2, #collect(got.causes[3][1]:related("disease")))
    assert.equal(2, #collect(got.causes[4][1]:related("disease")))
    assert.equal(1, #collect(got.causes[4][1]:related("exam")))
    assert.equal(1, #collect(got.symptom:related("department")))
  end)

  it("splits a summary item that runs two section causes together", function()
    local kb <close> = medkb.open()
    import_ok(kb, { ARTICLE })
    local got = check_article(kb, ARTICLE)
    local names = {}
    for c in got.doc:entities("summary_cause") do names[c.name] = true end
    for _, c in ipairs(got.causes) do assert.is_true(names[c[1].name], c[1].name) end
  end)

  it("changes nothing when imported again", function()
    local kb <close> = medkb.open()
    import_ok(kb, { ARTICLE })
    local before = {}
    require("medkb.export").jsonl(kb, function(l) before[#before + 1] = l end)
    local report = import_ok(kb, { ARTICLE })
    assert.equal(1, report.files[1].unchanged)
    local after = {}
    require("medkb.export").jsonl(kb, function(l) after[#after + 1] = l end)
    assert.same(before, after)
  end)
end)

-- {=== the Q&A seed

describe("importing the Q&A seed", function()
  if not shared then
    pending("../shared is absent")
    return
  end

  it("finds the question, its doctor, every related Q&A with its doctor, and the tags", function()
    local L = lines(QA)
    local crumb = index_of(L, function(l) return l:find("^首页") end)
    local path = {}
    for p in L[crumb]:gmatch("[^>%s]+") do if p ~= "首页" then path[#path + 1] = p end end
    local title = L[crumb + 1]
    local replies = tonumber(L[crumb + 2]:match("(%d+)人回复"))
    local all = index_of(L, function(l) return l == "全部回答" end)
    local doctor_name, doctor_title = L[all + 1]:match("^(%S+)%s+(%S+)$")
    local infos = {}
    for i, l in ipairs(L) do
      local t, h, d = l:match("^(%S+医师)%s+(%S+)%s+(%S+)$")
      if t then infos[#infos + 1] = { name = L[i - 1], title = t, hospital = h, department = d } end
    end
    local tags_at = index_of(L, function(l) return l == "热门标签" end)
    local tags = {}
    for t in L[tags_at + 1]:gmatch("%S+") do tags[#tags + 1] = t end

    local kb <close> = medkb.open()
    import_ok(kb, { QA })
    local q = assert(kb:document("question", shared_import.key("qa:", title)))
    assert.equal(title, q.title)
    assert.equal("", q.body)                 -- an empty description is a value
    assert.equal(replies, q.counts.replies)
    local depts = collect(q:entities("department"))
    assert.equal(path[#path], depts[1][1].name)
    -- the answering doctor
    local answers = collect(q:referrers("answers"))
    assert.equal(1, #answers)
    local who = collect(answers[1][1]:entities("doctor"))[1][1]
    assert.equal(doctor_name, who.name)
    assert.equal(doctor_title, who.attrs.title)
    assert.equal(L[all + 2], who.attrs.hospital)
    -- every related question, in order, answered by the doctor named under it
    local related = collect(q:linked("related"))
    assert.equal(#infos, #related)
    for i, info in ipairs(infos) do
      local rq = related[i][1]
      local ra = collect(rq:referrers("answers"))
      assert.equal(1, #ra)
      assert.is_true(#ra[1][1].body > 100)
      local d = collect(ra[1][1]:entities("doctor"))[1][1]
      assert.equal(info.name, d.name)
      assert.equal(info.title, d.attrs.title)
      assert.equal(info.hospital, d.attrs.hospital)
      assert.equal(info.department, d.attrs.department)
    end
    -- one doctor entity per real doctor (name and hospital)
    local real = {}
    for _, info in ipairs(infos) do real[info.name .. "@" .. info.hospital] = true end
    real[doctor_name .. "@" .. L[all + 2]] = true
    local n = 0
    for _ in pairs(real) do n = n + 1 end
    assert.equal(n, kb:count("doctor"))
    assert.is_true(n < #infos + 1, "the seed has a doctor who answers twice")
    -- the hot tags, in order
    local got = collect(q:entities("tag"))
    assert.equal(#tags, #got)
    for i, t in ipairs(tags) do assert.equal(t, got[i][1].name) end
  end)

  it("records the aliases the answers state, as standard names", function()
    local text = read(QA)
    local stated = {}
    local pos = 1
    while true do
      local _, e = text:find("医学上称为", pos, true)
      if not e then break end
      local rest, stop = text:sub(e + 1), math.huge
      for _, p in ipairs{ ",", "，", "。", "、" } do stop = math.min(stop, rest:find(p, 1, true) or stop) end
      stated[rest:sub(1, stop - 1)] = true
      pos = e + 1
    end
    assert.is_not_nil(next(stated))
    local kb <close> = medkb.open()
    import_ok(kb, { QA })
    for alias in pairs(stated) do
      local e = assert(kb:get("symptom", alias), alias)
      local typed
      for _, a in ipairs(e:alias_info()) do if a.name == alias then typed = a.type end end
      assert.equal("standard", typed)
    end
  end)
end)

-- {=== the dialogue CSV

describe("importing the dialogue CSV", function()
  if not shared then
    pending("../shared is absent")
    return
  end

  -- what sqlite3's own .import makes of the same file
  local function baseline()
    local p = io.popen(("iconv -f gb18030 -t utf-8 %s | sqlite3 :memory: '.import --csv /dev/stdin t'"
      .. " 'select count(*) from t' 'select count(*) from (select distinct * from t)'"
      .. " 'select distinct department from t order by 1'"):format(helper.quote(CSV)))
    local out = {}
    for l in p:lines() do out[#out + 1] = l end
    p:close()
    local depts = {}
    for i = 3, #out do depts[#depts + 1] = out[i] end
    return tonumber(out[1]), tonumber(out[2]), depts
  end

  it("makes a question and an answer per distinct row, linked to its department", function()
    local rows, distinct, depts = baseline()
    assert.equal(7644, rows)
    local kb <close> = medkb.open()
    local report = import_ok(kb, { CSV })
    local f = report.files[1]
    assert.equal("csv", f.format)
    assert.equal("gb18030", f.encoding)
    assert.equal(rows, f.imported + f.unchanged)       -- every row read
    assert.equal(distinct, f.imported)                 -- identical rows once
    assert.equal(distinct, kb:document_count("question"))
    assert.equal(distinct, kb:document_count("answer"))
    local got = {}
    for d in kb:entities{ kind = "department" } do got[#got + 1] = d.name end
    table.sort(got)
    table.sort(depts)
    assert.same(depts, got)
    -- every question is linked to one department and answered once
    local n = 0
    for q in kb:documents{ kind = "question" } do
      n = n + 1
      if n > 200 then break end
      assert.equal(1, #collect(q:entities("department")))
      assert.equal(1, #collect(q:referrers("answers")))
    end
  end)

  it("loads in bulk into an empty knowledge base, and gives what loading row by row gives", function()
    local dir = helper.tmpdir()
    local exports = {}
    for _, choice in ipairs{ "always", "never" } do
      local db = ("%s/%s.db"):format(dir, choice)
      local _, err, code = helper.run({ "--db", db, "import", "--bulk", choice, CSV })
      assert.equal(0, code, err)
      local out
      out, err, code = helper.run({ "--db", db, "export" })
      assert.equal(0, code, err)
      exports[choice] = out:gsub('"imported_at":%d+', "")
      local found = helper.run({ "--db", db, "search", "头痛" })
      assert.is_truthy(found:find("question", 1, true), choice)
      local p = io.popen(("sqlite3 %s 'PRAGMA integrity_check'"):format(helper.quote(db)))
      assert.equal("ok", p:read("l"))
      p:close()
    end
    assert.is_true(#exports.always > 1000)
    assert.equal(exports.never, exports.always)
    -- auto: an empty knowledge base takes the file in bulk, a larger one does not
    local kb <close> = medkb.open(dir .. "/auto.db")
    assert.is_true(import.bulk(kb, { CSV }))
    assert.is_true(import.bulk(kb, { CSV }, "always"))
    assert.is_false(import.bulk(kb, { "-" }))
    local full <close> = medkb.open(dir .. "/always.db")
    assert.is_false(import.bulk(full, { EXAMPLES .. "eyelid-qa.txt" }))
    assert.has_error(function() import.bulk(kb, { CSV }, "sometimes") end,
      "unknown bulk choice 'sometimes' (auto, always, never)")
    local _, err, code = helper.run({ "--db", dir .. "/x.db", "import", "--bulk", "sometimes", CSV })
    assert.equal(2, code)
    assert.matches("unknown bulk choice 'sometimes'", err)
  end)

  it("refuses GB18030 read as UTF-8, naming the line, and imports nothing", function()
    local dir = helper.tmpdir()
    local out, err, code = helper.run({ "--db", dir .. "/kb.db", "import", CSV, "--encoding", "utf-8" })
    assert.equal(1, code)
    assert.matches(":2: invalid UTF%-8 at byte 28 %(the file may be GB18030", err)
    assert.equal("nothing was imported\n", out)
    local st = helper.run({ "--db", dir .. "/kb.db", "stats" })
    assert.matches("\n  question %s+0\n", st)
  end)
end)

-- {=== example pages and bad input

describe("importing", function()
  after_each(helper.cleanup)

  it("reads the example pages that ship with medkb", function()
    local kb <close> = medkb.open()
    local report = import_ok(kb, { EXAMPLES .. "eyelid-article.txt", EXAMPLES .. "eyelid-qa.txt" })
    assert.equal("article", report.files[1].format)
    assert.equal("qa", report.files[2].format)
    check_article(kb, EXAMPLES .. "eyelid-article.txt")
    assert.equal(kb:get("symptom", "眼皮跳"), kb:get("symptom", "眼睑痉挛"))
  end)

  it("tells the four formats apart from their content", function()
    assert.equal("article", import.detect(read(EXAMPLES .. "eyelid-article.txt")))
    assert.equal("qa", import.detect(read(EXAMPLES .. "eyelid-qa.txt")))
    assert.equal("csv", import.detect("department,title,ask,answer\n内科,a,b,c\n"))
    assert.equal("jsonl", import.detect('{"type":"meta","medkb":"0.1.0"}\n'))
    assert.is_nil(import.detect("just some words\n"))
  end)

  -- Each bad input: one line per problem naming file and line, status 1,
  -- and the knowledge base exactly as it was.
  local function refused(name, content, want, extra)
    local dir = helper.tmpdir()
    local db = dir .. "/kb.db"
    helper.run({ "--db", db, "import", EXAMPLES .. "eyelid-qa.txt" })
    local before = helper.run({ "--db", db, "export" })
    local path = helper.write(dir .. "/" .. name, content)
    local args = { "--db", db, "import", path }
    for _, a in ipairs(extra or {}) do args[#args + 1] = a end
    local _, err, code = helper.run(args)
    assert.equal(1, code, err)
    assert.matches(path:gsub("%p", "%%%0") .. want, err)
    assert.equal(before, (helper.run({ "--db", db, "export" })))
    return err
  end

  it("refuses an empty file", function()
    refused("empty.txt", "", ": empty file\n")
  end)

  it("refuses a binary file", function()
    refused("blob.csv", "department,title\n\0\1\2\3", ":2: binary file")
  end)

  it("refuses invalid UTF-8, naming the line", function()
    refused("bad.csv", "department,title,ask,answer\n内科,a,b,c\n内科,\xff\xfe,b,c\n",
      ":3: invalid UTF%-8", { "--encoding", "utf-8" })
  end)

  it("refuses a CSV with an unterminated quote", function()
    refused("open.csv", 'department,title,ask,answer\n内科,a,b,c\n内科,"never closed,b,c\n',
      ":3: unterminated quoted field")
  end)

  it("refuses a header with missing columns", function()
    refused("cols.csv", "department,title\n内科,a\n", ":1: header lacks columns 'ask', 'answer'")
  end)

  it("refuses a row with the wrong number of fields", function()
    refused("short.csv", "department,title,ask,answer\n内科,a,b,c\n内科,a\n", ":3: expected 4 fields, found 2")
  end)

  it("refuses an article page cut after a heading", function()
    local text = read(EXAMPLES .. "eyelid-article.txt")
    local at = text:find("4、", 1, true)
    local cut = text:sub(1, text:find("\n", at, true))
    refused("cut.txt", cut, ":%d+: section 4 %(面肌痉挛%) has no text %(truncated page%?%)",
      { "--format", "article" })
  end)

  it("refuses a Q&A page cut before a related answer's doctor", function()
    local text = read(EXAMPLES .. "eyelid-qa.txt")
    local at = text:find("相关问答", 1, true)
    local q = text:find("？\n", at, true) or text:find("?\n", at, true)
    local cut = text:sub(1, text:find("\n", text:find("\n", q + 2, true) + 2, true))
    refused("cut-qa.txt", cut, ":%d+: related question 1 has no answering doctor %(truncated page%?%)")
  end)

  it("refuses a single field over 10 MB", function()
    local big = ("字"):rep((10 << 20) // 3 + 100)
    refused("big.csv", "department,title,ask,answer\n内科,a,\"" .. big .. "\",c\n",
      ":2: field over 10 MB")
  end)

  it("refuses JSON Lines links to documents it cannot find, naming the line", function()
    local doc = '{"type":"document","kind":"question","key":"q9","title":"t","body":"",'
      .. '"imported_at":1,"links":[{"type":"related","rank":1,"document":%s}]}\n'
    refused("missing.jsonl", doc:format('["question","nowhere"]'),
      ":1: link to a document that is not in the file or the knowledge base")
    refused("badkind.jsonl", doc:format('["essay","x"]'), ":1: unknown document kind 'essay'")
    refused("badref.jsonl", doc:format('"q1"'), ":1: link must name a document as %[kind, key%]")
  end)

  it("refuses text it cannot tell the format of", function()
    refused("notes.txt", "some notes\nwith no structure\n", ": cannot tell the format")
  end)

  it("reports every bad row, and with --keep-going keeps the good ones", function()
    local dir = helper.tmpdir()
    local db = dir .. "/kb.db"
    local path = helper.write(dir .. "/mixed.csv", "department,title,ask,answer\n"
      .. "内科,问一,描述,答一\n内科,只有两列\n外科,问二,描述,答二\n内科,,描述,答三\n")
    local _, err, code = helper.run({ "--db", db, "import", path })
    assert.equal(1, code)
    assert.matches(":3: expected 4 fields, found 2\n", err, 1, true)
    assert.matches(":5: empty title\n", err, 1, true)
    assert.matches("2 problems; nothing was imported", err, 1, true)
    local out
    out, err, code = helper.run({ "--db", db, "import", "--keep-going", path })
    assert.equal(1, code)
    assert.matches("2 imported, 0 unchanged, 2 bad", out, 1, true)
    assert.matches("the good records were imported", err, 1, true)
    out = helper.run({ "--db", db, "stats" })
    assert.matches("\n  question %s+2\n", out)
  end)

  it("shows progress only when stderr is a terminal", function()
    local dir = helper.tmpdir()
    local _, err = helper.run({ "--db", dir .. "/kb.db", "import", EXAMPLES .. "eyelid-qa.txt" })
    assert.equal("", err)
    if os.execute("command -v script >/dev/null 2>&1") then
      local cmd = ("script -qec %s /dev/null"):format(helper.quote(("%s --db %s import %s"):format(
        helper.abs(helper.bin), dir .. "/tty.db", EXAMPLES .. "eyelid-article.txt")))
      local p = io.popen(cmd .. " 2>&1")
      local tty = p:read("a")
      p:close()
      assert.matches("100%%", tty)
    end
  end)

  it("gives the same knowledge base back from its export", function()
    local dir = helper.tmpdir()
    local files = { EXAMPLES .. "eyelid-article.txt", EXAMPLES .. "eyelid-qa.txt" }
    if shared then
      files[#files + 1] = ARTICLE
      files[#files + 1] = QA
    end
    local a = medkb.open(dir .. "/a.db")
    import_ok(a, files)
    local f = assert(io.open(dir .. "/a.jsonl", "wb"))
    require("medkb.export").jsonl(a, function(l) f:write(l) end)
    f:close()
    local b = medkb.open(dir .. "/b.db")
    local report = import_ok(b, { dir .. "/a.jsonl" })
    assert.equal("jsonl", report.files[1].format)
    local out = {}
    require("medkb.export").jsonl(b, function(l) out[#out + 1] = l end)
    assert.equal(read(dir .. "/a.jsonl"), table.concat(out))
    assert.same(a:stats(), b:stats())
    -- and importing the export again changes nothing
    report = import_ok(b, { dir .. "/a.jsonl" })
    assert.equal(0, report.files[1].imported)
    a:close()
    b:close()
  end)
end)
