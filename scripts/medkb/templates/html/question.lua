-- medkb/templates/html/question.lua -- a question page: the department
-- path, the question, the reply count, the description, each answer with
-- its doctor's card, the related questions with their answers, the hot
-- tags.

return {
  page = function(m, t)
    return t.layout(t, m.title, h.article({ class = "question" },
      t.path(m, t),
      h.h1(m.title),
      m.replies and h.p({ class = "meta" }, m.replies .. "人回复") or nil,
      t.description(m, t),
      t.answers(m, t),
      t.related(m, t),
      t.tags(m, t)))
  end,
  path = function(m, t)
    if #m.path == 0 then return nil end
    local crumbs = { t.home and h.a({ href = t.home }, "首页") or "首页" }
    for i, p in ipairs(m.path) do
      local dept
      for _, d in ipairs(m.departments) do if d.name == p then dept = d end end
      crumbs[#crumbs + 1] = dept and t.link(t, p, { type = "entity", id = dept.id }) or p
      if i == #m.path then break end
    end
    return h.nav({ class = "crumbs" }, h.join(crumbs, " › "))
  end,
  description = function(m, t)
    if m.description == nil then return nil end
    return h.section({ class = "description" }, h.h2("问题描述"),
      m.description ~= "" and t.paragraphs(m.description) or h.p({ class = "meta" }, "（无描述）"))
  end,
  answers = function(m, t)
    local items = {}
    for _, a in ipairs(m.answers) do items[#items + 1] = t.answer(a, t) end
    return h.section({ class = "answers" }, h.h2("全部回答"), items)
  end,
  answer = function(a, t)
    return h.div({ class = "answer" }, a.doctor and t.doctor_card(t, a.doctor) or nil,
      a.text ~= "" and t.paragraphs(a.text) or h.p({ class = "meta" }, "（页面未载回答内容）"))
  end,
  related = function(m, t)
    if #m.related == 0 then return nil end
    local items = {}
    for _, r in ipairs(m.related) do
      local answers = {}
      for _, a in ipairs(r.answers) do answers[#answers + 1] = t.answer(a, t) end
      items[#items + 1] = h.div({ class = "related-item" },
        h.h3(t.link(t, r.title, { type = r.kind, id = r.id })), answers,
        r.summary and h.p(r.summary) or nil)
    end
    return h.section({ class = "related" }, h.h2("相关问答"), items)
  end,
  tags = function(m, t)
    if #m.tags == 0 then return nil end
    local tags = {}
    for _, tag in ipairs(m.tags) do
      tags[#tags + 1] = h.li(t.link(t, tag.name, { type = "entity", id = tag.id }))
    end
    return h.section({ class = "tags" }, h.h2("热门标签"), h.ul({ class = "inline" }, tags))
  end,
}
