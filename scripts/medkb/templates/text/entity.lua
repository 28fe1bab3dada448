-- medkb/templates/text/entity.lua -- an entity's page as plain text: the
-- name and the names it is known by, its attributes, for a symptom each
-- cause (with how many sources state it) and what is taken, eaten and
-- checked for it, the other relations both ways, the documents about it.

return {
  page = function(m, t)
    local out = { t.title(m, t) }
    local function add(x)
      if x and x ~= "" then out[#out + 1] = x end
    end
    add(t.aliases(m, t))
    add(t.attributes(m, t))
    add(t.causes(m, t))
    for _, g in ipairs(m.out) do
      if g.type ~= "cause" then add(t.relation_group(g, t)) end
    end
    for _, g in ipairs(m.incoming) do add(t.relation_group(g, t, nil, true)) end
    add(t.documents(m, t))
    return table.concat(out, "\n\n") .. "\n"
  end,
  title = function(m, t) return ("%s（%s）"):format(m.name, t.kind_names[m.kind] or m.kind) end,
  aliases = function(m)
    if #m.aliases == 0 then return nil end
    local names = {}
    for i, a in ipairs(m.aliases) do names[i] = a.name end
    return "又称：" .. table.concat(names, "、")
  end,
  attributes = function(m)
    local keys = {}
    for k in pairs(m.attrs) do keys[#keys + 1] = k end
    table.sort(keys)
    local out = {}
    for _, k in ipairs(keys) do out[#out + 1] = ("%s：%s"):format(k, tostring(m.attrs[k])) end
    return table.concat(out, "\n")
  end,
  sources = function(item)
    return item.documents > 0 and ("（%d个来源）"):format(item.documents) or ""
  end,
  causes = function(m, t)
    if #m.causes == 0 then return nil end
    local out = { t.relation_name(t, "cause") }
    for i, c in ipairs(m.causes) do
      out[#out + 1] = ("%d、%s%s"):format(i, c.name, t.sources(c))
      for _, rel in ipairs{ "drug", "food", "exam" } do
        if #c[rel] > 0 then
          out[#out + 1] = ("   %s：%s"):format(t.relation_name(t, rel), table.concat(c[rel], "、"))
        end
      end
    end
    return table.concat(out, "\n")
  end,
  relation_group = function(g, t, _, incoming)
    local out = { t.relation_name(t, g.type, incoming) }
    for i, item in ipairs(g.items) do out[#out + 1] = ("%d、%s%s"):format(i, item.name, t.sources(item)) end
    return table.concat(out, "\n")
  end,
  documents = function(m)
    if #m.documents == 0 then return nil end
    local out = { "相关文章与问答" }
    for _, d in ipairs(m.documents) do out[#out + 1] = "- " .. d.title end
    return table.concat(out, "\n")
  end,
}
