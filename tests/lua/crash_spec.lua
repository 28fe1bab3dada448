-- tests/lua/crash_spec.lua -- an import killed at any moment: `medkb
-- import` of a large dialogue CSV (tests/bench/gen_csv.lua) is killed
-- with SIGKILL at random points, spread uniformly over [0, 1.1 x] the
-- time a whole import of the same file took in the same run, so that
-- some kills land in the commit and in the checkpoint after it and some
-- after the end.  After each kill the knowledge base must open, pass
-- SQLite's integrity_check and FTS5's integrity-check of its three search
-- indexes (tests/stress/kb_check.c), and hold exactly what it held before
-- the import or exactly what the whole import gives -- `medkb stats` and
-- a digest of `medkb export` both equal one or the other, never a part --
-- and a search for the first and the last title of the file finds them
-- exactly when the import is there.  One kill more per starting state
-- and bulk choice comes as soon as the knowledge base's file grows, in the
-- checkpoint after the commit, and must find the whole import.  Each
-- trial starts from an empty knowledge base and from one holding the two
-- seed pages, and runs with each bulk choice (MEDKB_STRESS_BULK: never
-- and the default, auto; --bulk is left out, and the trial kept, when
-- `medkb import --help` does not list it).
--
-- Sizes: MEDKB_STRESS_ROWS rows (20,000; 5,000 under AddressSanitizer)
-- and MEDKB_STRESS_TRIALS kills per starting state and bulk choice (3);
-- `make stress` runs 1,000,000 and 20.  The kill points, as fractions of
-- the import's time, come from MEDKB_STRESS_SEED (a fixed seed); the time
-- is the whole import's, or that of a trial that ran to its end sooner.
-- A failure names the seed, the trial and the kill point, so that it can
-- be run again.  MEDKB_STRESS_REPORT=1 prints each trial's outcome (make
-- stress sets it).

local helper = require "tests.lua.helper"
local stress = require "tests.stress.kb"

local shared = helper.shared()
local ROWS = stress.env_number("MEDKB_STRESS_ROWS", stress.sanitized and 5000 or 20000)
local TRIALS = stress.env_number("MEDKB_STRESS_TRIALS", 3)
local SEED = stress.env_number("MEDKB_STRESS_SEED", 20261124)
local BULK = os.getenv("MEDKB_STRESS_BULK") or "never,auto"

local say = stress.say

-- The import's arguments for a bulk choice: auto is the default, so it
-- passes nothing; the others pass --bulk when medkb knows it.
local function bulk_args(choice, has_bulk)
  if choice == "auto" or not has_bulk then return {} end
  return { "--bulk", choice }
end

describe("an import killed at random points", function()
  if not shared then
    pending("../shared is absent")
    return
  end

  local dir, csv, titles, has_bulk
  local complete_of = {}  -- digest and stats of each start's whole import, by bulk choice

  setup(function()
    dir = helper.abs(assert(stress.capture("mktemp -d /tmp/medkb-crash-XXXXXX")):match("[^\n]+"))
    csv = stress.gen_csv(shared, ROWS, dir .. "/dialogue.csv")
    titles = stress.titles(shared, ROWS, { 1, ROWS })
    has_bulk = stress.supports("import", "--bulk")
    if not has_bulk then say("crash: medkb import has no --bulk; every trial runs with the default") end
  end)

  teardown(function()
    if dir then os.execute("rm -rf " .. helper.quote(dir)) end
    helper.cleanup()
  end)

  after_each(helper.cleanup)

  -- Makes the starting knowledge base in its own directory: "empty" (made
  -- by medkb init) or "seeded" (the two seed pages imported).
  local function start(name)
    local d = dir .. "/start-" .. name
    assert(stress.sh("mkdir -p " .. helper.quote(d)))
    local db = d .. "/kb.db"
    local _, err, code = stress.run(db, { "init" })
    assert.equal(0, code, err)
    if name == "seeded" then
      _, err, code = stress.run(db, { "import", shared .. "/seeds/000_f8a43c31275f9ff5.txt",
                                      shared .. "/seeds/001_d6d6bd473cc35397.txt" })
      assert.equal(0, code, err)
    end
    return db
  end

  -- A fresh copy of the starting knowledge base in directory d.
  local function copy(db, d)
    assert(stress.sh(("rm -rf %s && mkdir -p %s && cp %s %s/kb.db"):format(helper.quote(d),
      helper.quote(d), helper.quote(db), helper.quote(d))))
    return d .. "/kb.db"
  end

  -- Runs the import of csv into db, killed after delay seconds (or not
  -- killed, for "none"); the driver's result line, as a table.
  local function import(db, args, delay, out)
    local cmd = { "sh", helper.abs("tests/stress/kill_import.sh"), delay, out,
                  stress.bin, "--db", db, "import", csv }
    for _, a in ipairs(args) do cmd[#cmd + 1] = a end
    for i, a in ipairs(cmd) do cmd[i] = helper.quote(a) end
    local line = assert(stress.capture(table.concat(cmd, " ")))
    local r = {
      status = tonumber(line:match("status=(%d+)")),
      killed = line:match("killed=1") ~= nil,
      exe = line:match("exe=(%S*)"),
      seconds = tonumber(line:match("ns=(%d+)")) / 1e9,
      out = helper.read(out .. "/out"),
      err = helper.read(out .. "/err"),
    }
    assert(r.status, "the driver said: " .. line)
    return r
  end

  -- Everything a trial checks of the knowledge base, and which state it
  -- is in: "before", "complete", or an error.
  local function judge(db, before, complete, context)
    local fine, problems = stress.check(db)
    assert(fine, context .. ": integrity: " .. tostring(problems))
    local now, why = stress.state(db)
    assert(now, context .. ": " .. tostring(why))
    local which
    if now.stats == before.stats and now.digest == before.digest then
      which = "before"
    elseif now.stats == complete.stats and now.digest == complete.digest then
      which = "complete"
    else
      local e, d = stress.counts(now.stats)
      local be, bd = stress.counts(before.stats)
      local ce, cd = stress.counts(complete.stats)
      error(("%s: a partial state: %d entities, %d documents (before: %d, %d; whole: %d, %d);"
        .. " stats %s before's, %s the whole import's"):format(context, e, d, be, bd, ce, cd,
        now.stats == before.stats and "equal to" or "unlike",
        now.stats == complete.stats and "equal to" or "unlike"), 0)
    end
    for _, title in ipairs(titles) do
      local found, err = stress.found(db, title)
      assert(found ~= nil, context .. ": " .. tostring(err))
      assert(found == (which == "complete"), ("%s: the state is %s, yet search %s %q"):format(
        context, which, found and "finds" or "does not find", title))
    end
    return which
  end

  local function path(start_name, choice, index)
    it(("from %s, bulk %s: holds what it held or the whole import"):format(start_name, choice), function()
      local args = bulk_args(choice, has_bulk)
      local db0 = start(start_name)
      local before = assert(stress.state(db0))
      local fine, problems = stress.check(db0)
      assert(fine, problems)
      for _, title in ipairs(titles) do assert.is_false(stress.found(db0, title)) end

      -- the whole import, timed, and what it gives
      local work = dir .. "/" .. start_name .. "-" .. choice
      local ref = copy(db0, work .. "/whole")
      local whole = import(ref, args, "none", work .. "/whole")
      assert.equal(0, whole.status, whole.err)
      assert.equal("", whole.err)
      fine, problems = stress.check(ref)
      assert(fine, problems)
      local complete = assert(stress.state(ref))
      assert.are_not.equal(before.stats, complete.stats)
      for _, title in ipairs(titles) do assert.is_true(stress.found(ref, title)) end
      -- every bulk choice makes the same knowledge base
      local other = complete_of[start_name]
      if other then
        assert.equal(other.stats, complete.stats)
        assert.equal(other.digest, complete.digest, "bulk choices made different exports")
      end
      complete_of[start_name] = complete
      local e, d = stress.counts(complete.stats)
      say("crash: %s, bulk %s%s: whole import of %d rows %.2f s (%d entities, %d documents)",
        start_name, choice, #args == 0 and choice ~= "auto" and " (not supported: default)" or "",
        ROWS, whole.seconds, e, d)
      os.execute("rm -rf " .. helper.quote(work .. "/whole"))

      -- the import's time: the whole import's, or a trial's that ran to
      -- the end in less (on a machine doing other work, one run can take
      -- twice as long as the next)
      local duration = whole.seconds
      local seed = SEED + index
      math.randomseed(seed)
      local outcomes = { before = 0, complete = 0, finished = 0 }
      for t = 1, TRIALS do
        local fraction = math.random() * 1.1
        local delay = fraction * duration
        local tdir = work .. "/trial"
        local db = copy(db0, tdir)
        local r = import(db, args, ("%.6f"):format(delay), tdir)
        local context = ("from %s, bulk %s, seed %d, trial %d, killed at %.4f of the import (%.3f s)"):format(
          start_name, choice, seed, t, fraction, delay)
        if r.status == 137 then
          -- the signal reached medkb itself, not a shell in front of it
          assert(r.exe == "" or r.exe == stress.bin or r.exe:match("/sh$") or r.exe:match("/dash$"),
            context .. ": killed " .. tostring(r.exe))
        else
          assert(r.status == 0, context .. ": import exited " .. r.status .. ": " .. r.err)
        end
        local which = judge(db, before, complete, context)
        if r.status == 0 then
          assert.equal("complete", which, context)
          outcomes.finished = outcomes.finished + 1
          duration = math.min(duration, r.seconds)
        else
          outcomes[which] = outcomes[which] + 1
        end
        say("crash:   trial %2d: kill at %.4f (%.3f s): %s", t, fraction, delay,
          r.status == 0 and "it had finished: the whole import" or
          ("killed: " .. (which == "before" and "as before" or "the whole import")))
        os.execute("rm -rf " .. helper.quote(tdir))
      end
      say("crash: %s, bulk %s: %d trials: %d as before, %d whole (killed after the commit), %d finished",
        start_name, choice, TRIALS, outcomes.before, outcomes.complete, outcomes.finished)

      -- one kill more, certain to come after the commit: as soon as the
      -- knowledge base's file grows, which in WAL mode only the checkpoint
      -- after a commit makes it do
      local tdir = work .. "/trial"
      local db = copy(db0, tdir)
      local r = import(db, args, "grows:" .. db, tdir)
      local context = ("from %s, bulk %s, killed when the file grew"):format(start_name, choice)
      assert(r.status == 137 or r.status == 0, context .. ": import exited " .. r.status .. ": " .. r.err)
      assert.equal("complete", judge(db, before, complete, context), context)
      say("crash:   when the file grew, after %.3f s: %s", r.seconds,
        r.status == 0 and "it had finished: the whole import" or "killed: the whole import")
      os.execute("rm -rf " .. helper.quote(work))
    end)
  end

  local index = 0
  for _, start_name in ipairs{ "empty", "seeded" } do
    for choice in BULK:gmatch("[^,%s]+") do
      index = index + 1
      path(start_name, choice, index)
    end
  end
end)
