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
    assert.is_true(medkb.is_storage_error(err))
    assert.equal("io", err.code)
    assert.matches("/nonexistent%-dir/kb.db", tostring(err))
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

  it("reads one snapshot inside kb:read, whatever another handle commits", function()
    local path = helper.tmpdir() .. "/kb.db"
    local writer <close> = medkb.open(path)
    writer:put_document{ kind = "article", key = "a", title = "小腿抽筋", body = "缺钙可能引起小腿抽筋。" }
    local kb <close> = medkb.open(path, { create = false })
    local seen = kb:read(function(x)
      assert.is_true(kb:reading())
      local before = kb:document_count()
      writer:put_document{ kind = "article", key = "b", title = "小腿抽筋怎么办", body = "可以补钙。" }
      -- a second query, and a search, still see the first state
      return { x, before, kb:document_count(), #kb:search("小腿抽筋") }
    end, "x")
    assert.same({ "x", 1, 1, 1 }, seen)
    assert.is_false(kb:reading())
    assert.equal(2, kb:document_count())
    assert.equal(2, #kb:search("小腿抽筋"))
  end)

  it("writes nothing inside kb:read, and says so at the caller's line", function()
    local kb <close> = medkb.open()
    local line
    local ok, err = pcall(kb.read, kb, function()
      line = debug.getinfo(1, "l").currentline + 1
      kb:transaction(function() kb:put{ kind = "food", name = "牛奶" } end)
    end)
    assert.is_false(ok)
    assert.matches("api_spec.lua:" .. line .. ": nothing can be written inside a read", err)
    ok, err = pcall(kb.read, kb, function() kb:put{ kind = "food", name = "牛奶" } end)
    assert.is_false(ok)
    assert.is_true(medkb.is_storage_error(err))
    assert.matches("inside a read", tostring(err))
    assert.is_false(kb:reading())
    assert.is_nil(kb:get("food", "牛奶"))
    -- inside a transaction, a read sees its writes, writes nothing itself,
    -- and the writing goes on after it
    kb:transaction(function()
      kb:put{ kind = "food", name = "牛奶" }
      assert.equal("牛奶", kb:read(function() return kb:get("food", "牛奶").name end))
      assert.equal(1, #kb:read(kb.search, kb, "牛奶"))
      assert.is_false(pcall(kb.read, kb, function() kb:put{ kind = "food", name = "鸡蛋" } end))
      assert.is_false(pcall(kb.read, kb, function() kb:transaction(function() end) end))
      kb:put{ kind = "food", name = "豆腐" }
    end)
    assert.equal(2, kb:count("food"))
    assert.is_nil(kb:get("food", "鸡蛋"))
    assert.error_matches(function() kb:read(42) end, "bad argument #1 to 'read' %(function expected")
  end)

  it("ends a read or a transaction left in a coroutine that is closed", function()
    local kb <close> = medkb.open()
    local co = coroutine.create(function() kb:read(coroutine.yield) end)
    coroutine.resume(co)
    assert.is_true(kb:reading())
    assert.is_true(coroutine.close(co))
    assert.is_false(kb:reading())
    co = coroutine.create(function()
      kb:transaction(function()
        kb:put{ kind = "food", name = "牛奶" }
        coroutine.yield()
      end)
    end)
    coroutine.resume(co)
    assert.equal(1, kb:_tx_depth())
    assert.is_true(coroutine.close(co))
    assert.equal(0, kb:_tx_depth())
    assert.is_nil(kb:get("food", "牛奶"))
    kb:put{ kind = "food", name = "豆腐" }
    -- on a closed handle, the message points at the caller
    kb:close()
    local line = debug.getinfo(1, "l").currentline
    local _, read_err = pcall(function() kb:read(print) end)
    local _, tx_err = pcall(function() kb:transaction(print) end)
    assert.matches("api_spec.lua:" .. line + 1 .. ": attempt to use a closed knowledge base", read_err)
    assert.matches("api_spec.lua:" .. line + 2 .. ": attempt to use a closed knowledge base", tx_err)
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

  it("refuses entities and documents of another knowledge base", function()
    local a <close> = medkb.open()
    local b <close> = medkb.open()
    local x = a:put{ kind = "symptom", name = "眼皮跳" }
    local y = a:put{ kind = "cause", name = "用眼过度" }
    -- b's own entities have the same ids as a's
    local bx = b:put{ kind = "symptom", name = "耳鸣" }
    local by = b:put{ kind = "cause", name = "噪音" }
    assert.equal(x.id, bx.id)
    assert.error_matches(function() b:relate(x, "cause", y) end,
      "bad argument #1 to 'relate' %(entity belongs to another knowledge base%)")
    assert.error_matches(function() b:relate(bx, "cause", y) end,
      "entity belongs to another knowledge base")
    assert.equal(0, b:relation_count())
    local doc = a:put_document{ kind = "article", title = "a 的文章" }
    local bdoc = b:put_document{ kind = "article", title = "b 的文章" }
    assert.equal(doc.id, bdoc.id)
    assert.error_matches(function() bdoc:link("about", x) end, "entity belongs to another knowledge base")
    assert.error_matches(function() bdoc:link("related", doc) end,
      "document belongs to another knowledge base")
    assert.error_matches(function()
      b:put_document{ kind = "article", key = "k", title = "新", links = { { type = "about", target = x } } }
    end, "entity belongs to another knowledge base")
    assert.is_nil(b:document("article", "k"))
    assert.error_matches(function() b:relate(bx, "cause", by, { source = doc }) end,
      "document belongs to another knowledge base")
    for _ in bdoc:entities() do error("a link was made") end
    assert.equal(0, b:relation_count())
  end)

  it("writes kb:put, kb:relate and table sets whole or not at all", function()
    local kb <close> = medkb.open()
    -- a bad alias, after a good one
    assert.error_matches(function()
      kb:put{ kind = "symptom", name = "眼皮跳", aliases = { "眼跳", { "眼睑痉挛", type = "medical" } } }
    end, "alias type 'medical'")
    assert.is_nil(kb:get("symptom", "眼皮跳"))
    assert.is_nil(kb:get("symptom", "眼跳"))
    assert.error_matches(function()
      kb:put{ kind = "symptom", name = "眼皮跳", aliases = { "眼跳", 42 } }
    end, "bad alias #2")
    assert.is_nil(kb:get("symptom", "眼皮跳"))
    -- an alias that is another entity's name
    kb:put{ kind = "symptom", name = "耳鸣" }
    assert.error_matches(function()
      kb:put{ kind = "symptom", name = "眼皮跳", aliases = { "眼跳", "耳鸣" } }
    end, "is the name of another symptom")
    assert.is_nil(kb:get("symptom", "眼皮跳"))
    -- a table-valued attribute
    assert.error_matches(function()
      kb:put{ kind = "cause", name = "疲劳", attrs = { common = true, bad = {} } }
    end, "bad attribute 'bad'")
    assert.is_nil(kb:get("cause", "疲劳"))
    local tinnitus = kb:get("symptom", "耳鸣")
    assert.error_matches(function()
      kb:put{ kind = "symptom", name = "耳鸣", attrs = { seen = 1, bad = print } }
    end, "bad attribute 'bad'")
    assert.is_nil(tinnitus.attrs.seen)
    assert.error_matches(function() tinnitus:set{ seen = 1, bad = {} } end, "bad attribute 'bad'")
    assert.is_nil(tinnitus.attrs.seen)
    -- kb:relate with a bad attribute relates nothing
    local noise = kb:put{ kind = "cause", name = "噪音" }
    assert.error_matches(function()
      kb:relate(tinnitus, "cause", noise, { rank = 1, text = "长期噪音", bad = {} })
    end, "bad attribute 'bad'")
    assert.equal(0, kb:relation_count())
    -- inside a transaction that goes on after the error, too
    kb:transaction(function()
      assert.is_false(pcall(kb.put, kb, { kind = "cause", name = "熬夜", aliases = { "晚睡", {} } }))
      kb:put{ kind = "cause", name = "饮酒" }
    end)
    assert.is_nil(kb:get("cause", "熬夜"))
    assert.is_not_nil(kb:get("cause", "饮酒"))
  end)

  it("keeps ':memory:' as the path of medkb.open() without one", function()
    local kb <close> = medkb.open()
    assert.equal(":memory:", kb:path())
    assert.equal('medkb.KB ":memory:"', tostring(kb))
  end)

  it("opens an existing file only when told not to create one", function()
    local path = helper.tmpdir() .. "/kb.db"
    local kb, err = medkb.open(path, { create = false })
    assert.is_nil(kb)
    assert.equal(("no knowledge base at '%s'"):format(path), err)
    assert.is_nil(io.open(path, "rb"))
    medkb.open(path):close()
    local ro <close> = medkb.open(path, { create = false, readonly = true })
    assert.is_true(ro:readonly())
    -- a write to it is a storage error naming the database
    local ok, e = pcall(ro.put, ro, { kind = "tag", name = "x" })
    assert.is_false(ok)
    assert.is_true(medkb.is_storage_error(e))
    assert.equal("readonly", e.code)
    assert.matches(path, tostring(e), 1, true)
    assert.is_false(medkb.is_storage_error("no drug named 'x'"))
  end)

  it("is medkb/init.lua over medkb.core, and leaves package.path alone", function()
    local core = require "medkb.core"
    assert.is_not.equal(core, medkb)
    assert.matches("/medkb/init%.lua$", package.searchpath("medkb", package.path))
    assert.same(core.document_kinds, medkb.document_kinds)
    assert.is_nil(medkb._classes)
    -- in a fresh interpreter, requiring medkb changes neither path
    local p = io.popen([[lua5.4 -e 'local p, c = package.path, package.cpath; require "medkb";
      io.write(tostring(p == package.path and c == package.cpath))']])
    assert.equal("true", p:read("a"))
    p:close()
  end)
end)
