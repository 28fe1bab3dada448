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

-- An Html value is a rope: a list of strings and other Html values, made
-- into one string once, when the page is done (tostring), so that nesting
-- elements copies nothing.
local Html = {}
Html.__index = Html

-- Puts the strings of rope v in out after its first n; returns the new n.
local function flatten(v, out, n)
  for i = 1, #v do
    local x = v[i]
    if type(x) == "string" then
      n = n + 1
      out[n] = x
    else
      n = flatten(x, out, n)
    end
  end
  return n
end

Html.__tostring = function(v)
  local out = {}
  flatten(v, out, 0)
  return table.concat(out)
end
Html.__concat = function(a, b) return M.fragment(a, b) end

local function markup(s)
  return setmetatable({ s }, Html)
end

--- is(v) -> whether v is markup made here.
function M.is(v)
  return getmetatable(v) == Html
end

local ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

-- s (a string) with & < > " ' as entities.
local function escape(s)
  if not s:find("[&<>\"']") then return s end
  return (s:gsub("[&<>\"']", ESCAPES))
end

--- escape(s) -> s with & < > " ' as entities.
function M.escape(s)
  return escape(tostring(s))
end

-- Appends the markup of content v to rope out: Html as it is, a list
-- piece by piece, nil and false as nothing, anything else escaped as
-- text.
local function content(v, out)
  if type(v) == "string" then
    out[#out + 1] = escape(v)
    return
  end
  if v == nil or v == false then return end
  if getmetatable(v) == Html then
    out[#out + 1] = v
  elseif type(v) == "table" then
    for _, x in ipairs(v) do content(x, out) end
  else
    out[#out + 1] = M.escape(v)
  end
end

--- fragment(...) -> Html of its arguments, one after another.
function M.fragment(...)
  local out = setmetatable({}, Html)
  for i = 1, select("#", ...) do content((select(i, ...)), out) end
  return out
end

--- join(list, sep) -> Html of list's items with sep between them.
function M.join(list, sep)
  local out = setmetatable({}, Html)
  for i, x in ipairs(list) do
    if i > 1 then content(sep, out) end
    content(x, out)
  end
  return out
end

-- Elements with no content and no end tag.
local VOID = { area = true, br = true, col = true, hr = true, img = true, input = true, link = true,
               meta = true, source = true }

local function check_name(name)
  if type(name) ~= "string" or not name:match("^[%a][%w-]*$") then
    error(("bad tag name '%s'"):format(tostring(name)), 3)
  end
end

-- The start of an element's tag and its end tag, by name, made once.
local opens, closes = {}, {}

-- Appends attributes attrs (keys in order of their names) to rope out.
local function attributes(attrs, out)
  local keys, n = {}, 0
  for k in pairs(attrs) do
    if type(k) ~= "string" or not k:match("^[%a][%w:-]*$") then
      error(("bad attribute name '%s'"):format(tostring(k)), 4)
    end
    n = n + 1
    keys[n] = k
  end
  if n > 1 then table.sort(keys) end
  for i = 1, n do
    local k = keys[i]
    local v = attrs[k]
    if v == true then
      out[#out + 1] = " " .. k
    elseif v ~= nil and v ~= false then
      out[#out + 1] = ' ' .. k .. '="' .. (M.is(v) and tostring(v) or M.escape(v)) .. '"'
    end
  end
end

-- The element name (a name already checked): attributes attrs, then the
-- content.
local function element(name, attrs, ...)
  local open = opens[name]
  if not open then
    open, closes[name] = "<" .. name, "</" .. name .. ">"
    opens[name] = open
  end
  local out = setmetatable({ open }, Html)
  if attrs then attributes(attrs, out) end
  out[#out + 1] = ">"
  if VOID[name] then return out end
  local n = select("#", ...)
  if n == 1 then
    content((...), out)
  elseif n > 1 then
    local args = { ... }
    for i = 1, n do content(args[i], out) end
  end
  out[#out + 1] = closes[name]
  return out
end

--- tag(name, attrs, ...) -> the element name with attributes attrs (a
-- table, keys in order of their names; true for a bare attribute, nil or
-- false to leave one out) and the content after.
function M.tag(name, attrs, ...)
  check_name(name)
  return element(name, attrs, ...)
end

--- h: h.p(attrs, ...), h.a(...), … -- any element by name (h.tag for
-- names Lua cannot spell), plus h.join, h.fragment and h.escape.  Each
-- element's function is made once, its name checked then.
M.h = setmetatable({ tag = M.tag, join = M.join, fragment = M.fragment, escape = M.escape,
                     is = M.is }, {
  __index = function(h, name)
    check_name(name)
    local function make(attrs, ...)
      -- h.p("text") and h.p({ "text" }) read as content, h.p({ class = }) as attributes
      if type(attrs) ~= "table" or getmetatable(attrs) == Html or attrs[1] ~= nil then
        return element(name, nil, attrs, ...)
      end
      return element(name, attrs, ...)
    end
    rawset(h, name, make)
    return make
  end,
})

-- The <style> element of a stylesheet's text, made once per text: a
-- stylesheet cannot end its element early, so "</" never stands in it.
local styles = setmetatable({}, { __mode = "k" })
local function style_element(css)
  local e = styles[css]
  if not e then
    e = markup("<style>" .. css:gsub("</", "<\\/") .. "</style>")
    styles[css] = e
  end
  return e
end

--- document(title, body, opts) -> a whole page: doctype, head (charset,
-- viewport for phones, title, the stylesheet opts.css if given, or the
-- stylesheet text opts.style inline) and body.
-- What every page starts with up to its title, and what ends its head;
-- the same on every page, so made once.
local PAGE_START = markup(table.concat{ "<!DOCTYPE html>\n", '<html lang="zh-CN"><head>',
  tostring(M.tag("meta", { charset = "utf-8" })),
  tostring(M.tag("meta", { name = "viewport", content = "width=device-width, initial-scale=1" })) })
local HEAD_END, PAGE_END = markup("</head><body>"), markup("</body></html>\n")

function M.document(title, body, opts)
  opts = opts or {}
  local page = setmetatable({ PAGE_START, M.h.title(title) }, Html)
  if opts.css then page[#page + 1] = M.tag("link", { rel = "stylesheet", href = opts.css }) end
  if opts.style then page[#page + 1] = style_element(opts.style) end
  page[#page + 1] = HEAD_END
  content(body, page)
  page[#page + 1] = PAGE_END
  return tostring(page)
end

--- trusted(s) -> s as markup.  Only for what medkb itself makes whole and
-- escaped (a diagram's SVG from Graphviz); never for a page's text.
function M.trusted(s)
  return markup(s)
end

return M
