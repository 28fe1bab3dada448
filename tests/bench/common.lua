-- tests/bench/common.lua -- what the Lua benchmarks of `make bench` share:
-- their arguments (BUILD_DIR SHARED_DIR ...), the dialogue sample in
-- ../shared they need, the work directory BUILD_DIR/bench, running shell
-- commands, and a knowledge base of the sample and the seed pages.

local M = {}

--- sh(cmd) -- runs cmd in the shell; raises if it fails.
function M.sh(cmd)
  if not os.execute(cmd) then error("failed: " .. cmd) end
end

--- setup(name, args) -> a table {dir, shared, sample, bin, work}, or nil
-- (having said that benchmark name is skipped) when the sample is absent.
function M.setup(name, args)
  local ctx = { dir = args[1], shared = args[2] }
  ctx.sample = ctx.shared .. "/data/dialogue-im-sample.gb18030.csv"
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
