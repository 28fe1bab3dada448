-- medkb/import/dialogue.lua -- doctor Q&A rows from CSV (department,
-- title, ask, answer -- the shape of the dialogue data set): one question
-- document (title, the patient's description as body) and one answer
-- document per row, both linked to the department entity.  Keys are
-- content hashes, so importing the same rows again changes nothing.

local csv = require "medkb.import.csv"
local errors = require "medkb.import.errors"
local import = require "medkb.import"

local M = {}

M.COLUMNS = { "department", "title", "ask", "answer" }

-- Maps the header's column names to their positions; raises a problem
-- naming the missing ones.
local function columns(ctx, header, line)
  local pos = {}
  for i, name in ipairs(header) do
    pos[name:gsub("^%s+", ""):gsub("%s+$", ""):lower()] = i
  end
  local missing = {}
  for _, name in ipairs(M.COLUMNS) do
    if not pos[name] then missing[#missing + 1] = "'" .. name .. "'" end
  end
  if #missing > 0 then
    errors.raise(ctx.file, line, ("header lacks column%s %s (has: %s)"):format(
      #missing > 1 and "s" or "", table.concat(missing, ", "), table.concat(header, ",")))
  end
  return pos
end

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

function M.import(ctx, src)
  local kb = ctx.kb
  local departments = {}
  local next_record = csv.records(src)
  local header, hline = next_record()
  if not header then errors.raise(ctx.file, nil, "no header line") end
  local pos = columns(ctx, header, hline)
  local width = #header
  local function load(row)
    local dept, title = trim(row[pos.department]), trim(row[pos.title])
    local ask, answer = trim(row[pos.ask]), trim(row[pos.answer])
    if dept == "" then errors.raise(ctx.file, nil, "empty department") end
    if title == "" then errors.raise(ctx.file, nil, "empty title") end
    local qkey = import.key("csv:", dept, title, ask)
    local akey = import.key(qkey .. "/", answer)
    if kb:document("answer", akey) then return ctx:done(true) end
    local d = departments[dept]
    if not d then
      d = kb:put{ kind = "department", name = dept }
      departments[dept] = d
    end
    local q = kb:document("question", qkey) or kb:put_document{ kind = "question", key = qkey,
      title = title, body = ask, source = ctx.file,
      links = { { type = "department", target = d } } }
    kb:put_document{ kind = "answer", key = akey, body = answer, source = ctx.file,
      links = { { type = "answers", target = q }, { type = "department", target = d } } }
    ctx:done(false)
  end
  for row, line in next_record do
    if #row ~= width then
      ctx:problem(line, ("expected %d fields, found %d"):format(width, #row))
    else
      ctx:record(line, function()
        local ok, err = pcall(load, row)
        if not ok then
          if errors.is(err) then err.line = line end
          error(err, 0)
        end
      end)
    end
  end
end

return M
