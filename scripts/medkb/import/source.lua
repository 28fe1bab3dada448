-- medkb/import/source.lua -- reading an input file as UTF-8 text, in
-- chunks, whatever its encoding: UTF-8 (with or without a BOM) or GB18030,
-- detected from the bytes unless forced.  Bad input -- an empty or binary
-- file, bytes invalid in the encoding -- raises a problem naming the line.
-- Conversion and validation are medkb.text.converter (iconv, in C).

local medkb = require "medkb"
local errors = require "medkb.import.errors"

local M = {}

M.CHUNK = 1 << 20

local ENCODINGS = { ["utf-8"] = "UTF-8", gb18030 = "GB18030" }

local Source = {}
Source.__index = Source

--- newlines(s, i, j) -> the number of "\n" in s from byte i up to, not
-- including, byte j.
function M.newlines(s, i, j)
  local n = 0
  while true do
    local nl = s:find("\n", i, true)
    if not nl or nl >= j then return n end
    n, i = n + 1, nl + 1
  end
end

-- Line number of raw byte offset `off` (0-based) within the current chunk.
function Source:line_at(chunk, off)
  return self.raw_lines + M.newlines(chunk, 1, off + 1) + 1
end

-- Converts one raw chunk; raises a problem naming the line of bad bytes.
function Source:convert(raw, final)
  local nul = raw:find("\0", 1, true)
  if nul then
    errors.raise(self.path, self:line_at(raw, nul - 1), "binary file (NUL byte) -- not a text page or CSV")
  end
  local text, _, off = self.conv:feed(raw, final)
  if not text then
    local line = self:line_at(raw, off - self.raw_bytes)
    local hint = ""
    if self.encoding == "utf-8" and self.forced then
      hint = " (the file may be GB18030: try --encoding gb18030 or auto)"
    end
    errors.raise(self.path, line, ("invalid %s at byte %d%s"):format(
      self.encoding == "utf-8" and "UTF-8" or "GB18030", off, hint))
  end
  self.raw_bytes = self.raw_bytes + #raw
  self.raw_lines = self.raw_lines + M.newlines(raw, 1, #raw + 1)
  return text
end

--- The next chunk of UTF-8 text, or nil at the end.
function Source:next_chunk()
  if self.pushed then
    local text = self.pushed
    self.pushed = nil
    return text
  end
  local raw = self.first or self.f:read(M.CHUNK)
  self.first = nil
  if raw == nil then
    if self.done then return nil end
    self.done = true
    return self:convert("", true)
  end
  local text = self:convert(raw, false)
  if self.bom then
    self.bom = false
    if text:sub(1, 3) == "\xEF\xBB\xBF" then text = text:sub(4) end
  end
  return text
end

--- lines([max]) -> iterator of (line, number), streamed; a line longer
-- than max bytes (default 10 MB) raises a problem.
function Source:lines(max)
  max = max or (10 << 20)
  local buf, pos, n, final = "", 1, 0, false
  return function()
    while true do
      local nl = buf:find("\n", pos, true)
      if nl then
        local line = buf:sub(pos, nl - 1):gsub("\r$", "")
        pos, n = nl + 1, n + 1
        return line, n
      end
      if final then
        if pos > #buf then return nil end
        local line = buf:sub(pos)
        pos, n = #buf + 1, n + 1
        return line, n
      end
      if #buf - pos + 1 > max then
        errors.raise(self.path, n + 1, ("line over %d MB"):format(max >> 20))
      end
      local text = self:next_chunk()
      if text == nil then final = true else buf, pos = buf:sub(pos) .. text, 1 end
    end
  end
end

--- Puts text back to be returned by the next next_chunk.
function Source:unread(text)
  self.pushed = text
end

--- The whole text, for page formats; limit in bytes.
function Source:read_all(limit)
  local parts, size = {}, 0
  for text in self.next_chunk, self do
    size = size + #text
    if limit and size > limit then
      errors.raise(self.path, nil, ("file is larger than %d MB"):format(limit >> 20))
    end
    parts[#parts + 1] = text
  end
  return table.concat(parts)
end

function Source:close()
  if self.f and self.f ~= io.stdin then self.f:close() end
  if self.conv then self.conv:close() end
  self.f, self.conv = nil, nil
end

Source.__close = Source.close

-- Whether raw (a prefix of the file) is valid in encoding, allowing a
-- sequence cut at the end.
local function valid(raw, encoding)
  local conv = medkb.text.converter(ENCODINGS[encoding], "UTF-8")
  local ok = conv:feed(raw, false) ~= nil
  conv:close()
  return ok
end

-- The name standard input goes by in problems and as a source.
M.STDIN = "<stdin>"

--- size(path) -> the bytes of file path, or nil for standard input ("-")
-- or a file that cannot be opened (opening it says why).
function M.size(path)
  local f = path ~= "-" and io.open(path, "rb")
  if not f then return nil end
  local n = f:seek("end")
  f:close()
  return n
end

-- Opens path for reading ("-": standard input); returns the file, its
-- size if it can be told, and the name to report it by.
local function open_file(path)
  if path == "-" then return io.stdin, nil, M.STDIN end
  local f, err = io.open(path, "rb")
  if not f then errors.raise(path, nil, err:gsub("^" .. path:gsub("%p", "%%%0") .. ": ", "")) end
  local ok, _, code = f:read(0)
  if ok == nil and code == 21 then  -- EISDIR
    f:close()
    errors.raise(path, nil, ("is a directory (name the files to import, as in '%s/*')"):format(
      path:gsub("/+$", "")))
  end
  local size = f:seek("end")
  f:seek("set")
  return f, size, path
end

--- open(path, encoding) -> Source.  path "-" is standard input.
-- encoding is "auto" (default), "utf-8" or "gb18030".  Raises a problem
-- for a file that cannot be read, is a directory, is empty, or is neither
-- encoding.
function M.open(path, encoding)
  encoding = encoding or "auto"
  if encoding ~= "auto" and not ENCODINGS[encoding] then
    errors.raise(path, nil, ("unknown encoding '%s' (auto, utf-8 or gb18030)"):format(encoding))
  end
  local f, size, name = open_file(path)
  path = name
  local first = f:read(M.CHUNK)
  if first == nil or first:match("^%s*$") and (size or #first) == #first then
    if f ~= io.stdin then f:close() end
    errors.raise(path, nil, "empty file")
  end
  local self = setmetatable({ path = path, f = f, size = size, first = first, raw_bytes = 0,
                              raw_lines = 0, bom = true, forced = encoding ~= "auto" }, Source)
  if encoding == "auto" then
    -- a NUL byte is valid UTF-8: the first read reports the binary file
    if valid(first, "utf-8") then
      encoding = "utf-8"
    elseif valid(first, "gb18030") then
      encoding = "gb18030"
    else
      encoding = "utf-8"   -- so that the error names the first bad line
    end
  end
  self.encoding = encoding
  self.conv = medkb.text.converter(ENCODINGS[encoding], "UTF-8")
  return self
end

return M
