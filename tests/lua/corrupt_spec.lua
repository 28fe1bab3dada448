-- tests/lua/corrupt_spec.lua -- bad input at scale: every importer gets
-- corrupted and truncated versions of the real files (the two seed pages,
-- the start of the dialogue CSV, and a JSON Lines export of what they
-- make): a byte flipped, a line cut, the file cut inside a multi-byte
-- character, for the CSV a quote removed.  Each version either imports,
-- leaving the knowledge base whole, or is refused with problems that name
-- the file and say what is wrong, leaving it exactly as it was; nothing
-- raises and nothing crashes.  A fixed seed makes every failure
-- reproducible: the message names the seed and the corruption.

local medkb = require "medkb"
local import = require "medkb.import"
local errors = require "medkb.import.errors"
local export = require "medkb.export"
local helper = require "tests.lua.helper"

local shared = helper.shared()
local SEED = 20261124
local PER_FORMAT = 50
local CSV_ROWS = 200

-- The whole knowledge base, as its export says it.
local function state(kb)
  local out = {}
  export.jsonl(kb, function(line) out[#out + 1] = line end)
  return table.concat(out)
end

-- Where multi-byte characters start and go on, by the file's encoding.
local function inside_char(text, encoding, rand)
  local spots = {}
  if encoding == "gb18030" then
    local i = 1
    while i <= #text do
      local b = text:byte(i)
      if b >= 0x81 and b <= 0xFE and i < #text then
        spots[#spots + 1] = i + 1  -- the file ends after the lead byte
        local second = text:byte(i + 1)
        i = i + ((second >= 0x30 and second <= 0x39) and 4 or 2)
      else
        i = i + 1
      end
    end
  else
    for i = 2, #text do
      local b = text:byte(i)
      if b >= 0x80 and b < 0xC0 then spots[#spots + 1] = i end
    end
  end
  return spots[rand(#spots)]
end

-- The corruptions: each takes the text and a random source, and gives
-- the corrupted text and what was done.
local CORRUPT = {
  function(text, rand)
    local i = rand(#text)
    local b = text:byte(i) ~ (1 << (rand(8) - 1))
    return text:sub(1, i - 1) .. string.char(b) .. text:sub(i + 1), ("byte %d flipped"):format(i)
  end,
  function(text, rand)
    local starts = { 1 }
    for p in text:gmatch("()\n") do starts[#starts + 1] = p + 1 end
    local k = rand(#starts)
    local from, to = starts[k], (starts[k + 1] or #text + 2) - 1
    local cut = from + rand(math.max(1, to - from)) - 1
    return text:sub(1, cut - 1) .. text:sub(to), ("line %d cut at byte %d"):format(k, cut)
  end,
  function(text, rand, encoding)
    local at = inside_char(text, encoding, rand) or rand(#text)
    return text:sub(1, at - 1), ("cut at byte %d, inside a character"):format(at)
  end,
  function(text, rand)
    local lines = {}
    for l in (text .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = l end
    local k = rand(#lines)
    table.remove(lines, k)
    return table.concat(lines, "\n"), ("line %d removed"):format(k)
  end,
}

local function quote_removed(text, rand)
  local quotes = {}
  for p in text:gmatch('()"') do quotes[#quotes + 1] = p end
  if #quotes == 0 then return CORRUPT[1](text, rand) end
  local at = quotes[rand(#quotes)]
  return text:sub(1, at - 1) .. text:sub(at + 1), ("the quote at byte %d removed"):format(at)
end

describe("importing corrupted real files", function()
  if not shared then
    pending("../shared is absent")
    return
  end
  after_each(helper.cleanup)

  local seeds = {}
  for _, name in ipairs{ "000_f8a43c31275f9ff5.txt", "001_d6d6bd473cc35397.txt" } do
    seeds[#seeds + 1] = helper.read(shared .. "/seeds/" .. name)
  end
  -- the CSV's header and its first rows, in its own encoding
  local csv do
    local n, out = 0, {}
    for line in io.lines(shared .. "/data/dialogue-im-sample.gb18030.csv", "L") do
      out[#out + 1] = line
      if not line:find('^[^"]*"[^"]*$') then n = n + 1 end  -- rows whose quotes close
      if n > CSV_ROWS then break end
    end
    csv = table.concat(out)
  end

  -- Imports each corrupted version of text into a knowledge base holding
  -- the other seed page; checks it went in whole or was refused cleanly.
  local function trial(format, text, encoding, corrupt)
    local dir = helper.tmpdir()
    local kb <close> = medkb.open()
    assert(import.run(kb, { helper.write(dir .. "/base.txt", seeds[2]) }).committed)
    local rand_state = SEED + #format
    math.randomseed(rand_state)
    local rand = math.random
    local counts = { imported = 0, refused = 0 }
    for t = 1, PER_FORMAT do
      local how = corrupt and t % 2 == 0 and corrupt or CORRUPT[(t - 1) % #CORRUPT + 1]
      local bad, what = how(text, rand, encoding)
      local path = helper.write(("%s/%s-%d.txt"):format(dir, format, t), bad)
      local context = ("%s, seed %d, trial %d: %s"):format(format, rand_state, t, what)
      local before = state(kb)
      local ok, report = pcall(import.run, kb, { path }, { format = format })
      assert(ok, context .. ": raised " .. tostring(report))
      if report.committed then
        counts.imported = counts.imported + 1
        assert.equal(0, #report.problems, context)
        -- what went in reads back: every document the page made renders
        for _, f in ipairs(report.files) do
          for _, doc in ipairs(f.documents) do assert.is_string(doc:render("text"), context) end
        end
      else
        counts.refused = counts.refused + 1
        assert.is_true(#report.problems > 0, context)
        for _, p in ipairs(report.problems) do
          assert(errors.is(p), context .. ": not a problem: " .. tostring(p))
          assert.equal(path, p.file, context)
          assert(type(p.message) == "string" and #p.message > 0, context)
          assert(p.line == nil or math.type(p.line) == "integer" and p.line >= 1, context)
        end
        assert(state(kb) == before, context .. ": the knowledge base changed")
      end
    end
    return counts
  end

  it("an article page", function()
    local c = trial("article", seeds[1], "utf-8")
    assert.equal(PER_FORMAT, c.imported + c.refused)
  end)

  it("a Q&A page", function()
    local c = trial("qa", seeds[2], "utf-8")
    assert.equal(PER_FORMAT, c.imported + c.refused)
  end)

  it("the dialogue CSV, quotes removed among the rest", function()
    local c = trial("csv", csv, "gb18030", quote_removed)
    assert.equal(PER_FORMAT, c.imported + c.refused)
    assert.is_true(c.refused > 0)
  end)

  it("a JSON Lines export", function()
    local kb <close> = medkb.open()
    local dir = helper.tmpdir()
    assert(import.run(kb, { helper.write(dir .. "/a.txt", seeds[1]),
                            helper.write(dir .. "/q.txt", seeds[2]) }).committed)
    local c = trial("jsonl", state(kb), "utf-8")
    assert.equal(PER_FORMAT, c.imported + c.refused)
    assert.is_true(c.refused > 0)
  end)
end)
