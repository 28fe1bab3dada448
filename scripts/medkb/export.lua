-- medkb/export.lua -- the whole knowledge base as JSON Lines, one record a
-- line: meta, kinds, entities (with aliases and attributes), the
-- relations the user states, documents (with parts, counts, attributes,
-- links, and the relations each states, in its order).  Entities and
-- documents are named by kind and name or key, never by id, so the file
-- can be imported into any knowledge base; the order follows creation, so
-- exporting what an export imported gives the same bytes.

local medkb = require "medkb"
local json = require "medkb.json"

local M = {}

local function without(t, drop)
  local out = {}
  for k, v in pairs(t) do if not drop[k] then out[k] = v end end
  return out
end

-- the fields of a statement that are not its attributes
local STATEMENT_FIELDS = { id = true, relation = true, type = true, rank = true, src = true,
                           dst = true, document = true }

local function ref(e)
  return { e.kind, e.name }
end

--- jsonl(kb, write) -- calls write(line) for each line, newline included.
-- Returns the number of records written.
function M.jsonl(kb, write)
  local n = 0
  local function emit(t)
    write(json.encode(t) .. "\n")
    n = n + 1
  end
  emit{ type = "meta", medkb = medkb.VERSION, schema = kb:schema_version() }
  for _, k in ipairs(kb:kinds()) do emit{ type = "kind", name = k.kind } end
  for e in kb:entities() do
    emit{ type = "entity", kind = e.kind, name = e.name, aliases = e:alias_info(), attrs = e.attrs }
  end
  for st in kb:statements() do
    emit{ type = "relation", src = ref(st.src), rel = st.type, dst = ref(st.dst), rank = st.rank,
          attrs = without(st, STATEMENT_FIELDS) }
  end
  for d in kb:documents() do
    local links = {}
    for e, l in d:entities() do
      links[#links + 1] = { type = l.type, rank = l.rank, entity = ref(e) }
    end
    for o, l in d:linked() do
      local of = o:fields()
      links[#links + 1] = { type = l.type, rank = l.rank,
        document = of.key and { of.kind, of.key } or nil, ref = not of.key and ("#" .. of.id) or nil }
    end
    local parts = {}
    for _, p in ipairs(d.parts) do parts[#parts + 1] = { name = p.name, title = p.title, text = p.text } end
    local statements = {}
    for st in d:statements() do
      statements[#statements + 1] = { src = ref(st.src), rel = st.type, dst = ref(st.dst),
        rank = st.rank, attrs = without(st, STATEMENT_FIELDS) }
    end
    local f = d:fields()
    emit{ type = "document", kind = f.kind, key = f.key, ref = not f.key and ("#" .. f.id) or nil,
          title = f.title, body = f.body, source = f.source, imported_at = f.imported_at,
          parts = parts, counts = d.counts, attrs = d.attrs, links = links,
          statements = #statements > 0 and statements or nil }
  end
  return n
end

return M
