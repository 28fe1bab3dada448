-- medkb/templates/md/question.lua -- a question as Markdown: the path,
-- the question as the heading, the reply count, the description, each
-- answer under its doctor, the related questions, the tags.

local function doctor(t, d)
  local line = t.doctor_line(d)
  return ("**%s**%s"):format(t.link(t, d.name, { type = "entity", id = d.id }),
    line ~= "" and ("　" .. line) or "")
end

return {
  page = function(m, t)
    local out = {}
    local function add(x)
      if x and x ~= "" then out[#out + 1] = x end
    end
    if #m.path > 0 then add("首页 > " .. table.concat(m.path, " > ")) end
    add("# " .. m.title)
    add(t.replies_text(m))
    if m.description and m.description ~= "" then add("## 问题描述\n\n" .. m.description) end
    add("## 全部回答")
    for _, a in ipairs(m.answers) do
      add((a.doctor and (doctor(t, a.doctor) .. "\n\n") or "") .. (a.text:gsub("\n", "\n\n")))
    end
    if #m.related > 0 then
      add("## 相关问答")
      for _, r in ipairs(m.related) do
        add("### " .. t.link(t, r.title, { type = r.kind, id = r.id }))
        for _, a in ipairs(r.answers) do
          add((a.text:gsub("\n", "\n\n")) .. (a.doctor and ("\n\n— " .. doctor(t, a.doctor)) or ""))
        end
      end
    end
    if #m.tags > 0 then
      local names = {}
      for i, tag in ipairs(m.tags) do names[i] = t.link(t, tag.name, { type = "entity", id = tag.id }) end
      add("**热门标签**：" .. table.concat(names, " "))
    end
    return table.concat(out, "\n\n") .. "\n"
  end,
}
