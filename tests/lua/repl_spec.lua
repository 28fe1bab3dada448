-- tests/lua/repl_spec.lua -- `medkb repl` driven through stdin, and the
-- REPL's Lua helpers (formatting, completion).

local helper = require "tests.lua.helper"
local repl = require "medkb.repl"
local pretty = require "medkb.pretty"

describe("medkb repl", function()
  after_each(helper.cleanup)

  local function session(input)
    local dir = helper.tmpdir()
    helper.run({ "demo", "--into", "kb.db" }, { cwd = dir })
    return helper.run({ "--db", "kb.db", "repl" }, { cwd = dir, stdin = input,
                                                     env = "HOME=" .. dir })
  end

  it("prints expression results and runs statements", function()
    local out, err, code = session('1+1\nlocal x = 5\nprint("hi")\nreturn 1, "a"\n')
    assert.equal(0, code, err)
    assert.equal('2\nhi\n1\t"a"\n', out)
  end)

  it("has kb open and prints entities readably", function()
    local out = session('kb:get("symptom", "眼睑痉挛")\nkb:get("drug", "无")\n')
    assert.equal('medkb.Entity symptom "眼皮跳"\nnil\t"no drug named \'无\'"\n', out)
  end)

  it("continues incomplete chunks on the next lines", function()
    local out = session('for c, rel in kb:get("symptom", "眼皮跳"):related("cause") do\n'
      .. 'io.write(rel.rank, c.name, " ")\nend\nprint()\n')
    assert.equal("1用眼过度 2睡眠不足 3干眼症 4面肌痉挛 5药物影响 \n", out)
  end)

  it("reports errors and goes on, and exits with status 1 at the end", function()
    local out, err, code = session('error("boom")\nnil + 1\nx = = 1\n"after"\n')
    assert.equal(1, code)
    assert.equal('"after"\n', out)
    assert.matches("stdin:1: boom\n", err, 1, true)
    assert.matches("attempt to perform arithmetic on a nil value", err, 1, true)
    assert.matches("unexpected symbol near '='", err, 1, true)
  end)

  it("knows .help and .quit", function()
    local out, err = session('.help\n.quit\nprint("not reached")\n')
    assert.matches("^Type Lua:", out)
    assert.is_nil(out:find("not reached", 1, true))
    local _, err2 = session('.frob\n')
    assert.equal("", err)
    assert.matches("unknown command '.frob'", err2, 1, true)
  end)

  it("pretty-prints tables with a depth limit", function()
    local out = session('{1, "two", k = {deep = {deeper = {deepest = {}}}}}\n')
    assert.equal('{1, "two", k = {deep = {deeper = {...}}}}\n', out)
  end)
end)

describe("repl helpers", function()
  local medkb = require "medkb"

  it("completes globals, fields and methods", function()
    local kb <close> = medkb.open()
    local e = kb:put{ kind = "symptom", name = "眼皮跳" }
    local doc = kb:put_document{ kind = "article", title = "眼皮跳是怎么回事" }
    local env = setmetatable({ kb = kb, entity = e, doc = doc, medkb = medkb }, { __index = _G })
    assert.same({ "kb" }, repl.complete(env, "kb"))
    assert.same({ "string" }, repl.complete(env, "stri"))
    assert.same({ "string.byte" }, repl.complete(env, "string.by"))
    local methods = repl.complete(env, "kb:ent")
    assert.same({ "kb:entities", "kb:entity" }, methods)
    assert.same({ "kb:transaction" }, repl.complete(env, "kb:trans"))
    assert.same({ "entity.name" }, repl.complete(env, "entity.na"))
    assert.same({ "doc.title" }, repl.complete(env, "doc.ti"))
    assert.same({ "doc.imported_at" }, repl.complete(env, "doc.imp"))
    assert.same({ "entity:related" }, repl.complete(env, "entity:rel"))
    assert.same({}, repl.complete(env, "nothing.here"))
    for _, c in ipairs(repl.complete(env, "kb:")) do assert.is_nil(c:find("^kb:_")) end
    assert.same({ "kb:_begin" }, repl.complete(env, "kb:_be"))
  end)

  it("formats values", function()
    assert.equal('"a\\"b\\n"', pretty.format('a"b\n'))
    assert.equal("{1, 2, x = true}", pretty.format({ 1, 2, x = true }))
    local t = {}
    t.self = t
    assert.equal("{self = <cycle>}", pretty.format(t))
    local long = {}
    for i = 1, 100 do long[i] = i end
    assert.matches("%.%.%. %(60 more%)}$", pretty.format(long))
  end)
end)
