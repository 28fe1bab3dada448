-- tests/lua/site_spec.lua -- `medkb site`: every link of every page
-- resolves and every page is reached from the index; a rebuild writes
-- only what changed; and, in headless Chromium (skipped, saying so, where
-- it is absent), every page of the site of the seeds and the CSV sample
-- loads without a console message, with screenshots of an article, a
-- Q&A page and a symptom page at phone and desktop width saved under
-- build/test-output/screenshots for a person to look at.

local medkb = require "medkb"
local helper = require "tests.lua.helper"

local shared = helper.shared()
local EXAMPLES = medkb.scriptdir .. "/medkb/examples/"
local FIXTURES = helper.abs("tests/fixtures") .. "/"
local run = helper.run

local function lines_of(cmd)
  local p = io.popen(cmd)
  local out = {}
  for l in p:lines() do out[#out + 1] = l end
  p:close()
  return out
end

-- Every page of the site (paths relative to it), and the links each has.
local function crawl(site)
  local pages = {}
  for _, path in ipairs(lines_of(("cd %s && find . -name '*.html' | sort"):format(helper.quote(site)))) do
    path = path:gsub("^%./", "")
    local links = {}
    for attr, target in helper.read(site .. "/" .. path):gmatch('(%a+)="([^"#]+)') do
      if attr == "href" or attr == "src" then links[#links + 1] = target end
    end
    pages[path] = links
  end
  return pages
end

-- The path a relative link from page leads to, normalized.
local function resolve(page, link)
  local dir = page:match("^(.*)/") or ""
  local parts = {}
  for p in ((dir ~= "" and dir .. "/" or "") .. link):gmatch("[^/]+") do
    if p == ".." then table.remove(parts) elseif p ~= "." then parts[#parts + 1] = p end
  end
  return table.concat(parts, "/")
end

local exists = helper.exists

-- Checks that every link of every page resolves inside the site and that
-- every page is reached from the index; returns the number of pages.
local function check_links(site)
  local pages = crawl(site)
  local n = 0
  for page, links in pairs(pages) do
    n = n + 1
    for _, link in ipairs(links) do
      assert.is_nil(link:match("^%a+:"), page .. " links outside the site: " .. link)
      assert.is_true(exists(site .. "/" .. resolve(page, link)), page .. ": broken link " .. link)
    end
  end
  local seen, queue = { ["index.html"] = true }, { "index.html" }
  while #queue > 0 do
    local page = table.remove(queue)
    for _, link in ipairs(pages[page] or {}) do
      local target = resolve(page, link)
      if target:match("%.html$") and not seen[target] then
        seen[target] = true
        queue[#queue + 1] = target
      end
    end
  end
  for page in pairs(pages) do assert.is_true(seen[page] == true, page .. " is not reached from the index") end
  return n
end

describe("medkb site", function()
  after_each(helper.cleanup)

  it("links every page, reaches each from the index, and rebuilds only what changed", function()
    local dir = helper.tmpdir()
    local csv = helper.write(dir .. "/d.csv", "department,title,ask,answer\n眼科,眼睛干涩怎么办,看屏幕久了,"
      .. "可以用玻璃酸钠滴眼液\n神经内科,手抖是怎么回事,喝咖啡后手抖,多为生理性震颤\n")
    local _, err, code = run({ "--db", "kb.db", "import", EXAMPLES .. "eyelid-article.txt",
      EXAMPLES .. "eyelid-qa.txt", csv }, { cwd = dir })
    assert.equal(0, code, err)
    local out
    out, err, code = run({ "--db", "kb.db", "site", "out" }, { cwd = dir })
    assert.equal(0, code, err)
    local files, written = out:match("^out: (%d+) files, (%d+) written, 0 unchanged, 0 removed\n$")
    assert.is_truthy(files, out)
    assert.equal(files, written)
    local n = check_links(dir .. "/out")
    assert.is_true(n > 20)
    assert.is_true(exists(dir .. "/out/style.css"))
    -- a symptom with causes has its picture
    local svgs = lines_of(("ls %s/out/e/*.svg"):format(helper.quote(dir)))
    assert.is_true(#svgs >= 1)
    -- again: nothing to write
    out = run({ "--db", "kb.db", "site", "out" }, { cwd = dir })
    assert.matches(("^out: %s files, 0 written, %s unchanged, 0 removed\n$"):format(files, files), out)
    -- another article on the same symptom: its page, the symptom's page
    -- and picture, the lists that name them; not the rest
    run({ "--db", "kb.db", "import", FIXTURES .. "eyelid-article-2.txt" }, { cwd = dir })
    out = run({ "--db", "kb.db", "site", "out" }, { cwd = dir })
    local w = tonumber(out:match(", (%d+) written"))
    assert.is_true(w >= 3 and w < tonumber(files) / 2, out)
    check_links(dir .. "/out")
    -- a document gone takes its page with it
    helper.write(dir .. "/del.lua", "for d in kb:documents{kind = 'question'} do "
      .. "if d.title == '手抖是怎么回事' then d:delete() end end")
    run({ "--db", "kb.db", "run", "del.lua" }, { cwd = dir })
    out = run({ "--db", "kb.db", "site", "out" }, { cwd = dir })
    assert.matches(", [1-9]%d* removed\n$", out)
    check_links(dir .. "/out")
  end)

  it("is checked page by page in a real browser", function()
    if os.execute("command -v chromium >/dev/null 2>&1") ~= true then
      return pending("chromium is not installed (make deps installs it): "
                     .. "the site is not checked in a browser")
    end
    local dir = helper.tmpdir()
    local files = { EXAMPLES .. "eyelid-article.txt", EXAMPLES .. "eyelid-qa.txt" }
    if shared then
      for _, f in ipairs{ "/seeds/000_f8a43c31275f9ff5.txt", "/seeds/001_d6d6bd473cc35397.txt",
                          "/data/dialogue-im-sample.gb18030.csv" } do
        files[#files + 1] = shared .. f
      end
    end
    local args = { "--db", "kb.db", "import" }
    table.move(files, 1, #files, #args + 1, args)
    local _, err, code = run(args, { cwd = dir })
    assert.equal(0, code, err)
    _, err, code = run({ "--db", "kb.db", "site", "out" }, { cwd = dir })
    assert.equal(0, code, err)
    local site = dir .. "/out"
    local n = check_links(site)
    -- every page, loaded in frames a few hundred at a time: no console
    -- message (the pages have no script; a message is a problem)
    local pages = lines_of(("cd %s && find . -name '*.html' | sort"):format(helper.quote(site)))
    -- without the sanitizer runtimes a sanitized test run preloads (the
    -- browser spins under them), and never for ever
    local chrome = "env -u LD_PRELOAD -u ASAN_OPTIONS timeout 300 "
      .. "chromium --headless --no-sandbox --disable-gpu --no-first-run "
      .. "--disable-background-networking --disable-component-update --disable-sync "
      .. "--user-data-dir=" .. helper.quote(dir .. "/profile")
    local per = 400
    local loaded = 0
    for first = 1, #pages, per do
      local frames = {}
      for i = first, math.min(first + per - 1, #pages) do
        frames[#frames + 1] = ('<iframe src="%s"></iframe>'):format(pages[i]:gsub("^%./", ""))
      end
      local batch = site .. "/_batch.html"
      helper.write(batch, "<!DOCTYPE html><html><body>" .. table.concat(frames) .. "</body></html>")
      local log = lines_of(("%s --enable-logging=stderr --v=0 --virtual-time-budget=20000 --dump-dom "
        .. "%s 2>&1 >%s/dom.html"):format(chrome, helper.quote("file://" .. batch), helper.quote(dir)))
      for _, l in ipairs(log) do
        assert.is_nil(l:find("CONSOLE", 1, true), "console message: " .. l)
      end
      assert.matches("<iframe", helper.read(dir .. "/dom.html"), 1, true)
      loaded = loaded + #frames
      os.remove(batch)
    end
    assert.equal(n, loaded)
    -- what a person sees: an article, a Q&A page, a symptom with its picture
    local shots = helper.abs("build/test-output/screenshots")
    os.execute("mkdir -p " .. helper.quote(shots))
    local function find_page(dir_name, needle)
      for _, p in ipairs(pages) do
        local in_dir = p:find("^%./" .. dir_name .. "/%d")
        if in_dir and helper.read(site .. "/" .. p:sub(3)):find(needle, 1, true) then
          return p:sub(3)
        end
      end
    end
    local targets = {
      article = find_page("a", shared and "3027次浏览" or "1268次浏览"),
      question = find_page("q", shared and "脸部肌肉跳动是什么原因" or "眼皮老是跳是什么原因"),
      symptom = find_page("e", shared and "<h1>小腿肌肉抖动 " or "<h1>眼皮跳 "),
    }
    for name, page in pairs(targets) do
      assert.is_truthy(page, name .. " page not found")
      for _, width in ipairs{ 390, 1280 } do
        local png = ("%s/%s-%d.png"):format(shots, name, width)
        os.remove(png)
        os.execute(("%s --screenshot=%s --window-size=%d,1600 %s >/dev/null 2>&1"):format(chrome,
          helper.quote(png), width, helper.quote("file://" .. site .. "/" .. page)))
        assert.is_true(exists(png), png .. " was not made")
      end
    end
    assert.matches('<img alt="[^"]+" src="%d+%.svg">', helper.read(site .. "/" .. targets.symptom))
  end)
end)
