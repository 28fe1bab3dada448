-- medkb/templates/html/answer.lua -- an answer page: the question it
-- answers, the doctor's card, the text.

return {
  page = function(m, t)
    local title = m.question and m.question.title or "回答"
    return t.layout(t, title, h.article({ class = "answer" },
      h.h1(m.question and t.link(t, m.question.title, { type = "question", id = m.question.id }) or title),
      m.doctor and t.doctor_card(t, m.doctor) or nil,
      t.paragraphs(m.text)))
  end,
}
