-- medkb/import/jsonl.lua -- medkb's own JSON Lines (what `medkb export`
-- writes) back into a knowledge base: kinds, entities, relations and
-- documents, named by kind and name or key.  Links between documents are
-- made once every document of the file is in, so their order does not
-- matter.  A document already present with the same import time is left
-- alone, so importing the same file again changes nothing.

local json = require "medkb.json"
local errors = require "medkb.import.errors"

local M = {}

local function need(rec, field, kind)
  local v = rec[field]
  if type(v) ~= kind then
    error(("field '%s' must be %s %s"):format(field, kind == "table" and "a list or object" or "a",
      kind == "table" and "" or kind), 0)
  end
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
  ctx.kb:add_kind(need(rec, "name", "string"))
end

function handlers.entity(ctx, rec)
  ctx.kb:put{ kind = need(rec, "kind", "string"), name = need(rec, "name", "string"),
              aliases = rec.aliases, attrs = copy(rec.attrs) }
end

function handlers.relation(ctx, rec)
  local kb = ctx.kb
  local opts = copy(rec.attrs)
  opts.rank = rec.rank
  kb:relate(entity_ref(kb, rec.src, "src"), need(rec, "rel", "string"),
            entity_ref(kb, rec.dst, "dst"), opts)
end

function handlers.document(ctx, rec, line)
  local kb = ctx.kb
  local kind = need(rec, "kind", "string")
  if rec.key ~= nil then need(rec, "key", "string") end
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
  local doc = kb:put_document{ kind = kind, key = rec.key, title = rec.title, body = rec.body,
    source = rec.source ~= json.null and rec.source or nil, imported_at = rec.imported_at,
    parts = parts, counts = copy(rec.counts), attrs = copy(rec.attrs), links = links }
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
          local ok, e = pcall(handlers[rec.type], ctx, rec, line)
          if not ok then error(errors.is(e) and e or errors.new(ctx.file, line, tostring(e)), 0) end
          if rec.type == "document" then ctx:done(e == true) end
        end)
      end
    end
  end
  for _, p in ipairs(ctx.jsonl_pending) do
    local l = p.link
    local target = l.document and type(l.document) == "table"
      and ctx.jsonl_refs[tostring(l.document[1]) .. "\0" .. tostring(l.document[2])]
      or l.document and ctx.kb:document(l.document[1], l.document[2])
      or l.ref and ctx.jsonl_refs[l.ref]
    if not target then
      ctx:problem(p.line, "link to a document that is not in the file or the knowledge base")
    else
      ctx:record(p.line, function() p.doc:link(l.type, target, l.rank) end)
    end
  end
end

return M
