-- tests/lua/pattern_spec.lua -- medkb.core.pattern, the pattern functions
-- of the sandbox, against Lua's own string.find, match, gmatch and gsub:
-- random patterns and subjects built from a small alphabet (a fixed seed)
-- must give the same results, captures and positions, or the same error;
-- hand-written cases for each kind of item, each argument rule and each
-- error; what libFuzzer found; and the instruction budget, which a
-- pathological pattern exhausts within a second instead of running for
-- minutes.

local core = require "medkb.core"
local P = core.pattern

local STD = { find = string.find, match = string.match, gmatch = string.gmatch, gsub = string.gsub }

-- A value as text that tells types apart (1 from 1.0 from "1").
local function show_value(v)
  local t = type(v)
  if t == "string" then return ("%q"):format(v) end
  if t == "number" then return math.type(v) .. ":" .. tostring(v) end
  return t .. ":" .. tostring(v)
end

local function show_pack(r)
  local out = {}
  for i = 1, r.n do out[i] = show_value(r[i]) end
  return "(" .. table.concat(out, ", ") .. ")"
end

-- Every value a gmatch iterator gives, at most 64 calls, as text.
local function iterate(gmatch, ...)
  local it = gmatch(...)
  local out = {}
  for _ = 1, 64 do
    local r = table.pack(it())
    out[#out + 1] = show_pack(r)
    if r[1] == nil then break end
  end
  return table.concat(out, " ")
end

-- What calling fn(...) gives, as text: its results, or its error.  The
-- call is made by name from Lua (not by pcall itself), so that an
-- argument error names the function the same way for both libraries.
local function outcome(fn, ...)
  local r = table.pack(pcall(function(...) return fn(...) end, ...))
  if not r[1] then return "error: " .. tostring(r[2]) end
  return show_pack(table.pack(table.unpack(r, 2, r.n)))
end

-- The outcome of function name of both libraries on the same arguments.
local function both(name, ...)
  if name == "gmatch" then
    return outcome(iterate, STD.gmatch, ...), outcome(iterate, P.gmatch, ...)
  end
  return outcome(STD[name], ...), outcome(P[name], ...)
end

local function args_text(...)
  local r = table.pack(...)
  for i = 1, r.n do r[i] = show_value(r[i]) end
  return table.concat(r, ", ", 1, r.n)
end

-- Asserts that function name gives the same with both libraries.
local function same(name, ...)
  local want, got = both(name, ...)
  assert.are.equal(want, got, name .. "(" .. args_text(...) .. ")")
  return got
end

local STOP_B, STOP_T = setmetatable({}, { __tostring = function() return "budget" end }),
                       setmetatable({}, { __tostring = function() return "time" end })

-- fn(...) under limits (instructions, seconds): pcall's results, the
-- CPU seconds it took and the instructions used; the limits end even
-- when fn raises.  Nothing else runs between limits_begin and
-- limits_end: once a stop is raised, the hook raises it again at its
-- next look, which code after the pcall must not reach.
local function limited(instructions, seconds, fn, ...)
  local t0 = os.clock()
  local began = core.limits_begin(instructions, seconds, STOP_B, STOP_T)
  local r = table.pack(pcall(fn, ...))
  local used = core.limits_end()
  local took = os.clock() - t0
  assert.is_true(began)
  return r, took, used
end

describe("medkb.core.pattern", function()
  it("has find, match, gmatch and gsub", function()
    for _, name in ipairs { "find", "match", "gmatch", "gsub" } do
      assert.are.equal("function", type(P[name]))
    end
  end)

  describe("against string.* on random patterns and subjects", function()
    -- Pattern atoms; the malformed ones are rarer.
    local ATOMS = {
      "a", "b", "c", "x", "1", " ", "中", "文", "\228", "\0", "^", "$",
      ".", "%.", "%%", "%a", "%A", "%c", "%d", "%D", "%g", "%l", "%p", "%s", "%S",
      "%u", "%w", "%W", "%x", "%z", "%]", "%-", "%(", "%\0",
      "[abc]", "[^a]", "[a-c]", "[%a_]", "[]]", "[^]a]", "[%d-]", "[\228-\233]", "[a-]",
      "[-a]", "[%]]", "[^%s]", "[中]", "[，。]", "[%w%p]", "[^\0]",
      "*", "+", "-", "?", "*", "+", "-", "?", "*", "+", "-", "?",
      "(", ")", "()", "(", ")", "(", ")",
      "%1", "%2", "%1", "%0",
      "%b()", "%bab", "%bxx", "%b中文", "%f[%w]", "%f[^%a]", "%f[a]", "%f[%z]", "%f[^\0]",
    }
    local MALFORMED = { "%", "[", "[a", "[^", "[%", "%f", "%fa", "%b", "%ba", ")", "(", "%9" }
    local CHARS = {
      "a", "b", "c", "x", "1", "2", " ", "(", ")", "中", "文", "，", "。", ".", "%", "_",
      "-", "\0", "\n", "A", "]", "^", "$", "aa", "ab",
    }
    local REPLS = { "<%0>", "%1", "%%", "x%2y", "", "%", "%a", "[%1|%0]", "%9", 7 }
    local TABLE = { a = "A", ["中"] = "Z", x = false, b = 12, [1] = "one", [3] = "three" }
    local function replacer(...)
      local n = select("#", ...)
      local first = ...
      if first == "x" then return nil end
      if first == "b" then return false end
      if first == "1" then return 42 end
      local parts = {}
      for i = 1, n do parts[i] = tostring((select(i, ...))) end
      return n .. "{" .. table.concat(parts, "|") .. "}"
    end

    local function pattern()
      local parts = {}
      for i = 1, math.random(1, 7) do
        if math.random() < 0.04 then
          parts[i] = MALFORMED[math.random(#MALFORMED)]
        else
          parts[i] = ATOMS[math.random(#ATOMS)]
        end
      end
      return table.concat(parts)
    end

    local function subject()
      local parts = {}
      for i = 1, math.random(0, 14) do parts[i] = CHARS[math.random(#CHARS)] end
      return table.concat(parts)
    end

    it("give the same results and errors on 20,000 pairs", function()
      math.randomseed(20240611)
      local pairs_tried, calls, errors, failures = 0, 0, 0, {}
      local function cmp(name, ...)
        local want, got = both(name, ...)
        calls = calls + 1
        if want:sub(1, 6) == "error:" then errors = errors + 1 end
        if want ~= got and #failures < 10 then
          failures[#failures + 1] = ("%s(%s):\n  string: %s\n  ours:   %s"):format(
            name, args_text(...), want, got)
        end
      end
      for _ = 1, 20000 do
        local s, p = subject(), pattern()
        local init = math.random(-16, 16)
        pairs_tried = pairs_tried + 1
        cmp("find", s, p)
        cmp("find", s, p, init)
        cmp("match", s, p)
        cmp("match", s, p, init)
        cmp("gmatch", s, p)
        cmp("gmatch", s, p, init)
        cmp("gsub", s, p, REPLS[math.random(#REPLS)])
        if math.random() < 0.3 then cmp("find", s, p, init, true) end
        if math.random() < 0.3 then cmp("gsub", s, p, REPLS[math.random(#REPLS)], math.random(-1, 3)) end
        if math.random() < 0.3 then cmp("gsub", s, p, TABLE) end
        if math.random() < 0.3 then cmp("gsub", s, p, replacer) end
      end
      assert.are.equal(20000, pairs_tried)
      assert.is_true(errors > 1000 and errors < calls / 2, "a fair share of errors: " .. errors)
      assert.are.equal("", table.concat(failures, "\n"))
    end)
  end)

  describe("items", function()
    it("single bytes, '.', and Chinese text byte by byte", function()
      same("find", "hello", "l")
      same("find", "hello", "lo")
      same("find", "hello", "l.")
      same("find", "小腿肌肉抖动", "肌肉")
      same("find", "小腿肌肉抖动", "肌.")
      same("match", "小腿肌肉抖动", "肌(...)抖")
      same("find", "a\0b", "\0")
      same("find", "a\0b", "%z")
      same("find", "a\0b", ".\0.")
      assert.are.same({ 3, 3 }, { P.find("a\0b", "b$", 1) }) -- "b$" is at 3 only
    end)

    it("every class and its complement, on every byte", function()
      local all = {}
      for c = 0, 255 do all[#all + 1] = string.char(c) end
      all = table.concat(all)
      for cl in ("acdglpsuwxACDGLPSUWX"):gmatch(".") do
        same("gsub", all, "%" .. cl, "")
        same("gsub", all, "[%" .. cl .. "]", "")
        same("gsub", all, "[^%" .. cl .. "]", "")
      end
      same("gsub", all, "%.", "")
      same("gsub", all, "%%", "")
      same("gsub", all, "%z", "")  -- NUL, deprecated but still there
      same("gsub", all, "%Z", "")
    end)

    it("sets: ranges, classes, a leading '^', a leading ']', '-' at the ends", function()
      for _, p in ipairs { "[a-c]+", "[^a-c]+", "[]]", "[^]]+", "[]a-]+", "[-a]+", "[a-]+", "[%]%-]+",
                           "[%a_][%w_]*", "[\228-\233][\128-\191]+", "[，。]", "[^，。]+", "[a-a]",
                           "[c-a]", "[%d-z]+", "[a%-z]+", "[^%s]+" } do
        same("gsub", "ab-c]]d_e9 x,y，z。中文 f--]", p, "<%0>")
        same("find", "ab-c]]d_e9 x,y，z。中文 f--]", p)
      end
    end)

    it("quantifiers * + - ?", function()
      for _, p in ipairs { "a*", "a+", "a-", "a?", "a*b", "a+b", "a-b", "a?b", ".-b", ".*b", "b.-$",
                           "[ab]*c", "x?y?z?", "%d+%.?%d*", "a-a-a-$", "^a*$" } do
        same("find", "aaab aab b xyz 3.14 aaa", p)
        same("gsub", "aaab aab b xyz 3.14 aaa", p, "(%0)")
        same("match", "aaa", p)
        same("gmatch", "aaab aab b xyz", p)
      end
    end)

    it("anchors: '^' in find, match and gsub, a literal in gmatch; '$' only last", function()
      same("find", "abab", "^ab")
      same("find", "abab", "^ab", 3)
      same("find", "xab", "^ab")
      same("match", "abab", "^(ab)")
      same("gsub", "ababab", "^ab", "X")
      same("gsub", "xababab", "^ab", "X")
      same("gsub", "", "^", "X")
      same("gmatch", "^a^a", "^a")
      same("gmatch", "abab", "^ab")
      same("find", "a$b", "$b")
      same("find", "ab$", "b$")
      same("find", "ab$", "b%$")
      same("find", "ab", "b$")
      same("find", "ab", "$")
      same("find", "ab", "^$")
      same("find", "", "^$")
      same("gsub", "ab", "$", "!")
      same("find", "a^b", "a^b")
    end)

    it("captures, position captures and back-references", function()
      same("find", "key = value", "(%w+)%s*=%s*(%w+)")
      same("match", "key = value", "()(%w+)()%s*=%s*(%w+)()")
      same("match", "hello", "()ll()")
      same("match", "hello", "((l)(l))")
      same("find", "say \"hi\" and 'yo'", "([\"'])(.-)%1")
      same("gsub", "abcabc xyxy", "(%w+)%1", "[%1]")
      same("match", "aa", "()%1") -- a position capture never matches as text
      same("gsub", "hello world", "(o)", "%1%1")
      same("gsub", "hello world", "()o()", "%1-%2")
      same("gmatch", "a=1, b=2", "(%w+)=(%w+)")
      same("gmatch", "abc", "()")
      same("match", "abc", "(a)(b)(c)")
      same("match", "abc", string.rep("()", 32))
    end)

    it("%b and %f", function()
      same("find", "f(a(b)c) (d", "%b()")
      same("gsub", "f(a(b)c) (d) ((", "%b()", "<>")
      same("gmatch", "[a[b]] [c] [", "%b[]")
      same("find", "xx ab xx", "%bxx")
      same("gmatch", "中文中文", "%b中文")
      same("gmatch", "THE (quick) fox", "%f[%a]%a+")
      same("gsub", "THE (quick) fox", "%f[%a]", "|")
      same("gsub", "THE (quick) fox", "%f[%A]", "|")
      same("gsub", "abc", "%f[%z]", "|")
      same("gsub", "abc", "%f[^\0]", "|")
      same("gsub", "a\0b", "%f[%Z]", "|")
      same("find", "hello", "%f[%l]")
      same("find", "hello", "%f[^%l]")
    end)
  end)

  describe("arguments", function()
    it("init: negative, zero, past the end, and as a string", function()
      for init = -8, 8 do
        same("find", "hello", "l", init)
        same("find", "hello", "l+", init)
        same("find", "hello", "", init)
        same("find", "hello", "()", init)
        same("match", "hello", ".", init)
        same("gmatch", "hello", ".", init)
        same("gmatch", "hello", "", init)
      end
      same("find", "hello", "l", "2")
      same("find", "hello", "l", math.mininteger)
      same("find", "hello", "l", math.maxinteger)
      same("gmatch", "hello", "l", math.maxinteger)
      same("find", "hello", "l", 2.0)
      same("find", "hello", "l", 2.5)
      same("find", "hello", "l", "x")
      same("match", "hello", "l", {})
    end)

    it("plain find, explicit or for a pattern with no specials", function()
      same("find", "a.b(c)[d]%e", ".", 1, true)
      same("find", "a.b(c)[d]%e", "(c)", 1, true)
      same("find", "a.b(c)[d]%e", "%e", 1, true)
      same("find", "a.b(c)[d]%e", "[d]", 3, 1)
      same("find", "a.b(c)[d]%e", "", 4, true)
      same("find", "a.b(c)[d]%e", "", 40, true)
      same("find", "x)", ")")                -- no specials: plain, where match would raise
      same("match", "x)", ")")
      same("find", "x]y", "]")
      same("find", "a\0b\0c", "b\0c")
      same("find", "a\0b\0c", "\0c.")
      same("find", "aaa", "aaaa")
      same("find", "abcabcabd", "abd", 1, false)
      same("find", "abcabcabd", "abd", 1, nil)
    end)

    it("numbers as subjects, patterns and replacements", function()
      same("find", 12345, 34)
      same("find", 1.5, "%.")
      same("match", 2 ^ 63, "%d+")
      same("gsub", 12345, 3, 9)
      same("gsub", 12345, "x", "y")       -- unchanged: the subject as a string
      same("gsub", 12345, "%d", 0.5)
      same("gmatch", 12345, "%d")
      same("match", -7, "^%-")
    end)

    it("bad arguments", function()
      same("find", nil, "a")
      same("find", "a", nil)
      same("find", {}, "a")
      same("match", "a")
      same("gmatch", "a")
      same("gmatch", "a", "a", "x")
      same("gsub", "a", "a")
      same("gsub", "a", "a", true)
      same("gsub", "a", "a", nil)
      same("gsub", "a", "a", "b", "x")
      same("gsub", "a", "a", "b", 1.5)
      same("gsub", nil, "a", "b", 1.5)
      assert.has_error(function() P.find(nil, "a") end,
                       "bad argument #1 to 'find' (string expected, got nil)")
    end)
  end)

  describe("gsub", function()
    it("string replacements with %0-%9 and %%", function()
      same("gsub", "hello world", "(%w+) (%w+)", "%2 %1 %0 %%")
      same("gsub", "hello world", "%w+", "%1")  -- %1 is the match when there are no captures
      same("gsub", "abc", "", "-")
      same("gsub", "abc", "b*", "-")
      same("gsub", "", "", "-")
      same("gsub", "abc", ".", { a = 1, b = true and "B" })
      same("gsub", "abc", "%w", "%%%0%%")
    end)

    it("table, function and false/nil replacements", function()
      local t = { hello = "HI", world = false }
      same("gsub", "hello world again", "%w+", t)
      same("gsub", "hello world", "(%w+)", function(w) return w:upper() end)
      same("gsub", "hello world", "%w+", function() return nil end)
      same("gsub", "hello world", "%w+", function() return false end)
      same("gsub", "hello world", "%w+", function() return 7 end)
      same("gsub", "hello world", "%w+", function() return 1.5 end)
      same("gsub", "a=1 b=2", "(%w)=(%w)", function(k, v) return v .. k end)
      same("gsub", "abc", "()", function(pos) return "[" .. pos .. "]" end)
      same("gsub", "abc", "()", { [2] = "two" })
      local proxy = setmetatable({}, { __index = function(_, k) return k:upper() end })
      same("gsub", "abc def", "%w+", proxy)
    end)

    it("the limit n", function()
      for _, n in ipairs { -1, 0, 1, 2, 3, 100, 2.0, "2" } do
        same("gsub", "a a a", "a", "b", n)
        same("gsub", "abc", "", "-", n)
        same("gsub", "abc", "x*", "-", n)
      end
    end)

    it("an empty match right after a match is no match (5.4)", function()
      same("gsub", "abc", "%w*", "-")
      same("gsub", "hello world", "%w*", "[%0]")
      same("gsub", "a,b,,c", "[^,]*", "<%0>")
      same("gmatch", "abc", "%w*")
      same("gmatch", "a,b,,c", "[^,]*")
      same("gmatch", "abc", "%w*", 2)
      same("gmatch", "hello world", "%a*")
    end)

    it("a function's own errors pass through", function()
      same("gsub", "abc", "%w", function() error("boom", 0) end)
      same("gsub", "abc", "%w", setmetatable({}, { __index = function() error("idx", 0) end }))
    end)
  end)

  describe("gmatch", function()
    it("keeps its subject and pattern alive and works from another coroutine", function()
      local it = P.gmatch(("ab"):rep(3) .. "x", "(a)(b)")
      collectgarbage()
      local co = coroutine.wrap(function() return it() end)
      assert.are.same({ "a", "b" }, { co() })
      assert.are.same({ "a", "b" }, { it() })
      assert.are.same({ "a", "b" }, { it() })
      assert.is_nil(it())
      assert.is_nil(it())
    end)
  end)

  describe("errors", function()
    local ERRORS = {
      { "find", "a", "a%", "malformed pattern (ends with '%')" },
      { "find", "a", "[a", "malformed pattern (missing ']')" },
      { "find", "a", "[^", "malformed pattern (missing ']')" },
      { "find", "a", "[%", "malformed pattern (missing ']')" },
      { "find", "a", "[]", "malformed pattern (missing ']')" },
      { "find", "a", "%f", "missing '[' after '%f' in pattern" },
      { "find", "a", "%fa", "missing '[' after '%f' in pattern" },
      { "find", "a", "%f[a", "malformed pattern (missing ']')" },
      { "find", "a", "%b", "malformed pattern (missing arguments to '%b')" },
      { "find", "a", "%ba", "malformed pattern (missing arguments to '%b')" },
      { "find", "a", "%1", "invalid capture index %1" },
      { "find", "a", "%0", "invalid capture index %0" },
      { "find", "a", "(a)%2", "invalid capture index %2" },
      { "find", "a", "(a%1)", "invalid capture index %1" },
      { "match", "a", ")", "invalid pattern capture" },
      { "find", "a", "(", "unfinished capture" },
      { "match", "a", "(()", "unfinished capture" },
      { "find", "a", string.rep("()", 33), "too many captures" },
      { "find", string.rep("a", 300), string.rep("a?", 300), "pattern too complex" },
      { "find", string.rep("a", 300), string.rep("a-", 250), "pattern too complex" },
      { "gsub", "abc", "%w", "%2", "invalid capture index %2" },
      { "gsub", "abc", "(%w)", "%3", "invalid capture index %3" },
      { "gsub", "abc", "%w", "%", "invalid use of '%' in replacement string" },
      { "gsub", "abc", "%w", "%x", "invalid use of '%' in replacement string" },
      { "gsub", "abc", "%w", "%\0", "invalid use of '%' in replacement string" },
      { "gsub", "abc", "%w", { a = {} }, "invalid replacement value (a table)" },
      { "gsub", "abc", "%w", function() return true end, "invalid replacement value (a boolean)" },
      { "gsub", "abc", "(", "%1", "unfinished capture" },
      { "gsub", "abc", "(", function() end, "unfinished capture" },
      { "gmatch", "abc", "(", "unfinished capture" },
      { "gmatch", "abc", "%", "malformed pattern (ends with '%')" },
    }
    for _, case in ipairs(ERRORS) do
      local name, want = case[1], case[#case]
      it(("%s(%q) raises %q"):format(name, case[3]:sub(1, 24), want), function()
        local args = { table.unpack(case, 2, #case - 1) }
        local got = same(name, table.unpack(args))
        -- luaL_error names the line of the Lua code that called
        assert.are.equal(want, (got:gsub("^error: [^\n]-:%d+: ", "")))
      end)
    end

    it("only where the matcher gets to, as string.* does", function()
      same("find", "b", "a%")             -- 'a' never matches: the '%' is never read
      same("find", "b", "a[")
      same("gsub", "bbb", "a(", "%1")
      same("gsub", "abc", "(", "x")       -- an unfinished capture that is never asked for
      same("gsub", "abc", "(a)(", { a = 1 })
      same("find", "bbb", "a%1")
      same("gmatch", "", "x", 5)          -- nothing to iterate: the pattern is never read
      same("gmatch", "", "%", 5)
      same("find", "", "%", 5)
      same("find", string.rep("a", 100), string.rep("a?", 300)) -- fails before nesting deep
      same("find", "", string.rep("a?", 300))
    end)
  end)

  describe("what fuzzing found", function()
    -- Each input libFuzzer (tests/fuzz/fuzz_pattern.c) reported, as a
    -- subject and a pattern: each function under a budget (which the
    -- first spent, and its stop escaped the pcall that caught it) gives
    -- what string.* gives, or stops.
    local FOUND = {
      { "\228\184\173\230\150\140\141[strii\0\0\0\0()baabc" .. string.rep("\153", 12) .. "X\n X"
          .. string.rep("a", 40),
        string.rep("a?", 20) .. "[\0\0\0[\0\0\0\140\141[strii\0\0\0\0\0\0[\228-]" },
    }
    for _, case in ipairs(FOUND) do
      it(("%q in %q"):format(case[2]:sub(1, 30), case[1]:sub(1, 30)), function()
        for _, name in ipairs { "find", "match", "gsub" } do
          local args = { case[1], case[2], name == "gsub" and "<%0>" or nil }
          local r = limited(300000, 10, P[name], table.unpack(args))
          if r[1] then
            assert.are.same(table.pack(pcall(STD[name], table.unpack(args))), r)
          else
            assert.is_true(rawequal(r[2], STOP_B), tostring(r[2]))
          end
        end
      end)
    end
  end)

  describe("the instruction budget", function()
    local PATHOLOGICAL = {
      { "find", string.rep("a", 5000), string.rep("a*", 20) .. "b" },
      { "find", string.rep("x", 1000000), ".-y" },
      { "match", string.rep("a", 5000), string.rep("a-", 20) .. "b" },
      { "gsub", string.rep("x", 200000), ".-y", "" },
      { "gsub", string.rep("(", 20000), "%b()", "" },
      { "gmatch", string.rep("a", 5000), string.rep("a?", 30) .. "b" },
      { "find", string.rep("ab", 20000), "(.*)%1%1c" },
      { "find", string.rep("a", 300000), string.rep("a", 3000) .. "b", 1, true },
      -- a huge set is read again at each position
      { "find", string.rep("a", 200000), "[" .. string.rep("b", 200000) .. "]" },
      { "find", string.rep("a", 200000), "x?[" .. string.rep("b", 200000) .. "]" },
      { "gsub", string.rep("a", 200000), "%f[" .. string.rep("b", 200000) .. "]", "" },
      { "find", string.rep("a", 200000), string.rep("a", 100000) .. ".b" },
    }
    for _, case in ipairs(PATHOLOGICAL) do
      local name = case[1]
      it(("stops %s(%q)"):format(name, case[3]:sub(1, 30)), function()
        local fn = P[name]
        if name == "gmatch" then fn = function(...) return P.gmatch(...)() end end
        local r, took = limited(1000000, 10, fn, table.unpack(case, 2))
        assert.is_false(r[1])
        assert.is_true(rawequal(r[2], STOP_B), "raised " .. tostring(r[2]))
        assert.is_true(took < 1, ("took %.2f s"):format(took))
      end)
    end

    it("stops a pathological pattern at the time limit when the budget is large", function()
      local r, took = limited(math.maxinteger // 2, 0.2, P.find, string.rep("a", 5000),
                              string.rep("a*", 20) .. "b")
      assert.is_false(r[1])
      assert.is_true(rawequal(r[2], STOP_T), "raised " .. tostring(r[2]))
      assert.is_true(took < 1, ("took %.2f s"):format(took))
    end)

    it("gives string.find's result on a smaller input without limits", function()
      local s, p = string.rep("a", 20), string.rep("a*", 6) .. "b"
      same("find", s, p)
      same("find", string.rep("x", 2000), ".-y")
      same("gsub", string.rep("(", 200), "%b()", "")
    end)

    it("charges ordinary matching, and lets it finish within the budget", function()
      local text = string.rep("头痛 12 次，", 1000)
      local r, _, used = limited(1000000, 10, P.gsub, text, "%d+", "N")
      assert.is_true(r[1])
      assert.are.equal((text:gsub("%d+", "N")), r[2])
      assert.is_true(used >= #text, "used " .. used)
      r = limited(1000000, 10, P.find, text, "次，$")
      assert.are.same({ true, #text - 5, #text, n = 3 }, r)
    end)

    it("leaves the code that catches its stop a full count of instructions", function()
      -- Whatever the hook's count stood at when the pattern spent the
      -- budget, the few instructions between the pcall that catches the
      -- stop and limits_end run before the hook raises it again.
      local s, p = string.rep("a", 5000), string.rep("a*", 20) .. "b"
      local escaped = 0
      for before = 0, 99 do
        local ok = pcall(function()
          core.limits_begin(1000000, 10, STOP_B, STOP_T)
          for _ = 1, before do end
          local r = table.pack(pcall(P.find, s, p))
          local a, b, c = 1, 2, 3
          a = a + b + c
          core.limits_end()
          return r, a
        end)
        if not ok then
          escaped = escaped + 1
          core.limits_end()
        end
      end
      assert.are.equal(0, escaped)
    end)

    it("says where the code stood when pattern work spent the budget", function()
      assert.is_true(core.limits_begin(1000000, 10, STOP_B, STOP_T))
      local ok, err = pcall(P.find, string.rep("a", 5000), string.rep("a*", 20) .. "b")
      local _, where = core.limits_end()
      assert.is_false(ok)
      assert.is_true(rawequal(err, STOP_B))
      assert.matches("pattern_spec%.lua:%d+$", where)
    end)

    it("charges the work a replacement function does as Lua", function()
      local r = limited(100000, 10, P.gsub, string.rep("a", 100), "a", function()
        for _ = 1, 1e9 do end
      end)
      assert.is_false(r[1])
      assert.is_true(rawequal(r[2], STOP_B))
    end)

    it("charges nothing and never stops when no limits are on", function()
      local text = string.rep("a", 2000000)
      assert.are.equal(2000000, select(2, P.gsub(text, "%w", "b")))
      assert.is_nil(P.find(string.rep("x", 3000), "x-y"))
    end)
  end)
end)
