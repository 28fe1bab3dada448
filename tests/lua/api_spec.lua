-- tests/lua/api_spec.lua -- the medkb module as a Lua user meets it:
-- required from the stock lua5.4 interpreter, on real files.

local medkb = require "medkb"
local helper = require "tests.lua.helper"

describe("medkb module", function()
  after_each(helper.cleanup)

  it("is the same module however it is required", function()
    assert.equal(medkb, require("medkb"))
    assert.is_function(medkb.open)
    assert.matches("^%d+%.%d+%.%d+$", medkb.VERSION)
  end)

  it("keeps what it stored across reopening a file", function()
    local path = helper.tmpdir() .. "/kb.db"
    do
      local kb <close> = medkb.open(path)
      kb:transaction(function()
        local s = kb:put{ kind = "symptom", name = "眼皮跳", aliases = { { "眼睑痉挛", type = "standard" } } }
        local c = kb:put{ kind = "cause", name = "用眼过度", attrs = { common = true, share = 0.4 } }
        kb:relate(s, "cause", c, { rank = 1, text = "长时间看屏幕" })
      end)
    end
    local kb <close> = medkb.open(path)
    local s = assert(kb:get("symptom", "眼睑痉挛"))
    assert.same({ { name = "眼睑痉挛", type = "standard" } }, s:alias_info())
    local cause, rel
    for c, r in s:related("cause") do cause, rel = c, r end
    assert.equal("用眼过度", cause.name)
    assert.same({ common = true, share = 0.4 }, cause.attrs)
    assert.equal("长时间看屏幕", rel.text)
  end)

  it("raises on a file it cannot open, naming it", function()
    local ok, err = pcall(medkb.open, "/nonexistent-dir/kb.db")
    assert.is_false(ok)
    assert.matches("/nonexistent%-dir/kb.db", err)
  end)

  it("iterates lazily: a loop can write while it reads", function()
    local kb <close> = medkb.open()
    for i = 1, 20 do kb:put{ kind = "tag", name = "t" .. i } end
    local n = 0
    for t in kb:entities{ kind = "tag" } do
      n = n + 1
      t:set("seen", true)
      if n == 5 then break end
    end
    assert.equal(5, n)
    local seen = 0
    for t in kb:entities{ kind = "tag" } do if t.attrs.seen then seen = seen + 1 end end
    assert.equal(5, seen)
  end)

  it("nests transactions and rolls back only the failing one", function()
    local kb <close> = medkb.open()
    kb:transaction(function()
      kb:put{ kind = "food", name = "牛奶" }
      assert.is_false(pcall(kb.transaction, kb, function()
        kb:put{ kind = "food", name = "豆腐" }
        error("inner")
      end))
    end)
    assert.is_not_nil(kb:get("food", "牛奶"))
    assert.is_nil(kb:get("food", "豆腐"))
  end)

  it("reports bad arguments the way luaL_argerror does", function()
    local kb <close> = medkb.open()
    assert.error_matches(function() kb:put("x") end, "bad argument #1 to 'put'")
    assert.error_matches(function() kb:relate(nil, "cause", nil) end,
      "bad argument #1 to 'relate' %(medkb.Entity expected, got nil%)")
    assert.error_matches(function() kb:transaction(42) end, "function expected")
    assert.error_matches(function() kb:put{ kind = "tag", name = "x", attrs = { [1] = "y" } } end,
      "bad attribute name")
  end)

  it("lets scripts define kinds and relation types of their own", function()
    local kb <close> = medkb.open()
    assert.error_matches(function() kb:put{ kind = "syndrome", name = "不安腿综合征" } end,
      "unknown kind 'syndrome'")
    kb:add_kind("syndrome")
    local d = kb:put{ kind = "syndrome", name = "不安腿综合征" }
    local s = kb:put{ kind = "symptom", name = "肌肉抖动" }
    kb:relate(d, "presents_as", s)
    for target, rel in d:related("presents_as") do
      assert.equal(s, target)
      assert.equal(1, rel.rank)
    end
  end)

  it("renames and deletes, keeping identity and cleaning up", function()
    local kb <close> = medkb.open()
    local c = kb:put{ kind = "cause", name = "疲劳" }
    local s = kb:put{ kind = "symptom", name = "小腿抖动" }
    kb:relate(s, "cause", c)
    c:rename("过度疲劳")
    assert.equal("过度疲劳", c.name)
    assert.equal(c, kb:get("cause", "过度疲劳"))
    c:delete()
    assert.is_nil(kb:get("cause", "过度疲劳"))
    assert.equal(0, kb:relation_count())
  end)
end)
