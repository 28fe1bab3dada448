-- medkb/render/graph.lua -- pictures of the knowledge: an entity's causes
-- and what is taken, eaten and checked for each, laid out as SVG by the
-- `dot` program (Debian's graphviz) from the DOT text that the template
-- medkb/templates/dot/entity.lua writes (medkb.render.dot).

local M = {}

--- program: the Graphviz program that lays graphs out.
M.program = "dot"

--- has_picture(m) -> whether an entity's model has anything to draw.
function M.has_picture(m)
  return m.type == "entity" and #(m.causes or {}) > 0
end

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

--- svg(dot_text) -> the SVG Graphviz makes of it, or nil and a message.
function M.svg(dot_text)
  local tmp = os.tmpname()
  local f = assert(io.open(tmp, "wb"))
  f:write(dot_text)
  f:close()
  local p = io.popen(("%s -Tsvg %s 2>&1"):format(M.program, quote(tmp)), "r")
  local out = p:read("a")
  local ok = p:close()
  os.remove(tmp)
  if not ok or not out:find("<svg", 1, true) then
    return nil, ("cannot draw the diagram with '%s' (is graphviz installed?): %s"):format(M.program,
      (out:gsub("%s+$", "")))
  end
  return out
end

--- inline(svg) -> the <svg> element of an SVG document, for a page.
function M.inline(svg)
  return svg:match("(<svg.*</svg>)") or svg
end

return M
