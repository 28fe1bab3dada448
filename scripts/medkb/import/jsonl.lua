-- medkb/import/jsonl.lua -- medkb's own JSON Lines (what `medkb export`
-- writes) back into a knowledge base: kinds, entities, the relations the
-- user states, and documents with the relations each states, named by
-- kind and name or key.  Links between documents are
-- made once every document of the file is in, so their order does not
-- matter.  A document already present with the same import time is left
-- alone, so importing the same file again changes nothing.

local json = require "medkb.json"

local M = {}

local function need(rec, field)
  local v = rec[field]
  if type(v) ~= "string" then error(("field '%s' must be a string"):format(field), 0) end
  return v
end

local function entity_ref(kb, ref, what)
  if type(ref) ~= "table" or type(ref[1]) ~= "string" or type(ref[2]) ~= "string" then
    error(("%s must be [kind, name]"):format(what), 0)
  end
  local e = kb:get(ref[1], ref[2])
  if not e then error(("%s: no %s named '%s'"):format(what, ref[1], ref[2]), 0) end
  return e
end

-- The document a link names: by ref ("#id", within the file) or by
-- [kind, key], in this file or already in the knowledge base.
local function document_ref(ctx, l)
  if l.ref then return ctx.jsonl_refs[l.ref] end
  local ref = l.document
  if type(ref) ~= "table" or type(ref[1]) ~= "string" or type(ref[2]) ~= "string" then
    error("link must name a document as [kind, key] or by ref", 0)
  end
  return ctx.jsonl_refs[ref[1] .. "\0" .. ref[2]] or ctx.kb:document(ref[1], ref[2])
end

local function copy(t)
  local out = {}
  for k, v in pairs(t or {}) do
    if v ~= json.null then out[k] = v end
  end
  return out
end

local handlers = {}

function handlers.meta() end

function handlers.kind(ctx, rec)
  ctx.kb:add_kind(need(rec, "name"))
end

function handlers.entity(ctx, rec)
  ctx.kb:put{ kind = need(rec, "kind"), name = need(rec, "name"),
              aliases = rec.aliases, attrs = copy(rec.attrs) }
end

-- A statement record (a "relation" line, or an item of a document's
-- statements) as kb:relate's arguments: src, type, dst, options.
local function statement(kb, rec)
  local opts = copy(rec.attrs)
  opts.rank = rec.rank
  return entity_ref(kb, rec.src, "src"), need(rec, "rel"), entity_ref(kb, rec.dst, "dst"), opts
end

function handlers.relation(ctx, rec)
  ctx.kb:relate(statement(ctx.kb, rec))
end

function handlers.document(ctx, rec, line)
  local kb = ctx.kb
  local kind = need(rec, "kind")
  if rec.key ~= nil then need(rec, "key") end
  local old = rec.key and kb:document(kind, rec.key)
  if old and old.imported_at == rec.imported_at then
    ctx.jsonl_refs[kind .. "\0" .. rec.key] = old
    return true
  end
  local links, later = {}, {}
  for _, l in ipairs(rec.links or {}) do
    if l.entity then
      links[#links + 1] = { type = l.type, rank = l.rank, target = entity_ref(kb, l.entity, "link") }
    else
      later[#later + 1] = l
    end
  end
  local parts = {}
  for _, p in ipairs(rec.parts or {}) do
    parts[#parts + 1] = { name = p.name, title = p.title ~= json.null and p.title or nil, text = p.text }
  end
  local statements = {}
  for _, st in ipairs(rec.statements or {}) do
    local src, rel, dst, opts = statement(kb, st)
    opts[1], opts[2], opts[3] = src, rel, dst
    statements[#statements + 1] = opts
  end
  local doc = kb:put_document{ kind = kind, key = rec.key, title = rec.title, body = rec.body,
    source = rec.source ~= json.null and rec.source or nil, imported_at = rec.imported_at,
    parts = parts, counts = copy(rec.counts), attrs = copy(rec.attrs), links = links,
    statements = statements }
  ctx.jsonl_refs[rec.key and (kind .. "\0" .. rec.key) or rec.ref or ""] = doc
  for _, l in ipairs(later) do
    ctx.jsonl_pending[#ctx.jsonl_pending + 1] = { doc = doc, link = l, line = line }
  end
end

function M.import(ctx, src)
  ctx.jsonl_refs, ctx.jsonl_pending = {}, {}
  for text, line in src:lines() do
    if text:find("%S") then
      local rec, err = json.decode(text)
      if not rec or type(rec) ~= "table" then
        ctx:problem(line, err or "expected a JSON object")
      elseif not handlers[rec.type] then
        ctx:problem(line, ("unknown record type '%s'"):format(tostring(rec.type)))
      else
        ctx:record(line, function()
          local unchanged = handlers[rec.type](ctx, rec, line)
          if rec.type == "document" then ctx:done(unchanged == true) end
        end)
      end
    end
  end
  for _, p in ipairs(ctx.jsonl_pending) do
    ctx:record(p.line, function()
      local target = document_ref(ctx, p.link)
      if not target then
        error("link to a document that is not in the file or the knowledge base", 0)
      end
      p.doc:link(p.link.type, target, p.link.rank)
    end)
  end
end

return M
