-- medkb/commands/site.lua -- `medkb site OUTDIR`: the knowledge base as a
-- static site (medkb.site), rebuilt in place.

local site = require "medkb.site"
local text = require("medkb").text

return {
  summary = "build a static site of every page",
  usage = "medkb [--db FILE] site OUTDIR [--templates DIR]",
  help = [[
Writes the knowledge base as a static HTML site into OUTDIR: an index (by
department, symptom, tag and doctor; every article; every kind of entity;
every question, a page of links per 500), one page per article, question
and entity (a symptom's page with the picture of its causes), relative
links only, one stylesheet. Open OUTDIR/index.html in a browser, or serve
the directory.

Building again writes only the pages whose content changed, and removes
those of documents and entities no longer there: OUTDIR/.medkb-site keeps
each page's content hash. --templates DIR replaces parts of the HTML
templates ($MEDKB_TEMPLATES too). A progress line is shown on stderr when
it is a terminal. Pictures need Graphviz (the graphviz package).]],
  run = function(ctx, args)
    local opts, operands = ctx.options("site", args, { templates = "a directory" })
    if #operands ~= 1 then ctx.usage_error("site", "expected OUTDIR") end
    local kb <close> = ctx.open("read")
    local progress
    if text.isatty(2) then
      local last = -1
      progress = function(done, total)
        local now = os.clock()
        if done < total and now - last < 0.2 then return end
        last = now
        ctx.err:write(("\rsite: %d/%d pages"):format(done, total))
        if done == total then ctx.err:write("\n") end
        ctx.err:flush()
      end
    end
    local ok, r = pcall(site.build, kb, operands[1], { templates = opts.templates, progress = progress })
    if not ok then ctx.fail(tostring(r)) end
    ctx.out:write(("%s: %d files, %d written, %d unchanged, %d removed\n"):format(operands[1],
      r.files, r.written, r.unchanged, r.removed))
    return 0
  end,
}
