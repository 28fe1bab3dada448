-- tests/busted.lua -- runs busted under the Lua 5.4 interpreter (Debian's
-- /usr/bin/busted starts whatever `lua` is), so that the specs load the
-- medkb module built for 5.4.  busted's own exit closes the Lua state, so
-- that everything the specs opened is freed and a leak checker sees only
-- what was truly lost.  Usage: lua5.4 tests/busted.lua tests/lua
local exit = os.exit
os.exit = function(code) exit(code, true) end  -- luacheck: ignore 122
require("busted.runner")({ standalone = false })
