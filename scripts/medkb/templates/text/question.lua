-- medkb/templates/text/question.lua -- a question as plain text, in the
-- layout Q&A pages have: the site, the department path, the question, the
-- reply count, the description, the answers each after its doctor's
-- card, the related questions (question, answer, the doctor's card
-- after), the hot tags.

return {
  page = function(m, t)
    local out = {}
    local function add(x)
      if x and x ~= "" then out[#out + 1] = x end
    end
    add(m.site)
    add(t.path(m, t))
    add(t.title(m, t))
    add(t.replies(m, t))
    add(t.description(m, t))
    add(t.answers(m, t))
    add(t.related(m, t))
    add(t.tags(m, t))
    return table.concat(out, "\n\n") .. "\n"
  end,
  path = function(m)
    if #m.path == 0 then return nil end
    return "首页 > " .. table.concat(m.path, " > ")
  end,
  title = function(m) return m.title end,
  replies = function(m, t) return t.replies_text(m) end,
  description = function(m)
    if m.description == nil then return nil end
    return "问题描述" .. (m.description ~= "" and ("\n\n" .. m.description) or "")
  end,
  answers = function(m, t)
    local out = { "全部回答" }
    for _, a in ipairs(m.answers) do out[#out + 1] = t.answer(a, t) end
    return table.concat(out, "\n\n")
  end,
  -- an answer: the doctor's card, then the text
  answer = function(a, t)
    local card = a.doctor and t.doctor_card(a.doctor, t) or nil
    if a.text == "" then return card end
    return (card and (card .. "\n\n") or "") .. a.text
  end,
  doctor_card = function(d, t)
    local line = t.doctor_line(d)
    return d.name .. (d.title and (" " .. d.title) or "") .. (d.hospital and ("\n" .. d.hospital) or "")
      .. ((not d.title and line ~= "") and ("\n" .. line) or "")
  end,
  related = function(m, t)
    if #m.related == 0 then return nil end
    local out = { "相关问答" }
    for _, r in ipairs(m.related) do out[#out + 1] = t.related_item(r, t) end
    return table.concat(out, "\n\n")
  end,
  -- a related question: the question, each answer, then its doctor's name
  -- and the line "title hospital department"
  related_item = function(r, t)
    local out = { r.title }
    for _, a in ipairs(r.answers) do
      out[#out + 1] = a.text
      if a.doctor then out[#out + 1] = a.doctor.name .. "\n\n" .. t.doctor_line(a.doctor) end
    end
    if r.summary then out[#out + 1] = r.summary end
    return table.concat(out, "\n\n")
  end,
  tags = function(m)
    if #m.tags == 0 then return nil end
    local names = {}
    for i, tag in ipairs(m.tags) do names[i] = tag.name end
    return "热门标签\n\n" .. table.concat(names, " ")
  end,
}
