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

  for i, code in ipairs(examples) do
    it(("example %d runs"):format(i), function()
      local env = setmetatable({}, { __index = _G })
      local chunk = assert(load(code, "=docs/api.md example " .. i, "t", env))
      chunk()
    end)
  end
end)
