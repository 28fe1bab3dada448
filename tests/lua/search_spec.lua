-- tests/lua/search_spec.lua -- kb:search and `medkb search` on documents
-- written for these tests: one character and whole words, words above
-- characters, traditional characters, full-width forms and case, aliases
-- and pinyin finding their entity's documents, answers standing for their
-- questions, kinds, snippets, and the command's text and JSON.

local medkb = require "medkb"
local json = require "medkb.json"
local search = require "medkb.search"
local helper = require "tests.lua.helper"

-- A knowledge base with a few questions, answers and an article.
local function small_kb()
  local kb = medkb.open()
  kb:transaction(function()
    local twitch = kb:put{ kind = "symptom", name = "肌肉跳动", aliases = { "肌束颤动" } }
    local cramp = kb:put{ kind = "symptom", name = "小腿抽筋" }
    local function qa(key, title, answer, about)
      local q = kb:put_document{ kind = "question", key = key, title = title, body = "",
        links = about and { { type = "about", target = about } } or nil }
      kb:put_document{ kind = "answer", key = key .. "/a", body = answer,
        links = { { type = "answers", target = q } } }
      return q
    end
    qa("q1", "晚上小腿抽筋是缺钙吗", "夜里小腿抽筋多和缺钙有关，可以多喝牛奶。", cramp)
    qa("q2", "补钙吃什么好", "牛奶、豆腐含钙多。")
    qa("q3", "血压高怎么办", "少吃盐，缺少运动的人要多走路，钙片不能代替降压药。")
    qa("q4", "眼皮老是跳", "多与疲劳有关，属于肌肉跳动的一种。", twitch)
    qa("q5", "Vitamin B12 缺乏会怎样", "维生素B12缺乏可引起贫血和手脚麻木。")
    kb:put_document{ kind = "article", key = "a1", title = "胳膊抖动是怎么回事",
      body = "胳膊抖动在医学上称为肌束颤动，多数是良性的。" }
  end)
  return kb
end

local function titles(hits)
  local out = {}
  for _, h in ipairs(hits) do out[#out + 1] = h.title end
  return out
end

local function index_of(hits, title)
  for i, h in ipairs(hits) do
    if h.title == title then return i end
  end
end

describe("kb:search", function()
  after_each(helper.cleanup)

  it("finds one character, and whole words above scattered characters", function()
    local kb <close> = small_kb()
    local hits = kb:search("钙")
    assert.is_truthy(index_of(hits, "晚上小腿抽筋是缺钙吗"))
    assert.is_truthy(index_of(hits, "补钙吃什么好"))
    assert.is_truthy(index_of(hits, "血压高怎么办"))
    -- 缺钙 as a word in q1; 缺 and 钙 apart in q3, which comes after
    hits = kb:search("缺钙")
    assert.equal("晚上小腿抽筋是缺钙吗", hits[1].title)
    assert.equal("title", hits[1].via)
    local apart = index_of(hits, "血压高怎么办")
    assert.is_truthy(apart)
    assert.is_true(apart > 1)
    assert.is_truthy(({ words = true, chars = true })[hits[apart].via], hits[apart].via)
  end)

  it("folds traditional characters, full-width forms and case", function()
    local kb <close> = small_kb()
    assert.equal("晚上小腿抽筋是缺钙吗", kb:search("小腿抽筋是缺鈣嗎")[1].title)
    assert.equal("Vitamin B12 缺乏会怎样", kb:search("ＶＩＴＡＭＩＮ ｂ１２")[1].title)
    assert.equal("Vitamin B12 缺乏会怎样", kb:search("b12")[1].title)
  end)

  it("finds an entity's documents by its aliases and its pinyin", function()
    local kb <close> = small_kb()
    -- 肌束颤动 is an alias of 肌肉跳动: the entity first, then what
    -- says either name, and what is about it
    local hits = kb:search("肌束颤动")
    assert.equal("symptom", hits[1].kind)
    assert.equal("肌肉跳动", hits[1].title)
    assert.is_truthy(index_of(hits, "眼皮老是跳"))
    assert.is_truthy(index_of(hits, "胳膊抖动是怎么回事"))
    for _, q in ipairs{ "jirou tiaodong", "jiroutiaodong", "JRTD", "jrtd" } do
      hits = kb:search(q)
      assert.equal("肌肉跳动", hits[1].title, q)
      assert.equal("pinyin", hits[1].via, q)
      assert.is_truthy(index_of(hits, "眼皮老是跳"), q)
    end
    assert.same({}, kb:search("zzzz"))
  end)

  it("gives a question for its answer, each page once, and follows kinds", function()
    local kb <close> = small_kb()
    local hits = kb:search("牛奶")
    assert.same({ "晚上小腿抽筋是缺钙吗", "补钙吃什么好" }, (function()
      local t = titles(hits)
      table.sort(t)
      return t
    end)())
    for _, h in ipairs(hits) do
      assert.equal("question", h.kind)
      assert.equal("answer", h.matched.kind)
    end
    hits = kb:search("牛奶", { kind = "answer" })
    assert.equal(2, #hits)
    assert.equal("answer", hits[1].kind)
    assert.equal(0, #kb:search("牛奶", { kind = "article" }))
    hits = kb:search("肌束颤动", { kind = "article" })
    assert.same({ "胳膊抖动是怎么回事" }, titles(hits))
    hits = kb:search("肌束颤动", { kind = "symptom" })
    assert.same({ "肌肉跳动" }, titles(hits))
    assert.equal(1, #kb:search("钙", { limit = 1 }))
  end)

  it("reads a question in everyday words", function()
    local kb <close> = small_kb()
    local hits = kb:search("小腿老是抽筋是怎么回事")
    assert.equal("晚上小腿抽筋是缺钙吗", hits[1].title)
    assert.equal("words", hits[1].via)
    assert.same({ "小腿", "抽筋" }, search.words("小腿老是抽筋是怎么回事"))
  end)

  it("marks what matched in a snippet", function()
    local kb <close> = small_kb()
    local h = kb:search("缺钙", { kind = "answer" })[1]
    assert.matches(search.OPEN .. "缺钙" .. search.CLOSE, h.snippet, 1, true)
    assert.equal("夜里小腿抽筋多和<mark>缺钙</mark>有关", search.marked(h.snippet, "<mark>", "</mark>"):match(
      "^(.-)，"))
    assert.equal("a&lt;b <mark>x</mark>", search.marked("a<b \2x\3", "<mark>", "</mark>",
      function(s) return (s:gsub("<", "&lt;")) end))
  end)

  it("finds what a transaction wrote before it commits, and nothing it rolled back", function()
    local kb <close> = small_kb()
    pcall(kb.transaction, kb, function()
      kb:put_document{ kind = "article", key = "t", title = "耳鸣怎么办", body = "远离噪音。" }
      assert.equal("耳鸣怎么办", kb:search("耳鸣")[1].title)
      error("undo")
    end)
    assert.same({}, kb:search("耳鸣"))
  end)

  it("reads one snapshot for all its passes, whatever another handle commits", function()
    local path = helper.tmpdir() .. "/kb.db"
    local writer <close> = medkb.open(path)
    writer:put_document{ kind = "question", key = "q1", title = "耳鸣怎么办", body = "" }
    local kb <close> = medkb.open(path, { create = false })
    local real = search.segments
    search.segments = function(...)  -- runs once the search has begun
      writer:put_document{ kind = "question", key = "q2", title = "耳鸣是什么原因", body = "" }
      return real(...)
    end
    local ok, hits = pcall(kb.search, kb, "耳鸣")
    search.segments = real
    assert(ok, hits)
    assert.same({ "耳鸣怎么办" }, titles(hits))
    assert.equal(2, #kb:search("耳鸣"))
  end)
end)

describe("medkb search", function()
  after_each(helper.cleanup)

  local function kb_dir()
    local dir = helper.tmpdir()
    local kb <close> = small_kb()
    local lines = {}
    require("medkb.export").jsonl(kb, function(l) lines[#lines + 1] = l end)
    helper.write(dir .. "/kb.jsonl", table.concat(lines, "\n") .. "\n")
    local _, err, code = helper.run({ "--db", "kb.db", "import", "kb.jsonl" }, { cwd = dir })
    assert.equal(0, code, err)
    return dir
  end

  it("prints results with their snippets, or JSON", function()
    local dir = kb_dir()
    local out, err, code = helper.run({ "--db", "kb.db", "search", "缺钙", "--limit", "2" }, { cwd = dir })
    assert.equal(0, code, err)
    -- not a terminal: matches between [ and ]
    assert.matches("^ 1%. question %d+  晚上小腿抽筋是缺钙吗\n    晚上小腿抽筋是%[缺钙%]吗\n 2%. ", out)
    assert.equal(4, select(2, out:gsub("\n", "")))
    out, err, code = helper.run({ "--db", "kb.db", "search", "肌束颤动", "--format", "json" }, { cwd = dir })
    assert.equal(0, code, err)
    local doc = json.decode(out)
    assert.equal("肌束颤动", doc.query)
    assert.equal("symptom", doc.results[1].kind)
    assert.equal("肌肉跳动", doc.results[1].title)
    local found
    for _, r in ipairs(doc.results) do
      if r.title == "胳膊抖动是怎么回事" then found = r end
    end
    assert.matches("<mark>肌束颤动</mark>", found.snippet_html, 1, true)
    assert.is_nil(found.snippet:find("<mark>", 1, true))
    out, err, code = helper.run({ "--db", "kb.db", "search", "jrtd" }, { cwd = dir })
    assert.equal(0, code, err)
    assert.matches("^ 1%. symptom  肌肉跳动\n    also called 肌束颤动; ", out)
    assert.matches("found by its pinyin", out, 1, true)
    out, err, code = helper.run({ "--db", "kb.db", "search", "无此内容" }, { cwd = dir })
    assert.equal(0, code, err)
    assert.equal("nothing found for '无此内容'\n", out)
  end)

  -- In-process, so that another handle can commit at a known point: after
  -- the command opened the knowledge base and before it searches.  The
  -- command's whole output is the knowledge base as it was when it began.
  it("reads one snapshot: what commits while it runs is not in its output", function()
    local dir = kb_dir()
    local cli = require "medkb.cli"
    local writer <close> = medkb.open(dir .. "/kb.db", { create = false })
    local real, stdout = search.search, io.stdout
    local out = assert(io.open(dir .. "/out", "w"))
    search.search = function(...)
      writer:put_document{ kind = "question", key = "late", title = "缺钙怎么补", body = "" }
      return real(...)
    end
    io.stdout = out  -- luacheck: ignore 122 (the command writes to io.stdout)
    local ok, status = pcall(cli.main, { "--db", dir .. "/kb.db", "search", "缺钙", "--format", "json" })
    io.stdout, search.search = stdout, real  -- luacheck: ignore 122
    out:close()
    assert(ok, status)
    assert.equal(0, status)
    local function late(doc)
      for _, r in ipairs(doc.results) do if r.title == "缺钙怎么补" then return true end end
      return false
    end
    assert.is_false(late(json.decode(helper.read(dir .. "/out"))))
    local again, err, code = helper.run({ "--db", "kb.db", "search", "缺钙", "--format", "json" },
      { cwd = dir })
    assert.equal(0, code, err)
    assert.is_true(late(json.decode(again)))
  end)

  it("says what is wrong with its arguments", function()
    local dir = kb_dir()
    local _, err, code = helper.run({ "--db", "kb.db", "search" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("expected one QUERY", err, 1, true)
    _, err, code = helper.run({ "--db", "kb.db", "search", "钙", "--kind", "nope" }, { cwd = dir })
    assert.equal(1, code)
    assert.matches("unknown kind 'nope'", err, 1, true)
    _, err, code = helper.run({ "--db", "kb.db", "search", "钙", "--format", "xml" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("unknown format 'xml'", err, 1, true)
    _, err, code = helper.run({ "--db", "kb.db", "search", "  " }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("the query is empty", err, 1, true)
    local out
    out, err, code = helper.run({ "search", "--help" }, { cwd = dir })
    assert.equal(0, code, err)
    assert.matches("usage: medkb %[%-%-db FILE%] search QUERY", out)
  end)
end)
