-- tests/lua/concurrency_spec.lua -- readers and writers beside an import.
-- While `medkb import` writes a large dialogue CSV (tests/bench/gen_csv.lua,
-- MEDKB_CONCURRENCY_ROWS rows, 60,000 by default, 15,000 under
-- AddressSanitizer) into a knowledge base holding the two seed pages,
-- MEDKB_CONCURRENCY_READERS processes (3) each run `medkb get`, `render`,
-- `search` and `ask` on what the seed pages made, again and again
-- (tests/stress/reader.sh).  No reader may exit
-- non-zero or print anything on stderr, and each output must be exactly
-- the one the command gave before the import began or the one it gives
-- after the import ended -- a document renders whole as it was, never a
-- part -- and once a reader has seen the import, it never sees the
-- knowledge base without it again.  The import must end with status 0,
-- the knowledge base whole (tests/stress/kb_check.c).
--
-- Two writers at once: a second import started while a first one runs
-- must either wait and succeed after it, or be refused with a plain
-- message saying that another import or writer is at work -- never
-- SQLite's "database is locked" or a "busy" code -- and leave the
-- knowledge base without its records.  A writer that holds the knowledge
-- base longer than medkb waits (5 s, core/schema.c) makes the refusal
-- certain (tests/stress/hold.lua), for the import and for a script that
-- writes (`medkb run`) alike.  MEDKB_STRESS_REPORT=1 prints what the
-- readers and writers did.

local medkb = require "medkb"
local helper = require "tests.lua.helper"
local stress = require "tests.stress.kb"

local shared = helper.shared()
local ROWS = stress.env_number("MEDKB_CONCURRENCY_ROWS", stress.sanitized and 15000 or 60000)
local READERS = stress.env_number("MEDKB_CONCURRENCY_READERS", 3)
local q = helper.quote

local SEEDS = { "000_f8a43c31275f9ff5.txt", "001_d6d6bd473cc35397.txt" }

local say = stress.say

local function now_ns()
  return math.tointeger(tonumber((stress.capture("date +%s%N"))))
end

-- Waits, a tenth of a second at a time, until ready() or seconds pass;
-- whether it became ready.
local function wait_for(ready, seconds)
  for _ = 1, seconds * 10 do
    if ready() then return true end
    os.execute("sleep 0.1")
  end
  return ready()
end

local exists = helper.exists

-- What a refusal to write must not show the user: SQLite's words.
local function assert_plain(err, context)
  local lower = err:lower()
  for _, raw in ipairs{ "busy", "locked", "sqlite" } do
    assert(not lower:find(raw, 1, true), ("%s: a raw message: %s"):format(context, err))
  end
  assert(err:match("^medkb: [^\n]+\n$"), context .. ": not one line: " .. err)
  assert(lower:find("another", 1, true), context .. ": does not say another writer is at work: " .. err)
end

describe("readers and writers beside an import", function()
  if not shared then
    pending("../shared is absent")
    return
  end

  local dir, csv

  setup(function()
    dir = helper.abs(assert(stress.capture("mktemp -d /tmp/medkb-concurrency-XXXXXX")):match("[^\n]+"))
    csv = stress.gen_csv(shared, ROWS, dir .. "/dialogue.csv")
  end)

  teardown(function()
    if dir then os.execute("rm -rf " .. q(dir)) end
    helper.cleanup()
  end)

  after_each(helper.cleanup)

  -- A knowledge base holding the seed pages, in the new directory d.
  local function seeded(d)
    assert(stress.sh("mkdir -p " .. q(d)))
    local db = d .. "/kb.db"
    local args = { "import" }
    for _, name in ipairs(SEEDS) do args[#args + 1] = shared .. "/seeds/" .. name end
    local _, err, code = stress.run(db, args)
    assert.equal(0, code, err)
    return db
  end

  -- The driver line of tests/stress/kill_import.sh, as a table.
  local function parse(line)
    return { status = tonumber(line:match("status=(%d+)")), seconds = tonumber(line:match("ns=(%d+)")) / 1e9 }
  end

  -- A shell command running `medkb --db db import files...` to the end
  -- through the driver, its output in d.
  local function import_cmd(db, files, d)
    local parts = { "sh", q(helper.abs("tests/stress/kill_import.sh")), "none", q(d), q(stress.bin),
                    "--db", q(db), "import" }
    for _, f in ipairs(files) do parts[#parts + 1] = q(f) end
    return table.concat(parts, " ")
  end

  it("readers see the knowledge base as it was or as the import left it, and never an error", function()
    local work = dir .. "/readers"
    local db = seeded(work)

    -- the documents the seed pages made: the article, a question, an answer
    local ids = {}
    do
      local kb <close> = medkb.open(db)
      for doc in kb:documents() do
        local k = doc.kind
        if not ids[k] and not (k == "article" and doc.key:find("^related:")) then ids[k] = doc.id end
      end
    end
    assert(ids.article and ids.question and ids.answer, "the seed pages made no article, question or answer")

    local commands = {
      get = { "get", "symptom", "小腿肌肉抖动" },
      render_article = { "render", tostring(ids.article) },
      render_question = { "render", tostring(ids.question), "--format", "json" },
      render_answer = { "render", tostring(ids.answer), "--format", "md" },
      render_symptom = { "render", "symptom", "小腿肌肉抖动" },
      search = { "search", "小腿肌肉抖动" },
      search_json = { "search", "肌肉跳动", "--format", "json", "--limit", "20" },
      ask_causes = { "ask", "小腿肌肉抖动是什么原因" },
      ask_drugs = { "ask", "小腿肌肉抖动吃什么药" },
      ask_department = { "ask", "小腿肌肉抖动挂什么科" },
    }
    local cmddir = work .. "/commands"
    assert(stress.sh("mkdir -p " .. q(cmddir)))
    local before, names = {}, {}
    for name, args in pairs(commands) do
      names[#names + 1] = name
      helper.write(("%s/%s.sh"):format(cmddir, name), "exec " .. stress.medkb(db, args) .. "\n")
      local out, err, code = stress.run(db, args)
      assert(code == 0 and err == "", ("%s before the import: exit %d: %s"):format(name, code, err))
      before[name] = (stress.capture("md5sum " .. q(helper.write(work .. "/baseline", out)))):match("^%x+")
    end
    table.sort(names)

    -- the readers, started before the import and stopped after it ended
    local stop = work .. "/stop"
    for r = 1, READERS do
      local rdir = ("%s/reader%d"):format(work, r)
      assert(stress.sh(("mkdir -p %s && sh %s %s %s %s >/dev/null 2>&1 &"):format(q(rdir),
        q(helper.abs("tests/stress/reader.sh")), q(cmddir), q(stop), q(rdir))))
    end
    local function passes(r)
      local f = io.open(("%s/reader%d/log"):format(work, r), "rb")
      if not f then return 0 end
      local n = 0
      for line in f:lines() do if line:find("^pass ") then n = n + 1 end end
      f:close()
      return n
    end
    local started = wait_for(function()
      for r = 1, READERS do if passes(r) < 2 then return false end end
      return true
    end, 60)

    local t0 = now_ns()
    local line = stress.capture(import_cmd(db, { csv }, work))
    local t1 = now_ns()
    local imp = parse(line)

    -- a pass that begins now sees the import; let each reader make two
    local after_import = {}
    for r = 1, READERS do after_import[r] = passes(r) end
    wait_for(function()
      for r = 1, READERS do if passes(r) < after_import[r] + 2 then return false end end
      return true
    end, 60)
    helper.write(stop, "")
    local stopped = wait_for(function()
      for r = 1, READERS do
        if not exists(("%s/reader%d/done"):format(work, r)) then return false end
      end
      return true
    end, 120)
    assert(started, "the readers did not start")
    assert(stopped, "the readers did not stop")

    assert.equal(0, imp.status, helper.read(work .. "/err"))
    assert.equal("", helper.read(work .. "/err"))
    assert.matches(ROWS .. " imported", helper.read(work .. "/out"), 1, true)
    local fine, problems = stress.check(db)
    assert(fine, problems)

    local after = {}
    for _, name in ipairs(names) do
      local out, err, code = stress.run(db, commands[name])
      assert(code == 0 and err == "", ("%s after the import: exit %d: %s"):format(name, code, err))
      after[name] = (stress.capture("md5sum " .. q(helper.write(work .. "/baseline", out)))):match("^%x+")
    end

    -- every run of every reader
    local runs, during, failures = 0, 0, {}
    for r = 1, READERS do
      local rdir = ("%s/reader%d"):format(work, r)
      local last = {}  -- name -> "before" | "after", the last state this reader saw
      local pass_ns = 0
      for l in io.lines(rdir .. "/log") do
        local ns = l:match("^pass %d+ (%d+)$")
        if ns then pass_ns = math.tointeger(tonumber(ns)) end
        local name, status, sum, err = l:match("^run (%S+) (%d+) (%x+) ?(.*)$")
        if name then
          runs = runs + 1
          if pass_ns >= t0 and pass_ns <= t1 then during = during + 1 end
          local what
          if sum == before[name] then what = "before" elseif sum == after[name] then what = "after" end
          local problem
          if status ~= "0" then
            problem = ("exit %s: %s"):format(status, err)
          elseif err ~= "" then
            problem = "stderr: " .. err
          elseif not what then
            local seen = ("%s/seen/%s.%s"):format(rdir, name, sum)
            problem = ("an output neither before nor after the import (%s):\n%s"):format(seen,
              helper.read(seen):sub(1, 2000))
          elseif before[name] ~= after[name] then
            if last[name] == "after" and what == "before" then
              problem = "saw the knowledge base without the import after seeing it with it"
            end
            last[name] = what
          end
          if problem then
            failures[#failures + 1] = ("reader %d, %s (%s): %s"):format(r, name,
              table.concat(commands[name], " "), problem)
          end
        end
      end
    end
    local changed = {}
    for _, name in ipairs(names) do
      if before[name] ~= after[name] then changed[#changed + 1] = name end
    end
    say("concurrency: import of %d rows: %.2f s, status %d; %d readers, %d runs, %d in passes begun"
      .. " during the import, %d failures; output changed by the import: %s", ROWS, imp.seconds,
      imp.status, READERS, runs, during, #failures, #changed > 0 and table.concat(changed, ", ") or "none")
    assert(#failures == 0, #failures .. " reader failures:\n" .. table.concat(failures, "\n", 1,
      math.min(#failures, 20)))
    assert(during > 0, "no reader ran while the import did")
  end)

  it("a second import while one runs waits for it or is refused plainly", function()
    local work = dir .. "/two"
    local db = seeded(work)
    local small = work .. "/small"
    assert(stress.sh("mkdir -p " .. q(small) .. " " .. q(work .. "/a") .. " " .. q(work .. "/b")))
    -- the second import: a page of its own (the Q&A seed page, one line changed)
    local page = helper.read(shared .. "/seeds/" .. SEEDS[2])
    local title = "并发导入测试：腿上的肌肉跳动怎么回事?"
    local qa = page:gsub("腿上的肌肉跳动怎么回事%?", title, 1)
    assert(qa ~= page)
    local second = helper.write(small .. "/qa.txt", qa)

    local t0 = now_ns()
    local cmd = ("%s >%s/line & sleep 0.5; %s >%s/line; wait"):format(
      import_cmd(db, { csv }, work .. "/a"), q(work .. "/a"), import_cmd(db, { second }, work .. "/b"),
      q(work .. "/b"))
    assert(stress.sh(cmd))
    local t1 = now_ns()
    local a = parse(helper.read(work .. "/a/line"))
    local b = parse(helper.read(work .. "/b/line"))
    local a_err, b_err = helper.read(work .. "/a/err"), helper.read(work .. "/b/err")
    assert.equal(0, a.status, a_err)
    assert.equal("", a_err)
    if b.status == 0 then
      assert.equal("", b_err)
    else
      assert.equal(1, b.status, b_err)
      assert_plain(b_err, "the second import")
    end
    local fine, problems = stress.check(db)
    assert(fine, problems)
    assert.is_true(stress.found(db, stress.titles(shared, ROWS, { ROWS })[1]))
    local in_kb, why = stress.found(db, title)
    assert(in_kb ~= nil, why)
    assert.equal(b.status == 0, in_kb, "the second import's page is in the knowledge base iff it succeeded")
    say("concurrency: two imports: the first (%d rows) %.2f s, status %d; the second, started 0.5 s"
      .. " later, %.2f s, status %d%s (both in %.2f s)", ROWS, a.seconds, a.status, b.seconds, b.status,
      b.status == 0 and "" or (": " .. b_err:gsub("\n$", "")), (t1 - t0) / 1e9)
  end)

  it("an import while another writer holds the knowledge base past the wait is refused plainly", function()
    local work = dir .. "/held"
    local db = seeded(work)
    assert(stress.sh("mkdir -p " .. q(work .. "/b")))
    local before = assert(stress.state(db))
    local flag = work .. "/holding"
    local hold = ("%s run %s %s 7 >%s/hold.out 2>%s/hold.err &"):format(stress.medkb(db, {}),
      q(helper.abs("tests/stress/hold.lua")), q(flag), q(work), q(work))
    assert(stress.sh(hold))
    assert(wait_for(function() return exists(flag) end, 30), "the writer did not start")
    -- a script that writes, beside the import, meets the same writer
    local script = work .. "/put.lua"
    helper.write(script, 'kb:put{ kind = "symptom", name = "script-writer" }\n')
    assert(stress.sh(("(%s run %s >%s/run.out 2>%s/run.err; echo $? >%s/run.status) &"):format(
      stress.medkb(db, {}), q(script), q(work), q(work), q(work))))
    local line = stress.capture(import_cmd(db, { csv }, work .. "/b"))
    local b = parse(line)
    local b_out, b_err = helper.read(work .. "/b/out"), helper.read(work .. "/b/err")
    -- the writer commits when its time is up
    assert(wait_for(function()
      local _, _, code = stress.run(db, { "get", "symptom", "stress-writer" })
      return code == 0
    end, 30), "the writer's entity never appeared")
    say("concurrency: an import while a writer holds the knowledge base: status %d after %.2f s: %s",
      b.status, b.seconds, (b_err:gsub("\n$", "")))
    assert.equal("", helper.read(work .. "/hold.err"))
    assert.equal(1, b.status, b_err)
    assert.is_true(b.seconds >= 4.5, "it did not wait")
    assert_plain(b_err, "the import")
    assert.is_nil(b_out:find("imported, ", 1, true))
    assert(wait_for(function() return exists(work .. "/run.status") end, 30), "the script never ended")
    assert.equal("1\n", helper.read(work .. "/run.status"))
    assert_plain(helper.read(work .. "/run.err"), "the script")
    local fine, problems = stress.check(db)
    assert(fine, problems)
    -- nothing of the refused import is there: only the writer's entity was added
    local now = assert(stress.state(db))
    local e0, d0 = stress.counts(before.stats)
    local e1, d1 = stress.counts(now.stats)
    assert.equal(d0, d1)
    assert.equal(e0 + 1, e1)
  end)
end)
