-- medkb/repl.lua -- the Lua half of `medkb repl`: how results are shown,
-- what Tab completes, the .help text and where the history is kept.  The
-- loop that uses them is core/repl.c.

local pretty = require "medkb.pretty"

local M = {}

M.help = [[
Type Lua: an expression prints its value, a statement runs.
  kb                           the knowledge base
  kb:get("symptom", "眼皮跳")   an entity, by name or alias
  for c, rel in e:related("cause") do print(rel.rank, c.name) end
  for d in kb:entities{kind = "doctor"} do print(d.name, d.attrs.hospital) end
  kb:stats()                   counts per kind
.help   this text
.quit   leave (also Ctrl-D)
]]

function M.format(v)
  return pretty.format(v)
end

function M.history_file()
  local f = os.getenv("MEDKB_HISTORY")
  if f and f ~= "" then return f end
  local home = os.getenv("HOME")
  if home and home ~= "" then return home .. "/.medkb_history" end
  return nil
end

-- The names an object offers: its own keys if a table, and the methods
-- its metatable gives it (medkb classes keep them in mt.methods).
local function names_of(obj, methods_only)
  local names, seen = {}, {}
  local function add(t, want_fn)
    if type(t) ~= "table" then return end
    for k, v in pairs(t) do
      if type(k) == "string" and k:match("^[%a_][%w_]*$") and not seen[k]
          and (not want_fn or type(v) == "function") then
        seen[k] = true
        names[#names + 1] = k
      end
    end
  end
  if type(obj) == "table" then add(obj, methods_only) end
  local mt = getmetatable(obj)
  local depth = 0
  while type(mt) == "table" and depth < 4 do
    if type(mt.methods) == "table" then add(mt.methods, methods_only) end
    local idx = rawget(mt, "__index")
    if type(idx) ~= "table" then break end
    add(idx, methods_only)
    mt = getmetatable(idx)
    depth = depth + 1
  end
  -- the fields medkb objects compute in __index, as their class lists them
  mt = getmetatable(obj)
  if not methods_only and type(mt) == "table" and type(mt.fields) == "table" then
    for _, f in ipairs(mt.fields) do
      if not seen[f] then
        seen[f] = true
        names[#names + 1] = f
      end
    end
  end
  return names
end

--- complete(env, text) -> sorted list of completions of text: a global,
-- or a field (a.b) or method (a:b) of a chain of names.
function M.complete(env, text)
  local head, sep, partial = text:match("^([%a_][%w_%.]*)([%.:])([%w_]*)$")
  local obj, names
  if head then
    obj = env
    for part in head:gmatch("[^%.]+") do
      local ok, v = pcall(function() return obj[part] end)
      if not ok or v == nil then return {} end
      obj = v
    end
    names = names_of(obj, sep == ":")
    head = head .. sep
  else
    partial = text:match("^[%a_][%w_]*$") or (text == "" and "")
    if not partial then return {} end
    names, head = names_of(env), ""
  end
  local out = {}
  for _, n in ipairs(names) do
    -- private primitives (_begin, ...) only when asked for
    if n:sub(1, #partial) == partial and (n:sub(1, 1) ~= "_" or partial:sub(1, 1) == "_") then
      out[#out + 1] = head .. n
    end
  end
  table.sort(out)
  return out
end

return M
