-- medkb/templates/text/answer.lua -- an answer as plain text: the
-- question it answers, the doctor's card, the text.

return {
  page = function(m, t)
    local out = {}
    if m.question then out[#out + 1] = m.question.title end
    if m.doctor then out[#out + 1] = m.doctor.name .. " " .. t.doctor_line(m.doctor) end
    out[#out + 1] = m.text
    return table.concat(out, "\n\n") .. "\n"
  end,
}
