/*
 * test_search.c -- folding text for matching (core/fold.c) and the search
 * indexes (core/search.c): what the tokenizer makes of Chinese, Latin and
 * numbers, and that both indexes stay in step with every insert, update,
 * delete and rollback, inside transactions and out.
 */
#include <stdlib.h>

#include "fixture.h"
#include "internal.h"

static void fold_is(const char *in, const char *want) {
  size_t n;
  char *got = medkb_fold(in, strlen(in), &n);
  assert_non_null(got);
  assert_string_equal(got, want);
  assert_int_equal(n, strlen(want));
  free(got);
}

static void folds_case_width_and_traditional_characters(void **state) {
  (void)state;
  fold_is("肌肉跳動", "肌肉跳动");
  fold_is("頭痛醫院發燒", "头痛医院发烧");
  fold_is("ＡＢＣ１２３", "abc123");
  fold_is("Vitamin B12", "vitamin b12");
  fold_is("ﬁ①", "fi1");
  fold_is("眼皮跳", "眼皮跳");
  /* bad bytes read as U+FFFD, one at a time */
  fold_is("a\xff" "b", "a\xef\xbf\xbd" "b");
  fold_is("\xe8\x82", "\xef\xbf\xbd\xef\xbf\xbd");
}

static void tells_classes(void **state) {
  uint32_t cp[MEDKB_FOLD_MAX];
  int cls;
  (void)state;
  assert_int_equal(medkb_fold_char(0x808C /* 肌 */, cp, &cls), 1);
  assert_int_equal(cls, MEDKB_CHAR_HAN);
  medkb_fold_char('Q', cp, &cls);
  assert_int_equal(cp[0], 'q');
  assert_int_equal(cls, MEDKB_CHAR_WORD);
  medkb_fold_char(0x3002 /* 。 */, cp, &cls);
  assert_int_equal(cls, MEDKB_CHAR_OTHER);
  medkb_fold_char(0x03B2 /* β */, cp, &cls);
  assert_int_equal(cls, MEDKB_CHAR_WORD);
}

static void gives_pinyin_and_words(void **state) {
  size_t *b, n;
  const char *s = "缺钙会导致小腿抽筋吗？";
  (void)state;
  assert_string_equal(medkb_pinyin(0x808C), "ji");
  assert_string_equal(medkb_pinyin(0x8DF3), "tiao");
  assert_null(medkb_pinyin('a'));
  assert_int_equal(medkb_words(s, strlen(s), &b, &n), MEDKB_OK);
  assert_true(n >= 5);
  /* no word is punctuation, and the words cover the text in order */
  for (size_t i = 0; i < n; i++) {
    assert_true(b[2 * i] < b[2 * i + 1]);
    if (i > 0) assert_true(b[2 * i] >= b[2 * i - 1]);
  }
  assert_int_equal(b[2 * n - 1], strlen(s) - strlen("？"));
  /* 小腿 is one word */
  {
    int found = 0;
    for (size_t i = 0; i < n; i++)
      if (b[2 * i + 1] - b[2 * i] == strlen("小腿") && !memcmp(s + b[2 * i], "小腿", strlen("小腿")))
        found = 1;
    assert_true(found);
  }
  free(b);
}

/* How many documents match; the ids of the first few in ids. */
static int docs(medkb *kb, const char *match, int64_t *ids, int max) {
  medkb_cursor *c;
  medkb_hit h;
  int n = 0, rc;
  OK(kb, medkb_search_documents(kb, match, NULL, NULL, NULL, 100, &c));
  while ((rc = medkb_search_next(c, &h)) == MEDKB_OK) {
    if (n < max) ids[n] = h.id;
    n++;
  }
  assert_int_equal(rc, MEDKB_DONE);
  medkb_cursor_close(c);
  return n;
}

/* How many documents a title search finds. */
static int titles(medkb *kb, const char *match) {
  medkb_cursor *c;
  medkb_hit h;
  int n = 0, rc;
  OK(kb, medkb_search_titles(kb, match, NULL, NULL, NULL, 100, &c));
  while ((rc = medkb_search_next(c, &h)) == MEDKB_OK) n++;
  assert_int_equal(rc, MEDKB_DONE);
  medkb_cursor_close(c);
  return n;
}

/* The entity a name search finds first, or 0. */
static int64_t name(medkb *kb, const char *match) {
  medkb_cursor *c;
  medkb_hit h;
  int64_t id = 0;
  OK(kb, medkb_search_names(kb, match, NULL, NULL, NULL, 10, &c));
  if (medkb_search_next(c, &h) == MEDKB_OK) id = h.id;
  medkb_cursor_close(c);
  return id;
}

static int64_t doc_put(medkb *kb, const char *key, const char *title, const char *body) {
  medkb_document d = { 0, "question", key, title, body, NULL, 0 };
  int64_t id;
  int created;
  OK(kb, medkb_document_put(kb, &d, &id, &created));
  return id;
}

static void matches_characters_runs_and_words(void **state) {
  medkb *kb = *state;
  int64_t ids[8];
  int64_t a = doc_put(kb, "a", "是癫痫还是缺钙？", "孩子晚上腿抽筋。");
  int64_t b = doc_put(kb, "b", "补钙吃什么好", "钙片和牛奶。");
  doc_put(kb, "c", "血压高", "缺少运动，钙摄入少。");
  assert_int_equal(docs(kb, "钙", ids, 8), 3);
  assert_int_equal(docs(kb, "缺钙", ids, 8), 1);
  assert_int_equal(ids[0], a);
  /* the run as a phrase: 缺 and 钙 apart are no match */
  assert_int_equal(docs(kb, "\"缺钙\"", ids, 8), 1);
  assert_int_equal(docs(kb, "缺 AND 钙", ids, 8), 2);
  /* traditional and full-width fold away */
  assert_int_equal(docs(kb, "\"補鈣\"", ids, 8), 1);
  assert_int_equal(ids[0], b);
  doc_put(kb, "d", "维生素Ｂ１２缺乏", "");
  assert_int_equal(docs(kb, "b12", ids, 8), 1);
  assert_int_equal(docs(kb, "\"维生素b12\"", ids, 8), 1);
  assert_int_equal(docs(kb, "{title} : 抽筋", ids, 8), 0);
  assert_int_equal(docs(kb, "{body} : 抽筋", ids, 8), 1);
}

static void documents_stay_in_step(void **state) {
  medkb *kb = *state;
  int64_t ids[4], id;
  id = doc_put(kb, "x", "眼皮跳", "多为疲劳所致");
  assert_int_equal(docs(kb, "疲劳", ids, 4), 1);
  assert_int_equal(titles(kb, "眼皮跳"), 1);
  assert_int_equal(titles(kb, "疲劳"), 0);  /* bodies are not in the title index */
  /* an update takes the old text out and puts the new in */
  {
    medkb_document d = { 0, "question", "x", "眼皮抽", "多为熬夜所致", NULL, 0 };
    int64_t again;
    int created;
    OK(kb, medkb_document_put(kb, &d, &again, &created));
    assert_int_equal(again, id);
  }
  assert_int_equal(docs(kb, "疲劳", ids, 4), 0);
  assert_int_equal(docs(kb, "熬夜", ids, 4), 1);
  assert_int_equal(titles(kb, "眼皮跳"), 0);
  assert_int_equal(titles(kb, "眼皮抽"), 1);
  /* a rolled-back insert leaves nothing, in the index either */
  OK(kb, medkb_begin(kb));
  doc_put(kb, "y", "头晕", "低血糖");
  /* inside the transaction, what it wrote is found */
  assert_int_equal(docs(kb, "低血糖", ids, 4), 1);
  assert_int_equal(titles(kb, "头晕"), 1);
  OK(kb, medkb_rollback(kb));
  assert_int_equal(docs(kb, "低血糖", ids, 4), 0);
  assert_int_equal(titles(kb, "头晕"), 0);
  /* a committed one is found after the commit */
  OK(kb, medkb_begin(kb));
  doc_put(kb, "z", "头晕", "低血压");
  OK(kb, medkb_commit(kb));
  assert_int_equal(docs(kb, "低血压", ids, 4), 1);
  /* written and deleted in one transaction: never indexed, nothing left */
  OK(kb, medkb_begin(kb));
  id = doc_put(kb, "w", "失眠", "焦虑");
  OK(kb, medkb_document_delete(kb, id));
  OK(kb, medkb_commit(kb));
  assert_int_equal(docs(kb, "焦虑", ids, 4), 0);
  assert_int_equal(titles(kb, "失眠"), 0);
  /* deleted: gone */
  id = doc_put(kb, "v", "耳鸣", "噪音");
  OK(kb, medkb_document_delete(kb, id));
  assert_int_equal(docs(kb, "噪音", ids, 4), 0);
  assert_int_equal(docs(kb, "耳鸣", ids, 4), 0);
  assert_int_equal(titles(kb, "耳鸣"), 0);
  assert_int_equal(titles(kb, "头晕"), 1);
}

static void names_and_aliases_stay_in_step(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "肌肉跳动");
  assert_int_equal(name(kb, "\"肌肉跳动\""), s);
  /* pinyin, spelled out and by initials */
  assert_int_equal(name(kb, "{letters} : jirou*"), s);
  assert_int_equal(name(kb, "{letters} : jrtd"), s);
  assert_int_equal(name(kb, "{pinyin} : \"tiao dong\""), s);
  OK(kb, medkb_alias_add(kb, s, "肌束颤动", "standard"));
  assert_int_equal(name(kb, "\"肌束颤动\""), s);
  OK(kb, medkb_alias_remove(kb, "symptom", "肌束颤动"));
  assert_int_equal(name(kb, "\"肌束颤动\""), 0);
  OK(kb, medkb_entity_rename(kb, s, "肌肉抽动"));
  assert_int_equal(name(kb, "\"肌肉跳动\""), 0);
  assert_int_equal(name(kb, "\"肌肉抽动\""), s);
  /* in a transaction that rolls back */
  OK(kb, medkb_begin(kb));
  OK(kb, medkb_alias_add(kb, s, "肉跳", "colloquial"));
  assert_int_equal(name(kb, "\"肉跳\""), s);
  OK(kb, medkb_rollback(kb));
  assert_int_equal(name(kb, "\"肉跳\""), 0);
  /* an entity deleted takes its aliases out too */
  OK(kb, medkb_alias_add(kb, s, "肉跳", "colloquial"));
  OK(kb, medkb_entity_delete(kb, s));
  assert_int_equal(name(kb, "\"肉跳\""), 0);
  assert_int_equal(name(kb, "\"肌肉抽动\""), 0);
}

/* FTS5's own check of each index against the rows it indexes. */
static void indexes_agree(medkb *kb) {
  char *err = NULL;
  int rc = sqlite3_exec(kb->db,
    "INSERT INTO doc_search(doc_search, rank) VALUES ('integrity-check', 1);"
    "INSERT INTO title_search(title_search, rank) VALUES ('integrity-check', 1);"
    "INSERT INTO name_search(name_search) VALUES ('integrity-check');", NULL, NULL, &err);
  if (rc != SQLITE_OK) fail_msg("integrity-check: %s", err ? err : "?");
}

/* Inside a transaction, a row above its table's mark waits for the
 * commit and a row at or below it is indexed at once: an id SQLite hands
 * out again, and what a savepoint indexed before it rolled back. */
static void marks_follow_savepoints_and_reused_ids(void **state) {
  medkb *kb = *state;
  int64_t ids[4], top, again;
  doc_put(kb, "a", "头痛", "偏头痛");
  top = doc_put(kb, "b", "胃痛", "胃炎");
  OK(kb, medkb_begin(kb));
  /* the highest document deleted: its id may come back at once */
  OK(kb, medkb_document_delete(kb, top));
  again = doc_put(kb, "c", "牙痛", "龋齿");
  assert_true(again <= top || again == top + 1);
  assert_int_equal(docs(kb, "龋齿", ids, 4), 1);
  assert_int_equal(docs(kb, "胃炎", ids, 4), 0);
  OK(kb, medkb_commit(kb));
  assert_int_equal(docs(kb, "龋齿", ids, 4), 1);
  assert_int_equal(docs(kb, "胃炎", ids, 4), 0);
  indexes_agree(kb);
  /* a savepoint that indexed (a search flushes) and rolled back */
  OK(kb, medkb_begin(kb));
  doc_put(kb, "d", "腰痛", "腰肌劳损");
  OK(kb, medkb_begin(kb));
  doc_put(kb, "e", "腿痛", "静脉曲张");
  assert_int_equal(docs(kb, "静脉曲张", ids, 4), 1);
  assert_int_equal(docs(kb, "腰肌劳损", ids, 4), 1);
  OK(kb, medkb_rollback(kb));
  assert_int_equal(docs(kb, "静脉曲张", ids, 4), 0);
  doc_put(kb, "f", "膝痛", "关节炎");
  OK(kb, medkb_commit(kb));
  assert_int_equal(docs(kb, "腰肌劳损", ids, 4), 1);
  assert_int_equal(docs(kb, "关节炎", ids, 4), 1);
  assert_int_equal(docs(kb, "静脉曲张", ids, 4), 0);
  indexes_agree(kb);
  /* a savepoint released keeps what it indexed; updated and deleted
   * after, the indexes follow */
  OK(kb, medkb_begin(kb));
  OK(kb, medkb_begin(kb));
  top = doc_put(kb, "g", "肩痛", "肩周炎");
  assert_int_equal(titles(kb, "肩痛"), 1);
  OK(kb, medkb_commit(kb));
  {
    medkb_document d = { 0, "question", "g", "肩膀痛", "颈椎病", NULL, 0 };
    int created;
    OK(kb, medkb_document_put(kb, &d, &again, &created));
  }
  OK(kb, medkb_commit(kb));
  assert_int_equal(docs(kb, "肩周炎", ids, 4), 0);
  assert_int_equal(docs(kb, "颈椎病", ids, 4), 1);
  assert_int_equal(titles(kb, "肩膀痛"), 1);
  indexes_agree(kb);
}

/* A large transaction is indexed in bulk: merged into one segment, with
 * the indexes' own merging set back as it was. */
static void bulk_indexing_merges_and_sets_merging_back(void **state) {
  medkb *kb = *state;
  int64_t ids[4];
  char key[32], body[64];
  sqlite3_stmt *st;
  int automerge = -1;
  doc_put(kb, "first", "头痛", "偏头痛");
  OK(kb, medkb_begin(kb));
  for (int i = 0; i < 12000; i++) {
    snprintf(key, sizeof key, "k%d", i);
    snprintf(body, sizeof body, "第%d例，咳嗽%s", i, i % 2 ? "发热" : "咽痛");
    doc_put(kb, key, "咳嗽", body);
  }
  OK(kb, medkb_commit(kb));
  assert_int_equal(docs(kb, "偏头痛", ids, 4), 1);
  assert_int_equal(docs(kb, "\"第11999例\"", ids, 4), 1);
  indexes_agree(kb);
  assert_int_equal(sqlite3_prepare_v2(kb->db,
    "SELECT v FROM doc_search_config WHERE k = 'automerge'", -1, &st, NULL), SQLITE_OK);
  if (sqlite3_step(st) == SQLITE_ROW) automerge = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  assert_int_equal(automerge, 4);
}

static void snippets_mark_matches(void **state) {
  medkb *kb = *state;
  const char *s;
  int64_t id = doc_put(kb, "s", "小腿抽筋", "夜里小腿抽筋多与缺钙有关，可以补钙。");
  OK(kb, medkb_search_snippet(kb, "\"缺钙\"", id, "[", "]", 20, &s));
  assert_non_null(strstr(s, "[缺钙]"));
  assert_int_equal(medkb_search_snippet(kb, "\"头痛\"", id, "[", "]", 20, &s), MEDKB_NOTFOUND);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(folds_case_width_and_traditional_characters),
    cmocka_unit_test(tells_classes),
    cmocka_unit_test(gives_pinyin_and_words),
    KB_TEST(matches_characters_runs_and_words),
    KB_TEST(documents_stay_in_step),
    KB_TEST(names_and_aliases_stay_in_step),
    KB_TEST(marks_follow_savepoints_and_reused_ids),
    KB_TEST(bulk_indexing_merges_and_sets_merging_back),
    KB_TEST(snippets_mark_matches),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
