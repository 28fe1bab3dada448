-- medkb/templates/dot/entity.lua -- an entity's knowledge as a Graphviz
-- graph: the entity, its causes in rank order (with how many sources
-- state each), and for each cause one box per kind of what is taken
-- (drugs that provoke are not among them), eaten and checked.  Left to
-- right, so that it stays narrow enough for a phone.

return {
  page = function(m, t)
    local q = t.q
    local out = {
      "digraph knowledge {",
      ('  graph [rankdir=LR, bgcolor="transparent", nodesep=0.12, ranksep=0.35, pad=0.08, fontname=%s];')
        :format(q(t.font)),
      ('  node [shape=box, style="rounded,filled", fontname=%s, fontsize=12, color="#9aa5b1", '
        .. 'fillcolor="#ffffff", margin="0.12,0.05"];'):format(q(t.font)),
      '  edge [color="#9aa5b1", arrowsize=0.6];',
      ('  root [label=%s, fillcolor="#0b6e4f", fontcolor="#ffffff", fontsize=14];'):format(q(m.name)),
    }
    for i, c in ipairs(m.causes) do
      local id = "c" .. i
      local label = ("%d. %s"):format(i, c.name)
      if c.documents > 0 then label = label .. ("\n%d个来源"):format(c.documents) end
      out[#out + 1] = ("  %s [label=%s];"):format(id, q(label))
      out[#out + 1] = ("  root -> %s;"):format(id)
      for _, rel in ipairs{ "drug", "food", "exam" } do
        if #c[rel] > 0 then
          out[#out + 1] = ("  %s_%s [label=%s, fillcolor=%s, fontsize=11];"):format(id, rel,
            q(t.relation_name(t, rel) .. "\n" .. table.concat(c[rel], "\n")), q(t.colors[rel]))
          out[#out + 1] = ("  %s -> %s_%s;"):format(id, id, rel)
        end
      end
    end
    out[#out + 1] = "}"
    return table.concat(out, "\n") .. "\n"
  end,
  colors = { drug = "#e8f1fb", food = "#eef7ee", exam = "#fdf3e3" },
}
