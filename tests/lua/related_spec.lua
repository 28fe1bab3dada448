-- tests/lua/related_spec.lua -- kb:related_documents and `medkb related`
-- on documents written for these tests: documents about the same entity
-- and naming the same things come first, never the document itself or
-- its own question, never two near duplicates; a page without a related
-- list of its own is given one when rendered.

local medkb = require "medkb"
local json = require "medkb.json"
local helper = require "tests.lua.helper"

local function build(kb)
  kb:transaction(function()
    local cramp = kb:put{ kind = "symptom", name = "小腿抽筋" }
    local calcium = kb:put{ kind = "cause", name = "缺钙" }
    local tired = kb:put{ kind = "cause", name = "疲劳" }
    local function article(key, title, body, about, causes)
      local st = {}
      for i, c in ipairs(causes or {}) do st[#st + 1] = { about, "cause", c, rank = i } end
      return kb:put_document{ kind = "article", key = key, title = title, body = body,
        links = about and { { type = "about", target = about } } or nil, statements = st }
    end
    article("a1", "小腿抽筋是怎么回事", "小腿抽筋多与缺钙和疲劳有关。", cramp, { calcium, tired })
    -- two near duplicates of each other, both about the same symptom
    article("a2", "小腿肌肉抽筋的原因", "小腿抽筋可能由缺钙、疲劳引起。", cramp, { calcium, tired })
    article("a3", "小腿肌肉抽筋的原因？", "小腿抽筋常见原因是缺钙、疲劳。", cramp, { calcium })
    -- a near duplicate of a1 itself
    article("a6", "小腿抽筋怎么回事", "小腿抽筋和缺钙、疲劳有关。", cramp, { calcium, tired })
    article("a4", "孕妇缺钙有什么表现", "孕妇缺钙会出现腿抽筋、牙齿松动。")
    article("a5", "高血压吃什么好", "高血压要少吃盐。")
    local q = kb:put_document{ kind = "question", key = "q1", title = "晚上腿抽筋是不是缺钙", body = "" }
    kb:put_document{ kind = "answer", key = "q1/a", body = "夜间小腿抽筋要考虑缺钙和疲劳。",
      links = { { type = "answers", target = q } } }
  end)
end

describe("kb:related_documents", function()
  it("gives what is about and names the same things, once each, never itself", function()
    local kb <close> = medkb.open()
    build(kb)
    local a1 = kb:document("article", "a1")
    local docs, info = kb:related_documents(a1, 5)
    local titles, near = {}, 0
    for i, d in ipairs(docs) do
      titles[d.title] = i
      assert.is_true(d ~= a1)
      if d.title:find("^小腿肌肉抽筋的原因") then near = near + 1 end
      assert.is_true(d.title ~= "小腿抽筋怎么回事")
      assert.is_number(info[i].score)
    end
    -- one of the two near duplicates, and it comes first: same subject
    assert.equal(1, near)
    assert.is_true(docs[1].title:find("^小腿肌肉抽筋的原因") ~= nil)
    assert.is_truthy(titles["晚上腿抽筋是不是缺钙"])
    assert.is_truthy(titles["孕妇缺钙有什么表现"])
    assert.is_nil(titles["高血压吃什么好"])
    -- an answer gives its question's likes, never the question itself
    local answer = kb:document("answer", "q1/a")
    docs = kb:related_documents(answer, 5)
    for _, d in ipairs(docs) do
      assert.is_true(d.kind ~= "answer")
      assert.is_true(d.title ~= "晚上腿抽筋是不是缺钙")
    end
    assert.is_true(#docs >= 2)
    assert.equal(1, #kb:related_documents(a1, 1))
  end)

  it("fills the related list of a page that has none, when rendered", function()
    local kb <close> = medkb.open()
    build(kb)
    local q = kb:document("question", "q1")
    local page = q:render("text")
    assert.matches("\n相关问答\n", page, 1, true)
    assert.matches("小腿肌肉抽筋的原因", page, 1, true)
    assert.is_nil(q:render("text", { related = false }):find("相关问答", 1, true))
    local m = json.decode(q:render("json"))
    assert.is_true(m.related_found)
  end)
end)

describe("medkb related", function()
  after_each(helper.cleanup)

  it("lists the documents like one, in text or JSON", function()
    local dir = helper.tmpdir()
    do
      local kb <close> = medkb.open(dir .. "/kb.db")
      build(kb)
    end
    local out, err, code = helper.run({ "--db", "kb.db", "related", "article:a1", "--limit", "2" },
      { cwd = dir })
    assert.equal(0, code, err)
    assert.matches("^ 1%. article %d+  小腿肌肉抽筋的原因", out)
    assert.matches("\n    shares ", out, 1, true)
    out, err, code = helper.run({ "--db", "kb.db", "related", "孕妇缺钙有什么表现",
      "--format", "json" }, { cwd = dir })
    assert.equal(0, code, err)
    local list = json.decode(out)
    assert.is_true(#list >= 1)
    assert.is_table(list[1].shared)
    local _
    _, err, code = helper.run({ "--db", "kb.db", "related", "没有这篇" }, { cwd = dir })
    assert.equal(1, code)
    assert.matches("no document titled", err, 1, true)
    _, err, code = helper.run({ "--db", "kb.db", "related" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("expected one DOC", err, 1, true)
  end)
end)
