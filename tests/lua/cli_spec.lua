-- tests/lua/cli_spec.lua -- the `medkb` command, run as a user runs it:
-- the built binary on real files, checking output, stderr and exit status.

local helper = require "tests.lua.helper"
local run = helper.run

describe("medkb command", function()
  after_each(helper.cleanup)

  it("prints help and version", function()
    local out, err, code = run{ "--help" }
    assert.equal(0, code)
    assert.equal("", err)
    for _, cmd in ipairs{ "init", "import", "export", "get", "stats", "run", "repl", "demo" } do
      assert.matches("\n  " .. cmd .. " ", out, 1, true)
    end
    local _
    out, _, code = run{ "--version" }
    assert.equal(0, code)
    assert.matches("^medkb %d+%.%d+%.%d+\n$", out)
  end)

  it("has --help for every command", function()
    for _, cmd in ipairs{ "init", "import", "export", "get", "stats", "run", "repl", "demo" } do
      local out, _, code = run{ cmd, "--help" }
      assert.equal(0, code)
      assert.matches("^usage: medkb %[%-%-db FILE%] " .. cmd, out)
      local out2 = run{ "help", cmd }
      assert.equal(out, out2)
    end
  end)

  it("rejects unknown commands and options with one line and status 2", function()
    local out, err, code = run{ "frobnicate" }
    local _
    assert.equal(2, code)
    assert.equal("", out)
    assert.equal("medkb: unknown command 'frobnicate' (see 'medkb --help')\n", err)
    _, err, code = run{ "--colour" }
    assert.equal(2, code)
    assert.equal("medkb: unknown option '--colour' (see 'medkb --help')\n", err)
    _, err, code = run{ "--db" }
    assert.equal(2, code)
    assert.matches("needs a file name", err)
    _, err, code = run{}
    assert.equal(2, code)
    assert.matches("^usage:", err)
  end)

  it("reads command options as --name VALUE or --name=VALUE, and refuses others", function()
    local dir = helper.tmpdir()
    local _, err, code = run({ "demo", "--into=a.db" }, { cwd = dir })
    assert.equal(0, code, err)
    _, err, code = run({ "--db", "a.db", "export", "--output", "x.jsonl" }, { cwd = dir })
    assert.equal(0, code, err)
    _, err, code = run({ "--db", "a.db", "export", "-o", "y.jsonl" }, { cwd = dir })
    assert.equal(0, code, err)
    assert.equal(helper.read(dir .. "/x.jsonl"), helper.read(dir .. "/y.jsonl"))
    _, err, code = run({ "--db", "a.db", "import", "--format" }, { cwd = dir })
    assert.equal(2, code)
    assert.equal("medkb: option '--format' needs a value (see 'medkb import --help')\n", err)
    _, err, code = run({ "--db", "a.db", "get", "symptom", "眼皮跳", "--every" }, { cwd = dir })
    assert.equal(2, code)
    assert.equal("medkb: unknown option '--every' (see 'medkb get --help')\n", err)
  end)

  it("initializes a file, then finds it up to date", function()
    local dir = helper.tmpdir()
    local out, _, code = run({ "--db", "kb.db", "init" }, { cwd = dir })
    assert.equal(0, code)
    assert.matches("^created kb.db %(schema version %d+, medkb ", out)
    out, _, code = run({ "--db", "kb.db", "init" }, { cwd = dir })
    assert.equal(0, code)
    assert.matches("^up to date: kb.db", out)
    local _, err
    _, err, code = run({ "init", "extra" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("unexpected argument 'extra'", err)
  end)

  it("says when it migrated an older file", function()
    local dir = helper.tmpdir()
    run({ "demo", "--into", "kb.db" }, { cwd = dir })
    assert.is_true(os.execute(("sqlite3 %s/kb.db < %s"):format(dir,
      helper.abs("tests/fixtures/downgrade-to-v3.sql"))))
    local out, _, code = run({ "--db", "kb.db", "init" }, { cwd = dir })
    assert.equal(0, code)
    assert.matches("^migrated from schema version 3: kb.db %(schema version %d+, medkb ", out)
    out = run({ "--db", "kb.db", "stats" }, { cwd = dir })
    assert.matches("\n  article%s+3\n  question%s+3\n", out)
  end)

  it("uses ./medkb.db, or $MEDKB_DB, by default", function()
    local dir = helper.tmpdir()
    run({ "init" }, { cwd = dir })
    assert.is_not_nil(io.open(dir .. "/medkb.db", "rb"))
    run({ "init" }, { cwd = dir, env = "MEDKB_DB=other.db" })
    assert.is_not_nil(io.open(dir .. "/other.db", "rb"))
  end)

  describe("on the demo knowledge base", function()
    local dir
    before_each(function()
      dir = helper.tmpdir()
      local _, err, code = run({ "demo", "--into", "kb.db" }, { cwd = dir })
      assert.equal(0, code, err)
    end)

    it("gets an entity by alias, with relations in rank order", function()
      local out, err, code = run({ "--db", "kb.db", "get", "symptom", "眼睑痉挛" }, { cwd = dir })
      assert.equal(0, code, err)
      assert.matches("^symptom 眼皮跳  %(id %d+%)\n", out)
      assert.matches("aliases: 眼睑痉挛 (standard)", out, 1, true)
      local first = out:find("1. cause 用眼过度", 1, true)
      local fourth = out:find("4. cause 面肌痉挛", 1, true)
      assert.is_truthy(first and fourth and first < fourth)
      assert.matches("article 眼皮跳怎么回事  (about)", out, 1, true)
    end)

    it("lists the first documents of a busy entity, and all with --all", function()
      helper.write(dir .. "/many.csv", "department,title,ask,answer\n")
      local f = assert(io.open(dir .. "/many.csv", "ab"))
      for i = 1, 25 do f:write(("眼科,问题%d,描述,回答%d\n"):format(i, i)) end
      f:close()
      run({ "--db", "kb.db", "import", "many.csv" }, { cwd = dir })
      local out = run({ "--db", "kb.db", "get", "department", "眼科" }, { cwd = dir })
      assert.matches("documents (26):", out, 1, true)
      assert.matches("… and 6 more (--all lists every one)", out, 1, true)
      out = run({ "--db", "kb.db", "get", "department", "眼科", "--all" }, { cwd = dir })
      assert.matches("question 问题25  (department)", out, 1, true)
      assert.is_nil(out:find("more (--all", 1, true))
    end)

    it("shows attributes and incoming relations", function()
      local out = run({ "--db", "kb.db", "get", "doctor", "林晓" }, { cwd = dir })
      assert.matches("hospital: 示例市第一人民医院", out, 1, true)
      out = run({ "--db", "kb.db", "get", "drug", "卡马西平片" }, { cwd = dir })
      assert.matches("<- drug\n    1. cause 面肌痉挛", out, 1, true)
    end)

    it("reports a miss and an unknown kind on stderr with status 1", function()
      local out, err, code = run({ "--db", "kb.db", "get", "drug", "不存在的药" }, { cwd = dir })
      local _
      assert.equal(1, code)
      assert.equal("", out)
      assert.equal("medkb: no drug named '不存在的药'\n", err)
      _, err, code = run({ "--db", "kb.db", "get", "medicine", "x" }, { cwd = dir })
      assert.equal(1, code)
      assert.matches("^medkb: unknown kind 'medicine' %(kinds: cause, ", err)
      _, err, code = run({ "--db", "kb.db", "get", "drug" }, { cwd = dir })
      assert.equal(2, code)
      assert.equal("medkb: expected KIND and NAME (see 'medkb get --help')\n", err)
    end)

    it("counts per kind", function()
      local out, _, code = run({ "--db", "kb.db", "stats" }, { cwd = dir })
      assert.equal(0, code)
      assert.matches("\n  doctor %s+2\n", out)
      assert.matches("\n  question %s+3\n", out)
      assert.matches("\n  article %s+3\n", out)
      assert.matches("\nrelations %s+%d+\n", out)
    end)

    it("runs a script with kb and arg, and its status", function()
      helper.write(dir .. "/q.lua", [[
        local s = kb:get("symptom", arg[1])
        local n = 0
        for c in s:related("cause") do n = n + 1 end
        print(arg[0], s.name, n)
        return tonumber(arg[2])
      ]])
      local out, err, code = run({ "--db", "kb.db", "run", "q.lua", "眼睑痉挛", "7" }, { cwd = dir })
      assert.equal(7, code, err)
      assert.equal("q.lua\t眼皮跳\t5\n", out)
    end)

    it("turns a script error into one line, with a traceback only under --debug", function()
      helper.write(dir .. "/bad.lua", "local x = nil\nreturn x.field\n")
      local _, err, code = run({ "--db", "kb.db", "run", "bad.lua" }, { cwd = dir })
      assert.equal(1, code)
      assert.matches("^medkb: bad.lua:2: attempt to index a nil value", err)
      assert.equal(1, select(2, err:gsub("\n", "")))
      _, err = run({ "--db", "kb.db", "--debug", "run", "bad.lua" }, { cwd = dir })
      assert.matches("stack traceback:", err, 1, true)
      _, err, code = run({ "--db", "kb.db", "run", "missing.lua" }, { cwd = dir })
      assert.equal(1, code)
      assert.matches("^medkb: cannot open missing.lua", err)
    end)
  end)

  it("runs the demo in memory", function()
    local out, err, code = run{ "demo" }
    assert.equal(0, code, err)
    assert.matches("lookup by the medical name 眼睑痉挛 %-> medkb.Entity symptom \"眼皮跳\"", out)
    assert.matches("  3. 干眼症\n", out, 1, true)
    assert.matches("drug            玻璃酸钠滴眼液", out, 1, true)
    assert.matches("provoking_drug  左旋多巴片", out, 1, true)
    assert.matches("林晓 副主任医师, 示例市第一人民医院 眼科", out, 1, true)
  end)

  it("refuses a file that is not a knowledge base", function()
    local dir = helper.tmpdir()
    helper.write(dir .. "/notes.db", ("not a database\n"):rep(100))
    local _, err, code = run({ "--db", "notes.db", "stats" }, { cwd = dir })
    assert.equal(1, code)
    assert.matches("^medkb: cannot open 'notes.db': file is not a database\n$", err)
  end)

  it("installs where lua5.4 and the medkb program find it with no environment", function()
    local stage = helper.tmpdir()
    local ok = os.execute(("make -s install DESTDIR=%s PREFIX=/usr/local >%s/log 2>&1"):format(
      helper.quote(stage), helper.quote(stage)))
    assert.is_true(ok, helper.read(stage .. "/log"))
    local lua_dir = stage .. "/usr/local/share/lua/5.4"
    assert.is_not_nil(io.open(lua_dir .. "/medkb/init.lua", "rb"))
    assert.is_not_nil(io.open(stage .. "/usr/local/lib/lua/5.4/medkb/core.so", "rb"))
    -- lua5.4's own default paths, moved under the staging directory, find
    -- the module: installed for real, `lua5.4 -l medkb` needs nothing
    local p = io.popen("env -u LUA_PATH -u LUA_CPATH -u LUA_PATH_5_4 -u LUA_CPATH_5_4 lua5.4 -e "
      .. "'io.write(package.path, \"\\n\", package.cpath)'")
    local path, cpath = p:read("l"), p:read("l")
    p:close()
    assert.matches("/usr/local/share/lua/5.4/?/init.lua", path, 1, true)
    assert.matches("/usr/local/lib/lua/5.4/?.so", cpath, 1, true)
    local staged = function(s) return (s:gsub("/usr/local/", stage .. "/usr/local/")) end
    local out = io.popen(("env LUA_PATH=%s LUA_CPATH=%s lua5.4 -l medkb -e "
      .. "'io.write(medkb.VERSION, \" \", medkb.scriptdir)' 2>&1"):format(
      helper.quote(staged(path)), helper.quote(staged(cpath)))):read("a")
    assert.equal(require("medkb").VERSION .. " " .. lua_dir, out)
    -- the installed program looks for its scripts there too
    out = io.popen(("MEDKB_SCRIPTS=%s %s/usr/local/bin/medkb --version"):format(
      helper.quote(lua_dir), helper.quote(stage))):read("a")
    assert.matches("^medkb %d", out)
    local strings = io.popen(("grep -c /usr/local/share/lua/5.4 %s/usr/local/bin/medkb"):format(
      helper.quote(stage))):read("a")
    assert.is_true(tonumber(strings) >= 1)
  end)
end)
