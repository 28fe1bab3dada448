-- medkb/commands/graph.lua -- `medkb graph KIND NAME`: the picture of an
-- entity's knowledge (its causes in rank order, and what is taken, eaten
-- and checked for each) as Graphviz DOT or SVG.

local graph = require "medkb.render.graph"
local model = require "medkb.render.model"
local render = require "medkb.render"
local render_cmd = require "medkb.commands.render"

return {
  summary = "draw an entity's causes and treatments (dot, svg)",
  usage = "medkb [--db FILE] graph KIND NAME [--format dot|svg] [--templates DIR] [--output FILE]",
  help = [[
Draws the entity's knowledge: the entity, its causes in rank order (with how
many sources state each), and for each cause what is taken (not the drugs
said to provoke it), eaten and checked. --format dot (default) writes the
Graphviz graph (from the template dot/entity.lua); svg lays it out with
Graphviz's dot (Debian's graphviz package). An entity without causes has
nothing to draw: status 1.

example:
  medkb graph symptom 眼皮跳 --format svg --output eyelid.svg]],
  run = function(ctx, args)
    local opts, operands = ctx.options("graph", args,
      { format = "a format", templates = "a directory", output = "a file name" }, { o = "output" })
    if #operands ~= 2 then ctx.usage_error("graph", "expected KIND and NAME") end
    local fmt = opts.format or "dot"
    if fmt ~= "dot" and fmt ~= "svg" then
      ctx.usage_error("graph", ("unknown format '%s' (dot, svg)"):format(fmt))
    end
    local kb <close> = ctx.open("read")
    local e = render_cmd.resolve(ctx, kb, operands)
    local m = model.entity(e)
    if not graph.has_picture(m) then
      ctx.fail(("%s '%s' has no causes to draw"):format(e.kind, e.name))
    end
    local out = render.dot(m, { templates = opts.templates })
    if fmt == "svg" then
      local svg, err = graph.svg(out)
      if not svg then ctx.fail(err) end
      out = svg
    end
    render_cmd.write(ctx, out, opts.output)
    return 0
  end,
}
