/*
 * test_entity.c -- kinds, entities, aliases and attributes
 * (core/entity.c, core/attr.c).
 */
#include "fixture.h"

static void put_is_idempotent_and_get_finds(void **state) {
  medkb *kb = *state;
  medkb_entity e;
  int64_t id = put(kb, "symptom", "小腿肌肉抖动");
  assert_int_equal(put(kb, "symptom", "小腿肌肉抖动"), id);
  OK(kb, medkb_entity_get(kb, "symptom", "小腿肌肉抖动", &e));
  assert_int_equal(e.id, id);
  assert_string_equal(e.kind, "symptom");
  assert_string_equal(e.name, "小腿肌肉抖动");
  /* the same name in another kind is another entity */
  assert_int_not_equal(put(kb, "cause", "小腿肌肉抖动"), id);
}

static void miss_is_notfound_with_a_message(void **state) {
  medkb *kb = *state;
  medkb_entity e;
  assert_int_equal(medkb_entity_get(kb, "drug", "不存在的药", &e), MEDKB_NOTFOUND);
  assert_string_equal(medkb_errmsg(kb), "no drug named '不存在的药'");
  assert_int_equal(medkb_entity_by_id(kb, 4242, &e), MEDKB_NOTFOUND);
}

static void bad_names_and_kinds_are_invalid(void **state) {
  medkb *kb = *state;
  int64_t id;
  assert_int_equal(medkb_entity_put(kb, "symptom", "", &id), MEDKB_INVALID);
  assert_int_equal(medkb_entity_put(kb, "sympton", "眼皮跳", &id), MEDKB_INVALID);
  assert_non_null(strstr(medkb_errmsg(kb), "unknown kind 'sympton'"));
  assert_int_equal(medkb_kind_add(kb, "Bad Kind"), MEDKB_INVALID);
  OK(kb, medkb_kind_add(kb, "syndrome"));
  OK(kb, medkb_kind_add(kb, "syndrome"));
  put(kb, "syndrome", "不安腿综合征");
}

static void aliases_resolve_in_every_lookup(void **state) {
  medkb *kb = *state;
  medkb_entity e;
  medkb_cursor *c;
  const char *alias, *type;
  int64_t id = put(kb, "symptom", "肌肉跳动");
  OK(kb, medkb_alias_add(kb, id, "肌束颤动", "standard"));
  OK(kb, medkb_alias_add(kb, id, "肌肉抖动", "colloquial"));
  OK(kb, medkb_alias_add(kb, id, "肌肉抖动", "colloquial"));  /* again: no change */
  OK(kb, medkb_entity_get(kb, "symptom", "肌束颤动", &e));
  assert_int_equal(e.id, id);
  assert_string_equal(e.name, "肌肉跳动");
  OK(kb, medkb_alias_resolve(kb, "symptom", "肌肉抖动", &e));
  assert_int_equal(e.id, id);
  /* aliases are per kind */
  assert_int_equal(medkb_entity_get(kb, "cause", "肌束颤动", &e), MEDKB_NOTFOUND);

  OK(kb, medkb_alias_iter(kb, id, &c));
  assert_int_equal(medkb_alias_next(c, &alias, &type), MEDKB_OK);
  assert_string_equal(alias, "肌束颤动");
  assert_string_equal(type, "standard");
  assert_int_equal(medkb_alias_next(c, &alias, &type), MEDKB_OK);
  assert_string_equal(alias, "肌肉抖动");
  assert_string_equal(type, "colloquial");
  assert_int_equal(medkb_alias_next(c, &alias, &type), MEDKB_DONE);
  medkb_cursor_close(c);

  OK(kb, medkb_alias_remove(kb, "symptom", "肌肉抖动"));
  assert_int_equal(medkb_entity_get(kb, "symptom", "肌肉抖动", &e), MEDKB_NOTFOUND);
  assert_int_equal(medkb_alias_remove(kb, "symptom", "肌肉抖动"), MEDKB_NOTFOUND);
}

static void aliases_never_shadow_names(void **state) {
  medkb *kb = *state;
  int64_t id, a = put(kb, "symptom", "眼皮跳");
  int64_t b = put(kb, "symptom", "眼睑痉挛");
  /* an alias that is another entity's name */
  assert_int_equal(medkb_alias_add(kb, a, "眼睑痉挛", NULL), MEDKB_CONSTRAINT);
  assert_non_null(strstr(medkb_errmsg(kb), "眼睑痉挛"));
  /* an alias that belongs to another entity */
  OK(kb, medkb_alias_add(kb, a, "眼跳", NULL));
  assert_int_equal(medkb_alias_add(kb, b, "眼跳", NULL), MEDKB_CONSTRAINT);
  assert_non_null(strstr(medkb_errmsg(kb), "already belongs to symptom '眼皮跳'"));
  /* a new entity named like an existing alias */
  assert_int_equal(medkb_entity_put(kb, "symptom", "眼跳", &id), MEDKB_CONSTRAINT);
  /* an alias equal to the entity's own name, and a bad type */
  assert_int_equal(medkb_alias_add(kb, a, "眼皮跳", NULL), MEDKB_INVALID);
  assert_int_equal(medkb_alias_add(kb, a, "眼皮抽", "slang"), MEDKB_INVALID);
  assert_int_equal(medkb_alias_add(kb, 999, "别名", NULL), MEDKB_NOTFOUND);
}

static void attributes_round_trip_every_type(void **state) {
  medkb *kb = *state;
  int64_t id = put(kb, "doctor", "张伟");
  medkb_value v = {0}, got;
  medkb_cursor *c;
  const char *key;
  int n = 0;
  v.type = MEDKB_TEXT;
  v.s = "主任医师";
  v.len = strlen(v.s);
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_ENTITY, id, "title", &v));
  v.type = MEDKB_INT;
  v.i = 42;
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_ENTITY, id, "answers", &v));
  v.type = MEDKB_REAL;
  v.d = 4.5;
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_ENTITY, id, "rating", &v));
  v.type = MEDKB_BOOL;
  v.i = 1;
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_ENTITY, id, "verified", &v));

  OK(kb, medkb_attr_get(kb, MEDKB_OWNER_ENTITY, id, "title", &got));
  assert_int_equal(got.type, MEDKB_TEXT);
  assert_string_equal(got.s, "主任医师");
  OK(kb, medkb_attr_get(kb, MEDKB_OWNER_ENTITY, id, "verified", &got));
  assert_int_equal(got.type, MEDKB_BOOL);
  assert_int_equal(got.i, 1);
  OK(kb, medkb_attr_get(kb, MEDKB_OWNER_ENTITY, id, "rating", &got));
  assert_int_equal(got.type, MEDKB_REAL);
  assert_true(got.d == 4.5);

  OK(kb, medkb_attr_iter(kb, MEDKB_OWNER_ENTITY, id, &c));
  while (medkb_attr_next(c, &key, &got) == MEDKB_OK) n++;
  medkb_cursor_close(c);
  assert_int_equal(n, 4);

  /* NULL removes */
  v.type = MEDKB_NULL;
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_ENTITY, id, "rating", &v));
  assert_int_equal(medkb_attr_get(kb, MEDKB_OWNER_ENTITY, id, "rating", &got), MEDKB_NOTFOUND);
  assert_int_equal(medkb_attr_set(kb, 7, id, "x", &v), MEDKB_INVALID);
}

static void delete_takes_aliases_and_attributes(void **state) {
  medkb *kb = *state;
  medkb_entity e;
  medkb_value v = {MEDKB_INT, 1, 0, NULL, 0}, got;
  int64_t id = put(kb, "drug", "碳酸钙D3片");
  OK(kb, medkb_alias_add(kb, id, "钙尔奇", "colloquial"));
  OK(kb, medkb_attr_set(kb, MEDKB_OWNER_ENTITY, id, "otc", &v));
  OK(kb, medkb_entity_delete(kb, id));
  assert_int_equal(medkb_entity_get(kb, "drug", "钙尔奇", &e), MEDKB_NOTFOUND);
  assert_int_equal(medkb_attr_get(kb, MEDKB_OWNER_ENTITY, id, "otc", &got), MEDKB_NOTFOUND);
  assert_int_equal(medkb_entity_delete(kb, id), MEDKB_NOTFOUND);
  /* the alias is free again */
  put(kb, "drug", "钙尔奇");
}

static void rename_keeps_id_and_checks_names(void **state) {
  medkb *kb = *state;
  medkb_entity e;
  int64_t a = put(kb, "cause", "缺钙");
  int64_t b = put(kb, "cause", "疲劳");
  OK(kb, medkb_alias_add(kb, b, "过度疲劳", NULL));
  OK(kb, medkb_entity_rename(kb, a, "钙缺乏"));
  OK(kb, medkb_entity_get(kb, "cause", "钙缺乏", &e));
  assert_int_equal(e.id, a);
  assert_int_equal(medkb_entity_rename(kb, a, "疲劳"), MEDKB_CONSTRAINT);
  assert_int_equal(medkb_entity_rename(kb, a, "过度疲劳"), MEDKB_CONSTRAINT);
}

static void iteration_by_kind_and_counts(void **state) {
  medkb *kb = *state;
  medkb_cursor *c;
  medkb_entity e;
  const char *kind;
  int64_t n, total = 0;
  const char *names[] = {"缺钙", "疲劳", "电解质紊乱"};
  int i = 0;
  put(kb, "cause", "缺钙");
  put(kb, "drug", "氯化钾缓释片");
  put(kb, "cause", "疲劳");
  put(kb, "cause", "电解质紊乱");
  OK(kb, medkb_entity_iter(kb, "cause", &c));
  while (medkb_entity_next(c, &e) == MEDKB_OK) assert_string_equal(e.name, names[i++]);
  medkb_cursor_close(c);
  assert_int_equal(i, 3);
  OK(kb, medkb_entity_count(kb, "cause", &n));
  assert_int_equal(n, 3);
  OK(kb, medkb_entity_count(kb, NULL, &n));
  assert_int_equal(n, 4);
  OK(kb, medkb_kind_iter(kb, &c));
  i = 0;
  while (medkb_kind_next(c, &kind, &n) == MEDKB_OK) {
    total += n;
    i++;
  }
  medkb_cursor_close(c);
  assert_int_equal(total, 4);
  assert_int_equal(i, 11);  /* the kinds of the design, and disease */
}

int main(void) {
  const struct CMUnitTest tests[] = {
    KB_TEST(put_is_idempotent_and_get_finds),
    KB_TEST(miss_is_notfound_with_a_message),
    KB_TEST(bad_names_and_kinds_are_invalid),
    KB_TEST(aliases_resolve_in_every_lookup),
    KB_TEST(aliases_never_shadow_names),
    KB_TEST(attributes_round_trip_every_type),
    KB_TEST(delete_takes_aliases_and_attributes),
    KB_TEST(rename_keeps_id_and_checks_names),
    KB_TEST(iteration_by_kind_and_counts),
  };
  return cmocka_run_group_tests_name("entity", tests, NULL, NULL);
}
