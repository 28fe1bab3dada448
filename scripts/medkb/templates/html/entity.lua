-- medkb/templates/html/entity.lua -- an entity's page: the name, the
-- names it is known by, its attributes, the diagram of its knowledge, for
-- a symptom each cause (with how many sources state it) and what is
-- taken, eaten and checked for it, the other relations both ways, the
-- documents about it.

return {
  page = function(m, t)
    local title = m.name
    return t.layout(t, title, h.article({ class = "entity" },
      h.h1(m.name, " ", h.small({ class = "kind" }, t.kind_names[m.kind] or m.kind)),
      t.aliases(m, t),
      t.attributes(m, t),
      t.figure(m, t),
      t.causes(m, t),
      t.relations(m, t),
      t.documents(m, t)))
  end,
  aliases = function(m)
    if #m.aliases == 0 then return nil end
    local names = {}
    for i, a in ipairs(m.aliases) do names[i] = a.name end
    return h.p({ class = "meta" }, "又称：" .. table.concat(names, "、"))
  end,
  attributes = function(m)
    local keys = {}
    for k in pairs(m.attrs) do keys[#keys + 1] = k end
    if #keys == 0 then return nil end
    table.sort(keys)
    local rows = {}
    for _, k in ipairs(keys) do rows[#rows + 1] = h.tr(h.th(k), h.td(tostring(m.attrs[k]))) end
    return h.table({ class = "attrs" }, rows)
  end,
  figure = function(m, t)
    local d = t.diagram and t.diagram(m)
    if not d then return nil end
    return h.figure({ class = "diagram" }, d, h.figcaption(m.name .. "的病因与用药、饮食、检查"))
  end,
  causes = function(m, t)
    if #m.causes == 0 then return nil end
    local items = {}
    for _, c in ipairs(m.causes) do
      local details = {}
      for _, rel in ipairs{ "drug", "food", "exam" } do
        if #c[rel] > 0 then
          details[#details + 1] = h.li(h.span({ class = "rel" }, t.relation_name(t, rel) .. "："),
            table.concat(c[rel], "、"))
        end
      end
      items[#items + 1] = h.li(t.link(t, c.name, { type = "entity", id = c.id }), " ", t.sources(c),
        #details > 0 and h.ul({ class = "details" }, details) or nil)
    end
    return h.section({ class = "causes" }, h.h2(t.relation_name(t, "cause")), h.ol(items))
  end,
  relation_list = function(t, g, heading)
    local items = {}
    for _, item in ipairs(g.items) do
      items[#items + 1] = h.li(t.link(t, item.name, { type = "entity", id = item.id }), " ", t.sources(item))
    end
    return h.section({ class = "relation" }, h.h2(heading), h.ul(items))
  end,
  relations = function(m, t)
    local out = {}
    for _, g in ipairs(m.out) do
      if g.type ~= "cause" then out[#out + 1] = t.relation_list(t, g, t.relation_name(t, g.type)) end
    end
    for _, g in ipairs(m.incoming) do
      out[#out + 1] = t.relation_list(t, g, t.relation_name(t, g.type, true))
    end
    return out
  end,
  documents = function(m, t)
    if #m.documents == 0 then return nil end
    local items = {}
    for _, d in ipairs(m.documents) do
      local title = d.title ~= "" and d.title or ("#" .. d.id)
      items[#items + 1] = h.li(t.link(t, title, { type = d.kind, id = d.id }))
    end
    return h.section({ class = "documents" }, h.h2("相关文章与问答"), h.ul(items))
  end,
}
