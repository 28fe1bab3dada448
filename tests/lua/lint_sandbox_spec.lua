-- tests/lua/lint_sandbox_spec.lua -- rules written by someone else: a
-- rule that loops, allocates without bound, errors, or reaches for io,
-- os, debug, require, bytecode or the knowledge base's writes fails on
-- its own, named, within its limits, and the other rules still run; and
-- `medkb lint` from the command line: exit statuses, text and JSON
-- output, --rules overriding a built-in rule, --fix, drafts.

local medkb = require "medkb"
local json = require "medkb.json"
local lint = require "medkb.lint"
local helper = require "tests.lua.helper"

local PAGE = [[
示例健康网

科普文章

头痛是怎么回事

860次浏览

头痛可能由睡眠不足、颈部劳损等原因引起，可通过规律作息、颈部放松等方式缓解。

1、睡眠不足

连续熬夜后脑血管舒缩失调，容易出现两侧太阳穴胀痛，保证七到八小时睡眠多能缓解。

2、颈部劳损

长时间低头看手机使颈部肌肉紧张，牵连头部出现紧箍样疼痛，应每小时起身活动颈肩。

日常注意劳逸结合，头痛反复发作或突然剧烈头痛时应及时就医。

温馨提示：医疗科普知识仅供参考，不作诊断依据；若有不适请到医院就诊
]]

-- A rule file whose check is body (Lua source of the function's body).
local function rule(dir, id, body)
  return helper.write(("%s/%s.lua"):format(dir, id:gsub("%.", "-")), ([[
return {
  id = %q,
  severity = "error",
  description = "a test rule",
  check = function(doc, kb, report, params)
    %s
  end,
}
]]):format(id, body))
end

describe("the lint sandbox", function()
  local dir, rules, kb, doc, config

  setup(function()
    dir = helper.tmpdir()
    rules = dir .. "/rules"
    os.execute("mkdir -p " .. helper.quote(rules))
    kb = medkb.open(dir .. "/kb.db")
    local report = require("medkb.import").run(kb, { helper.write(dir .. "/page.txt", PAGE) })
    doc = report.files[1].documents[1]
    config = helper.small_limits(dir)
  end)

  teardown(function()
    kb:close()
    helper.cleanup()
  end)

  local function failures_of(body)
    local d = helper.tmpdir()
    rule(d, "hostile.rule", body)
    local l = lint.new(kb, { rules = { d }, config = config })
    local findings, failures = l:document(doc)
    return failures, findings
  end

  local hostile = {
    { "loops forever", "while true do end", "instruction budget exceeded" },
    { "loops forever, catching its own stop", "while true do pcall(function() while true do end end) end",
      "instruction budget exceeded" },
    { "allocates without bound", "local t = {} while true do t[#t + 1] = string.rep('x', 4096) .. #t end",
      "not enough memory" },
    { "asks for one huge string", "local s = string.rep('x', 1 << 30)", "not enough memory" },
    { "opens a file", "io.open('/etc/passwd')", "io" },
    { "runs a command", "os.execute('touch /tmp/medkb-escaped')", "os" },
    { "requires os", "local os2 = require 'os'", "not allowed" },
    { "reaches for debug", "debug.sethook()", "debug" },
    { "loads bytecode", "local f = assert(load(string.dump(function() end)))", "dump" },
    { "loads bytecode in binary mode", "assert(load('return 1', 'x', 'b'))", "loads text only" },
    { "writes to the knowledge base", "kb.put{kind = 'drug', name = '毒药'}", "put" },
    { "changes the view of the knowledge base", "kb.entity = nil", "read-only" },
    { "changes the document", "doc.text = ''", "read-only" },
    { "errors", "error('broken rule')", "broken rule" },
    { "sets a finalizer", "setmetatable({}, { __gc = function() while true do end end })", "finalizers" },
    { "reports outside the page", "report{ from = 1e9, message = 'x' }", "outside the page" },
  }
  for _, h in ipairs(hostile) do
    it("fails a rule that " .. h[1] .. ", by its id, and runs the others", function()
      local t0 = os.clock()
      local failures, findings = failures_of(h[2])
      assert.is_true(os.clock() - t0 < 20)
      assert.are.equal(1, #failures)
      assert.are.equal("hostile.rule", failures[1].rule)
      assert.is_truthy(failures[1].message:find(h[3], 1, true), failures[1].message)
      -- the built-in rules ran on the same page (it has a half-width-free,
      -- clean text, so only the unknown-entity notes may come)
      for _, f in ipairs(findings) do assert.are_not.equal("hostile.rule", f.rule) end
    end)
  end

  it("leaves the string metatable and the knowledge base as they were", function()
    local before = kb:document_count()
    local failures = failures_of(
      "local mt = getmetatable('') assert(mt == nil, 'the string metatable leaked')")
    assert.are.same({}, failures)
    assert.are.equal(before, kb:document_count())
    assert.are.equal("function", type(getmetatable("").__index.find))
    local f = io.open("/tmp/medkb-escaped")
    if f then f:close() end
    assert.is_nil(f)
  end)

  it("lets a rule require the allowed pure-Lua modules and read the knowledge base", function()
    local failures, findings = failures_of([[
      local T = require "medkb.lint.text"
      local extract = require "medkb.extract"
      local e = kb.entity("头痛")
      if e and #T.sentences(doc.text) > 3 and extract.subject(doc.title) == "头痛" then
        report{ from = 1, message = "read " .. e.name }
      end]])
    assert.are.same({}, failures)
    local found
    for _, f in ipairs(findings) do
      if f.rule == "hostile.rule" then found = f.message end
    end
    assert.are.equal("read 头痛", found)
  end)

  it("rejects a rule file that declares no check, naming the file", function()
    local d = helper.tmpdir()
    helper.write(d .. "/bad.lua", 'return { id = "x", severity = "error", description = "no check" }')
    local ok, err = pcall(lint.new, kb, { rules = { d } })
    assert.is_false(ok)
    assert.is_truthy(tostring(err):find("bad.lua", 1, true))
    assert.is_truthy(tostring(err):find("check must be a function", 1, true))
  end)

  describe("medkb lint", function()
    local db

    setup(function()
      db = dir .. "/cli.db"
      local _, err, code = helper.run{ "--db", db, "import", dir .. "/page.txt" }
      assert.are.equal(0, code, err)
    end)

    it("exits 0 on a clean page and 1 when a finding is an error", function()
      local _, err, code = helper.run{ "--db", db, "lint", "头痛是怎么回事" }
      assert.are.equal(0, code, err)
      local out
      local draft = helper.write(dir .. "/claim.txt", PAGE:gsub("保证七到八小时睡眠多能缓解", "保证七到八小时睡眠，药到病除"))
      out, err, code = helper.run{ "--db", db, "lint", draft }
      assert.are.equal(1, code, err)
      -- document:line:column: severity rule message, the column in characters
      local line = out:match("[^\n]*claims%.absolute[^\n]*")
      assert.is_truthy(line)
      local file, l, c = line:match("^(.-):(%d+):(%d+): error claims%.absolute ")
      assert.are.equal(draft, file)
      assert.are.equal("11", l)
      assert.are.equal(utf8.len("连续熬夜后脑血管舒缩失调，容易出现两侧太阳穴胀痛，保证七到八小时睡眠，") + 1,
        tonumber(c))
      -- the draft stayed out of the knowledge base
      out = helper.run{ "--db", db, "stats" }
      assert.is_truthy(out:find("article%s+1"))
    end)

    it("gives JSON findings with their fixes", function()
      local draft = helper.write(dir .. "/comma.txt", PAGE:gsub("劳逸结合，", "劳逸结合,"))
      local out, err, code = helper.run{ "--db", db, "lint", draft, "--format", "json" }
      assert.are.equal(0, code, err)
      local list = json.decode(out)
      local f = list[1]
      assert.are.equal("typography.half-width", f.rule)
      assert.are.equal("warning", f.severity)
      assert.are.equal("，", f.fix.text)
      assert.are.equal(1, f.fix.range[2] - f.fix.range[1])
    end)

    it("takes rules of one's own, which replace a built-in rule of the same id", function()
      local d = helper.tmpdir()
      rule(d, "required.disclaimer", "report{ from = 1, message = 'my own disclaimer rule' }")
      local out, err, code = helper.run{ "--db", db, "lint", "1", "--rules", d }
      assert.are.equal(1, code, err)
      assert.is_truthy(out:find("error required.disclaimer my own disclaimer rule", 1, true))
    end)

    it("reports a failing rule on stderr and exits 2", function()
      local d = helper.tmpdir()
      rule(d, "loops.forever", "while true do end")
      local cfg = helper.write(dir .. "/fast.lua", "return { limits = { instructions = 100000 } }")
      local _, err, code = helper.run{ "--db", db, "lint", "1", "--rules", d, "--config", cfg }
      assert.are.equal(2, code)
      assert.is_truthy(err:find("rule loops.forever failed on 1: instruction budget exceeded", 1, true))
    end)

    it("says what is wrong with its arguments and config, with status 2", function()
      local _, err, code = helper.run{ "--db", db, "lint" }
      assert.are.equal(2, code)
      assert.is_truthy(err:find("expected DOC", 1, true))
      local cfg = helper.write(dir .. "/typo.lua", 'return { rules = { ["claims.absolut"] = false } }')
      _, err, code = helper.run{ "--db", db, "lint", "--all", "--config", cfg }
      assert.are.equal(2, code)
      assert.is_truthy(err:find("no rule 'claims.absolut'", 1, true))
      local out
      out, _, code = helper.run{ "lint", "--help" }
      assert.are.equal(0, code)
      assert.is_truthy(out:find("--fix", 1, true))
      out, _, code = helper.run{ "--db", db, "lint", "--list" }
      assert.are.equal(0, code)
      assert.is_truthy(out:find("structure.summary", 1, true))
    end)

    it("fixes a document through the knowledge base", function()
      local draft = helper.write(dir .. "/fixable.txt", PAGE:gsub("头痛是怎么回事", "偏头痛是怎么回事")
        :gsub("劳逸结合，", "劳逸结合,"))
      local _, err, code = helper.run{ "--db", db, "import", draft }
      assert.are.equal(0, code, err)
      local out
      out, err, code = helper.run{ "--db", db, "lint", "偏头痛是怎么回事", "--fix" }
      assert.are.equal(0, code, err)
      assert.is_truthy(err:find("1 fix applied", 1, true))
      assert.is_nil(out:find("half-width", 1, true))
      out = helper.run{ "--db", db, "render", "偏头痛是怎么回事" }
      assert.is_truthy(out:find("劳逸结合，头痛", 1, true))
    end)
  end)
end)
