-- medkb/site.lua -- the knowledge base as a static site: an index (by
-- department, symptom, tag and doctor, with every article, every kind of
-- entity and every question a few links away), one page per article,
-- question and entity, a picture per symptom with causes, and one small
-- stylesheet.  Links are relative, so the site works from any directory
-- or server.  A rebuild writes only the pages whose content changed: each
-- page's content hash is kept in OUT/.medkb-site, and a page whose new
-- hash is the one recorded (and whose file is there) is left alone;
-- pages of documents and entities no longer in the knowledge base are
-- removed.

local medkb = require "medkb"
local render = require "medkb.render"
local model = require "medkb.render.model"
local graph = require "medkb.render.graph"
local html = require "medkb.render.html"

local h = html.h
local M = {}

M.MANIFEST = ".medkb-site"
M.PER_LIST = 500

-- Where each kind of page goes.
local DIRS = { article = "a", question = "q", entity = "e" }

local function hash(s)
  return medkb.text.hash(s)
end

local function read_manifest(out)
  local m = {}
  local f = io.open(out .. "/" .. M.MANIFEST, "rb")
  if not f then return m end
  for line in f:lines() do
    local hx, path = line:match("^(%x+) (.+)$")
    if hx then m[path] = hx end
  end
  f:close()
  return m
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- The site's writer: put(path, content) writes a page unless the
-- manifest says it holds that content already.
local function writer(out, old)
  local w = { new = {}, written = 0, unchanged = 0, dirs = {} }
  function w.put(path, content)
    local hx = hash(content)
    w.new[path] = hx
    if old[path] == hx and exists(out .. "/" .. path) then
      w.unchanged = w.unchanged + 1
      return
    end
    local dir = path:match("^(.*)/")
    if dir and not w.dirs[dir] then
      os.execute(("mkdir -p '%s/%s'"):format(out:gsub("'", "'\\''"), dir))
      w.dirs[dir] = true
    end
    local f = assert(io.open(out .. "/" .. path, "wb"))
    f:write(content)
    f:close()
    w.written = w.written + 1
  end
  function w.finish()
    local removed = 0
    for path in pairs(old) do
      if not w.new[path] then
        os.remove(out .. "/" .. path)
        removed = removed + 1
      end
    end
    local paths = {}
    for path in pairs(w.new) do paths[#paths + 1] = path end
    table.sort(paths)
    local f = assert(io.open(out .. "/" .. M.MANIFEST, "wb"))
    for _, p in ipairs(paths) do f:write(w.new[p], " ", p, "\n") end
    f:close()
    return removed
  end
  return w
end

--- build(kb, out [, opts]) -> { pages =, written =, unchanged =, removed = }.
-- opts: templates (a directory of parts), progress(done, total) called as
-- pages are made.
function M.build(kb, out, opts)
  -- one read: the site is of one state of the knowledge base, whatever
  -- an import commits meanwhile, and each query does not take and drop
  -- the file's locks
  return kb:read(M._build, kb, out, opts)
end

function M._build(kb, out, opts)
  opts = opts or {}
  os.execute(("mkdir -p '%s'"):format(out:gsub("'", "'\\''")))
  local w = writer(out, read_manifest(out))
  -- every page there will be, so that links point only at pages made
  local docs, entities = {}, {}
  for d in kb:documents() do
    if d.kind ~= "answer" then docs[#docs + 1] = d end
  end
  for e in kb:entities() do entities[#entities + 1] = e end
  local answer_of = {}  -- an answer is shown on its question's page

  -- url(ref) from a page at depth 1 (a/, q/, e/, k/)
  local function url_from(prefix)
    return function(ref)
      if not ref or not ref.id then return nil end
      local t = ref.type
      if t == "answer" then
        local q = answer_of[ref.id]
        if q == nil then
          q = false
          for other in kb:document(ref.id):linked("answers") do q = other.id end
          answer_of[ref.id] = q
        end
        return q and ("%sq/%d.html"):format(prefix, q) or nil
      end
      local dir = DIRS[t == "entity" and "entity" or t]
      return dir and ("%s%s/%d.html"):format(prefix, dir, ref.id) or nil
    end
  end
  local deep = { url = url_from("../"), css = "../style.css", home = "../index.html",
                 templates = opts.templates }
  local total = #docs + #entities + 2
  local done = 0
  local function step()
    done = done + 1
    if opts.progress then opts.progress(done, total) end
  end

  local related_cache = require("medkb.related").cache()
  for _, d in ipairs(docs) do
    w.put(("%s/%d.html"):format(DIRS[d.kind], d.id),
          render.page(model.document(d, { related_cache = related_cache }), "html", deep))
    step()
  end
  for _, e in ipairs(entities) do
    local m = model.entity(e)
    local page_opts = deep
    if graph.has_picture(m) then
      local svg, err = graph.svg(render.dot(m, { templates = opts.templates }))
      if not svg then error(err, 0) end
      local file = ("e/%d.svg"):format(e.id)
      w.put(file, svg)
      page_opts = setmetatable({ diagram = function()
        return h.img({ src = ("%d.svg"):format(e.id), alt = m.name .. "的病因与用药、饮食、检查" })
      end }, { __index = deep })
    end
    w.put(("e/%d.html"):format(e.id), render.page(m, "html", page_opts))
    step()
  end

  -- lists: each kind of entity, and the questions, a page per 500
  local by_kind = {}
  for _, e in ipairs(entities) do
    by_kind[e.kind] = by_kind[e.kind] or {}
    table.insert(by_kind[e.kind], e)
  end
  local t = render.parts("html", "entity", opts.templates)
  local function list_page(title, items)
    local lis = {}
    for _, it in ipairs(items) do lis[#lis + 1] = h.li(h.a({ href = it.href }, it.text)) end
    return html.document(title, h.fragment(
      h.header({ class = "site" }, h.a({ href = "../index.html", class = "home" }, "medkb 健康知识库")),
      h.main(h.h1(title), h.ul({ class = "index-group" }, lis))), { css = "../style.css" })
  end
  local kinds = {}
  for kind, list in pairs(by_kind) do
    kinds[#kinds + 1] = kind
    table.sort(list, function(a, b) return a.name < b.name end)
    local items = {}
    for i, e in ipairs(list) do items[i] = { href = ("../e/%d.html"):format(e.id), text = e.name } end
    w.put(("k/%s.html"):format(kind), list_page(t.kind_names[kind] or kind, items))
  end
  table.sort(kinds)
  local questions = {}
  for _, d in ipairs(docs) do
    if d.kind == "question" then questions[#questions + 1] = d end
  end
  local lists = math.max(1, (#questions + M.PER_LIST - 1) // M.PER_LIST)
  for n = 1, lists do
    local items = {}
    for i = (n - 1) * M.PER_LIST + 1, math.min(n * M.PER_LIST, #questions) do
      local q = questions[i]
      items[#items + 1] = { href = ("%d.html"):format(q.id), text = q.title }
    end
    w.put(("q/list-%d.html"):format(n), list_page(("问题（第%d页）"):format(n), items))
  end
  step()

  -- the index
  local function group(title, list, limit)
    if not list or #list == 0 then return nil end
    local lis = {}
    for i, e in ipairs(list) do
      if limit and i > limit then break end
      lis[#lis + 1] = h.li(h.a({ href = ("e/%d.html"):format(e.id) }, e.name))
    end
    return h.section(h.h2(title), h.ul({ class = "index-group" }, lis))
  end
  local articles = {}
  for _, d in ipairs(docs) do
    if d.kind == "article" then
      articles[#articles + 1] = h.li(h.a({ href = ("a/%d.html"):format(d.id) }, d.title))
    end
  end
  local kind_links, list_links = {}, {}
  for _, kind in ipairs(kinds) do
    kind_links[#kind_links + 1] = h.li(h.a({ href = ("k/%s.html"):format(kind) },
      ("%s（%d）"):format(t.kind_names[kind] or kind, #by_kind[kind])))
  end
  for n = 1, lists do
    list_links[#list_links + 1] = h.li(h.a({ href = ("q/list-%d.html"):format(n) }, ("第%d页"):format(n)))
  end
  local index = html.document("medkb 健康知识库", h.fragment(
    h.header({ class = "site" }, h.span({ class = "home" }, "medkb 健康知识库")),
    h.main(h.h1("健康知识库"),
      h.p({ class = "meta" }, ("%d篇文章，%d个问题，%d个条目"):format(#articles, #questions, #entities)),
      group("按科室", by_kind.department),
      group("按症状", by_kind.symptom),
      group("按标签", by_kind.tag),
      group("按医生", by_kind.doctor),
      #articles > 0 and h.section(h.h2("文章"), h.ul(articles)) or nil,
      h.section(h.h2("全部条目"), h.ul({ class = "inline" }, kind_links)),
      #questions > 0 and h.section(h.h2("全部问题"), h.ul({ class = "inline" }, list_links)) or nil),
    h.footer({ class = "site" }, "内容仅供参考，不能代替医生的诊断。")), { css = "style.css" })
  w.put("index.html", index)
  w.put("style.css", render.stylesheet(opts.templates))
  step()
  local removed = w.finish()
  return { pages = done, files = w.written + w.unchanged, written = w.written,
           unchanged = w.unchanged, removed = removed }
end

return M
