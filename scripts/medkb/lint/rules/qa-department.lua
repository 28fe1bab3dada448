-- The doctor who answers works in a department that answers such
-- questions: the question's department, or its topic, belongs to the
-- doctor's department's family or a near one (data "departments").
local T = require "medkb.lint.text"

local function family_of(name, families, field)
  if not name then return nil end
  local best, blen
  for _, f in ipairs(families) do
    for _, w in ipairs(f[field]) do
      if name:find(w, 1, true) and (not blen or #w > blen) then best, blen = f.name, #w end
    end
  end
  return best
end

return {
  id = "qa.department",
  severity = "warning",
  description = "the answering doctor's department is implausible for the question's department or topic",
  params = data "departments",
  check = function(doc, _, report, params)
    local m = doc.model
    local near = {}
    for _, pair in ipairs(params.near) do
      near[pair[1] .. ">" .. pair[2]], near[pair[2] .. ">" .. pair[1]] = true, true
    end
    local function general(dept)
      return T.first(dept, params.general) ~= nil
    end
    -- what a question is about: its department, else its title's topic
    local function wanted(title, depts)
      for i = #depts, 1, -1 do
        local f = family_of(depts[i], params.families, "departments")
        if f then return f, depts[i] end
      end
      local f = family_of(title, params.families, "topics")
      return f, f and ("a question on " .. f)
    end
    local function look(title, depts, d, p)
      if not (d and d.department and d.department ~= "") or general(d.department) then return end
      local want, why = wanted(title or "", depts)
      local has = family_of(d.department, params.families, "departments")
      if want and has and want ~= has and not near[want .. ">" .. has] then
        report{ from = p and p.from or 1, to = p and p.to or 1,
                message = ("doctor %s (%s) answers %s ('%s')"):format(d.name, d.department,
                  why:find("^a question") and why or ("a question of " .. why), title) }
      end
    end
    local depts = {}
    for _, x in ipairs(m.path or {}) do depts[#depts + 1] = x end
    for _, x in ipairs(m.departments or {}) do depts[#depts + 1] = x.name end
    for _, p in ipairs(T.parts(doc, "answer")) do
      local a = m.answers and m.answers[p.n]
      if a then look(m.title, depts, a.doctor, p) end
    end
    for _, p in ipairs(T.parts(doc, "related_item")) do
      local item = m.related[p.n]
      for _, a in ipairs(item and item.answers or {}) do look(item.title, {}, a.doctor, p) end
    end
  end,
}
