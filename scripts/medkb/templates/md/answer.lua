-- medkb/templates/md/answer.lua -- an answer as Markdown.

return {
  page = function(m, t)
    local out = {}
    if m.question then out[#out + 1] = "# " .. m.question.title end
    if m.doctor then out[#out + 1] = ("**%s**　%s"):format(m.doctor.name, t.doctor_line(m.doctor)) end
    out[#out + 1] = (m.text:gsub("\n", "\n\n"))
    return table.concat(out, "\n\n") .. "\n"
  end,
}
