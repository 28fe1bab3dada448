-- A breadcrumb names each level once (首页 > 骨科, not 首页 > 骨科 > 骨科).
local T = require "medkb.lint.text"

return {
  id = "qa.breadcrumb",
  severity = "warning",
  description = "a breadcrumb that repeats a level",
  fixable = true,
  check = function(doc, _, report)
    local path = doc.model.path
    if doc.type ~= "question" or not path or #path < 2 then return end
    local p = T.part(doc, "path")
    if not p then return end
    local repeated
    for i = 2, #path do
      if path[i] == path[i - 1] then repeated = path[i] break end
    end
    if not repeated then return end
    -- the fix: the part's levels, each once
    local text = T.text_of(doc, p)
    local levels, out = {}, {}
    for level in (text .. ">"):gmatch("%s*(.-)%s*>") do levels[#levels + 1] = level end
    for i, level in ipairs(levels) do
      if i == 1 or level ~= levels[i - 1] then out[#out + 1] = level end
    end
    report{ from = p.from, to = p.to, message = ("the breadcrumb repeats '%s'"):format(repeated),
            fix = table.concat(out, " > ") }
  end,
}
