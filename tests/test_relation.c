/*
 * test_relation.c -- typed relations and their statements, with ranks
 * and attributes, from the user and from documents (core/relation.c).
 */
#include "fixture.h"

/* Collects the dst (or src) ids of a relation cursor into ids[]. */
static int collect(medkb *kb, int64_t entity, const char *type, medkb_direction dir,
                   int64_t *ids, int64_t *ranks, int max) {
  medkb_cursor *c;
  medkb_relation r;
  int n = 0;
  OK(kb, medkb_relation_iter(kb, entity, type, dir, &c));
  while (n < max && medkb_relation_next(c, &r) == MEDKB_OK) {
    ids[n] = dir == MEDKB_OUT ? r.dst : r.src;
    if (ranks) ranks[n] = r.rank;
    n++;
  }
  medkb_cursor_close(c);
  return n;
}

static void relations_come_back_in_rank_order(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "小腿肌肉抖动");
  int64_t a = put(kb, "cause", "缺钙"), b = put(kb, "cause", "疲劳");
  int64_t c = put(kb, "cause", "电解质紊乱");
  int64_t id, ids[8], ranks[8];
  int64_t r3 = 3, r1 = 1, r2 = 2;
  OK(kb, medkb_relation_add(kb, s, "cause", c, &r3, &id));
  OK(kb, medkb_relation_add(kb, s, "cause", a, &r1, &id));
  OK(kb, medkb_relation_add(kb, s, "cause", b, &r2, &id));
  assert_int_equal(collect(kb, s, "cause", MEDKB_OUT, ids, ranks, 8), 3);
  assert_int_equal(ids[0], a);
  assert_int_equal(ids[1], b);
  assert_int_equal(ids[2], c);
  assert_int_equal(ranks[2], 3);
}

static void rank_null_appends(void **state) {
  medkb *kb = *state;
  int64_t cause = put(kb, "cause", "缺钙");
  int64_t d1 = put(kb, "drug", "碳酸钙D3片"), d2 = put(kb, "drug", "葡萄糖酸钙口服溶液");
  int64_t id, ids[4], ranks[4];
  OK(kb, medkb_relation_add(kb, cause, "drug", d1, NULL, &id));
  OK(kb, medkb_relation_add(kb, cause, "drug", d2, NULL, &id));
  assert_int_equal(collect(kb, cause, "drug", MEDKB_OUT, ids, ranks, 4), 2);
  assert_int_equal(ranks[0], 1);
  assert_int_equal(ranks[1], 2);
  assert_int_equal(ids[1], d2);
}

static void relating_again_updates_in_place(void **state) {
  medkb *kb = *state;
  int64_t a = put(kb, "cause", "缺钙"), b = put(kb, "food", "牛奶");
  int64_t id1, id2, r = 7, n;
  medkb_relation rel;
  OK(kb, medkb_relation_add(kb, a, "food", b, NULL, &id1));
  OK(kb, medkb_relation_add(kb, a, "food", b, NULL, &id2));
  assert_int_equal(id1, id2);
  OK(kb, medkb_relation_add(kb, a, "food", b, &r, &id2));
  assert_int_equal(id1, id2);
  OK(kb, medkb_relation_get(kb, id1, &rel));
  assert_int_equal(rel.rank, 7);
  assert_string_equal(rel.type, "food");
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 1);
  /* another type between the same pair is another relation */
  OK(kb, medkb_relation_add(kb, a, "avoid_food", b, NULL, &id2));
  assert_int_not_equal(id1, id2);
}

static void incoming_and_type_filters(void **state) {
  medkb *kb = *state;
  int64_t s1 = put(kb, "symptom", "小腿抽筋"), s2 = put(kb, "symptom", "指甲脆裂");
  int64_t c = put(kb, "cause", "缺钙"), dep = put(kb, "department", "内分泌科");
  int64_t id, ids[8];
  OK(kb, medkb_relation_add(kb, s1, "cause", c, NULL, &id));
  OK(kb, medkb_relation_add(kb, s2, "cause", c, NULL, &id));
  OK(kb, medkb_relation_add(kb, c, "department", dep, NULL, &id));
  assert_int_equal(collect(kb, c, "cause", MEDKB_IN, ids, NULL, 8), 2);
  assert_int_equal(ids[0], s1);
  assert_int_equal(ids[1], s2);
  assert_int_equal(collect(kb, c, NULL, MEDKB_OUT, ids, NULL, 8), 1);
  assert_int_equal(ids[0], dep);
  assert_int_equal(collect(kb, c, NULL, MEDKB_IN, ids, NULL, 8), 2);
  assert_int_equal(collect(kb, c, "drug", MEDKB_OUT, ids, NULL, 8), 0);
}

static void attributes_and_cascades(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "小腿肌肉抖动"), c = put(kb, "cause", "缺钙");
  int64_t rel, sid, n;
  medkb_value v = {0}, got;
  v.type = MEDKB_TEXT;
  v.s = "钙离子参与肌肉收缩过程";
  v.len = strlen(v.s);
  OK(kb, medkb_statement_add(kb, 0, s, "cause", c, NULL, &rel, &sid));
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_STATEMENT, sid, "text", &v));
  OK(kb, medkb_attr_get(kb, MEDKB_OWNER_STATEMENT, sid, "text", &got));
  assert_string_equal(got.s, v.s);
  OK(kb, medkb_entity_delete(kb, c));
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 0);
  assert_int_equal(medkb_attr_get(kb, MEDKB_OWNER_STATEMENT, sid, "text", &got), MEDKB_NOTFOUND);
}

/* An article, for statements to come from. */
static int64_t article(medkb *kb, const char *key) {
  medkb_document d = {0};
  int64_t id;
  d.kind = "article";
  d.key = key;
  d.title = key;
  OK(kb, medkb_document_put(kb, &d, &id, NULL));
  return id;
}

/* The statements of relation rel: documents and ranks, in order. */
static int statements_of(medkb *kb, int64_t rel, int64_t *docs, int64_t *ranks, int max) {
  medkb_cursor *c;
  medkb_statement st;
  int n = 0;
  OK(kb, medkb_statement_iter(kb, rel, &c));
  while (n < max && medkb_statement_next(c, &st) == MEDKB_OK) {
    assert_int_equal(st.relation, rel);
    docs[n] = st.doc;
    ranks[n++] = st.rank;
  }
  medkb_cursor_close(c);
  return n;
}

static void each_document_keeps_its_own_statement(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "小腿肌肉抖动");
  int64_t a = put(kb, "cause", "缺钙"), b = put(kb, "cause", "疲劳");
  int64_t d1 = article(kb, "one"), d2 = article(kb, "two");
  int64_t r1 = 1, r2 = 2, rel_a, rel_a2, rel_b, sid1, sid2;
  int64_t docs[4], ranks[4], ids[4];
  medkb_relation r;
  /* page one: 缺钙 1, 疲劳 2; page two: 疲劳 1, 缺钙 2 */
  OK(kb, medkb_statement_add(kb, d1, s, "cause", a, &r1, &rel_a, &sid1));
  OK(kb, medkb_statement_add(kb, d1, s, "cause", b, &r2, &rel_b, NULL));
  OK(kb, medkb_statement_add(kb, d2, s, "cause", b, &r1, NULL, NULL));
  OK(kb, medkb_statement_add(kb, d2, s, "cause", a, &r2, &rel_a2, &sid2));
  assert_int_equal(rel_a, rel_a2);
  assert_int_not_equal(sid1, sid2);
  /* neither page's rank was overwritten */
  assert_int_equal(statements_of(kb, rel_a, docs, ranks, 4), 2);
  assert_int_equal(docs[0], d1);
  assert_int_equal(ranks[0], 1);
  assert_int_equal(docs[1], d2);
  assert_int_equal(ranks[1], 2);
  OK(kb, medkb_relation_get(kb, rel_a, &r));
  assert_int_equal(r.rank, 1);
  assert_int_equal(r.documents, 2);
  /* a third page stating only 疲劳 puts it first: more documents state it */
  OK(kb, medkb_statement_add(kb, article(kb, "three"), s, "cause", b, NULL, NULL, NULL));
  assert_int_equal(collect(kb, s, "cause", MEDKB_OUT, ids, NULL, 4), 2);
  assert_int_equal(ids[0], b);
  assert_int_equal(ids[1], a);
}

static void a_document_lists_what_it_states_in_order(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "眼皮跳"), c = put(kb, "cause", "用眼过度");
  int64_t d = put(kb, "drug", "玻璃酸钠滴眼液"), doc = article(kb, "p");
  medkb_cursor *cur;
  medkb_statement st;
  int64_t r5 = 5;
  OK(kb, medkb_statement_add(kb, doc, c, "drug", d, NULL, NULL, NULL));
  OK(kb, medkb_statement_add(kb, doc, s, "cause", c, &r5, NULL, NULL));
  OK(kb, medkb_relation_add(kb, s, "cause", c, NULL, NULL));  /* the user's, not the page's */
  OK(kb, medkb_statement_doc_iter(kb, doc, NULL, &cur));
  assert_int_equal(medkb_statement_next(cur, &st), MEDKB_OK);
  assert_string_equal(st.type, "drug");
  assert_int_equal(st.rank, 1);
  assert_int_equal(medkb_statement_next(cur, &st), MEDKB_OK);
  assert_string_equal(st.type, "cause");
  assert_int_equal(st.src, s);
  assert_int_equal(st.dst, c);
  assert_int_equal(st.rank, 5);
  assert_int_equal(st.doc, doc);
  assert_int_equal(medkb_statement_next(cur, &st), MEDKB_DONE);
  medkb_cursor_close(cur);
  OK(kb, medkb_statement_doc_iter(kb, 0, "cause", &cur));
  assert_int_equal(medkb_statement_next(cur, &st), MEDKB_OK);
  assert_int_equal(st.doc, 0);
  assert_int_equal(st.rank, 1);
  assert_int_equal(medkb_statement_next(cur, &st), MEDKB_DONE);
  medkb_cursor_close(cur);
}

static void a_relation_goes_with_its_last_statement(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "眼皮跳"), a = put(kb, "cause", "用眼过度");
  int64_t b = put(kb, "cause", "干眼症");
  int64_t d1 = article(kb, "one"), d2 = article(kb, "two"), rel, sid, n;
  medkb_value v = {0}, got;
  v.type = MEDKB_TEXT;
  v.s = "长时间看屏幕";
  v.len = strlen(v.s);
  OK(kb, medkb_statement_add(kb, d1, s, "cause", a, NULL, &rel, &sid));
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_STATEMENT, sid, "text", &v));
  OK(kb, medkb_statement_add(kb, d2, s, "cause", a, NULL, NULL, NULL));
  OK(kb, medkb_statement_add(kb, d1, s, "cause", b, NULL, NULL, NULL));
  OK(kb, medkb_relation_add(kb, a, "department", put(kb, "department", "眼科"), NULL, NULL));
  OK(kb, medkb_document_delete(kb, d1));
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 2);  /* s -> a stated by two, a -> 眼科 by the user */
  assert_int_equal(medkb_attr_get(kb, MEDKB_OWNER_STATEMENT, sid, "text", &got), MEDKB_NOTFOUND);
  OK(kb, medkb_statement_clear(kb, d2));
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 1);
  OK(kb, medkb_statement_clear(kb, 0));
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 0);
}

static void a_statement_needs_a_document(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "眼皮跳"), c = put(kb, "cause", "用眼过度"), n;
  assert_int_equal(medkb_statement_add(kb, 4242, s, "cause", c, NULL, NULL, NULL),
                   MEDKB_CONSTRAINT);
  assert_non_null(strstr(medkb_errmsg(kb), "4242"));
  assert_int_equal(medkb_statement_delete(kb, 777), MEDKB_NOTFOUND);
  /* the relation made for the refused statement is not kept */
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 0);
}

static void bad_relations_are_refused(void **state) {
  medkb *kb = *state;
  int64_t s = put(kb, "symptom", "眼皮跳"), id;
  assert_int_equal(medkb_relation_add(kb, s, "cause", 999, NULL, &id), MEDKB_CONSTRAINT);
  assert_non_null(strstr(medkb_errmsg(kb), "999"));
  assert_int_equal(medkb_relation_add(kb, s, "", s, NULL, &id), MEDKB_INVALID);
  assert_int_equal(medkb_relation_delete(kb, 12345), MEDKB_NOTFOUND);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    KB_TEST(relations_come_back_in_rank_order),
    KB_TEST(rank_null_appends),
    KB_TEST(relating_again_updates_in_place),
    KB_TEST(incoming_and_type_filters),
    KB_TEST(attributes_and_cascades),
    KB_TEST(each_document_keeps_its_own_statement),
    KB_TEST(a_document_lists_what_it_states_in_order),
    KB_TEST(a_relation_goes_with_its_last_statement),
    KB_TEST(a_statement_needs_a_document),
    KB_TEST(bad_relations_are_refused),
  };
  return cmocka_run_group_tests_name("relation", tests, NULL, NULL);
}
