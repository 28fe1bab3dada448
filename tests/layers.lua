-- tests/layers.lua -- checks that medkb's files call each other in layers,
-- never in a loop: the C files by the symbols each object file takes from
-- another (nm), the Lua modules by what each requires.  And the importers
-- stand side by side: none requires the dispatcher (medkb.import) or
-- another importer.  Run by `make lint`; prints each loop or stray
-- require and exits 1 if there is any.
-- Usage: lua5.4 tests/layers.lua OBJ_DIR SCRIPT_DIR

local objdir, scriptdir = arg[1], arg[2]
local problems = {}

local function lines_of(cmd)
  local p = assert(io.popen(cmd))
  local out = {}
  for l in p:lines() do out[#out + 1] = l end
  p:close()
  return out
end

-- The loops in graph (node -> set of nodes), each as a list of nodes.
local function loops(graph)
  local found, state, stack = {}, {}, {}
  local function visit(n)
    state[n] = "open"
    stack[#stack + 1] = n
    local next_nodes = {}
    for m in pairs(graph[n] or {}) do next_nodes[#next_nodes + 1] = m end
    table.sort(next_nodes)
    for _, m in ipairs(next_nodes) do
      if state[m] == "open" then
        local cycle, at = {}, nil
        for i, s in ipairs(stack) do if s == m then at = i end end
        for i = at, #stack do cycle[#cycle + 1] = stack[i] end
        cycle[#cycle + 1] = m
        found[#found + 1] = cycle
      elseif not state[m] then
        visit(m)
      end
    end
    stack[#stack] = nil
    state[n] = "done"
  end
  local nodes = {}
  for n in pairs(graph) do nodes[#nodes + 1] = n end
  table.sort(nodes)
  for _, n in ipairs(nodes) do if not state[n] then visit(n) end end
  return found
end

-- {=== C: which object file uses a symbol another defines

local objects = lines_of(("ls %s/*.o"):format(objdir))
local defined_in, graph = {}, {}
for _, o in ipairs(objects) do
  local name = o:match("([^/]+)%.o$") .. ".c"
  graph[name] = {}
  for _, l in ipairs(lines_of(("nm -g --defined-only %s"):format(o))) do
    local sym = l:match("%S+$")
    if sym then defined_in[sym] = name end
  end
end
for _, o in ipairs(objects) do
  local name = o:match("([^/]+)%.o$") .. ".c"
  for _, l in ipairs(lines_of(("nm -u %s"):format(o))) do
    local other = defined_in[l:match("%S+$")]
    if other and other ~= name then graph[name][other] = true end
  end
end
for _, cycle in ipairs(loops(graph)) do
  problems[#problems + 1] = "C files call each other in a loop: " .. table.concat(cycle, " -> ")
end

-- {=== Lua: which module requires which

local modules = {}
for _, path in ipairs(lines_of(("cd %s && find medkb -name '*.lua' | sort"):format(scriptdir))) do
  local mod = path:gsub("%.lua$", ""):gsub("/init$", ""):gsub("/", ".")
  modules[mod] = {}
  local f = assert(io.open(scriptdir .. "/" .. path, "rb"))
  local code = f:read("a"):gsub("%-%-[^\n]*", "")  -- comments name modules too
  for req in code:gmatch("require%s*%(?%s*[\"']([%w_.]+)[\"']") do
    if req:match("^medkb") then modules[mod][req] = true end
  end
  f:close()
end
for _, cycle in ipairs(loops(modules)) do
  problems[#problems + 1] = "Lua modules require each other in a loop: " .. table.concat(cycle, " -> ")
end
local IMPORTERS = { ["medkb.import.article"] = true, ["medkb.import.qa"] = true,
                    ["medkb.import.dialogue"] = true, ["medkb.import.jsonl"] = true }
for mod in pairs(IMPORTERS) do
  for req in pairs(modules[mod] or {}) do
    if req == "medkb.import" or IMPORTERS[req] then
      problems[#problems + 1] = ("%s requires %s: importers share medkb.import.shared instead"):format(
        mod, req)
    end
  end
end

table.sort(problems)
for _, p in ipairs(problems) do print(p) end
if #problems > 0 then os.exit(1) end
local n = 0
for _ in pairs(graph) do n = n + 1 end
local m = 0
for _ in pairs(modules) do m = m + 1 end
print(("layers: %d C files and %d Lua modules, no loop"):format(n, m))
