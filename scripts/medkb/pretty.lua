-- medkb/pretty.lua -- readable text for any Lua value: strings quoted,
-- tables on one line up to a depth and item limit, medkb objects through
-- their __tostring.  Used by the REPL to print results.

local M = {}

M.max_depth = 3
M.max_items = 40

local function quote(s)
  return '"' .. s:gsub('[\\"\n\r\t%c]', function(c)
    local named = { ["\\"] = "\\\\", ['"'] = '\\"', ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
    return named[c] or ("\\%03d"):format(c:byte())
  end) .. '"'
end

local function key_text(k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return k end
  return "[" .. M.format(k, 0) .. "]"
end

local function sorted_keys(t)
  local n, keys = #t, {}
  for k in pairs(t) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "string" or ta == "number" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys, n
end

--- format(v [, depth]) -> string
function M.format(v, depth, seen)
  depth = depth or M.max_depth
  local tv = type(v)
  if tv == "string" then return quote(v) end
  local mt = getmetatable(v)
  if tv ~= "table" or (type(mt) == "table" and mt.__tostring) then return tostring(v) end
  seen = seen or {}
  if seen[v] then return "<cycle>" end
  if depth <= 0 then return "{...}" end
  seen[v] = true
  local keys, n = sorted_keys(v)
  local items = {}
  for i = 1, n do
    if #items >= M.max_items then break end
    items[#items + 1] = M.format(v[i], depth - 1, seen)
  end
  for _, k in ipairs(keys) do
    if #items >= M.max_items then break end
    items[#items + 1] = key_text(k) .. " = " .. M.format(v[k], depth - 1, seen)
  end
  local total = n + #keys
  if total > #items then items[#items + 1] = ("... (%d more)"):format(total - #items) end
  seen[v] = nil
  return "{" .. table.concat(items, ", ") .. "}"
end

return M
