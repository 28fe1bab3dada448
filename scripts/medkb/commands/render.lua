-- medkb/commands/render.lua -- `medkb render DOC` and `medkb render KIND
-- NAME`: a document's page, or an entity's, made from the knowledge base
-- by the templates (medkb.render).

local medkb = require "medkb"
local render = require "medkb.render"

local M = {
  summary = "render a document's or an entity's page (text, md, html, json)",
  usage = "medkb [--db FILE] render (DOC | KIND NAME) [--format F] [--templates DIR] [--output FILE]\n"
    .. "       [--as-written]",
  help = [[
Renders a page from the knowledge base. DOC is a document's id, KIND:KEY
(article:…, question:…, answer:…) or its title; a title more than one
document has lists them (with their ids) and exits with status 2. KIND NAME
is an entity, by name or alias: its page shows what every document says of
it (a symptom: its causes with how many sources state each, what is taken,
eaten and checked for each, its departments, the questions about it).

  --format text|md|html|json   text by default; html is a page of its own
                               (stylesheet inside); json is the page's
                               model: the document or entity with its
                               entities and relations
  --templates DIR              DIR/FORMAT/PAGE.lua replace parts of the
                               built-in templates ($MEDKB_TEMPLATES too)
  --output FILE                write there instead of stdout
  --as-written                 an article's summary as the page wrote it,
                               not made from its causes (the page `medkb
                               lint` reads and points into)

An article renders from what it states (its own causes, order and words),
whatever other pages say of the same symptom.]],
}

-- The first words of text s, for telling documents apart.
local function prefix(s, n)
  local cut = utf8.offset(s, n + 1)
  if cut == nil or cut > #s then return s end
  return s:sub(1, cut - 1) .. "…"
end

--- resolve(ctx, kb, operands) -> the Document or Entity operands name.
function M.resolve(ctx, kb, operands)
  if #operands == 2 then
    ctx.check_kind(kb, operands[1])
    local e, err = kb:get(operands[1], operands[2])
    if not e then ctx.fail(err) end
    return e
  end
  local ref = operands[1]
  if ref:match("^%d+$") then
    local d = kb:document(math.tointeger(tonumber(ref)))
    if not d then ctx.fail(("no document with id %s"):format(ref)) end
    return d
  end
  local kind, key = ref:match("^(%a+):(.+)$")
  for _, k in ipairs(medkb.document_kinds) do
    if kind == k then
      local d = kb:document(kind, key)
      if not d then ctx.fail(("no %s with key '%s'"):format(kind, key)) end
      return d
    end
  end
  local found = {}
  for d in kb:titled(ref) do found[#found + 1] = d end
  if #found == 0 then ctx.fail(("no document titled '%s' (give an id or KIND:KEY)"):format(ref)) end
  if #found > 1 then
    local lines = { ("%d documents are titled '%s'; name one by id or KIND:KEY:"):format(#found, ref) }
    for _, d in ipairs(found) do
      local f = d:fields()
      local body = prefix(f.body:gsub("%s+", " "), 24)
      lines[#lines + 1] = ("  %d  %s:%s  %s"):format(f.id, f.kind, f.key or "", body)
    end
    ctx.fail(table.concat(lines, "\n"), 2)
  end
  return found[1]
end

--- write(ctx, text, output) -- text to the file output, or to stdout.
function M.write(ctx, text, output)
  if not output then
    ctx.out:write(text)
    return
  end
  local f, err = io.open(output, "wb")
  if not f then ctx.fail(err) end
  f:write(text)
  f:close()
end

function M.run(ctx, args)
  local opts, operands = ctx.options("render", args,
    { format = "a format", templates = "a directory", output = "a file name", ["as-written"] = true },
    { o = "output" })
  if #operands < 1 or #operands > 2 then
    ctx.usage_error("render", "expected DOC, or KIND and NAME")
  end
  local fmt = opts.format or "text"
  local valid = false
  for _, f in ipairs(render.FORMATS) do valid = valid or f == fmt end
  if not valid then
    ctx.usage_error("render", ("unknown format '%s' (%s)"):format(fmt, table.concat(render.FORMATS, ", ")))
  end
  local kb <close> = ctx.open("read")
  local x = M.resolve(ctx, kb, operands)
  local ok, page = pcall(render.render, x, fmt, { templates = opts.templates, as_written = opts.as_written })
  if not ok then ctx.fail(tostring(page)) end
  M.write(ctx, page, opts.output)
  return 0
end

return M
