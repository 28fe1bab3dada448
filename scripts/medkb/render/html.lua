-- medkb/render/html.lua -- HTML that escapes by construction.  Markup is
-- an Html value, made only by this module's builder from tag names,
-- attributes and content; any string given as content or as an attribute
-- value is escaped on the way in.  A template that hands the builder a
-- field hands it text, so it cannot forget to escape it, and nothing a
-- page's text holds becomes markup.
--
--   local h = require("medkb.render.html").h
--   h.p({ class = "lead" }, "a < b", h.a({ href = url }, name))
--   h.join({ ... }, ", ")          -- Html from a list, separated
--   h.fragment(x, y, ...)          -- Html from several pieces

local M = {}

local Html = {}
Html.__index = Html
Html.__tostring = function(v) return v.markup end
Html.__concat = function(a, b) return M.fragment(a, b) end

local function markup(s)
  return setmetatable({ markup = s }, Html)
end

--- is(v) -> whether v is markup made here.
function M.is(v)
  return getmetatable(v) == Html
end

local ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

--- escape(s) -> s with & < > " ' as entities.
function M.escape(s)
  return (tostring(s):gsub("[&<>\"']", ESCAPES))
end

-- The markup of content: Html as it is, a list piece by piece, nil and
-- false as nothing, anything else escaped as text.
local function content(v, out)
  if v == nil or v == false then return end
  if M.is(v) then
    out[#out + 1] = v.markup
  elseif type(v) == "table" then
    for _, x in ipairs(v) do content(x, out) end
  else
    out[#out + 1] = M.escape(v)
  end
end

--- fragment(...) -> Html of its arguments, one after another.
function M.fragment(...)
  local out = {}
  for i = 1, select("#", ...) do content((select(i, ...)), out) end
  return markup(table.concat(out))
end

--- join(list, sep) -> Html of list's items with sep between them.
function M.join(list, sep)
  local out = {}
  for i, x in ipairs(list) do
    if i > 1 then content(sep, out) end
    content(x, out)
  end
  return markup(table.concat(out))
end

-- Elements with no content and no end tag.
local VOID = { area = true, br = true, col = true, hr = true, img = true, input = true, link = true,
               meta = true, source = true }

--- tag(name, attrs, ...) -> the element name with attributes attrs (a
-- table, keys in order of their names; true for a bare attribute, nil or
-- false to leave one out) and the content after.
function M.tag(name, attrs, ...)
  if type(name) ~= "string" or not name:match("^[%a][%w-]*$") then
    error(("bad tag name '%s'"):format(tostring(name)), 2)
  end
  local out = { "<", name }
  if attrs then
    local keys = {}
    for k in pairs(attrs) do
      if type(k) ~= "string" or not k:match("^[%a][%w:-]*$") then
        error(("bad attribute name '%s'"):format(tostring(k)), 2)
      end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    for _, k in ipairs(keys) do
      local v = attrs[k]
      if v == true then
        out[#out + 1] = " " .. k
      elseif v ~= nil and v ~= false then
        out[#out + 1] = (' %s="%s"'):format(k, M.is(v) and v.markup or M.escape(v))
      end
    end
  end
  out[#out + 1] = ">"
  if VOID[name] then return markup(table.concat(out)) end
  for i = 1, select("#", ...) do content((select(i, ...)), out) end
  out[#out + 1] = "</" .. name .. ">"
  return markup(table.concat(out))
end

--- h: h.p(attrs, ...), h.a(...), … -- any element by name (h.tag for
-- names Lua cannot spell), plus h.join, h.fragment and h.escape.
M.h = setmetatable({ tag = M.tag, join = M.join, fragment = M.fragment, escape = M.escape,
                     is = M.is }, {
  __index = function(_, name)
    return function(attrs, ...)
      -- h.p("text") and h.p({ "text" }) read as content, h.p({ class = }) as attributes
      if type(attrs) ~= "table" or M.is(attrs) or attrs[1] ~= nil then
        return M.tag(name, nil, attrs, ...)
      end
      return M.tag(name, attrs, ...)
    end
  end,
})

--- document(title, body, opts) -> a whole page: doctype, head (charset,
-- viewport for phones, title, the stylesheet opts.css if given, or the
-- stylesheet text opts.style inline) and body.
function M.document(title, body, opts)
  opts = opts or {}
  local h = M.h
  local head = {
    M.tag("meta", { charset = "utf-8" }),
    M.tag("meta", { name = "viewport", content = "width=device-width, initial-scale=1" }),
    h.title(title),
  }
  if opts.css then head[#head + 1] = M.tag("link", { rel = "stylesheet", href = opts.css }) end
  if opts.style then
    -- a stylesheet cannot end its element early: "</" never stands in CSS
    head[#head + 1] = markup("<style>" .. opts.style:gsub("</", "<\\/") .. "</style>")
  end
  return "<!DOCTYPE html>\n" .. tostring(M.tag("html", { lang = "zh-CN" }, h.head(head),
    M.tag("body", nil, body))) .. "\n"
end

--- trusted(s) -> s as markup.  Only for what medkb itself makes whole and
-- escaped (a diagram's SVG from Graphviz); never for a page's text.
function M.trusted(s)
  return markup(s)
end

return M
