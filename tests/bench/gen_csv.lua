-- tests/bench/gen_csv.lua -- makes a large dialogue CSV for `make bench`
-- from the sample in ../shared: rows cycle through the sample's rows, each
-- title numbered so that every row is distinct, written in GB18030 like
-- the sample.  Numbers run from FIRST (1 by default), so that files made
-- with FIRST past another file's rows share no row with it.
-- Usage: lua5.4 tests/bench/gen_csv.lua SAMPLE ROWS OUT [FIRST] (with
-- medkb on LUA_PATH and LUA_CPATH, as make bench sets them)
local USAGE = "usage: lua5.4 tests/bench/gen_csv.lua SAMPLE ROWS OUT [FIRST]\n"
  .. "(with medkb on LUA_PATH and LUA_CPATH, as make bench sets them)\n"
if arg[1] == "--help" or arg[1] == "-h" then
  io.write(USAGE)
  os.exit(0)
end
if not (arg[1] and math.tointeger(tonumber(arg[2])) and arg[3]) then
  io.stderr:write(USAGE)
  os.exit(2)
end
local medkb = require "medkb"
local source = require "medkb.import.source"
local csv = require "medkb.import.csv"

local sample, rows, out = arg[1], tonumber(arg[2]), arg[3]
local first = math.tointeger(tonumber(arg[4] or 1)) or error("FIRST must be a whole number")
local src <close> = source.open(sample)
local records = {}
for row in csv.records(src) do records[#records + 1] = row end
local header = table.remove(records, 1)

local function field(s)
  if s:find('[",\n\r]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local enc = medkb.text.converter("UTF-8", "GB18030")
local f = assert(io.open(out, "wb"))
f:write(header[1], ",", header[2], ",", header[3], ",", header[4], "\n")
local batch = {}
for i = 1, rows do
  local r = records[(i - 1) % #records + 1]
  batch[#batch + 1] = table.concat({ field(r[1]), field(r[2] .. "（" .. (first + i - 1) .. "）"), field(r[3]),
                                     field(r[4]) }, ",")
  if #batch == 2000 or i == rows then
    f:write(assert(enc:feed(table.concat(batch, "\n") .. "\n")))
    batch = {}
  end
end
f:close()
