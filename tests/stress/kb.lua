-- tests/stress/kb.lua -- what the stress specs (tests/lua/crash_spec.lua,
-- tests/lua/concurrency_spec.lua) share: shell commands, a large dialogue
-- CSV made by tests/bench/gen_csv.lua from the sample in ../shared and the
-- titles of its rows, the checker (kb_check: SQLite's and FTS5's integrity
-- checks), and a knowledge base's state as `medkb stats` and a digest of
-- `medkb export` tell it.  Runs the built medkb binary; the CSV's rows
-- are read with medkb's own CSV reader.

local common = require "tests.bench.common"
local helper = require "tests.lua.helper"

local M = {}

local q = helper.quote

--- sh(cmd) -> true when the shell command exits 0, and its status.
function M.sh(cmd)
  local ok, _, code = os.execute(cmd)
  return ok == true, code
end

--- capture(cmd) -> the command's standard output, and whether it exited 0.
function M.capture(cmd)
  local p = assert(io.popen(cmd, "r"))
  local out = p:read("a")
  local ok = p:close()
  return out, ok == true
end

--- env_number(name, default) -> the environment variable as a whole
-- number, or default when it is unset or empty.
--- say(fmt, ...) writes a line to stderr when MEDKB_STRESS_REPORT is set
-- (make stress sets it): what each trial and reader did.
local REPORT = (os.getenv("MEDKB_STRESS_REPORT") or "") ~= ""
function M.say(fmt, ...)
  if REPORT then
    io.stderr:write(fmt:format(...), "\n")
    io.stderr:flush()
  end
end

function M.env_number(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return assert(math.tointeger(tonumber(v)), name .. " must be a whole number")
end

M.bin = helper.abs(helper.bin)

--- Whether medkb runs under AddressSanitizer (make asan-test preloads it),
-- several times slower: the specs then default to smaller files.
M.sanitized = (os.getenv("LD_PRELOAD") or ""):find("asan", 1, true) ~= nil

--- The checker beside the binary (make builds it as BUILD/tests/kb_check),
-- or $MEDKB_KB_CHECK.
function M.checker()
  local path = os.getenv("MEDKB_KB_CHECK")
  if path == nil or path == "" then
    path = M.bin:gsub("[^/]*$", "") .. "tests/kb_check"
  end
  local f = io.open(path, "rb")
  if not f then
    error(("%s is missing: build it with `make %s`"):format(path, path), 0)
  end
  f:close()
  return path
end

--- medkb(db, args) -> a shell command running medkb on db with args.
function M.medkb(db, args)
  local parts = { q(M.bin), "--db", q(db) }
  for _, a in ipairs(args) do parts[#parts + 1] = q(a) end
  return table.concat(parts, " ")
end

--- run(db, args) -> stdout, stderr, exit status of medkb on db.
function M.run(db, args)
  local list = { "--db", db }
  for _, a in ipairs(args) do list[#list + 1] = a end
  return helper.run(list)
end

--- gen_csv(shared, rows, out) -> out, a dialogue CSV of rows distinct rows
-- made from the sample in shared (tests/bench/common.lua).
function M.gen_csv(shared, rows, out)
  return common.gen_csv(common.sample(shared), rows, out)
end

local function trim(s)
  return (s:gsub("^[%s\u{3000}]+", ""):gsub("[%s\u{3000}]+$", ""))
end

--- titles(shared, rows, which) -> the titles (as imported: UTF-8,
-- trimmed) of the given row numbers (1-based) of the file gen_csv makes
-- with rows rows.
function M.titles(shared, rows, which)
  local source = require "medkb.import.source"
  local csv = require "medkb.import.csv"
  local src <close> = source.open(common.sample(shared))
  local records = {}
  for row in csv.records(src) do records[#records + 1] = row end
  table.remove(records, 1)
  local out = {}
  for i, n in ipairs(which) do
    assert(n >= 1 and n <= rows)
    out[i] = trim(records[(n - 1) % #records + 1][2] .. "（" .. n .. "）")
  end
  return out
end

--- check(db) -> true, or false and what kb_check printed.
function M.check(db)
  local out, ok = M.capture(q(M.checker()) .. " " .. q(db) .. " 2>&1")
  if ok and out == "ok\n" then return true end
  return false, out
end

--- digest(db) -> the MD5 of `medkb export` with each import time made 0
-- (the time of an import is the one thing two imports of the same files
-- into the same knowledge base may differ in), or nil and the error.
function M.digest(db)
  local dir = helper.tmpdir()
  local cmd = ("{ %s; echo $? >%s/rc; } 2>%s/err | sed -E 's/\"imported_at\":[0-9]+/\"imported_at\":0/g'"
    .. " | md5sum"):format(M.medkb(db, { "export" }), dir, dir)
  local out = M.capture(cmd)
  local rc = helper.read(dir .. "/rc")
  local err = helper.read(dir .. "/err")
  os.execute("rm -rf " .. q(dir))
  if rc ~= "0\n" or err ~= "" then return nil, "export failed: " .. err end
  return (out:match("^(%x+)"))
end

--- found(db, title) -> whether `medkb search` finds a question with
-- exactly this title, or nil and the error.
function M.found(db, title)
  local json = require "medkb.json"
  local out, err, code = M.run(db, { "search", title, "--kind", "question", "--limit", "20",
                                     "--format", "json" })
  if code ~= 0 or err ~= "" then return nil, ("search exited %d: %s"):format(code, err) end
  for _, r in ipairs(json.decode(out).results) do
    if r.title == title then return true end
  end
  return false
end

--- state(db) -> {stats =, digest =} of the knowledge base, or nil and
-- what went wrong.
function M.state(db)
  local stats, err, code = M.run(db, { "stats" })
  if code ~= 0 or err ~= "" then return nil, ("stats exited %d: %s"):format(code, err) end
  local digest, why = M.digest(db)
  if not digest then return nil, why end
  return { stats = stats, digest = digest }
end

--- counts(stats) -> the total entities and documents `medkb stats` shows.
function M.counts(stats)
  local entities = stats:match("entities\n.-  total%s+(%d+)")
  local documents = stats:match("documents\n.-  total%s+(%d+)")
  return tonumber(entities) or 0, tonumber(documents) or 0
end

--- supports(command, option) -> whether `medkb COMMAND --help` lists option.
function M.supports(command, option)
  local out = helper.run{ command, "--help" }
  return out:find(option, 1, true) ~= nil
end

return M
