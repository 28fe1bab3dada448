-- tests/lua/hostile_spec.lua -- code someone else wrote, against medkb's
-- sandbox (medkb.sandbox): content rules, templates of one's own and
-- scripts run with `medkb run --sandbox` that reach for what is outside,
-- escape the instruction budget through coroutines, message handlers or
-- load's reader, recurse without end, build huge strings, or match
-- pathological patterns.  Each is stopped with an error naming the file,
-- the process goes on (the next render, rule or command works), the
-- string library is as it was, and the knowledge base is unchanged.

local medkb = require "medkb"
local lint = require "medkb.lint"
local helper = require "tests.lua.helper"

local EXAMPLES = medkb.scriptdir .. "/medkb/examples/"

-- What hostile code does, each a Lua body that never returns normally,
-- and what the error it ends with says (one of a list: deep recursion
-- runs out of stack or, under a small cap, of memory first).
local HOSTILE = {
  { "loops in a coroutine", "coroutine.wrap(function() while true do end end)()",
    "instruction budget exceeded" },
  { "catches its stop in coroutine after coroutine",
    "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
    "instruction budget exceeded" },
  { "catches its stop in a looping message handler",
    "while true do xpcall(function() while true do end end, function() while true do end end) end",
    "instruction budget exceeded" },
  { "catches its stop in load's reader", "while true do load(function() while true do end end) end",
    "instruction budget exceeded" },
  { "catches its stop in a to-be-closed variable's handler", [[
    while true do
      pcall(function()
        local x <close> = setmetatable({}, { __close = function() while true do end end })
        while true do end
      end)
    end]], "instruction budget exceeded" },
  { "recurses without end", "local function f(n) return 1 + f(n + 1) end f(1)",
    { "stack overflow", "not enough memory" } },
  { "doubles a string without end", "local s = 'x' while true do s = s .. s end", "not enough memory" },
  { "asks string.rep for a gigabyte", "local s = string.rep(string.rep('x', 1000000), 1000)",
    "not enough memory" },
  { "matches a pathological pattern",
    "string.find(string.rep('a', 3000), string.rep('a*', 20) .. 'b')", "instruction budget exceeded" },
  { "matches a pathological pattern as a string method",
    "local s = ('a'):rep(3000) s:match(('a*'):rep(20) .. 'b')", "instruction budget exceeded" },
  { "scans a long text for what is not there, again and again",
    "local s = ('x'):rep(200000) for _ = 1, 1000 do s:gsub('.-y', '') end", "instruction budget exceeded" },
  { "stops the garbage collector", "collectgarbage('stop')", "collectgarbage" },
  { "loads a C library", "package.loadlib('libc.so.6', 'system')", "package" },
  { "requires a C module", "require 'medkb.core'", "not allowed" },
  { "requires lfs", "require 'lfs'", "not allowed" },
  { "reaches string.dump through a string's methods", "local d = ('').dump d(print)", "a nil value" },
  { "reaches io through a string's methods", "local s = ('').io s.open('/etc/passwd')", "a nil value" },
}

-- Whether message says one of what h expects.
local function says(message, expected)
  for _, e in ipairs(type(expected) == "table" and expected or { expected }) do
    if tostring(message):find(e, 1, true) then return true end
  end
  return false
end

-- A body of code that ends with a failure, as a function for a file.
local function as_function(body)
  return "function(...)\n" .. body .. "\nend"
end

describe("hostile content rules", function()
  local dir, kb, doc, config

  setup(function()
    dir = helper.tmpdir()
    kb = medkb.open(dir .. "/kb.db")
    local report = require("medkb.import").run(kb, { EXAMPLES .. "eyelid-article.txt" })
    doc = report.files[1].documents[1]
    config = helper.small_limits(dir)
  end)

  teardown(function()
    kb:close()
    helper.cleanup()
  end)

  for _, h in ipairs(HOSTILE) do
    it("stops a rule that " .. h[1] .. ", naming the rule", function()
      local rules = helper.tmpdir()
      local file = helper.write(rules .. "/hostile.lua", ([[
return { id = "hostile.rule", severity = "error", description = "hostile",
         check = %s }]]):format(as_function(h[2])))
      local before = kb:document_count()
      local l = lint.new(kb, { rules = { rules }, config = config })
      local t0 = os.clock()
      local _, failures = l:document(doc)
      assert.is_true(os.clock() - t0 < 20)
      assert.are.equal(1, #failures)
      assert.are.equal("hostile.rule", failures[1].rule)
      assert.is_true(says(failures[1].message, h[3]), failures[1].message)
      if says(h[3], "exceeded") then
        -- the limits say where the code stood
        assert.is_truthy(failures[1].message:find(file, 1, true), failures[1].message)
      end
      -- the process goes on: the string library, the collector and the
      -- knowledge base are as they were
      assert.are.equal(string.find, getmetatable("").__index.find)
      assert.is_true(collectgarbage("isrunning"))
      assert.are.equal(before, kb:document_count())
      assert.is_nil(debug.gethook())
    end)
  end
end)

it("refuses a rule file and a template that are bytecode, naming the file", function()
  local dir = helper.tmpdir()
  local bytecode = string.dump(function() return {} end)
  os.execute("mkdir -p " .. helper.quote(dir .. "/rules") .. " " .. helper.quote(dir .. "/text"))
  local rule = helper.write(dir .. "/rules/bytecode.lua", bytecode)
  local kb <close> = medkb.open()
  local ok, err = pcall(lint.new, kb, { rules = { dir .. "/rules" } })
  assert.is_false(ok)
  assert.matches(rule .. ": attempt to load a binary chunk", err, 1, true)
  local template = helper.write(dir .. "/text/article.lua", bytecode)
  local doc = require("medkb.import").run(kb, { EXAMPLES .. "eyelid-article.txt" }).files[1].documents[1]
  ok, err = pcall(doc.render, doc, "text", { templates = dir })
  assert.is_false(ok)
  assert.matches("template " .. template .. ": attempt to load a binary chunk", err, 1, true)
  helper.cleanup()
end)

describe("hostile templates", function()
  local kb, doc, plain

  setup(function()
    kb = medkb.open()
    local report = require("medkb.import").run(kb, { EXAMPLES .. "eyelid-article.txt" })
    doc = report.files[1].documents[1]
    plain = doc:render("text")
  end)

  teardown(function()
    kb:close()
    helper.cleanup()
  end)

  local function templates(text)
    local dir = helper.tmpdir()
    os.execute("mkdir -p " .. helper.quote(dir .. "/text"))
    return dir, helper.write(dir .. "/text/article.lua", text)
  end

  for _, h in ipairs(HOSTILE) do
    it("stops a page part that " .. h[1] .. ", naming the template", function()
      local dir, file = templates(("return { page = %s }"):format(as_function(h[2])))
      local ok, err = pcall(doc.render, doc, "text", { templates = dir })
      assert.is_false(ok)
      assert.is_truthy(tostring(err):find(dir, 1, true), err)
      assert.is_true(says(err, h[3]), err)
      if says(h[3], "exceeded") then assert.is_truthy(tostring(err):find(file, 1, true), err) end
      -- the next page renders with the built-in templates as before
      assert.are.equal(plain, doc:render("text"))
      assert.are.equal(string.find, getmetatable("").__index.find)
    end)
  end

  it("stops a template file that loops as it loads, naming the file", function()
    local dir, file = templates("while true do end return {}")
    local ok, err = pcall(doc.render, doc, "text", { templates = dir })
    assert.is_false(ok)
    assert.is_truthy(tostring(err):find("template " .. file .. ": instruction budget exceeded at "
      .. file .. ":1", 1, true), err)
  end)

  it("keeps what a template does to its string library to itself", function()
    local dir = templates([[
      string.find, string.rep = nil, nil
      return { title = function(m, t) return "【" .. t.base.title(m, t) .. "】" end }]])
    assert.is_truthy(doc:render("text", { templates = dir }):find("【", 1, true))
    assert.are.equal("function", type(string.find))
    assert.are.equal("function", type(("x").rep))
    assert.are.equal(plain, doc:render("text"))
  end)
end)

describe("medkb run --sandbox", function()
  local dir, db

  setup(function()
    dir = helper.tmpdir()
    db = dir .. "/kb.db"
    local _, err, code = helper.run{ "--db", db, "import", EXAMPLES .. "eyelid-article.txt" }
    assert.are.equal(0, code, err)
  end)

  teardown(helper.cleanup)

  local function stats()
    return (helper.run{ "--db", db, "stats" })
  end

  for _, h in ipairs(HOSTILE) do
    it("stops a script that " .. h[1] .. ", naming it, with status 1", function()
      local before = stats()
      local script = helper.write(dir .. "/hostile.lua", h[2])
      local out, err, code = helper.run{ "--db", db, "run", "--sandbox", script }
      assert.are.equal(1, code, err)
      assert.are.equal("", out)
      assert.is_truthy(err:find(script, 1, true), err)
      assert.is_true(says(err, h[3]), err)
      assert.are.equal(before, stats())
    end)
  end

  it("lets a script read the knowledge base, print, and set the exit status", function()
    local script = helper.write(dir .. "/reader.lua", [[
      local e = kb.entity("眼皮跳")
      print(e and e.kind, arg[1], #kb.naming("眼皮") > 0)
      return 3]])
    local out, err, code = helper.run{ "--db", db, "run", "--sandbox", script, "hello" }
    assert.are.equal(3, code, err)
    assert.are.equal("symptom\thello\ttrue\n", out)
  end)

  it("gives the script no way to write, open files or run commands", function()
    local before = stats()
    for _, body in ipairs{ "kb.put{ kind = 'drug', name = '毒药' }", "kb.entity = nil",
                           "io.open('" .. dir .. "/escaped', 'w')",
                           "os.execute('touch " .. dir .. "/escaped')",
                           "arg[1] = 'changed'" } do
      local script = helper.write(dir .. "/writer.lua", body)
      local _, err, code = helper.run{ "--db", db, "run", "--sandbox", script }
      assert.are.equal(1, code, body)
      assert.is_truthy(err:find(script, 1, true), err)
    end
    assert.are.equal(before, stats())
    assert.is_nil(io.open(dir .. "/escaped"))
  end)
end)
