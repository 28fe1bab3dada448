-- medkb/init.lua -- the `medkb` module: what `require "medkb"` gives.  It
-- requires the C part, `medkb.core` (the store, the classes KB, Entity and
-- Document and their primitives), and builds the public API on it: the
-- module's functions, and the methods written in Lua that the classes
-- get besides their C ones (transactions, the table form of document
-- puts, statistics).

local core = require "medkb.core"
local _, here = ...

local M = {
  VERSION = core.VERSION,
  version = core.version,
  open = core.open,
  text = core.text,
  -- the document kinds, as the store defines them
  document_kinds = core.document_kinds,
  -- where medkb's own scripts are: the directory holding medkb/init.lua
  scriptdir = type(here) == "string" and here:match("^(.*)/medkb/init%.lua$") or ".",
}

local KB = core.classes.KB
local Entity = core.classes.Entity
local Document = core.classes.Document

local DOC_KINDS = {}
for _, kind in ipairs(M.document_kinds) do DOC_KINDS[kind] = true end

--- medkb.is_storage_error(e) -> whether error e is a failure of the
-- storage (a read-only or locked knowledge base, a full disk) rather than
-- of what was asked.  Such an error is a table {code =, message =} that
-- prints as its message; code is "readonly", "busy", "io", "nomem" or
-- "error".
function M.is_storage_error(e)
  return getmetatable(e) == core.Error
end

-- Raise if kb is closed, or (writable) inside a read (kb:read), where
-- nothing can be written; level is what the calling method would give
-- error().  The core says so too, but from here the message points at the
-- caller's line rather than at this file.
local function usable(kb, level)
  if not kb:is_open() then error("attempt to use a closed knowledge base", level + 1) end
end
local function writable(kb, level)
  usable(kb, level + 1)
  if kb:reading() then error("nothing can be written inside a read: end the read first", level + 1) end
end

-- What ends a transaction or a read when the function inside it returns,
-- raises, or never comes back (a coroutine closed while suspended in it):
-- to-be-closed values (Lua 5.4), closed in every case.
local ROLLBACK = { __close = function(t)
  local kb = t.kb
  if not t.done and kb:is_open() and kb:_tx_depth() > 0 then kb:_rollback() end
end }
local READ_END = { __close = function(t)
  local kb = t.kb
  if kb:is_open() and kb:reading() then kb:_read_end() end
end }

--- kb:transaction(fn, ...) -> fn's results
-- Runs fn(...) inside a transaction: committed if fn returns, rolled back
-- (and the error raised again) if it raises.  Transactions nest.
function KB:transaction(fn, ...)
  if type(fn) ~= "function" then
    error("bad argument #1 to 'transaction' (function expected, got " .. type(fn) .. ")", 2)
  end
  writable(self, 2)
  self:_begin()
  local tx <close> = setmetatable({ kb = self }, ROLLBACK)
  local res = table.pack(fn(...))
  tx.done = true
  self:_commit()
  return table.unpack(res, 1, res.n)
end

--- kb:read(fn, ...) -> fn's results
-- Runs fn(...) on one snapshot of the knowledge base: everything it reads
-- is as the knowledge base was when the read began, whatever another
-- process commits meanwhile.  Nothing can be written inside it.  Reads
-- nest; inside a transaction, a read sees the transaction's own writes,
-- and the transaction writes again once it has ended.
function KB:read(fn, ...)
  if type(fn) ~= "function" then
    error("bad argument #1 to 'read' (function expected, got " .. type(fn) .. ")", 2)
  end
  usable(self, 2)
  self:_read_begin()
  local _ <close> = setmetatable({ kb = self }, READ_END)
  return fn(...)
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
--   attrs = {...}, links = { {type=, target= Entity|Document, rank=}, ... },
--   statements = { {src, type, dst, rank=, ...attrs}, ... }}
-- -> Document.  With a key, putting again replaces the document in place;
-- parts, links and statements given replace the old ones wholesale.
-- statements are the relations the document states, in its order (each
-- as kb:relate with source = the document).
function KB:put_document(t)
  if type(t) ~= "table" then
    error("bad argument #1 to 'put_document' (table expected, got " .. type(t) .. ")", 2)
  end
  writable(self, 2)
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
    if t.statements then
      if not created then doc:_clear_statements() end
      for _, st in ipairs(t.statements) do self:state(doc, st) end
    end
    return doc
  end
  -- a savepoint of its own, so that a document is put whole or not at all
  -- even inside a caller's transaction that goes on after an error
  return self:transaction(fill)
end

--- kb:state(doc, {src, type, dst, rank=, ...attrs}) -> relation id,
-- statement id: document doc states that src relates to dst (kb:relate
-- with source = doc).
function KB:state(doc, st)
  local opts = { source = doc }
  for k, v in pairs(st) do
    if type(k) == "string" then opts[k] = v end
  end
  return self:relate(st[1], st[2], st[3], opts)
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

--- medkb.render(x, fmt [, opts]) -> the page of a Document or an Entity
-- in format fmt: "text" (default), "md", "html" or "json" (see
-- medkb.render for opts).  The same as x:render(fmt, opts).
function M.render(x, fmt, opts)
  return require("medkb.render").render(x, fmt, opts)
end

--- doc:render([fmt [, opts]]) -> the document's page
function Document:render(fmt, opts)
  return require("medkb.render").render(self, fmt, opts)
end

--- e:render([fmt [, opts]]) -> the entity's page
function Entity:render(fmt, opts)
  return require("medkb.render").render(self, fmt, opts)
end

--- kb:search(query [, opts]) -> list of hits, best first (see
-- medkb/search.lua): {kind, id, title, snippet, score, via, doc or
-- entity}.  opts: kind, limit.
function KB:search(q, opts)
  return require("medkb.search").search(self, q, opts)
end

--- kb:related_documents(doc [, n]) -> up to n (5) Documents most like
-- doc, best first (see medkb/related.lua), and for each {score =, shared
-- = {names}}.
function KB:related_documents(doc, n)
  return require("medkb.related").related_documents(self, doc, n)
end

--- kb:ask(question [, opts]) -> the answer from the knowledge base (see
-- medkb/ask.lua): {known =, text =, type =, subject =, facts =, sources =}.
function KB:ask(q, opts)
  return require("medkb.ask").ask(self, q, opts)
end

--- kb:lint(doc [, opts]) -> findings, failures: the content rules (see
-- medkb/lint) run on a Document.  Each finding: {document, rule,
-- severity, message, line, column, end_line, end_column, from, to, fix =
-- {from, to, text} or nil}, positions in the page as rendered in the
-- text format with its summary as written.  opts: rules (a list of
-- directories of rules), config (a config file), sandbox (false to run
-- the rules without it).  The linter is made once per kb and opts.
local linters = setmetatable({}, { __mode = "k" })
function KB:lint(doc, opts)
  local key = opts and (table.concat(opts.rules or {}, "\0") .. "\0" .. (opts.config or "")
    .. "\0" .. tostring(opts.sandbox)) or ""
  linters[self] = linters[self] or {}
  local linter = linters[self][key]
  if not linter then
    linter = require("medkb.lint").new(self, opts)
    linters[self][key] = linter
  end
  return linter:document(doc)
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
