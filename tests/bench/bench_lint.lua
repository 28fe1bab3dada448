-- tests/bench/bench_lint.lua -- `make bench`, fifth part: content rules.
-- Imports the dialogue CSV sample and the seed pages into a knowledge
-- base, then lints every article and question with the full built-in
-- pack, once in the sandbox (an environment per rule, the instruction
-- budget, the time limit and the memory cap on every run) and once
-- without it, in the same run; reports documents linted per second, the
-- findings per rule, and the sandbox's overhead (target: within 1.3x).
-- Times are CPU seconds of this process (os.clock); rendering each page
-- is timed apart, since both runs share it.
-- Usage: lua5.4 tests/bench/bench_lint.lua BUILD_DIR SHARED_DIR

local medkb = require "medkb"
local lint = require "medkb.lint"

local common = require "tests.bench.common"

local ctx = common.setup("lint", arg)
if not ctx then return end
local db = common.sample_kb(ctx, "lint.db")

local kb <close> = medkb.open(db, { readonly = true })
local docs = {}
for _, kind in ipairs{ "article", "question" } do
  for d in kb:documents{ kind = kind } do docs[#docs + 1] = d end
end

-- the pages, made once: what both runs read
local t0 = os.clock()
local pages = {}
for i, d in ipairs(docs) do pages[i] = lint.page(d) end
local t_pages = os.clock() - t0

local function run(sandboxed)
  local linter = lint.new(kb, { sandbox = sandboxed })
  local counts, failures, total = {}, 0, 0
  local t = os.clock()
  for _, page in ipairs(pages) do
    local findings, failed = linter:page_findings(page)
    for _, f in ipairs(findings) do counts[f.rule] = (counts[f.rule] or 0) + 1 end
    total = total + #findings
    failures = failures + #failed
  end
  return os.clock() - t, counts, total, failures, #linter:enabled()
end

-- a run each way first, so that both find the caches warm
run(false)
local free = run(false)
local boxed, counts, total, failures, nrules = run(true)

print(("\nmedkb lint benchmark: %d documents (articles and questions), %d rules"):format(#pages, nrules))
print(("  %-34s %8.2f s %10.0f docs/s"):format("making the pages (render)", t_pages, #pages / t_pages))
print(("  %-34s %8.2f s %10.0f docs/s"):format("rules without the sandbox", free, #pages / free))
print(("  %-34s %8.2f s %10.0f docs/s   %5.2fx (target 1.3x)"):format("rules in the sandbox", boxed,
  #pages / boxed, boxed / free))
print(("  %-34s %8.2f s %10.0f docs/s"):format("pages and sandboxed rules", t_pages + boxed,
  #pages / (t_pages + boxed)))
print(("  %d findings, %d rule failures; per rule:"):format(total, failures))
local ids = {}
for id in pairs(counts) do ids[#ids + 1] = id end
table.sort(ids, function(a, b) return counts[a] > counts[b] end)
for _, id in ipairs(ids) do print(("    %-28s %6d"):format(id, counts[id])) end
