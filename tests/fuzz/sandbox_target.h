/*
 * sandbox_target.h -- what the fuzz targets of sandboxed code (templates,
 * rules) share, as Lua text for their HARNESS: SANDBOX_SETUP opens an
 * in-memory knowledge base with an example article (kb, doc), makes a
 * scratch directory (dir) and defines unchanged(), which raises unless
 * the string library, the hook and the knowledge base are as they were.
 */
#define SANDBOX_SETUP \
  "local medkb = require 'medkb'\n" \
  "local kb = medkb.open()\n" \
  "local report = require('medkb.import').run(kb, {medkb.scriptdir .. '/medkb/examples/eyelid-article.txt'})\n" \
  "local doc = report.files[1].documents[1]\n" \
  "local count = kb:document_count()\n" \
  "local find = string.find\n" \
  "local dir = os.tmpname()\n" \
  "os.remove(dir)\n" \
  "local function unchanged()\n" \
  "  assert(getmetatable('').__index == string and string.find == find, 'the string library changed')\n" \
  "  assert(debug.gethook() == nil, 'a hook was left on')\n" \
  "  assert(kb:document_count() == count, 'the knowledge base changed')\n" \
  "end\n"
