-- tests/lua/ask_spec.lua -- kb:ask and `medkb ask` on the example pages
-- that ship with medkb: each kind of question answered from the facts
-- the pages state, with the documents cited; names found by alias and in
-- traditional characters; questions about what the knowledge base does
-- not hold answered so; a question type added by a user script.

local medkb = require "medkb"
local import = require "medkb.import"
local json = require "medkb.json"
local helper = require "tests.lua.helper"

local examples = medkb.scriptdir .. "/medkb/examples/"

local function load(kb)
  local report = import.run(kb, { examples .. "eyelid-article.txt", examples .. "eyelid-qa.txt" })
  assert(report.committed and #report.problems == 0)
end

-- The answer's text, and the titles of its sources.
local function ask(kb, q, opts)
  local a = kb:ask(q, opts)
  local titles = {}
  for i, d in ipairs(a.sources) do titles[i] = d.title end
  return a, a.text, titles
end

describe("kb:ask", function()
  local kb
  setup(function()
    kb = medkb.open()
    load(kb)
  end)
  teardown(function() kb:close() end)

  it("gives a symptom's causes in rank order, citing the page", function()
    local a, text, titles = ask(kb, "眼皮跳是什么原因？")
    assert.is_true(a.known)
    assert.equal("causes", a.type)
    assert.equal("眼皮跳", a.subject.name)
    local first, second = text:find("用眼过度", 1, true), text:find("睡眠不足", 1, true)
    assert.is_truthy(first and second and first < second)
    assert.matches("用眼过度%[1%]", text)
    assert.equal("眼皮跳是怎么回事", titles[1])
  end)

  it("finds the entity by an alias and in traditional characters", function()
    local a = kb:ask("眼皮跳是什麼原因")
    assert.equal("causes", a.type)
    assert.equal("眼皮跳", a.subject.name)
    a = kb:ask("眼睑痉挛挂什么科")
    assert.equal("department", a.type)
    assert.matches("眼科", a.text, 1, true)
  end)

  it("gives the drugs taken for each cause, never the drugs that provoke", function()
    local a, text = ask(kb, "眼皮跳吃什么药")
    assert.equal("drugs", a.type)
    assert.matches("谷维素片", text, 1, true)
    assert.matches("卡马西平片%[%d%]（针对面肌痉挛）", text)
    assert.is_nil(text:find("左旋多巴片", 1, true))
  end)

  it("gives the drugs said to provoke a symptom", function()
    local a, text = ask(kb, "哪些药物会引起眼皮跳？")
    assert.equal("provoking_drugs", a.type)
    assert.matches("左旋多巴片", text, 1, true)
    assert.is_nil(text:find("谷维素片", 1, true))
  end)

  it("answers the other kinds of question the pages hold facts for", function()
    local cases = {
      { "眼皮跳挂什么科", "department", { "眼科" } },
      { "干眼症有哪些症状", "signs", { "干涩", "异物感" } },
      { "用眼过度吃什么好", "foods", { "胡萝卜", "菠菜" } },
      { "干眼症要做什么检查", "exams", { "泪液分泌试验" } },
      { "眼皮跳怎么办", "treatments", { "休息", "热敷" } },
      { "卡马西平片治什么", "drug_uses", { "面肌痉挛" } },
      { "左旋多巴片有什么副作用", "side_effects", { "眼皮跳" } },
      { "眼皮跳可能是什么病", "diseases", { "眼睑痉挛" } },
      { "哪些医生回答过眼皮跳的问题", "doctors", { "周衡", "主任医师" } },
    }
    for _, c in ipairs(cases) do
      local a = kb:ask(c[1])
      assert.equal(c[2], a.type, c[1])
      assert.is_true(a.known, c[1])
      for _, want in ipairs(c[3]) do assert.matches(want, a.text, 1, true) end
      assert.is_true(#a.sources >= 1, c[1])
    end
  end)

  it("says plainly what the knowledge base does not hold", function()
    local a = kb:ask("糖尿病怎么治疗")
    assert.is_false(a.known)
    assert.equal("知识库里没有关于“糖尿病”的内容。", a.text)
    a = kb:ask("眼皮跳能治好吗")
    assert.is_false(a.known)
    assert.equal("cure_rate", a.type)
    assert.equal("知识库里没有眼皮跳的治愈率。", a.text)
    a = kb:ask("右眼皮跳多久能好")
    assert.is_false(a.known)
    assert.equal(0, #a.sources)
    -- a name inside a longer name the knowledge base does not know is no
    -- answer about the shorter one
    a = kb:ask("今天天气怎么样")
    assert.is_false(a.known)
    assert.matches("^知识库里没有关于", a.text)
  end)

  it("takes question types from a user script", function()
    local where = { id = "hospital", what = "医院", kinds = { "doctor" }, cues = { "哪个医院", "在哪" },
                    facts = { out = { "hospital" } }, answer = "{subject}在{facts}。" }
    local a = kb:ask("林晓医生在哪个医院", { types = { where } })
    assert.is_true(a.known)
    assert.matches("^林晓在示例市第一人民医院%[[%d,]+%]。$", a.text)
    assert.is_false(kb:ask("林晓医生在哪个医院").known)
    local ask_module = require "medkb.ask"
    ask_module.add_type(where)
    assert.is_true(kb:ask("林晓医生在哪个医院").known)
    table.remove(ask_module.TYPES)
  end)
end)

describe("medkb ask", function()
  after_each(helper.cleanup)

  it("prints the answer and its sources, or JSON, with the exit status telling", function()
    local dir = helper.tmpdir()
    do
      local kb <close> = medkb.open(dir .. "/kb.db")
      load(kb)
    end
    local out, err, code = helper.run({ "--db", "kb.db", "ask", "眼皮跳是什么原因" }, { cwd = dir })
    assert.equal(0, code, err)
    assert.matches("^眼皮跳可能由用眼过度%[1%]", out)
    assert.matches("\n%[1%] article %d+  眼皮跳是怎么回事\n", out)
    out, err, code = helper.run({ "--db", "kb.db", "ask", "什么药会引起眼皮跳", "--format", "json" },
      { cwd = dir })
    assert.equal(0, code, err)
    local a = json.decode(out)
    assert.is_true(a.known)
    assert.equal("provoking_drugs", a.type)
    assert.equal("眼皮跳", a.subject.name)
    assert.equal("左旋多巴片", a.facts[1].name)
    assert.equal(1, a.facts[1].sources[1])
    local _
    out, _, code = helper.run({ "--db", "kb.db", "ask", "糖尿病怎么治疗" }, { cwd = dir })
    assert.equal(1, code)
    assert.equal("知识库里没有关于“糖尿病”的内容。\n", out)
    local err2
    _, err2, code = helper.run({ "--db", "kb.db", "ask" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("expected a QUESTION", err2, 1, true)
  end)
end)
