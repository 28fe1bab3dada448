/*
 * test_lua.c -- the Lua binding seen from C (core/lua_*.c): lifetimes of
 * handles, entities and cursors, error messages across the boundary, and
 * the userdata metamethods.  Each test runs chunks in a fresh Lua state
 * with `kb` open on ":memory:".
 */
#define LUA_FIXTURE_CHUNK "kb = require('medkb').open()"
#include "lua_fixture.h"

static void entities_print_and_compare_by_identity(void **state) {
  lua_State *L = *state;
  check(L, "local e = kb:put{kind='symptom', name='小腿肌肉抖动', aliases={'小腿肌肉跳动'}}\n"
           "return tostring(e) == 'medkb.Entity symptom \"小腿肌肉抖动\"'\n"
           "  and rawequal(e, kb:get('symptom', '小腿肌肉跳动'))\n"
           "  and e == kb:entity(e.id)");
  /* identity survives garbage collection of the cached userdata */
  check(L, "local id = kb:get('symptom', '小腿肌肉抖动').id; collectgarbage(); collectgarbage()\n"
           "local a, b = kb:entity(id), kb:get('symptom', '小腿肌肉跳动')\n"
           "return a == b and ({[a] = true})[b]");
}

static void misses_are_nil_and_misuse_raises(void **state) {
  lua_State *L = *state;
  check(L, "local e, msg = kb:get('drug', '不存在的药')\n"
           "return e == nil and msg == \"no drug named '不存在的药'\"");
  raises(L, "kb:put{kind='symptom'}", "field 'name' must be a string");
  raises(L, "kb:put{kind='sympton', name='x'}", "unknown kind 'sympton'");
  raises(L, "kb:get('symptom')", "bad argument #2 to 'get' (string expected");
  raises(L, "kb:relate(1, 'cause', 2)", "medkb.Entity expected");
  raises(L, "kb:put{kind='doctor', name='张伟', attrs={hospital={}}}",
         "bad attribute 'hospital' (string, number or boolean expected, got table)");
  raises(L, "local e = kb:put{kind='tag', name='t'}; e.name = 'u'", "cannot set field 'name'");
}

static void closed_handle_raises_and_close_is_idempotent(void **state) {
  lua_State *L = *state;
  check(L, "local e = kb:put{kind='tag', name='t'}; kb:close(); kb:close()\n"
           "_G.e = e; return not kb:is_open() and tostring(kb):find('closed') ~= nil");
  raises(L, "kb:get('tag', 't')", "attempt to use a closed knowledge base");
  raises(L, "return e.attrs", "attempt to use a closed knowledge base");
}

static void break_closes_the_cursor_at_once(void **state) {
  lua_State *L = *state;
  check(L, "for i = 1, 5 do kb:put{kind='cause', name='c' .. i} end\n"
           "local seen\n"
           "for e, cur in kb:entities{kind='cause'} do break end\n"
           /* the 4th value of the iterator is the cursor itself */
           "local f, s, c, closing = kb:entities{kind='cause'}\n"
           "seen = f(s) ; closing:close()\n"
           "return seen.name == 'c1' and tostring(closing) == 'medkb.Cursor (closed)'\n"
           "  and not pcall(f, s)");
}

static void closing_the_kb_closes_open_cursors(void **state) {
  lua_State *L = *state;
  check(L, "for i = 1, 3 do kb:put{kind='cause', name='c' .. i} end\n"
           "local f, s = kb:entities()\n"
           "f(s); kb:close(); collectgarbage()\n"
           "return tostring(s) == 'medkb.Cursor (closed)'");
  /* and a kb collected with a live cursor does not crash */
  check(L, "local k = require('medkb').open(); k:put{kind='tag', name='x'}\n"
           "local f, s = k:entities(); f(s); k = nil; f = nil; s = nil\n"
           "collectgarbage(); collectgarbage(); return true");
}

static void transaction_rolls_back_on_error(void **state) {
  lua_State *L = *state;
  check(L, "local ok, err = pcall(kb.transaction, kb, function()\n"
           "  kb:put{kind='drug', name='甲钴胺片'}\n"
           "  kb:transaction(function() kb:put{kind='drug', name='依帕司他片'} end)\n"
           "  error('stop')\n"
           "end)\n"
           "return not ok and err:find('stop') and kb:get('drug', '甲钴胺片') == nil\n"
           "  and kb:get('drug', '依帕司他片') == nil and kb:_tx_depth() == 0");
  check(L, "local a, b = kb:transaction(function(x) return x, 2 end, 1)\n"
           "return a == 1 and b == 2");
}

/* Rolled-back ids are reused by SQLite; a cached object must not be. */
static void rollback_forgets_cached_objects(void **state) {
  lua_State *L = *state;
  check(L, "local ok = pcall(kb.transaction, kb, function()\n"
           "  stale = kb:put{kind='drug', name='甲钴胺片'}\n"
           "  stale_doc = kb:put_document{kind='article', key='k', title='旧'}\n"
           "  error('undo')\n"
           "end)\n"
           "local fresh = kb:put{kind='food', name='牛奶'}\n"
           "local doc = kb:put_document{kind='question', key='q', title='新'}\n"
           "return not ok and fresh.id == stale.id and fresh.kind == 'food'\n"
           "  and fresh.name == '牛奶' and tostring(fresh) == 'medkb.Entity food \"牛奶\"'\n"
           "  and doc.id == stale_doc.id and doc.kind == 'question'\n"
           "  and kb:entity(fresh.id).kind == 'food'");
}

static void relations_carry_attributes(void **state) {
  lua_State *L = *state;
  check(L, "local s = kb:put{kind='symptom', name='小腿肌肉抖动'}\n"
           "local c1 = kb:put{kind='cause', name='缺钙'}\n"
           "local c2 = kb:put{kind='cause', name='疲劳'}\n"
           "kb:relate(s, 'cause', c2, {rank=2, text='乳酸堆积'})\n"
           "kb:relate(s, 'cause', c1, {rank=1, text='钙离子', strong=true})\n"
           "local got = {}\n"
           "for c, rel in s:related('cause') do got[#got+1] = rel.rank .. c.name .. rel.text end\n"
           "local back = {}\n"
           "for src, rel in c1:incoming() do back[#back+1] = src.name .. rel.type .. tostring(rel.strong) end\n"
           "return got[1] == '1缺钙钙离子' and got[2] == '2疲劳乳酸堆积'\n"
           "  and back[1] == '小腿肌肉抖动causetrue'");
}

static void documents_with_parts_counts_and_links(void **state) {
  lua_State *L = *state;
  check(L, "local d = kb:put{kind='doctor', name='张伟'}\n"
           "local q = kb:put_document{kind='question', key='q1', title='脸部肌肉跳动是什么原因',\n"
           "  body='', counts={replies=1}}\n"
           "local a = kb:put_document{kind='answer', key='a1', body='可能由疲劳引起',\n"
           "  parts={{name='summary', text='疲劳'}},\n"
           "  links={{type='answers', target=q}, {type='doctor', target=d}}}\n"
           "local n = 0; for x, link in q:referrers('answers') do n = n + 1; assert(x == a) end\n"
           "local who; for e in a:entities('doctor') do who = e end\n"
           "local by; for doc, link in d:documents('doctor') do by = doc end\n"
           "return n == 1 and who == d and by == a and q.counts.replies == 1\n"
           "  and a:part('summary') == '疲劳' and a.parts[1].seq == 1\n"
           "  and tostring(q) == 'medkb.Document question \"脸部肌肉跳动是什么原因\"'\n"
           "  and kb:document('question', 'q1') == q and kb:document(q.id) == q");
  raises(L, "kb:put_document{kind='essay'}", "unknown document kind 'essay'");
}

static void opening_the_core_again_keeps_the_classes(void **state) {
  lua_State *L = *state;
  /* as a test runner that clears package.loaded between files does */
  check(L, "package.loaded['medkb.core'], package.loaded['medkb'] = nil, nil\n"
           "local core = require('medkb.core')\n"
           "local medkb = require('medkb')\n"
           "local other <close> = medkb.open()\n"
           "return type(kb.transaction) == 'function' and type(other.transaction) == 'function'\n"
           "  and core.classes.KB == getmetatable(other).methods\n"
           "  and getmetatable(other).__index == getmetatable(other).methods");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    LUA_TEST(entities_print_and_compare_by_identity),
    LUA_TEST(opening_the_core_again_keeps_the_classes),
    LUA_TEST(misses_are_nil_and_misuse_raises),
    LUA_TEST(closed_handle_raises_and_close_is_idempotent),
    LUA_TEST(break_closes_the_cursor_at_once),
    LUA_TEST(closing_the_kb_closes_open_cursors),
    LUA_TEST(transaction_rolls_back_on_error),
    LUA_TEST(rollback_forgets_cached_objects),
    LUA_TEST(relations_carry_attributes),
    LUA_TEST(documents_with_parts_counts_and_links),
  };
  return cmocka_run_group_tests_name("lua binding", tests, NULL, NULL);
}
