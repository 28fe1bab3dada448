-- What takes a reader off the page to someone selling something: phone
-- numbers, addresses of other sites, and the words that ask a reader to
-- add, scan or buy.  Patterns (Lua patterns) and words, read by the
-- claims.diversion rule.
return {
  patterns = {
    { name = "a mobile phone number", pattern = "%f[%d]1[3-9]%d%d%d%d%d%d%d%d%d%f[%D]" },
    { name = "a phone number", pattern = "%f[%d]0%d%d%d?%-%d%d%d%d%d%d%d%d?%f[%D]" },
    { name = "a phone number", pattern = "%f[%d]400%-?%d%d%d%-?%d%d%d%d%f[%D]" },
    { name = "a web address", pattern = "[hH][tT][tT][pP][sS]?://[%w%-%._~:/%?#@!%$&'%*%+,;=%%]+" },
    { name = "a web address", pattern = "www%.[%w%-]+%.[%w%-%.]+" },
    { name = "a web address", pattern = "%f[%w][%w%-]+%.[cC][oO][mM]%f[^%w]" },
    { name = "a web address", pattern = "%f[%w][%w%-]+%.[cC][nN]%f[^%w]" },
  },
  words = { "加微信", "加我微信", "加个微信", "微信号", "微信联系", "加V", "加v", "威信", "薇信", "加QQ",
            "QQ号", "QQ群", "扫码", "扫描二维码", "二维码", "购买链接", "点击购买", "点击链接", "私信我",
            "私聊", "联系电话", "咨询电话", "热线电话", "电话咨询", "拨打电话", "免费咨询", "在线购买",
            "淘宝搜索", "官方旗舰店", "加群" },
}
