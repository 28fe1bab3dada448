-- A doctor shown on a page is shown whole: with a title from the
-- recognised set, a hospital and a department.
local T = require "medkb.lint.text"

return {
  id = "qa.doctor",
  severity = "warning",
  description = "a doctor without title, hospital or department, or with a title outside the recognised set",
  params = { titles = (data "doctors").titles },
  check = function(doc, _, report, params)
    local m = doc.model
    local titles = {}
    for _, t in ipairs(params.titles) do titles[t] = true end
    local function look(d, p)
      if not d then return end
      local missing = {}
      if not d.title or d.title == "" then missing[#missing + 1] = "title" end
      if not d.hospital or d.hospital == "" then missing[#missing + 1] = "hospital" end
      if not d.department or d.department == "" then missing[#missing + 1] = "department" end
      local from, to = p and p.from or 1, p and p.to or 1
      if #missing > 0 then
        report{ from = from, to = to, message = ("doctor %s is shown without %s"):format(d.name,
          table.concat(missing, ", ")) }
      end
      if d.title and d.title ~= "" and not titles[d.title] then
        report{ from = from, to = to, message = ("doctor %s's title '%s' is not a recognised title")
          :format(d.name, d.title) }
      end
    end
    for _, p in ipairs(T.parts(doc, "answer")) do
      local a = m.answers and m.answers[p.n]
      if a and a.doctor then look(a.doctor, p) end
    end
    -- the doctors under related questions: the n-th line in an item is its
    -- n-th answer's with a doctor
    for _, p in ipairs(T.parts(doc, "related_item")) do
      local item = m.related[p.n]
      local lines = {}
      for _, q in ipairs(T.parts(doc, "doctor_line")) do
        if T.within(doc, q, "related_item") == p then lines[#lines + 1] = q end
      end
      local k = 0
      for _, a in ipairs(item and item.answers or {}) do
        if a.doctor then
          k = k + 1
          look(a.doctor, lines[k] or p)
        end
      end
    end
  end,
}
