/*
 * test_relation.c -- typed, ranked relations with attributes
 * (core/relation.c).
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
  int64_t id, n;
  medkb_value v = {0}, got;
  v.type = MEDKB_TEXT;
  v.s = "钙离子参与肌肉收缩过程";
  v.len = strlen(v.s);
  OK(kb, medkb_relation_add(kb, s, "cause", c, NULL, &id));
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_RELATION, id, "text", &v));
  OK(kb, medkb_attr_get(kb, MEDKB_OWNER_RELATION, id, "text", &got));
  assert_string_equal(got.s, v.s);
  OK(kb, medkb_entity_delete(kb, c));
  OK(kb, medkb_relation_count(kb, &n));
  assert_int_equal(n, 0);
  assert_int_equal(medkb_attr_get(kb, MEDKB_OWNER_RELATION, id, "text", &got), MEDKB_NOTFOUND);
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
    KB_TEST(bad_relations_are_refused),
  };
  return cmocka_run_group_tests_name("relation", tests, NULL, NULL);
}
