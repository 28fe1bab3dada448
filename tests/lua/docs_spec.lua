-- tests/lua/docs_spec.lua -- runs every ```lua block of docs/api.md, so
-- that the documented examples stay true.

local function blocks(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  local out = {}
  for code in text:gmatch("```lua\n(.-)```") do out[#out + 1] = code end
  return out
end

describe("docs/api.md", function()
  local examples = blocks("docs/api.md")

  it("has examples", function()
    assert.is_true(#examples >= 6)
  end)

  it("names every kind of entity and document the schema has", function()
    local f = assert(io.open("docs/api.md", "rb"))
    local text = f:read("a")
    f:close()
    local medkb = require "medkb"
    local kb <close> = medkb.open()
    for _, k in ipairs(kb:kinds()) do
      assert.is_truthy(text:find("`" .. k.kind .. "`", 1, true), k.kind .. " is not in docs/api.md")
    end
    for _, kind in ipairs(medkb.document_kinds) do
      assert.is_truthy(text:find(kind, 1, true), kind .. " is not in docs/api.md")
    end
  end)

  for i, code in ipairs(examples) do
    it(("example %d runs"):format(i), function()
      local env = setmetatable({}, { __index = _G })
      local chunk = assert(load(code, "=docs/api.md example " .. i, "t", env))
      chunk()
    end)
  end
end)
