-- tests/bench/common.lua -- what the Lua benchmarks of `make bench` share:
-- their arguments (BUILD_DIR SHARED_DIR ...), the dialogue sample in
-- ../shared they need, the work directory BUILD_DIR/bench, running shell
-- commands, a knowledge base of the sample and the seed pages, and the
-- large dialogue CSVs tests/bench/gen_csv.lua makes from the sample (for
-- the stress specs too: tests/stress/kb.lua).

local helper = require "tests.lua.helper"

local M = {}

--- sh(cmd) -- runs cmd in the shell; raises if it fails.
function M.sh(cmd)
  if not os.execute(cmd) then error("failed: " .. cmd) end
end

--- sample(shared) -> the path of the dialogue CSV sample in shared.
function M.sample(shared)
  return shared .. "/data/dialogue-im-sample.gb18030.csv"
end

--- gen_csv(sample, rows, out [, first]) -> out, made by
-- tests/bench/gen_csv.lua: a dialogue CSV of rows distinct rows, the
-- sample's rows in turn with each title numbered from first (1), in
-- GB18030.
function M.gen_csv(sample, rows, out, first)
  local q = helper.quote
  M.sh(("%s %s %s %d %s %d"):format(q(os.getenv("LUA") or "lua5.4"),
    q(helper.abs("tests/bench/gen_csv.lua")), q(sample), rows, q(out), first or 1))
  return out
end

--- setup(name, args) -> a table {dir, shared, sample, bin, work}, or nil
-- (having said that benchmark name is skipped) when the sample is absent.
function M.setup(name, args)
  local ctx = { dir = args[1], shared = args[2] }
  ctx.sample = M.sample(ctx.shared)
  local f = io.open(ctx.sample, "rb")
  if not f then
    print(("%s benchmark skipped: %s is absent"):format(name, ctx.sample))
    return nil
  end
  f:close()
  ctx.bin, ctx.work = ctx.dir .. "/medkb", ctx.dir .. "/bench"
  M.sh("mkdir -p " .. ctx.work)
  return ctx
end

--- sample_kb(ctx, name) -> the path of a new knowledge base ctx.work/name
-- holding the sample and the seed pages.
function M.sample_kb(ctx, name)
  local db = ctx.work .. "/" .. name
  M.sh(("rm -f %s %s-wal %s-shm && %s --db %s import %s %s/seeds/*.txt >/dev/null"):format(db, db, db,
    ctx.bin, db, ctx.sample, ctx.shared))
  return db
end

return M
