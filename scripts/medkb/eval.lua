-- medkb/eval.lua -- how right the importers are on real pages: each page
-- is imported, and what its documents state is scored against what a
-- careful reader wrote down for it (PAGE.expect.lua beside PAGE): the
-- causes in order, every drug with what the text says of it (taken for a
-- cause, provoking the problem, or named in passing), and every answering
-- doctor's name, title, hospital and department.  `medkb eval` prints it;
-- editors run it after changing the rules in medkb/extract.lua.
--
-- An expectation file is a Lua table (data only, read with no globals):
--   return { symptom = "...", causes = { "...", ... },
--            drugs = { { name = "...", cause = "..." or nil,
--                        role = "taken" | "provoking" | "mentioned" }, ... },
--            doctors = { { name =, title =, hospital =, department = }, ... },
--            foods = { "...", ... }, exams = { "...", ... } }  (both optional)

local import = require "medkb.import"

local M = {}

-- The relation a role is stated as (from the cause, or from the symptom a
-- question asks about, to the drug).
M.ROLES = { taken = "drug", provoking = "provoking_drug", mentioned = "mentioned_drug" }
local ROLE_OF = {}
for role, rel in pairs(M.ROLES) do ROLE_OF[rel] = role end

--- expectation(page) -> the table in page's .expect.lua (the page's name
-- with its extension replaced), or nil and a message.
function M.expectation(page)
  local path = page:gsub("%.[^./]*$", "") .. ".expect.lua"
  local chunk, err = loadfile(path, "t", {})
  if not chunk then return nil, err end
  local ok, t = pcall(chunk)
  if not ok then return nil, ("%s: %s"):format(path, t) end
  if type(t) ~= "table" then return nil, path .. ": expected a table" end
  return t
end

-- The drug statements of the documents docs: {name, role, src} each.
local function drugs_stated(docs)
  local out = {}
  for _, d in ipairs(docs) do
    for st in d:statements() do
      local role = ROLE_OF[st.type]
      if role then out[#out + 1] = { name = st.dst.name, role = role, src = st.src } end
    end
  end
  return out
end

-- The documents a page import made (an article; or a question with its
-- answers, then each related question's answers) and the doctors in page
-- order.
local function page_documents(doc)
  local docs, doctors = { doc }, {}
  local function answers_of(q)
    local list = {}
    for a in q:referrers("answers") do list[#list + 1] = a end
    table.sort(list, function(x, y) return x.id < y.id end)
    for _, a in ipairs(list) do
      docs[#docs + 1] = a
      for e in a:entities("doctor") do
        local at = e.attrs
        doctors[#doctors + 1] = { name = e.name, title = at.title, hospital = at.hospital,
                                  department = at.department }
      end
    end
  end
  if doc.kind == "question" then
    answers_of(doc)
    for rq in doc:linked("related") do answers_of(rq) end
  end
  return docs, doctors
end

-- The causes the article states for its symptom, in its order.
local function causes_stated(doc)
  local list = {}
  for st in doc:statements("cause") do list[#list + 1] = st end
  table.sort(list, function(a, b) return a.rank < b.rank end)
  local names = {}
  for i, st in ipairs(list) do names[i] = st.dst.name end
  return names
end

--- score(doc, want) -> the page's counts: drugs expected, found and
-- matched (by name), roles right among the matched (role, and for an
-- article's cause sections the cause), causes (in order, invented,
-- missed), doctors expected and right in every field, and the lists of
-- misses, extras and wrong ones, for reading.
function M.score(doc, want)
  local docs, doctors = page_documents(doc)
  local r = { drugs_expected = 0, drugs_found = 0, drugs_matched = 0,
              roles_right = 0, missed = {}, extra = {}, wrong = {},
              doctors_expected = #(want.doctors or {}), doctors_right = 0, doctor_errors = {} }
  local found = drugs_stated(docs)
  local by_name = {}
  for _, f in ipairs(found) do
    if not by_name[f.name] then
      by_name[f.name] = {}
      r.drugs_found = r.drugs_found + 1
    end
    table.insert(by_name[f.name], f)
  end
  -- each expected name once, with every (role, cause) the reader gave it
  local expected, order = {}, {}
  for _, w in ipairs(want.drugs or {}) do
    if not expected[w.name] then
      expected[w.name] = {}
      order[#order + 1] = w.name
    end
    table.insert(expected[w.name], w)
  end
  r.drugs_expected = #order
  for _, name in ipairs(order) do
    local got = by_name[name]
    if not got then
      r.missed[#r.missed + 1] = name
    else
      r.drugs_matched = r.drugs_matched + 1
      local right = false
      for _, w in ipairs(expected[name]) do
        for _, f in ipairs(got) do
          local cause_ok = doc.kind ~= "article"
            or (w.cause == nil and f.src.kind ~= "cause") or f.src.name == w.cause
          right = right or (f.role == w.role and cause_ok)
        end
      end
      if right then
        r.roles_right = r.roles_right + 1
      else
        local w = expected[name][1]
        r.wrong[#r.wrong + 1] = ("%s (%s%s, found %s from %s)"):format(name, w.role,
          w.cause and (" for " .. w.cause) or "", got[1].role, got[1].src.name)
      end
    end
  end
  for name in pairs(by_name) do
    if not expected[name] then r.extra[#r.extra + 1] = name end
  end
  table.sort(r.extra)
  -- foods and exams, where the reader listed them: how many were found
  -- (an exam by its name with or without 检查: 肠镜检查 is 肠镜)
  local function exam_name(name)
    return name:gsub("检查$", "")
  end
  for _, kind in ipairs{ "food", "exam" } do
    local want_list = want[kind .. "s"]
    local same = kind == "exam" and exam_name or function(name) return name end
    if want_list then
      local got = {}
      for _, d in ipairs(docs) do
        for st in d:statements(kind) do got[same(st.dst.name)] = true end
      end
      local n, missed = 0, {}
      for _, name in ipairs(want_list) do
        if got[same(name)] then n = n + 1 else missed[#missed + 1] = name end
      end
      r[kind .. "s_expected"], r[kind .. "s_found"], r[kind .. "s_missed"] = #want_list, n, missed
    end
  end
  if doc.kind == "article" then
    local got = causes_stated(doc)
    local want_causes = want.causes or {}
    r.causes_in_order = #got == #want_causes
    local wanted = {}
    for i, c in ipairs(want_causes) do
      wanted[c] = true
      if got[i] ~= c then r.causes_in_order = false end
    end
    r.causes_invented = {}
    for _, c in ipairs(got) do
      if not wanted[c] then r.causes_invented[#r.causes_invented + 1] = c end
    end
    r.causes = got
  end
  for i, w in ipairs(want.doctors or {}) do
    local g = doctors[i]
    local ok = g ~= nil
    for _, field in ipairs{ "name", "title", "hospital", "department" } do
      ok = ok and g[field] == w[field]
    end
    if ok then
      r.doctors_right = r.doctors_right + 1
    else
      r.doctor_errors[#r.doctor_errors + 1] = ("#%d want %s/%s/%s/%s, found %s"):format(i,
        w.name, w.title, w.hospital, w.department,
        g and ("%s/%s/%s/%s"):format(g.name, g.title, g.hospital, g.department) or "none")
    end
  end
  if #doctors > #(want.doctors or {}) then
    r.doctor_errors[#r.doctor_errors + 1] = ("%d doctors found, %d expected"):format(#doctors,
      #(want.doctors or {}))
  end
  return r
end

local SUMS = { "drugs_expected", "drugs_found", "drugs_matched", "roles_right",
               "doctors_expected", "doctors_right", "foods_expected", "foods_found",
               "exams_expected", "exams_found" }

--- run(kb, pages) -> { pages = { {page =, ok =, problem =, score =}, ... },
-- total = sums over the pages }.  Imports the pages into kb one by one,
-- in the order given (what one page teaches, a known drug, the next uses),
-- and scores each that has an expectation.
function M.run(kb, pages)
  local out = { pages = {}, total = { pages = 0, articles = 0, causes_right = 0, invented = 0 } }
  for _, s in ipairs(SUMS) do out.total[s] = 0 end
  for _, page in ipairs(pages) do
    local entry = { page = page }
    out.pages[#out.pages + 1] = entry
    local want, err = M.expectation(page)
    local report = want and import.run(kb, { page })
    if not want then
      entry.problem = err
    elseif #report.problems > 0 then
      entry.problem = tostring(report.problems[1])
    else
      local doc = report.files[1].documents[1]
      entry.score = M.score(doc, want)
      local t, s = out.total, entry.score
      t.pages = t.pages + 1
      for _, k in ipairs(SUMS) do t[k] = t[k] + (s[k] or 0) end
      if doc.kind == "article" then
        t.articles = t.articles + 1
        if s.causes_in_order and #s.causes_invented == 0 then t.causes_right = t.causes_right + 1 end
        t.invented = t.invented + #s.causes_invented
      end
    end
  end
  return out
end

--- ratio(a, b) -> a / b as a percentage, 100 when b is 0.
function M.percent(a, b)
  if b == 0 then return 100 end
  return 100 * a / b
end

return M
