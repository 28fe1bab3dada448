-- medkb/import/errors.lua -- the error an importer raises for bad input:
-- it names the file and line and says what is wrong, and prints as
-- "file:line: message" (just "file: message" when no line applies).

local M = {}

local Problem = {}
Problem.__index = Problem
Problem.__tostring = function(p)
  if p.line then return ("%s:%d: %s"):format(p.file, p.line, p.message) end
  return ("%s: %s"):format(p.file, p.message)
end

function M.new(file, line, message)
  return setmetatable({ file = file, line = line, message = message }, Problem)
end

--- Raises a problem; never returns.
function M.raise(file, line, message)
  error(M.new(file, line, message), 0)
end

function M.is(e)
  return getmetatable(e) == Problem
end

return M
