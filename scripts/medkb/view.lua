-- medkb/view.lua -- the knowledge base as sandboxed code sees it (content
-- rules, `medkb run --sandbox`): a read-only table of functions, each
-- giving plain tables (entities, documents, names found in a text), so
-- that the code can read the knowledge base and change nothing, reach no
-- userdata and call no method that writes.

local extract = require "medkb.extract"
local sandbox = require "medkb.sandbox"

local M = {}

local function entity_table(e, alias)
  return { id = e.id, kind = e.kind, name = e.name, alias = alias, aliases = e.aliases, attrs = e.attrs }
end

local function plain(r)
  local out = {}
  for k, v in pairs(r) do
    if type(v) ~= "table" and type(v) ~= "userdata" then out[k] = v end
  end
  return out
end

--- of(kb) -> a read-only view of kb: functions that give plain tables.
function M.of(kb)
  local known_drugs
  local function drugs_known()
    if not known_drugs then
      known_drugs = {}
      for e in kb:entities{ kind = "drug" } do known_drugs[e.name] = true end
    end
    return known_drugs
  end
  local function entity_of(x, kind)
    if type(x) == "number" then return kb:entity(math.tointeger(x)) end
    if type(x) ~= "string" then return nil end
    if kind then return (kb:get(kind, x)) end
    for _, k in ipairs(kb:kinds()) do
      local e = kb:get(k.kind, x)
      if e then return e end
    end
  end
  local view = {}
  --- entity(name [, kind]) -> {id, kind, name, alias (the name given,
  -- when it is an alias), aliases, attrs}, or nil; an id works too.
  function view.entity(x, kind)
    local e = entity_of(x, kind)
    if not e then return nil end
    return entity_table(e, (type(x) == "string" and x ~= e.name) and x or nil)
  end
  --- related(entity, type) -> what the knowledge base holds of it, in
  -- the merged view: {id, kind, name, documents (how many state it),
  -- rank, sources = {document ids}}, most documents first.
  function view.related(x, type_, incoming)
    local e = entity_of(x)
    if not e then return {} end
    local out = {}
    for other, rel in (incoming and e.incoming or e.related)(e, type_) do
      local r = { id = other.id, kind = other.kind, name = other.name, type = rel.type,
                  documents = rel.documents, rank = rel.rank, sources = {} }
      for _, s in ipairs(rel.sources) do
        if s.document then r.sources[#r.sources + 1] = s.document.id end
      end
      out[#out + 1] = r
    end
    return out
  end
  --- incoming(entity, type) -> the same, from the other end.
  function view.incoming(x, type_)
    return view.related(x, type_, true)
  end
  --- documents(entity [, link type]) -> {id, kind, title, link} of the
  -- documents that link to it.
  function view.documents(x, type_)
    local e = entity_of(x)
    if not e then return {} end
    local out = {}
    for d, link in e:documents(type_) do
      out[#out + 1] = { id = d.id, kind = d.kind, title = d.title, link = link.type }
    end
    return out
  end
  --- alias_type(entity, name) -> what name is to the entity: an alias's
  -- type ("standard", "colloquial", or "alias" when it has none), or nil
  -- when name is not one of its aliases.
  function view.alias_type(x, name)
    local e = entity_of(x)
    if not e then return nil end
    for _, a in ipairs(e:alias_info()) do
      if a.name == name then return a.type or "alias" end
    end
    return nil
  end
  --- naming(text [, limit]) -> the ids of documents (up to limit, 10)
  -- whose title or text has text in it, by the search index.
  function view.naming(text, limit)
    local out = {}
    if type(text) ~= "string" or text == "" then return out end
    for id in kb:_search_documents(require("medkb.search").quoted(text), nil, nil, nil, limit or 10) do
      out[#out + 1] = id
    end
    return out
  end
  --- document(id) -> {id, kind, key, title} or nil.
  function view.document(id)
    local d = type(id) == "number" and kb:document(math.tointeger(id))
    if not d then return nil end
    return plain(d:fields())
  end
  --- names(text) -> the entity names and aliases in text, longest
  -- first: {from, to, text, id, kind, name}.
  function view.names(text)
    local out = {}
    for _, hit in ipairs(kb:_match_names(text)) do
      local e = kb:entity(hit[3])
      if e then
        out[#out + 1] = { from = hit[1], to = hit[2], text = text:sub(hit[1], hit[2]), id = e.id,
                          kind = e.kind, name = e.name }
      end
    end
    return out
  end
  --- drugs(text) -> the drugs text names, as the importers read them:
  -- {name, role ("taken", "provoking" or "mentioned"), known (an entity
  -- of the knowledge base)}.
  function view.drugs(text)
    local known = drugs_known()
    local out = {}
    for _, d in ipairs(extract.drugs(text, known)) do
      out[#out + 1] = { name = d.name, role = d.role, known = known[d.name] == true }
    end
    return out
  end
  return sandbox.freeze(view)
end

return M
