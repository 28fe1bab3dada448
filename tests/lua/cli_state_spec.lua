-- tests/lua/cli_state_spec.lua -- the command line says what happened:
-- which commands need a knowledge base and which make one, a knowledge
-- base that cannot be written, imports that were undone, content that
-- comes again by another path, scripts in a transaction, the REPL at a
-- terminal, and finding names with `list`.  Each runs the built binary.

local helper = require "tests.lua.helper"
local medkb = require "medkb"
local run = helper.run

local EXAMPLES = medkb.scriptdir .. "/medkb/examples/"
local ARTICLE = EXAMPLES .. "eyelid-article.txt"
local QA = EXAMPLES .. "eyelid-qa.txt"

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- A scratch directory with the demo knowledge base in kb.db.
local function demo_dir()
  local dir = helper.tmpdir()
  local _, err, code = run({ "demo", "--into", "kb.db" }, { cwd = dir })
  assert.equal(0, code, err)
  return dir
end

describe("medkb command line", function()
  after_each(helper.cleanup)

  it("needs an existing knowledge base to read one, and makes none", function()
    local dir = helper.tmpdir()
    helper.write(dir .. "/s.lua", "return 0\n")
    for _, args in ipairs{ { "stats" }, { "get", "symptom", "眼皮跳" }, { "list", "symptom" },
                           { "export" }, { "run", "s.lua" }, { "repl" } } do
      local cmd = { "--db", "kb.db" }
      table.move(args, 1, #args, 3, cmd)
      local out, err, code = run(cmd, { cwd = dir, stdin = "" })
      assert.equal(1, code, args[1])
      assert.equal("", out)
      assert.equal("medkb: no knowledge base at 'kb.db' (medkb init creates one)\n", err)
      assert.is_false(exists(dir .. "/kb.db"), args[1] .. " made the file")
    end
    -- init, import and demo make one
    local _, err, code = run({ "--db", "a.db", "import", ARTICLE }, { cwd = dir })
    assert.equal(0, code, err)
    assert.is_true(exists(dir .. "/a.db"))
  end)

  it("builds the demo into --db, or refuses --db and --into that differ", function()
    local dir = helper.tmpdir()
    local _, err, code = run({ "--db", "d.db", "demo" }, { cwd = dir })
    assert.equal(0, code, err)
    local out = run({ "--db", "d.db", "stats" }, { cwd = dir })
    assert.matches("\n  article %s+3\n", out)
    local _
    _, err, code = run({ "--db", "d.db", "demo", "--into", "e.db" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("name different files", err)
    assert.is_false(exists(dir .. "/e.db"))
  end)

  describe("on a knowledge base that cannot be written", function()
    local dir, as_reader
    before_each(function()
      dir = demo_dir()
      helper.write(dir .. "/read.lua", "local n = 0 for _ in kb:entities() do n = n + 1 end print(n)\n")
      helper.write(dir .. "/write.lua", "kb:put{kind = 'tag', name = 'x'}\n")
      -- root may write anything: read as nobody; anyone else loses the right
      local root = io.popen("id -u"):read("l") == "0"
      if root and os.execute("command -v setpriv >/dev/null") then
        os.execute(("chmod 755 %s && chmod 644 %s/kb.db"):format(helper.quote(dir), helper.quote(dir)))
        as_reader = "setpriv --reuid=nobody --regid=nogroup --clear-groups"
      else
        os.execute(("chmod a-w %s %s/kb.db"):format(helper.quote(dir), helper.quote(dir)))
        as_reader = ""
      end
    end)
    after_each(function() os.execute(("chmod -R u+w %s"):format(helper.quote(dir))) end)

    local function reader(args, stdin)
      local out, err, code = run(args, { cwd = dir, stdin = stdin,
        env = ("HOME=%s %s"):format(helper.quote(dir), as_reader) })
      return out, err, code
    end

    it("reads it: stats, get, list, export, and a script that reads", function()
      local out, err, code = reader{ "--db", "kb.db", "stats" }
      assert.equal(0, code, err)
      assert.matches("\n  article %s+3\n", out)
      out, err, code = reader{ "--db", "kb.db", "get", "symptom", "眼睑痉挛" }
      assert.equal(0, code, err)
      assert.matches("^symptom 眼皮跳", out)
      out, err, code = reader{ "--db", "kb.db", "list", "drug" }
      assert.equal(0, code, err)
      assert.matches("^drug: ", out)
      out, err, code = reader{ "--db", "kb.db", "export" }
      assert.equal(0, code, err)
      assert.matches('"type":"meta"', out, 1, true)
      out, err, code = reader{ "--db", "kb.db", "run", "read.lua" }
      assert.equal(0, code, err)
      assert.matches("^%d+\n$", out)
    end)

    it("says a write fails because of the knowledge base, naming it", function()
      local _, err, code = reader{ "--db", "kb.db", "import",
                                   helper.abs("tests/fixtures/eyelid-article-2.txt") }
      assert.equal(1, code)
      assert.matches("^medkb: kb.db: .*readonly database\n$", err)
      assert.is_nil(err:find("eyelid-qa.txt:", 1, true))
      _, err, code = reader{ "--db", "kb.db", "run", "write.lua" }
      assert.equal(1, code)
      assert.matches("kb.db: .*readonly database", err)
    end)
  end)

  it("says nothing was imported when an import is undone, and counts no undone record", function()
    local dir = helper.tmpdir()
    local bad = helper.write(dir .. "/bad.csv", "department,title,ask,answer\n眼科,a,b,c\n眼科,,b,c\n")
    local out, err, code = run({ "--db", "kb.db", "import", ARTICLE, bad }, { cwd = dir })
    assert.equal(1, code)
    assert.matches(ARTICLE .. ": article (utf-8): nothing imported (1 records read)\n", out, 1, true)
    assert.matches("bad.csv: csv (utf-8): nothing imported (2 records read, 1 bad)\n", out, 1, true)
    assert.matches("\nnothing was imported\n$", out)
    assert.matches("bad.csv:3: empty title", err, 1, true)
    assert.matches("nothing was imported\n$", err)
    -- with --keep-going the good records go in and only they are counted
    out, err, code = run({ "--db", "kb.db", "import", "--keep-going", ARTICLE, bad }, { cwd = dir })
    assert.equal(1, code)
    assert.matches("article (utf-8): 1 imported, 0 unchanged\n", out, 1, true)
    assert.matches("csv (utf-8): 1 imported, 0 unchanged, 1 bad\n", out, 1, true)
    assert.matches("the good records were imported", err, 1, true)
  end)

  it("changes nothing when the same content comes again by another path, line ending or encoding", function()
    local dir = helper.tmpdir()
    local _, err, code = run({ "--db", "kb.db", "import", ARTICLE, QA }, { cwd = dir })
    assert.equal(0, code, err)
    local before = run({ "--db", "kb.db", "export" }, { cwd = dir })
    -- the same pages with CRLF, blank lines and spaces added, elsewhere
    os.execute("mkdir " .. helper.quote(dir .. "/copy"))
    for _, src in ipairs{ ARTICLE, QA } do
      local text = helper.read(src):gsub("\n", "\r\n"):gsub("(\r\n)(\r\n)", "%1  %2")
      helper.write(dir .. "/copy/" .. src:match("[^/]+$"), "\r\n" .. text .. "\r\n\r\n")
    end
    -- and the article in GB18030
    local conv = medkb.text.converter("UTF-8", "GB18030")
    helper.write(dir .. "/copy/gb.txt", conv:feed(helper.read(ARTICLE), true))
    conv:close()
    local out
    out, err, code = run({ "--db", "kb.db", "import", "copy/eyelid-article.txt", "copy/eyelid-qa.txt",
                           "copy/gb.txt" }, { cwd = dir })
    assert.equal(0, code, err)
    assert.matches("copy/eyelid-article.txt: article (utf-8): 0 imported, 1 unchanged\n", out, 1, true)
    assert.matches("copy/eyelid-qa.txt: qa (utf-8): 0 imported, 1 unchanged\n", out, 1, true)
    assert.matches("copy/gb.txt: article (gb18030): 0 imported, 1 unchanged\n", out, 1, true)
    -- not a document, source or import time changed
    assert.equal(before, (run({ "--db", "kb.db", "export" }, { cwd = dir })))
    -- CSV rows: the same row from another file, CRLF, keeps where it came from
    helper.write(dir .. "/a.csv", "department,title,ask,answer\n眼科,眼皮跳,跳了三天,多休息\n")
    helper.write(dir .. "/b.csv", "department,title,ask,answer\r\n眼科,眼皮跳,跳了三天,多休息\r\n")
    run({ "--db", "kb.db", "import", "a.csv" }, { cwd = dir })
    out = run({ "--db", "kb.db", "import", "b.csv" }, { cwd = dir })
    assert.matches("0 imported, 1 unchanged", out, 1, true)
    helper.write(dir .. "/src.lua", [[
      for d in kb:documents() do
        if d.kind ~= "article" and d.source and d.source:find("csv") then print(d.kind, d.source) end
      end]])
    out = run({ "--db", "kb.db", "run", "src.lua" }, { cwd = dir })
    assert.equal("question\ta.csv\nanswer\ta.csv\n", out)
  end)

  it("refuses a directory by name and reads standard input as -", function()
    local dir = helper.tmpdir()
    os.execute("mkdir " .. helper.quote(dir .. "/pages"))
    local _, err, code = run({ "--db", "kb.db", "import", "pages" }, { cwd = dir })
    assert.equal(1, code)
    assert.matches("^pages: is a directory %(name the files to import, as in 'pages/%*'%)\n", err)
    local out
    out, err, code = run({ "--db", "kb.db", "import", "-" }, { cwd = dir, stdin = helper.read(QA) })
    assert.equal(0, code, err)
    assert.equal("<stdin>: qa (utf-8): 1 imported, 0 unchanged\n", out)
    _, err, code = run({ "--db", "kb.db", "import", "-" }, { cwd = dir, stdin = "" })
    assert.equal(1, code)
    assert.matches("^<stdin>: empty file\n", err)
  end)

  it("runs a script in one transaction unless told not to", function()
    local dir = demo_dir()
    helper.write(dir .. "/half.lua", "kb:put{kind = 'tag', name = '半途'}\nerror('stopped')\n")
    helper.write(dir .. "/has.lua", "return kb:get('tag', '半途') and 3 or 4\n")
    local _, err, code = run({ "--db", "kb.db", "run", "half.lua" }, { cwd = dir })
    assert.equal(1, code)
    assert.matches("stopped", err, 1, true)
    _, _, code = run({ "--db", "kb.db", "run", "has.lua" }, { cwd = dir })
    assert.equal(4, code)
    _, _, code = run({ "--db", "kb.db", "run", "--no-transaction", "half.lua" }, { cwd = dir })
    assert.equal(1, code)
    _, _, code = run({ "--db", "kb.db", "run", "has.lua" }, { cwd = dir })
    assert.equal(3, code)
    local help = run({ "run", "--help" })
    assert.matches("one transaction", help, 1, true)
    assert.matches("--no-transaction", help, 1, true)
    _, err, code = run({ "--db", "kb.db", "run", "--frob", "has.lua" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("unknown option '--frob'", err, 1, true)
  end)

  it("discards the line being typed on Ctrl-C and leaves on Ctrl-D, at a terminal", function()
    local pty = os.getenv("PTY_RUN")
    if not pty or not exists(pty) then return pending("tests/pty_run is not built") end
    local dir = demo_dir()
    local cmd = { pty, "expect:medkb> ", "send:x = 1", "send:\\x03", "expect:medkb> ",
      "send:print(x)\\n", "expect:nil", "send:for i = 1, 2 do\\n", "expect:>> ", "send:\\x03",
      "expect:medkb> ", "send:print(6 * 7)\\n", "expect:42", "expect:medkb> ", "send:\\x04", "--",
      helper.abs(helper.bin), "--db", "kb.db", "repl" }
    for i, a in ipairs(cmd) do cmd[i] = helper.quote(a) end
    local p = io.popen(("cd %s && HOME=%s %s 2>&1"):format(helper.quote(dir), helper.quote(dir),
      table.concat(cmd, " ")))
    local out = p:read("a")
    local ok, _, code = p:close()
    assert.is_true(ok, out)
    assert.equal(0, code)
    assert.matches("^C", out, 1, true)
  end)

  it("lists the entities of a kind by name or alias prefix", function()
    local dir = demo_dir()
    local out, err, code = run({ "--db", "kb.db", "list", "drug" }, { cwd = dir })
    assert.equal(0, code, err)
    assert.matches("^drug: %d+\n", out)
    assert.matches("\n  卡马西平片  0 aliases, 1 relation\n", out, 1, true)
    out = run({ "--db", "kb.db", "list", "symptom", "眼睑" }, { cwd = dir })
    assert.matches("^symptom starting with '眼睑': 1\n  眼皮跳  %(alias 眼睑痉挛%)  1 alias, %d+ relations\n$", out)
    out = run({ "--db", "kb.db", "list", "drug", "--limit", "2" }, { cwd = dir })
    assert.matches("… and %d+ more %(%-%-limit 0 lists every one%)\n$", out)
    out = run({ "--db", "kb.db", "list", "drug", "无此前缀" }, { cwd = dir })
    assert.equal("no drug starting with '无此前缀'\n", out)
    local _
    _, err, code = run({ "--db", "kb.db", "list", "drug", "--limit", "x" }, { cwd = dir })
    assert.equal(2, code)
    assert.matches("whole number", err, 1, true)
    out, _, code = run({ "list", "--help" })
    assert.equal(0, code)
    assert.matches("^usage: medkb %[%-%-db FILE%] list KIND", out)
  end)

  it("tells documents with the same title apart", function()
    local dir = demo_dir()
    run({ "--db", "kb.db", "import", helper.abs("tests/fixtures/eyelid-article-2.txt") }, { cwd = dir })
    local out = run({ "--db", "kb.db", "get", "symptom", "眼皮跳" }, { cwd = dir })
    local same = {}
    for line in out:gmatch("article 眼皮跳是怎么回事  %(about%)  %[id (%d+), article:%x+: ") do
      same[#same + 1] = line
    end
    assert.equal(2, #same)
    assert.not_equal(same[1], same[2])
    assert.matches("stated by 2 documents", out, 1, true)
  end)
end)
