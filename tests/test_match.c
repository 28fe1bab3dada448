/*
 * test_match.c -- finding names in text (core/match.c): the automaton on
 * its own (longest first, no overlaps, folding, whole words for Latin
 * names, many values for one string, offsets into the text as given) and
 * the knowledge base's automaton of names and aliases, which follows
 * every change to the file, inside transactions and out.
 */
#include <stdlib.h>

#include "fixture.h"

/* The matches of m in text as "start-end:value ..." */
static const char *found(medkb_matcher *m, const char *text) {
  static char buf[512];
  medkb_match *got;
  size_t n, used = 0;
  assert_int_equal(medkb_matcher_find(m, text, strlen(text), &got, &n), MEDKB_OK);
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%zu-%zu:%lld", i ? " " : "",
                             got[i].start, got[i].end, (long long)got[i].value);
  }
  free(got);
  return buf;
}

static void add(medkb_matcher *m, const char *s, int64_t v) {
  assert_int_equal(medkb_matcher_add(m, s, strlen(s), v), MEDKB_OK);
}

static void finds_longest_first_without_overlaps(void **state) {
  medkb_matcher *m = medkb_matcher_new();
  (void)state;
  assert_non_null(m);
  add(m, "抽筋", 1);
  add(m, "小腿抽筋", 2);
  add(m, "腿抽", 3);
  add(m, "缺钙", 4);
  add(m, "钙", 5);
  assert_int_equal(medkb_matcher_count(m), 5);
  /* 小腿抽筋 (12 bytes) over 抽筋 and 腿抽; 缺钙 over 钙 */
  assert_string_equal(found(m, "小腿抽筋是缺钙吗"), "0-12:2 15-21:4");
  assert_string_equal(found(m, "腿抽筋"), "0-6:3");
  assert_string_equal(found(m, "补钙"), "3-6:5");
  assert_string_equal(found(m, "头痛"), "");
  assert_string_equal(found(m, ""), "");
  /* more added after a search is found too */
  add(m, "补钙", 6);
  assert_string_equal(found(m, "补钙"), "0-6:6");
  medkb_matcher_free(m);
}

static void folds_and_keeps_offsets_of_the_text_given(void **state) {
  medkb_matcher *m = medkb_matcher_new();
  (void)state;
  add(m, "肌肉跳动", 1);
  add(m, "Vitamin D", 2);
  /* traditional and full-width text; offsets are those of the text */
  assert_string_equal(found(m, "肌肉跳動"), "0-12:1");
  assert_string_equal(found(m, "补ＶＩＴＡＭＩＮ Ｄ吧"), "3-28:2");
  medkb_matcher_free(m);
}

static void latin_names_match_whole_words(void **state) {
  medkb_matcher *m = medkb_matcher_new();
  (void)state;
  add(m, "ARB", 1);
  add(m, "维生素D", 2);
  assert_string_equal(found(m, "CARBON"), "");
  assert_string_equal(found(m, "ARBs"), "");
  assert_string_equal(found(m, "服用ARB类药"), "6-9:1");
  assert_string_equal(found(m, "arb"), "0-3:1");
  assert_string_equal(found(m, "维生素D3"), "");
  assert_string_equal(found(m, "补维生素d片"), "3-13:2");
  medkb_matcher_free(m);
}

static void one_string_many_values(void **state) {
  medkb_matcher *m = medkb_matcher_new();
  (void)state;
  add(m, "缺钙", 7);
  add(m, "缺钙", 3);
  add(m, "钙", 9);
  assert_string_equal(found(m, "缺钙"), "0-6:3 0-6:7");
  assert_int_equal(medkb_matcher_add(m, " ", 1, 1) == MEDKB_OK, 1);
  assert_int_equal(medkb_matcher_add(m, "\xc2\xad", 2, 1), MEDKB_INVALID);  /* soft hyphen */
  medkb_matcher_free(m);
}

static void survives_many_names_and_bad_bytes(void **state) {
  medkb_matcher *m = medkb_matcher_new();
  char name[32];
  (void)state;
  for (int i = 0; i < 5000; i++) {
    snprintf(name, sizeof name, "名%d字", i);
    add(m, name, i);
  }
  assert_string_equal(found(m, "有名4999字和名12字"), "3-13:4999 16-24:12");
  assert_string_equal(found(m, "\xff\xfe名1字\xe8"), "2-9:1");
  medkb_matcher_free(m);
}

/* The entity ids kb's names matcher finds in text, as "id id ...". */
static const char *names_in(medkb *kb, const char *text) {
  static char buf[256];
  medkb_match *got;
  size_t n, used = 0;
  OK(kb, medkb_match_names(kb, text, strlen(text), &got, &n));
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%lld", i ? " " : "",
                             (long long)got[i].value);
  }
  free(got);
  return buf;
}

static void the_knowledge_base_names_follow_changes(void **state) {
  medkb *kb = *state;
  char want[64];
  int64_t s = put(kb, "symptom", "肌肉跳动"), c;
  snprintf(want, sizeof want, "%lld", (long long)s);
  assert_string_equal(names_in(kb, "肌束颤动怎么办"), "");
  OK(kb, medkb_alias_add(kb, s, "肌束颤动", "standard"));
  assert_string_equal(names_in(kb, "肌束颤动怎么办"), want);
  /* inside a transaction: what it wrote, and after a rollback, not */
  OK(kb, medkb_begin(kb));
  c = put(kb, "cause", "缺钙");
  snprintf(want, sizeof want, "%lld %lld", (long long)s, (long long)c);
  assert_string_equal(names_in(kb, "肌肉跳动是缺钙吗"), want);
  OK(kb, medkb_rollback(kb));
  snprintf(want, sizeof want, "%lld", (long long)s);
  assert_string_equal(names_in(kb, "肌肉跳动是缺钙吗"), want);
  OK(kb, medkb_entity_delete(kb, s));
  assert_string_equal(names_in(kb, "肌肉跳动"), "");
  assert_string_equal(names_in(kb, "肌束颤动"), "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(finds_longest_first_without_overlaps),
    cmocka_unit_test(folds_and_keeps_offsets_of_the_text_given),
    cmocka_unit_test(latin_names_match_whole_words),
    cmocka_unit_test(one_string_many_values),
    cmocka_unit_test(survives_many_names_and_bad_bytes),
    KB_TEST(the_knowledge_base_names_follow_changes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
