-- medkb/templates/md/entity.lua -- an entity's page as Markdown: the name,
-- the names it is known by, for a symptom each cause with its sources and
-- what is taken, eaten and checked for it, the other relations, the
-- documents about it.

return {
  page = function(m, t)
    local out = { ("# %s\n\n*%s*"):format(m.name, t.kind_names[m.kind] or m.kind) }
    if #m.aliases > 0 then
      local names = {}
      for i, a in ipairs(m.aliases) do names[i] = a.name end
      out[#out + 1] = "又称：" .. table.concat(names, "、")
    end
    if #m.causes > 0 then
      local lines = { "## " .. t.relation_name(t, "cause"), "" }
      for i, c in ipairs(m.causes) do
        lines[#lines + 1] = ("%d. %s%s"):format(i, t.link(t, c.name, { type = "entity", id = c.id }),
          t.sources(c))
        for _, rel in ipairs{ "drug", "food", "exam" } do
          if #c[rel] > 0 then
            lines[#lines + 1] = ("   - %s：%s"):format(t.relation_name(t, rel), table.concat(c[rel], "、"))
          end
        end
      end
      out[#out + 1] = table.concat(lines, "\n")
    end
    for _, g in ipairs(m.out) do
      if g.type ~= "cause" then
        local lines = { "## " .. t.relation_name(t, g.type), "" }
        for _, item in ipairs(g.items) do
          local link = t.link(t, item.name, { type = "entity", id = item.id })
          lines[#lines + 1] = "- " .. link .. t.sources(item)
        end
        out[#out + 1] = table.concat(lines, "\n")
      end
    end
    if #m.documents > 0 then
      local lines = { "## 相关文章与问答", "" }
      for _, d in ipairs(m.documents) do
        lines[#lines + 1] = "- " .. t.link(t, d.title, { type = d.kind, id = d.id })
      end
      out[#out + 1] = table.concat(lines, "\n")
    end
    return table.concat(out, "\n\n") .. "\n"
  end,
}
