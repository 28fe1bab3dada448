-- medkb/commands/get.lua -- `medkb get KIND NAME`: show one entity, found
-- by name or alias, with its aliases, attributes, relations both ways and
-- the documents that link to it.

-- The first n characters of UTF-8 text s, with "…" when cut.
local function utf8_prefix(s, n)
  local cut = utf8.offset(s, n + 1)
  if cut == nil or cut > #s then return s end
  return s:sub(1, cut - 1) .. "…"
end

-- "key: value" for each attribute, in key order, long texts cut short.
local function attr_text(attrs)
  local keys = {}
  for k in pairs(attrs) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    parts[#parts + 1] = ("%s: %s"):format(k, utf8_prefix(tostring(attrs[k]), 40))
  end
  return parts
end

-- What a relation shows besides its target: the attributes of its first
-- source, and how many documents state it.
local REL_FIELDS = { id = true, type = true, rank = true, sources = true, documents = true }

local function rel_line(pos, rel, other)
  local extra = {}
  for k, v in pairs(rel) do
    if not REL_FIELDS[k] then extra[k] = v end
  end
  local shown = attr_text(extra)
  if rel.documents > 0 then
    shown[#shown + 1] = ("stated by %d document%s"):format(rel.documents,
      rel.documents > 1 and "s" or "")
  end
  return ("    %d. %s %s%s"):format(pos, other.kind, other.name,
    #shown > 0 and ("  (" .. table.concat(shown, "; ") .. ")") or "")
end

local M = {
  summary = "show an entity by name or alias",
  usage = "medkb [--db FILE] get KIND NAME [--all]",
  help = [[
Shows the entity of kind KIND named NAME (or having NAME as an alias): its
aliases, attributes, outgoing and incoming relations (those most documents
state first, then by rank, each with how many documents state it), and the
documents that link to it (the first 20; --all lists every one); documents
with the same title are told apart by id, key and their first words. Exits
with status 1 when there is no such entity; 'medkb list KIND' finds names.

example:
  medkb get symptom 眼皮跳]],
}

-- Documents listed before "… and N more", unless --all.
M.MAX_DOCUMENTS = 20

function M.run(ctx, args)
  local opts
  opts, args = ctx.options("get", args, { all = true })
  local all = opts.all
  if #args ~= 2 then ctx.usage_error("get", "expected KIND and NAME") end
  local kind, name = args[1], args[2]
  local kb <close> = ctx.open("read")
  ctx.check_kind(kb, kind)
  local e, err = kb:get(kind, name)
  if not e then ctx.fail(err) end
  local out = {}
  out[#out + 1] = ("%s %s  (id %d)"):format(e.kind, e.name, e.id)
  local aliases = {}
  for _, a in ipairs(e:alias_info()) do
    aliases[#aliases + 1] = a.type and ("%s (%s)"):format(a.name, a.type) or a.name
  end
  if #aliases > 0 then out[#out + 1] = "  aliases: " .. table.concat(aliases, ", ") end
  for _, line in ipairs(attr_text(e.attrs)) do out[#out + 1] = "  " .. line end
  -- relations by type, each type numbered from 1 in the merged order
  for _, way in ipairs{ { "related", "->" }, { "incoming", "<-" } } do
    local last, pos
    for other, rel in e[way[1]](e) do
      if rel.type ~= last then
        out[#out + 1] = ("  %s %s"):format(way[2], rel.type)
        last, pos = rel.type, 0
      end
      pos = pos + 1
      out[#out + 1] = rel_line(pos, rel, other)
    end
  end
  local docs, ndocs, titles = {}, 0, {}
  for doc, link in e:documents() do
    ndocs = ndocs + 1
    if ndocs <= M.MAX_DOCUMENTS or all then
      local f = doc:fields()
      f.link = link.type
      if f.title == "" then f.title = utf8_prefix(f.body, 30) end
      titles[f.title] = (titles[f.title] or 0) + 1
      docs[#docs + 1] = f
    end
  end
  if ndocs > 0 then
    out[#out + 1] = ("  documents (%d):"):format(ndocs)
    for _, f in ipairs(docs) do
      local line = ("    %s %s  (%s)"):format(f.kind, f.title, f.link)
      if titles[f.title] > 1 then
        -- documents with the same title, told apart
        line = ("%s  [id %d, %s: %s]"):format(line, f.id, f.key or "no key",
          utf8_prefix(f.body:gsub("%s+", " "), 20))
      end
      out[#out + 1] = line
    end
    if ndocs > #docs then
      out[#out + 1] = ("    … and %d more (--all lists every one)"):format(ndocs - #docs)
    end
  end
  ctx.out:write(table.concat(out, "\n"), "\n")
  return 0
end

return M
