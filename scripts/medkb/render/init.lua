-- medkb/render/init.lua -- pages from the knowledge base: a document or an
-- entity becomes a model (medkb.render.model) and the model a page, by the
-- templates of a format (text, md, html; json is the model itself).
-- Templates are Lua files under medkb/templates/FORMAT/PAGE.lua, each a
-- table of named parts (page, title, summary, section, …) over the parts
-- every format shares (medkb/templates/common.lua) and those its format's
-- pages share (FORMAT/common.lua).  A directory given as
-- opts.templates, or $MEDKB_TEMPLATES, may hold FORMAT/PAGE.lua files that
-- replace any parts and keep the rest; a part reaches the one it replaces
-- as t.base.NAME.  Templates run in the sandbox's environment
-- (medkb.sandbox: the pure parts of the standard library, nothing that
-- reaches outside); an html template builds markup with h
-- (medkb.render.html), which escapes every text it is given.  Templates of
-- one's own are code someone else may have written: their files load, and
-- each page made with them renders, under the sandbox's limits, and a
-- template that loops, allocates without bound or errors is an error
-- naming its file.

local model = require "medkb.render.model"
local html = require "medkb.render.html"
local json = require "medkb.json"
local sandbox = require "medkb.sandbox"

local M = {}

M.FORMATS = { "text", "md", "html", "json" }
local FORMATS = { dot = true }
for _, f in ipairs(M.FORMATS) do FORMATS[f] = true end

--- dir: where the built-in templates are: medkb/templates beside this
-- file's directory.
local here = debug.getinfo(1, "S").source:match("^@(.*)/render/init%.lua$")
M.dir = (here or "medkb") .. "/templates"

-- The parts in path, or nil when there is no such file; raises, naming
-- the file, when it does not load or is not a table of functions and
-- values.  own: a template of one's own, run under the sandbox's limits.
local function load_parts(path, fmt, own)
  local f = io.open(path, "rb")
  if not f then return nil end
  f:close()
  local env = sandbox.env("template " .. path, { h = fmt == "html" and html.h or nil })
  local chunk, err = loadfile(path, "t", env)
  if not chunk then
    -- a syntax error names the file; bytecode, refused, does not
    if not err:find(path, 1, true) then err = ("%s: %s"):format(path, err) end
    error(("template %s"):format(err), 0)
  end
  local ok, parts
  if own then ok, parts = sandbox.run(sandbox.LIMITS, chunk) else ok, parts = pcall(chunk) end
  if not ok then error(("template %s: %s"):format(path, sandbox.message(parts)), 0) end
  if type(parts) ~= "table" then error(("template %s: expected a table of parts"):format(path), 0) end
  return parts
end

local cache = {}
-- The directory of one's own templates among a page kind's parts.
local own_dir = setmetatable({}, { __mode = "k" })

--- reload() forgets the templates read so far, so that the next page
-- reads their files again (after they were edited).
function M.reload()
  cache = {}
end

--- parts(fmt, page [, dir]) -> the template parts for a page kind
-- ("article", "question", "answer", "entity") in a format: the built-in
-- ones, with those of dir (or $MEDKB_TEMPLATES) over them.  t.base holds
-- the built-in parts.
function M.parts(fmt, page, dir)
  dir = dir or os.getenv("MEDKB_TEMPLATES")
  if dir == "" then dir = nil end
  local key = table.concat({ fmt, page, dir or "" }, "\0")
  if cache[key] then return cache[key] end
  -- the parts every format shares, the format's own shared parts, the
  -- page's; then the same three from dir
  local function files(top)
    return { top .. "/common.lua", ("%s/%s/common.lua"):format(top, fmt),
             ("%s/%s/%s.lua"):format(top, fmt, page) }
  end
  local base = {}
  for i, file in ipairs(files(M.dir)) do
    local parts = load_parts(file, fmt)
    if i == 3 and not parts then error(("no %s template for %s pages"):format(fmt, page), 0) end
    for k, v in pairs(parts or {}) do base[k] = v end
  end
  local t = setmetatable({ base = base }, { __index = base })
  if dir then
    for _, file in ipairs(files(dir)) do
      local parts = load_parts(file, fmt, true)
      if parts then own_dir[t] = dir end
      for k, v in pairs(parts or {}) do t[k] = v end
    end
  end
  cache[key] = t
  return t
end

--- model(x) -> the model of a Document or an Entity.
function M.model(x, opts)
  local mt = getmetatable(x)
  -- a page is many queries: one snapshot (kb:read) for them all
  if mt and mt.__name == "medkb.Entity" then return x.kb:read(model.entity, x) end
  if mt and mt.__name == "medkb.Document" then return x.kb:read(model.document, x, opts) end
  error("bad argument #1 to 'render' (medkb.Document or medkb.Entity expected, got "
    .. type(x) .. ")", 3)
end

--- render(x, fmt [, opts]) -> the page of x (a Document or an Entity) in
-- format fmt ("text" by default).  opts: templates (a directory of
-- parts), url(ref) -> the address of another page ({type =, id =} of a
-- document or entity; nil leaves it unlinked), css (the stylesheet's
-- address), diagram(m) -> markup of an entity's diagram (the site's
-- picture; inline SVG by default), home (the index's address), related
-- (false: a page with no related list of its own gets none; else the
-- documents most like it, medkb/related.lua).
function M.render(x, fmt, opts)
  fmt = fmt or "text"
  if not FORMATS[fmt] then
    error(("unknown format '%s' (%s)"):format(tostring(fmt), table.concat(M.FORMATS, ", ")), 2)
  end
  local m = M.model(x, opts)
  if fmt == "json" then return json.encode(m) .. "\n" end
  return M.page(m, fmt, opts)
end

--- page(m, fmt [, opts]) -> the page of model m.  opts.wrap(t) -> the
-- parts to use instead of t (medkb.lint marks where each part stands).
function M.page(m, fmt, opts)
  opts = opts or {}
  local t = M.parts(fmt, m.type, opts.templates)
  local own = own_dir[t]
  if opts.wrap then t = opts.wrap(t) end
  -- what the site (or the caller) tells the templates, fresh per page
  local ctx = setmetatable({ url = opts.url or function() return nil end, css = opts.css,
                             home = opts.home, diagram = opts.diagram }, { __index = t })
  if fmt == "html" then
    -- a page on its own carries the stylesheet; a site's links to its own
    local style = not opts.css and M.stylesheet(opts.templates) or nil
    ctx.document = function(title, body)
      return html.document(title, body, { css = opts.css, style = style })
    end
    ctx.diagram = ctx.diagram or M.inline_diagram
  end
  if not own then return tostring(ctx.page(m, ctx)) end
  local ok, page = sandbox.run(sandbox.LIMITS, function() return tostring(ctx.page(m, ctx)) end)
  if not ok then error(("templates %s: %s"):format(own, page), 0) end
  return page
end

--- stylesheet([dir]) -> the text of the HTML pages' stylesheet: dir's
-- html/style.css (or $MEDKB_TEMPLATES') where there is one, else medkb's;
-- read once, as templates are.
local stylesheets = {}
function M.stylesheet(dir)
  dir = dir or os.getenv("MEDKB_TEMPLATES")
  local tops = { M.dir }
  if dir and dir ~= "" then table.insert(tops, 1, dir) end
  local key = dir or ""
  if stylesheets[key] then return stylesheets[key] end
  for _, top in ipairs(tops) do
    local f = io.open(top .. "/html/style.css", "rb")
    if f then
      local s = f:read("a")
      f:close()
      stylesheets[key] = s
      return s
    end
  end
end

--- dot(m [, opts]) -> the DOT text of entity model m (the picture's
-- graph, for Graphviz), from the template dot/entity.lua.
function M.dot(m, opts)
  return M.page(m, "dot", opts)
end

--- inline_diagram(m) -> an entity's diagram as inline SVG markup, or nil
-- when there is nothing to draw.  Graphviz missing is an error.
function M.inline_diagram(m)
  local graph = require "medkb.render.graph"
  if not graph.has_picture(m) then return nil end
  local svg, err = graph.svg(M.dot(m))
  if not svg then error(err, 0) end
  return html.trusted(graph.inline(svg))
end

return M
