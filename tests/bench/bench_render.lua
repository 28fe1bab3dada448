-- tests/bench/bench_render.lua -- `make bench`, third part: rendering.
-- Imports the dialogue CSV sample and the seed pages into a knowledge base,
-- then renders every document in each format and reports pages per second
-- against a bare string.format of the same fields read from the same
-- knowledge base in the same run (the question's title, description and
-- reply count, each answer with its doctor's name, title, hospital and
-- department; an answer's text and doctor; an article's causes with their
-- text).  Then times `medkb site` over the same knowledge base.  Times are
-- CPU seconds of this process (os.clock) for rendering, wall seconds for
-- the site.  Targets: text within 3x of the baseline, html within 5x, the
-- site under 10 s.
-- Usage: lua5.4 tests/bench/bench_render.lua BUILD_DIR SHARED_DIR

local medkb = require "medkb"
local render = require "medkb.render"

local common = require "tests.bench.common"

local ctx = common.setup("render", arg)
if not ctx then return end
local bin, work, sh = ctx.bin, ctx.work, common.sh
local db = common.sample_kb(ctx, "render.db")

local kb <close> = medkb.open(db, { readonly = true })
local docs = {}
for d in kb:documents() do docs[#docs + 1] = d end

-- The doctor of an answer as one line.
local function doctor_line(a)
  local line = ""
  for d in a:entities("doctor") do
    local at = d.attrs
    line = ("%s %s %s %s"):format(d.name, at.title or "", at.hospital or "", at.department or "")
  end
  return line
end

-- The baseline: the fields a page shows, read and formatted with nothing
-- else (no model, no templates, no escaping).
local function bare(d)
  local f = d:fields()
  if f.kind == "question" then
    local parts = { ("%s\n%s\n%d人回复\n"):format(f.title, f.body, d.counts.replies or 0) }
    for a in d:referrers("answers") do
      parts[#parts + 1] = ("%s\n%s\n"):format(doctor_line(a), a.body)
    end
    return table.concat(parts)
  elseif f.kind == "answer" then
    return ("%s\n%s\n"):format(doctor_line(d), f.body)
  else
    local parts = { ("%s\n%s\n"):format(f.title, d.counts.views or 0) }
    for st in d:statements("cause") do
      parts[#parts + 1] = ("%d、%s\n%s\n"):format(st.rank, st.dst.name, st.text or "")
    end
    return table.concat(parts)
  end
end

-- Seconds of CPU to run page(d) over every document, and the bytes made.
local function run(page)
  local bytes = 0
  local t0 = os.clock()
  for _, d in ipairs(docs) do bytes = bytes + #page(d) end
  return os.clock() - t0, bytes
end

print(("\nmedkb render benchmark: %d documents (the CSV sample and the seeds)"):format(#docs))
local base = run(bare)
local function row(label, secs, bytes)
  print(("  %-26s %8.3f s %9.0f pages/s %7.1f MB/s   %5.2fx"):format(label, secs, #docs / secs,
    bytes / 2 ^ 20 / secs, secs / base))
end
local secs, bytes = run(bare)
base = secs
row("string.format (baseline)", secs, bytes)
-- the pages as stored: a page without a related list of its own is
-- given one by kb:related_documents, which is timed on its own below
local plain = { related = false }
for _, fmt in ipairs(render.FORMATS) do
  secs, bytes = run(function(d) return d:render(fmt, plain) end)
  row("render --format " .. fmt, secs, bytes)
end
local cache = require("medkb.related").cache()
secs = run(function(d)
  local list = kb:related_documents(d, 5, cache)
  return ("x"):rep(#list)
end)
row("related_documents (5)", secs, 0)
local found = { related_cache = cache }
secs, bytes = run(function(d) return d:render("html", found) end)
row("render html + related", secs, bytes)

local out = work .. "/site"
sh("rm -rf " .. out)
local timing = work .. "/site-time.txt"
sh(("/usr/bin/time -f '%%e %%M' -o %s %s --db %s site %s >/dev/null 2>&1"):format(timing, bin, db, out))
local f = assert(io.open(timing))
local site_secs, site_kb = f:read("n", "n")
f:close()
local p = assert(io.popen("find " .. out .. " -type f | wc -l"))
local files = p:read("n")
p:close()
print(("  medkb site (every page)  %8.2f s %9d files   %7.1f MB peak   (target: under 10 s)"):format(
  site_secs, files, site_kb / 1024))
sh(("/usr/bin/time -f '%%e %%M' -o %s %s --db %s site %s >/dev/null 2>&1"):format(timing, bin, db, out))
f = assert(io.open(timing))
site_secs = f:read("n")
f:close()
print(("  medkb site again         %8.2f s   (nothing changed: no page rewritten)"):format(site_secs))
