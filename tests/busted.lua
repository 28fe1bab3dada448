-- tests/busted.lua -- runs busted under the Lua 5.4 interpreter (Debian's
-- /usr/bin/busted starts whatever `lua` is), so that the specs load the
-- medkb module built for 5.4.  Usage: lua5.4 tests/busted.lua tests/lua
require("busted.runner")({ standalone = false })
