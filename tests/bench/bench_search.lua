-- tests/bench/bench_search.lua -- `make bench`, fourth part: querying.
-- On a knowledge base of the dialogue CSV sample and the seed pages:
--   quality: recall@10 and MRR of the query set (tests/queries/search.lua)
--     for medkb search and for what a user of stock SQLite would run, an
--     FTS5 table with the trigram tokenizer (a phrase per segment of 3
--     characters or more, LIKE for shorter ones) ranked by bm25 with
--     titles weighing 4; and the share of tests/queries/ask.lua answered
--     right by kb:ask and by the best trigram match's text.
--   latency: p50 and p99 over at least 1,000 queries (the query set and
--     titles of documents) for medkb search, the trigram table and a
--     LIKE '%...%' scan of titles and bodies, CPU time per query; kb:ask
--     over the question set.
-- Then the same latencies on 1,000,000 documents: the CSV sample's rows
-- repeated with numbered titles (tests/bench/gen_csv.lua), 500,000 rows of
-- a question and an answer each.  The baselines run in the sqlite3 shell
-- (.timer), against a copy of the documents in a plain database.
-- Usage: lua5.4 tests/bench/bench_search.lua BUILD_DIR SHARED_DIR [DOCS]

local medkb = require "medkb"

local text = medkb.text
local common = require "tests.bench.common"

local ctx = common.setup("search", arg)
if not ctx then return end
local big = tonumber(arg[3] or "1000000")
local shared, sample, bin, work, sh = ctx.shared, ctx.sample, ctx.bin, ctx.work, common.sh
local eval = dofile("tests/queries/eval.lua")
local queries, questions = eval.queries, eval.questions

local function sql_string(s)
  return "'" .. s:gsub("'", "''") .. "'"
end

-- {=== the baselines, in the sqlite3 shell

-- A plain database beside kb.db: tri, an FTS5 trigram table of the
-- documents (title, body); doc, the documents; page, each answer's
-- question.  Returns the seconds the trigram table took to build.
local function make_baseline(kbdb, base)
  sh(("rm -f %s %s-wal %s-shm"):format(base, base, base))
  local t0 = os.time()
  local script = ([[
ATTACH %s AS kb;
CREATE TABLE doc(id INTEGER PRIMARY KEY, kind TEXT, title TEXT, body TEXT);
INSERT INTO doc SELECT id, kind, title, body FROM kb.document;
CREATE TABLE page(id INTEGER PRIMARY KEY, page INTEGER);
INSERT INTO page SELECT doc_id, other_id FROM kb.doc_document WHERE type = 'answers';
CREATE VIRTUAL TABLE tri USING fts5(title, body, content='doc', content_rowid='id', tokenize='trigram');
INSERT INTO tri(tri) VALUES ('rebuild');
]]):format(sql_string(kbdb))
  local p = assert(io.popen("sqlite3 " .. base, "w"))
  p:write(script)
  assert(p:close())
  return os.time() - t0
end

-- The SQL a user of stock SQLite would write for query q: the trigram
-- table where every segment has 3 characters or more, else LIKE on it.
local function trigram_sql(q, limit)
  local phrases, likes = {}, {}
  local folded = text.fold(q):gsub("[%p%s]", " "):gsub("\xE3\x80[\x80-\xBF]", " ")
      :gsub("\xEF\xBC[\x80-\xBF]", " ")
  for seg in folded:gmatch("%S+") do
    if (utf8.len(seg) or #seg) >= 3 then
      phrases[#phrases + 1] = '"' .. seg:gsub('"', '""') .. '"'
    else
      likes[#likes + 1] = ("(t.title LIKE %s OR t.body LIKE %s)"):format(sql_string("%" .. seg .. "%"),
        sql_string("%" .. seg .. "%"))
    end
  end
  if #phrases == 0 and #likes == 0 then return nil end
  local where, order = {}, "t.rowid DESC"
  if #phrases > 0 then
    where[#where + 1] = "tri MATCH " .. sql_string(table.concat(phrases, " AND "))
    order = "bm25(tri, 4.0, 1.0)"
  end
  for _, l in ipairs(likes) do where[#where + 1] = l end
  return ("SELECT coalesce(p.page, t.rowid) FROM tri t LEFT JOIN page p ON p.id = t.rowid WHERE %s"
    .. " ORDER BY %s LIMIT %d;"):format(table.concat(where, " AND "), order, limit)
end

-- The best trigram match for a question: any of its trigrams.
local function trigram_answer_sql(q)
  local grams, seen = {}, {}
  local cs = {}
  for _, c in utf8.codes((text.fold(q):gsub("[%p%s]", ""):gsub("\xEF\xBC[\x80-\xBF]", ""))) do
    cs[#cs + 1] = utf8.char(c)
  end
  for i = 1, #cs - 2 do
    local g = cs[i] .. cs[i + 1] .. cs[i + 2]
    if not seen[g] then
      seen[g] = true
      grams[#grams + 1] = '"' .. g:gsub('"', '""') .. '"'
    end
  end
  if #grams == 0 then return "SELECT NULL WHERE 0;" end
  return ("SELECT replace(replace(title || ' ' || body, char(10), ' '), char(13), ' ') FROM tri"
    .. " WHERE tri MATCH %s ORDER BY bm25(tri, 4.0, 1.0) LIMIT 1;"):format(
    sql_string(table.concat(grams, " OR ")))
end

local function like_sql(q)
  local pat = sql_string("%" .. q .. "%")
  return ("SELECT id FROM doc WHERE title LIKE %s OR body LIKE %s LIMIT 10;"):format(pat, pat)
end

-- Runs one SQL statement per item through the sqlite3 shell with .timer
-- on; returns, per item, the rows it printed and its CPU seconds.
local function run_sql(base, statements)
  local script = work .. "/queries.sql"
  local f = assert(io.open(script, "w"))
  f:write(".timer on\n")
  for i, s in ipairs(statements) do
    f:write((".print @@%d\n"):format(i), s, "\n")
  end
  f:close()
  local p = assert(io.popen(("sqlite3 %s < %s"):format(base, script)))
  local out, cur = {}, nil
  for line in p:lines() do
    local n = line:match("^@@(%d+)$")
    if n then
      cur = { rows = {}, secs = 0 }
      out[tonumber(n)] = cur
    elseif cur then
      local user, sys = line:match("^Run Time: real [%d.]+ user ([%d.]+) sys ([%d.]+)")
      if user then
        cur.secs = cur.secs + tonumber(user) + tonumber(sys)
      else
        cur.rows[#cur.rows + 1] = line
      end
    end
  end
  p:close()
  return out
end

-- {=== quality

local score = eval.score

local function quality(kb, base)
  local pages, about = eval.pages(kb)
  local mine, stmts = {}, {}
  for i, qd in ipairs(queries) do
    mine[i] = {}
    for _, h in ipairs(kb:search(qd.q, { limit = 10 })) do
      if h.doc then mine[i][#mine[i] + 1] = h.id end
    end
    stmts[i] = trigram_sql(qd.q, 10) or "SELECT NULL WHERE 0;"
  end
  local theirs = {}
  for i, r in ipairs(run_sql(base, stmts)) do
    theirs[i] = {}
    for _, row in ipairs(r.rows) do theirs[i][#theirs[i] + 1] = tonumber(row) end
  end
  local r1, m1 = score(pages, about, mine)
  local r2, m2 = score(pages, about, theirs)
  print(("  %-34s recall@10 %5.1f%%  MRR %.3f"):format("medkb search", r1 * 100, m1))
  print(("  %-34s recall@10 %5.1f%%  MRR %.3f"):format("FTS5 trigram (baseline)", r2 * 100, m2))
  -- by class of query
  local classes, order = {}, {}
  for i, qd in ipairs(queries) do
    if not classes[qd.class] then
      classes[qd.class] = {}
      order[#order + 1] = qd.class
    end
    table.insert(classes[qd.class], i)
  end
  for _, c in ipairs(order) do
    local ra, ma = score(pages, about, mine, classes[c])
    local rb, mb = score(pages, about, theirs, classes[c])
    print(("    %-12s %2d queries: medkb recall@10 %5.1f%% MRR %.3f; trigram %5.1f%% MRR %.3f"):format(
      c, #classes[c], ra * 100, ma, rb * 100, mb))
  end
  -- ask
  local right, base_right, answer_stmts = 0, 0, {}
  for i, qd in ipairs(questions) do
    local a = kb:ask(qd.q)
    if eval.right(qd, a.known, a.text) then right = right + 1 end
    answer_stmts[i] = trigram_answer_sql(qd.q)
  end
  for i, r in ipairs(run_sql(base, answer_stmts)) do
    local got = r.rows[1]
    if eval.right(questions[i], got ~= nil, got) then base_right = base_right + 1 end
  end
  print(("  %-34s %d of %d right (%.1f%%)"):format("medkb ask", right, #questions,
    100 * right / #questions))
  print(("  %-34s %d of %d right (%.1f%%)"):format("best trigram match (baseline)", base_right,
    #questions, 100 * base_right / #questions))
end

-- {=== latency

local function percentile(list, p)
  table.sort(list)
  local i = math.max(1, math.ceil(#list * p))
  return list[i]
end

-- The queries timed: the query set, then titles of documents (every
-- k-th question), n in all.
local function latency_queries(kb, n)
  local list = {}
  for _, qd in ipairs(queries) do list[#list + 1] = qd.q end
  local total = kb:count("question")
  local step = math.max(1, total // (n - #list))
  local i = 0
  for d in kb:documents{ kind = "question" } do
    i = i + 1
    if i % step == 0 and d.title ~= "" then
      list[#list + 1] = d.title
      if #list >= n then break end
    end
  end
  return list
end

local function line(label, times, base)
  local p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
  print(("  %-34s p50 %8.2f ms  p99 %8.2f ms  (%d queries)%s"):format(label, p50 * 1000, p99 * 1000,
    #times, base and ("   p99 %.1fx medkb's"):format(p99 / base) or ""))
  return p99
end

local function latency(kb, base, n, like_n)
  local list = latency_queries(kb, n)
  local mine = {}
  for _, q in ipairs(list) do
    local t0 = os.clock()
    kb:search(q, { limit = 10 })
    mine[#mine + 1] = os.clock() - t0
  end
  local tri, like = {}, {}
  for i, q in ipairs(list) do
    tri[i] = trigram_sql(q, 10) or "SELECT NULL WHERE 0;"
    if i <= like_n then like[i] = like_sql(q) end
  end
  local tri_t, like_t = {}, {}
  for _, r in ipairs(run_sql(base, tri)) do tri_t[#tri_t + 1] = r.secs end
  for _, r in ipairs(run_sql(base, like)) do like_t[#like_t + 1] = r.secs end
  local p99 = line("medkb search", mine)
  line("FTS5 trigram (baseline)", tri_t, p99)
  line("LIKE scan (baseline)", like_t, p99)
  local asked = {}
  for _ = 1, math.max(1, 1000 // #questions) do
    for _, qd in ipairs(questions) do
      local t0 = os.clock()
      kb:ask(qd.q)
      asked[#asked + 1] = os.clock() - t0
    end
  end
  line("medkb ask", asked)
end

-- {=== the runs

local kbdb, base = work .. "/search.db", work .. "/search-base.db"
sh(("rm -f %s %s-wal %s-shm && %s --db %s import %s %s/seeds/*.txt >/dev/null"):format(kbdb, kbdb, kbdb,
  bin, kbdb, sample, shared))
make_baseline(kbdb, base)
do
  local kb <close> = medkb.open(kbdb, { readonly = true })
  print(("\nmedkb search benchmark: %d documents (the CSV sample and the seeds)"):format(
    kb:document_count()))
  quality(kb, base)
  latency(kb, base, 1000, 1000)
end

if big > 0 then
  local rows = big // 2
  local csvfile = ("%s/dialogue-%d.csv"):format(work, rows)
  if not io.open(csvfile, "rb") then
    io.stderr:write(("generating %s ...\n"):format(csvfile))
    sh(("lua5.4 tests/bench/gen_csv.lua %s %d %s"):format(sample, rows, csvfile))
  end
  local bigdb, bigbase = work .. "/search-big.db", work .. "/search-big-base.db"
  local t0 = os.time()
  sh(("rm -f %s %s-wal %s-shm && %s --db %s import %s >/dev/null"):format(bigdb, bigdb, bigdb, bin,
    bigdb, csvfile))
  local imported = os.time() - t0
  local tri_secs = make_baseline(bigdb, bigbase)
  local kb <close> = medkb.open(bigdb, { readonly = true })
  print(("\n%d documents (%s, %d s to import; the trigram table %d s to build)"):format(
    kb:document_count(), csvfile, imported, tri_secs))
  latency(kb, bigbase, 1000, 100)
end
