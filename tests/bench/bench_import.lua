-- tests/bench/bench_import.lua -- `make bench`, second part: importing the
-- dialogue CSV against SQLite's own CSV import, measured in the same run.
-- For the sample in ../shared and for generated files of 100,000 and
-- 1,000,000 rows (made here from the sample, never committed): wall time,
-- rows/s, MB/s and peak memory (max RSS) of `medkb import`, of `sqlite3
-- .import` of the same file into a bare table, of iconv to UTF-8 then
-- .import (the same text work without the knowledge base), and of
-- bench_store: the importer's writes through medkb's C API with nothing
-- else (no parsing, conversion, hashing or Lua), the floor under medkb
-- import that the schema and SQLite set; medkb import without bulk
-- loading (`--bulk never`: what an import into a larger knowledge base
-- does), and into a knowledge base without the search index, to show
-- what loading in bulk saves and what indexing costs.  Then, for the
-- largest size, a tenth of it imported into the knowledge base that size
-- made (rows numbered past its own), as medkb chooses (auto: no bulk
-- loading here), without bulk loading (the path every import took before
-- bulk loading was added) and always in bulk.
-- Usage: lua5.4 tests/bench/bench_import.lua BUILD_DIR SHARED_DIR [ROWS...]

local common = require "tests.bench.common"

local ctx = common.setup("import", arg)
if not ctx then return end
local sizes = {}
for i = 3, #arg do sizes[#sizes + 1] = tonumber(arg[i]) end
if #sizes == 0 then sizes = { 100000, 1000000 } end
local dir, sample, bin, work, sh = ctx.dir, ctx.sample, ctx.bin, ctx.work, common.sh

-- Runs cmd under /usr/bin/time; returns seconds and peak RSS in MB.
local function measure(cmd)
  local out = work .. "/time.txt"
  sh(("/usr/bin/time -f '%%e %%M' -o %s sh -c '%s' >/dev/null 2>&1"):format(out, cmd))
  local f = assert(io.open(out))
  local secs, kb = f:read("n", "n")
  f:close()
  return secs, kb / 1024
end

local function size_of(path)
  local f = assert(io.open(path, "rb"))
  local n = f:seek("end")
  f:close()
  return n
end

local function fresh(db)
  sh(("rm -f %s %s-wal %s-shm"):format(db, db, db))
end

-- One result line; peak is nil for a run whose memory was not measured.
local function row(label, rows, bytes, secs, peak, base)
  print(("  %-28s %8.2f s %10.0f rows/s %7.1f MB/s %15s%s"):format(label, secs,
    rows / secs, bytes / 2 ^ 20 / secs, peak and ("%7.1f MB peak"):format(peak) or "",
    base and ("   %5.2fx"):format(secs / base) or ""))
end

-- What makes a knowledge base without its search index: its triggers
-- dropped, and each of the three indexes replaced by a view that takes
-- what is inserted into it and keeps nothing, so that the rows a
-- transaction wrote are still read when it commits and nothing is
-- indexed.  The sqlite3 shell has no medkb tokenizer to drop the indexes
-- with, so they are taken out of the schema by hand (their shadow tables
-- are ordinary tables; their settings are kept).
local INDEXES = { { "doc_search", "title, body, kind" }, { "title_search", "title, kind" },
                  { "name_search", "name, pinyin, letters, kind, entity" } }
local function no_search(db)
  local drop, create = {}, {}
  for _, t in ipairs{ "doc_search_insert", "doc_search_update", "title_search_update",
                      "doc_search_delete", "name_search_entity_insert", "name_search_entity_update",
                      "name_search_entity_delete", "name_search_alias_insert",
                      "name_search_alias_update", "name_search_alias_delete" } do
    drop[#drop + 1] = ("DROP TRIGGER %s;"):format(t)
  end
  for _, index in ipairs(INDEXES) do
    local name, cols = index[1], {}
    for _, shadow in ipairs{ "data", "idx", "docsize", "content" } do
      drop[#drop + 1] = ("DROP TABLE IF EXISTS %s_%s;"):format(name, shadow)
    end
    for col in (index[2] .. ", rowid, rank, " .. name):gmatch("[%w_]+") do
      cols[#cols + 1] = "NULL AS " .. col
    end
    create[#create + 1] = ("CREATE VIEW %s AS SELECT %s WHERE 0;"):format(name, table.concat(cols, ", "))
      .. (" CREATE TRIGGER %s_nothing INSTEAD OF INSERT ON %s BEGIN SELECT 1; END;"):format(name, name)
  end
  sh(("sqlite3 %s %q"):format(db, table.concat(drop, " ")
    .. " PRAGMA writable_schema=ON; DELETE FROM sqlite_schema WHERE name IN"
    .. " ('doc_search', 'title_search', 'name_search');"))
  sh(("sqlite3 %s %q"):format(db, table.concat(create, " ")))
end

-- The CSV at path of rows rows numbered from first, made unless it is
-- there from an earlier run.
local function gen_csv(rows, path, first)
  if not io.open(path, "rb") then
    io.stderr:write(("generating %s ...\n"):format(path))
    common.gen_csv(sample, rows, path, first)
  end
  return path
end

-- bench(path, rows, keep): when keep is a path, the knowledge base the
-- (bulk) import made is kept there.
local function bench(path, rows, keep)
  local bytes = size_of(path)
  print(("\n%s: %d rows, %.1f MB"):format(path, rows, bytes / 2 ^ 20))
  local bare, kbdb = work .. "/bare.db", work .. "/import.db"
  fresh(bare)
  local s_import, s_peak = measure(("sqlite3 %s \".import --csv %s t\""):format(bare, path))
  local f = assert(io.popen(("%s/bench_store %s %s"):format(dir, bare, kbdb)))
  local s_store = assert(f:read("n"), "bench_store printed no time")
  f:close()
  fresh(bare)
  local u_import, u_peak = measure(
    ("iconv -f gb18030 -t utf-8 %s | sqlite3 %s \".import --csv /dev/stdin t\""):format(path, bare))
  fresh(bare)
  fresh(kbdb)
  local m_import, m_peak = measure(("%s --db %s import %s"):format(bin, kbdb, path))
  if keep then
    fresh(keep)
    sh(("mv %s %s"):format(kbdb, keep))
  end
  fresh(kbdb)
  -- the same import without bulk loading (as into a larger knowledge base)
  local r_import = measure(("%s --db %s import --bulk never %s"):format(bin, kbdb, path))
  fresh(kbdb)
  -- the same import into a knowledge base without its search index
  sh(("%s --db %s init >/dev/null"):format(bin, kbdb))
  no_search(kbdb)
  local n_import = measure(("%s --db %s import %s"):format(bin, kbdb, path))
  fresh(kbdb)
  row("sqlite3 .import (baseline)", rows, bytes, s_import, s_peak)
  row("iconv | sqlite3 .import", rows, bytes, u_import, u_peak, s_import)
  row("medkb import (bulk)", rows, bytes, m_import, m_peak, s_import)
  row("  without bulk loading", rows, bytes, r_import, nil, s_import)
  row("  storing alone (C API)", rows, bytes, s_store, nil, s_import)
  row("  without the search index", rows, bytes, n_import, nil, s_import)
  print(("  medkb import / storing alone %.2fx (target 1.5x); the search index adds %.2fx (target 2x)")
    :format(m_import / s_store, m_import / n_import))
  print(("  bulk loading: %.2fx the time without it; medkb import / .import %.2fx (target 3x)")
    :format(m_import / r_import, m_import / s_import))
  return m_peak
end

-- A tenth of big's rows, numbered past them, imported into big (the
-- knowledge base of big's rows) with each bulk choice, each into a copy;
-- the choices take turns, ROUNDS times, and the best time of each counts,
-- so that a busy spell of the machine does not fall on one choice alone.
local ROUNDS = 2
local function into_large(big, rows)
  local n = rows // 10
  local path = gen_csv(n, ("%s/dialogue-%d-after-%d.csv"):format(work, n, rows), rows + 1)
  local bytes, db = size_of(path), work .. "/into.db"
  print(("\n%s: %d rows, %.1f MB, into the knowledge base of %d rows (%.0f MB), best of %d"):format(
    path, n, bytes / 2 ^ 20, rows, size_of(big) / 2 ^ 20, ROUNDS))
  local choices, secs, peaks = { "never", "auto", "always" }, {}, {}
  for _ = 1, ROUNDS do
    for _, choice in ipairs(choices) do
      fresh(db)
      sh(("cp %s %s"):format(big, db))
      local s, peak = measure(("%s --db %s import --bulk %s %s"):format(bin, db, choice, path))
      secs[choice] = math.min(secs[choice] or math.huge, s)
      peaks[choice] = math.max(peaks[choice] or 0, peak)
    end
  end
  for _, choice in ipairs(choices) do
    row("--bulk " .. choice, n, bytes, secs[choice], peaks[choice], choice ~= "never" and secs.never or nil)
  end
  fresh(db)
  print(("  as medkb chooses (auto) / without bulk loading %.2fx (target: no slower, 1.00x)")
    :format(secs.auto / secs.never))
end

print("medkb import benchmark (ratios: time / sqlite3 .import of the same file, same run)")
bench(sample, 7644)
local peaks = {}
local large = work .. "/large.db"
for i, n in ipairs(sizes) do
  local path = gen_csv(n, ("%s/dialogue-%d.csv"):format(work, n))
  peaks[#peaks + 1] = { n, bench(path, n, i == #sizes and large or nil) }
end
into_large(large, sizes[#sizes])
fresh(large)
if #peaks >= 2 then
  print(("\npeak memory: %.1f MB at %d rows, %.1f MB at %d rows (%.2fx for %dx the rows)"):format(
    peaks[1][2], peaks[1][1], peaks[#peaks][2], peaks[#peaks][1], peaks[#peaks][2] / peaks[1][2],
    peaks[#peaks][1] // peaks[1][1]))
end
