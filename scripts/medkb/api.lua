-- medkb/api.lua -- the part of the `medkb` module written in Lua, on top of
-- the C primitives that luaopen_medkb registers.  It receives the module
-- table and adds to the methods of the KB, Entity and Document classes:
-- transactions, the table form of document puts, statistics.  Loaded once,
-- by luaopen_medkb; not meant to be required directly.

local M = ...
assert(type(M) == "table" and M._classes, "medkb/api.lua is loaded by require \"medkb\"")

local KB = M._classes.KB.methods
local Document = M._classes.Document.methods

M.document_kinds = { "article", "question", "answer" }
local DOC_KINDS = {}
for _, kind in ipairs(M.document_kinds) do DOC_KINDS[kind] = true end

--- kb:transaction(fn, ...) -> fn's results
-- Runs fn(...) inside a transaction: committed if fn returns, rolled back
-- (and the error raised again) if it raises.  Transactions nest.
function KB:transaction(fn, ...)
  if type(fn) ~= "function" then
    error("bad argument #1 to 'transaction' (function expected, got " .. type(fn) .. ")", 2)
  end
  self:_begin()
  local res = table.pack(pcall(fn, ...))
  if res[1] then
    self:_commit()
    return table.unpack(res, 2, res.n)
  end
  if self:is_open() and self:_tx_depth() > 0 then self:_rollback() end
  error(res[2], 0)
end

local function check_string(t, key, required)
  local v = t[key]
  if v == nil and not required then return nil end
  if type(v) ~= "string" then
    error(("bad argument #1 to 'put_document' (field '%s' must be a string)"):format(key), 3)
  end
  return v
end

--- kb:put_document{kind=, key=, title=, body=, source=, imported_at=,
--   parts = { {name=, title=, text=}, ... }, counts = {name = n, ...},
--   attrs = {...}, links = { {type=, target= Entity|Document, rank=}, ... }}
-- -> Document.  With a key, putting again replaces the document in place;
-- parts and links given replace the old ones wholesale.
function KB:put_document(t)
  if type(t) ~= "table" then
    error("bad argument #1 to 'put_document' (table expected, got " .. type(t) .. ")", 2)
  end
  local kind = check_string(t, "kind", true)
  if not DOC_KINDS[kind] then
    error(("bad argument #1 to 'put_document' (unknown document kind '%s')"):format(kind), 2)
  end
  local function fill()
    local doc, created = self:_document_put(kind, check_string(t, "key"),
      check_string(t, "title"), check_string(t, "body"), check_string(t, "source"),
      t.imported_at)
    if t.parts then
      if not created then doc:_clear_parts() end
      for seq, p in ipairs(t.parts) do
        doc:_set_part(seq, p.name, p.title, p.text or "")
      end
    end
    for name, n in pairs(t.counts or {}) do doc:set_count(name, n) end
    if t.attrs then doc:set(t.attrs) end
    if t.links then
      if not created then doc:_clear_links() end
      for _, l in ipairs(t.links) do doc:link(l.type, l.target, l.rank) end
    end
    return doc
  end
  -- inside a transaction already (an import), a savepoint per document
  -- would only cost time: the caller's transaction is what rolls back
  if self:_tx_depth() > 0 then return fill() end
  return self:transaction(fill)
end

--- kb:ensure(kind, name) -> Entity: the entity with that name or alias,
-- created if there is none.  What importers use, so that a name a text
-- uses for a known entity's alias finds that entity.
function KB:ensure(kind, name)
  return self:get(kind, name) or self:put{ kind = kind, name = name }
end

--- doc:part(name) -> the text of the first part with that name, or nil
function Document:part(name)
  for _, p in ipairs(self.parts) do
    if p.name == name then return p.text, p end
  end
  return nil
end

--- kb:stats() -> { entities = {kind = n}, documents = {kind = n},
--   relations = n, kinds = {kind names in order}, total_entities = n,
--   total_documents = n }
function KB:stats()
  local s = { entities = {}, documents = {}, kinds = {}, total_entities = 0, total_documents = 0 }
  for _, k in ipairs(self:kinds()) do
    s.entities[k.kind] = k.count
    s.kinds[#s.kinds + 1] = k.kind
    s.total_entities = s.total_entities + k.count
  end
  for _, kind in ipairs(M.document_kinds) do
    s.documents[kind] = self:document_count(kind)
    s.total_documents = s.total_documents + s.documents[kind]
  end
  s.relations = self:relation_count()
  return s
end

return M
