-- medkb/json.lua -- JSON for medkb's export and import.  lua-cjson decodes
-- every number as a float (12 comes back as 12.0, 2^53 + 1 loses its last
-- digit), which would change attribute types on a round trip; this module
-- keeps integers integers, writes floats with 17 significant digits, and
-- writes object keys sorted so that the same knowledge base always exports
-- the same bytes.  Decoding is an lpeg grammar.

local lpeg = require "lpeg"

local P, S, R, C, Cs, Ct, Cc, Cf, Cg, V =
  lpeg.P, lpeg.S, lpeg.R, lpeg.C, lpeg.Cs, lpeg.Ct, lpeg.Cc, lpeg.Cf, lpeg.Cg, lpeg.V

local M = {}

--- The value JSON null decodes to.
M.null = setmetatable({}, { __tostring = function() return "null" end })

-- {=== decoding

local ESC = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r",
              t = "\t" }

local function unicode(h)
  return utf8.char(tonumber(h, 16))
end

local function pair(hi, lo)
  return utf8.char(0x10000 + ((tonumber(hi, 16) - 0xD800) << 10) + (tonumber(lo, 16) - 0xDC00))
end

local ws = S" \t\r\n"^0
local hex = R("09", "af", "AF")
local high = C(S"dD" * R("89", "ab", "AB") * hex * hex)
local low = C(S"dD" * R("cf", "CF") * hex * hex)
-- each escape, backslash included, is replaced by what it stands for; a
-- surrogate pair makes one character
local escape = (P"\\" * C(S'"\\/bfnrt')) / ESC
  + (P"\\u" * high * P"\\u" * low) / pair
  + (P"\\u" * C(hex * hex * hex * hex)) / unicode
local str = P'"' * Cs((escape + (1 - S'"\\' - R"\0\31"))^0) * P'"'
local num = C(P"-"^-1 * (P"0" + R"19" * R"09"^0) * (P"." * R"09"^1)^-1
  * (S"eE" * S"+-"^-1 * R"09"^1)^-1) / function(s)
    -- an integer literal stays an integer when it fits
    return math.tointeger(tonumber(s)) and not s:find("[.eE]") and math.tointeger(tonumber(s))
      or tonumber(s) + 0.0
  end

local grammar = P{ "doc",
  doc = ws * V"value" * ws * -1,
  value = V"object" + V"array" + str + num + P"true" * Cc(true) + P"false" * Cc(false)
    + P"null" * Cc(M.null),
  member = Cg(ws * str * ws * P":" * ws * V"value" * ws),
  object = P"{" * ws * Cf(Ct"" * (V"member" * (P"," * V"member")^0)^-1, rawset) * ws * P"}",
  array = P"[" * ws * Ct((V"value" * ws * (P"," * ws * V"value" * ws)^0)^-1) * P"]",
}

--- decode(s) -> value, or nil and a message.
function M.decode(s)
  local v = grammar:match(s)
  if v == nil then return nil, "invalid JSON" end
  return v
end

-- {=== encoding

local ESCAPE_OUT = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
                     ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return ESCAPE_OUT[c] or ("\\u%04x"):format(c:byte())
  end) .. '"'
end

-- Marks a table as a JSON array, so that an empty one is [].
local ARRAY = { __name = "medkb.json.array" }

--- array([t]) -> t (a new table if none), written as a JSON array even
-- when it is empty.
function M.array(t)
  return setmetatable(t or {}, ARRAY)
end

local function is_array(t)
  if getmetatable(t) == ARRAY then return true end
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local encode

local function encode_into(v, out)
  local tv = type(v)
  if tv == "string" then
    out[#out + 1] = encode_string(v)
  elseif tv == "number" then
    if math.type(v) == "integer" then
      out[#out + 1] = ("%d"):format(v)
    elseif v ~= v or v == math.huge or v == -math.huge then
      error("cannot encode " .. tostring(v) .. " in JSON", 0)
    else
      local s = ("%.17g"):format(v)
      if not s:find("[.eEn]") then s = s .. ".0" end
      out[#out + 1] = s
    end
  elseif tv == "boolean" then
    out[#out + 1] = tostring(v)
  elseif v == nil or v == M.null then
    out[#out + 1] = "null"
  elseif tv == "table" then
    if is_array(v) then
      out[#out + 1] = "["
      for i, x in ipairs(v) do
        if i > 1 then out[#out + 1] = "," end
        encode_into(x, out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do
        if type(k) ~= "string" then error("cannot encode a non-string key in JSON", 0) end
        keys[#keys + 1] = k
      end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = encode_string(k)
        out[#out + 1] = ":"
        encode_into(v[k], out)
      end
      out[#out + 1] = "}"
    end
  else
    error("cannot encode a " .. tv .. " in JSON", 0)
  end
end

--- encode(v) -> JSON text; object keys sorted, empty tables as {} unless
-- made by array().
function encode(v)
  local out = {}
  encode_into(v, out)
  return table.concat(out)
end
M.encode = encode

return M
