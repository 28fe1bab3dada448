-- A dose (每次2片, 每日3次, 10mg) stands in a sentence that puts it
-- under a doctor's advice.
local T = require "medkb.lint.text"
local dosage = data "dosage"

-- Whether s, from byte i on, opens with a number then a unit; the end.
local function number_unit(s, i, numbers, units)
  local j = i
  while true do
    local matched
    for _, n in ipairs(numbers) do
      local a, b
      if n == "%d" then a, b = s:find("^[%d%.%-~]+", j) else a, b = s:find(n, j, true) end
      if a == j then matched = b break end
    end
    if not matched then break end
    j = matched + 1
  end
  if j == i then return nil end
  while s:sub(j, j) == " " do j = j + 1 end
  for _, u in ipairs(units) do
    if s:sub(j, j + #u - 1) == u then return j + #u - 1 end
  end
  return nil
end

-- The first dose in sentence s: from, to (in s), or nil.
local function dose_in(s, params)
  for _, w in ipairs(params.often) do
    for _, at in ipairs(T.find_all(s, w)) do
      local stop = number_unit(s, at.to + 1, params.numbers, params.units)
      if stop then return at.from, stop end
    end
  end
  local pos = 1
  while true do
    local i, j = s:find("%d[%d%.]*", pos)
    if not i then break end
    local k = j + 1
    while s:sub(k, k) == " " do k = k + 1 end
    for _, u in ipairs(params.amounts) do
      if s:sub(k, k + #u - 1) == u then
        local rest = s:sub(k + #u)
        local lab = false
        for _, na in ipairs(params.not_after) do
          if rest:sub(1, #na) == na then lab = true end
        end
        if not lab then return i, k + #u - 1 end
      end
    end
    pos = j + 1
  end
  return nil
end

return {
  id = "dosage.unqualified",
  severity = "warning",
  description = "a dose (每次2片, 每日3次, 10mg) without 遵医嘱 or 在医生指导下 in its sentence",
  params = { often = dosage.often, numbers = dosage.numbers, units = dosage.units, amounts = dosage.amounts,
             not_after = dosage.not_after, taking = dosage.taking, qualifiers = data "qualifiers" },
  check = function(doc, kb, report, params)
    for _, p in ipairs(T.body_parts(doc)) do
      for _, s in ipairs(T.sentences(doc.text, p.from, p.to)) do
        local a, b = dose_in(s.text, params)
        if a and (T.first(s.text, params.taking) or #kb.drugs(s.text) > 0)
            and not T.first(s.text, params.qualifiers) then
          report{ from = s.from + a - 1, to = s.from + b - 1,
                  message = ("dose '%s' without 遵医嘱 or 在医生指导下 in the sentence"):format(s.text:sub(a, b)) }
        end
      end
    end
  end,
}
