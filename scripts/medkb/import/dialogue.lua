-- medkb/import/dialogue.lua -- doctor Q&A rows from CSV (department,
-- title, ask, answer -- the shape of the dialogue data set): one question
-- document (title, the patient's description as body) linked to the
-- department entity, and one answer document linked to its question, per
-- distinct row.  Keys are content hashes, so importing the same rows again
-- changes nothing.

local csv = require "medkb.import.csv"
local errors = require "medkb.import.errors"
local shared = require "medkb.import.shared"

local M = {}

M.COLUMNS = { "department", "title", "ask", "answer" }

-- Maps the header's column names to their positions; raises a problem
-- naming the missing ones.
local function columns(ctx, header, line)
  local pos = {}
  for i, name in ipairs(header) do
    pos[name:match("^%s*(.-)%s*$"):lower()] = i
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

-- Spaces off both ends; most fields have none, and checking the two end
-- bytes first spares scanning long answers.
local function space(b)
  return b == 32 or (b and b >= 9 and b <= 13)
end

local function trim(s)
  if not (space(s:byte(1)) or space(s:byte(-1))) then return s end
  return s:match("^%s*(.-)%s*$")
end

function M.import(ctx, src)
  local kb = ctx.kb
  local departments, rollbacks = {}, 0
  local next_record = csv.records(src)
  local header, hline = next_record()
  if not header then errors.raise(ctx.file, nil, "no header line") end
  local pos = columns(ctx, header, hline)
  local width = #header
  local cd, ct, ca, cn = pos.department, pos.title, pos.ask, pos.answer
  local file = ctx.file
  -- one row: a question and its answer; the hot path of a large import,
  -- so it calls the document primitives directly
  local function load(row, line)
    local dept, title = trim(row[cd]), trim(row[ct])
    local ask, answer = trim(row[ca]), trim(row[cn])
    if dept == "" then errors.raise(file, line, "empty department") end
    if title == "" then errors.raise(file, line, "empty title") end
    local qkey = shared.key("csv:", dept, title, ask)
    local akey = shared.key("csv-a:", dept, title, ask, answer)
    if ctx.rollbacks ~= rollbacks then
      -- an undone record may have made a department we cached
      departments, rollbacks = {}, ctx.rollbacks
    end
    local d = departments[dept]
    if not d then
      d = kb:ensure("department", dept)
      departments[dept] = d
    end
    local q, created = kb:_document_put("question", qkey, title, ask, file)
    if created then
      q:link("department", d, 1)
    elseif kb:document("answer", akey) then
      -- a known question with a known answer: the row is already in (the
      -- answer key covers the question, so a new question has a new answer)
      return ctx:done(true)
    end
    local a = kb:_document_put("answer", akey, "", answer, file)
    a:link("answers", q, 1)
    ctx:done(false)
  end
  for row, line in next_record do
    if #row ~= width then
      ctx:problem(line, ("expected %d fields, found %d"):format(width, #row))
    else
      ctx:record(line, load, row, line)
    end
  end
end

return M
