-- medkb/import/csv.lua -- RFC 4180 CSV records from a Source, streamed:
-- quoted fields may hold commas, doubled quotes and newlines; a record may
-- span chunks.  Memory stays bounded by the longest record, and a field
-- over MAX_FIELD bytes is refused.  Parsing is an lpeg grammar.

local lpeg = require "lpeg"
local errors = require "medkb.import.errors"
local newlines = require("medkb.import.source").newlines

local P, S, C, Cs, Ct, Cp = lpeg.P, lpeg.S, lpeg.C, lpeg.Cs, lpeg.Ct, lpeg.Cp

local M = {}

M.MAX_FIELD = 10 << 20

-- A quote is special only at the start of a field, as in Python's csv and
-- SQLite's .import: real data has unquoted fields with quotes inside.
local quoted = P'"' * Cs(((P'""' / '"') + (1 - P'"'))^0) * P'"'
local plain = C((1 - S',"\r\n') * (1 - S',\r\n')^0) + C("")
local field = quoted + plain
local eol = P"\r"^-1 * P"\n"
local fields = Ct(field * (P"," * field)^0)
local record = fields * eol * Cp()
local last_record = fields * (eol + -1) * Cp()
-- text that ends inside a quoted field that starts a field: a record
-- not yet complete, as opposed to a malformed one
local unfinished = ((quoted + plain) * P",")^0 * P'"' * (P'""' + (1 - P'"'))^0 * -1

local BAD_QUOTES = "bad quoting: text after the closing quote of a field"

--- records(src) -> iterator of (fields, line) where line is the line the
-- record starts on.  Blank lines are skipped.  Raises a problem for an
-- unterminated quote, bad quoting or an oversized field.
function M.records(src)
  local buf, pos, line, final = "", 1, 1, false
  local function refill()
    local text = src:next_chunk()
    if text == nil then
      final = true
    else
      buf = buf:sub(pos) .. text
      pos = 1
    end
  end
  return function()
    while true do
      local row, nextpos
      if pos <= #buf then row, nextpos = (final and last_record or record):match(buf, pos) end
      if row then
        local start = line
        if nextpos - pos > M.MAX_FIELD then
          for _, f in ipairs(row) do
            if #f > M.MAX_FIELD then
              errors.raise(src.path, start, ("field over %d MB"):format(M.MAX_FIELD >> 20))
            end
          end
        end
        line = line + newlines(buf, pos, nextpos)
        pos = nextpos
        if #row > 1 or row[1] ~= "" then return row, start end
      elseif pos > #buf then
        if final then return nil end
        refill()
      else
        local incomplete = unfinished:match(buf, pos) or not buf:find("\n", pos, true)
        if final and incomplete then
          errors.raise(src.path, line, "unterminated quoted field (the file ends inside quotes)")
        elseif final or not incomplete then
          errors.raise(src.path, line, BAD_QUOTES)
        elseif #buf - pos + 1 > M.MAX_FIELD then
          errors.raise(src.path, line, ("field over %d MB"):format(M.MAX_FIELD >> 20))
        end
        refill()
      end
    end
  end
end

return M
