/*
 * test_document.c -- documents, parts, counts and links
 * (core/document.c).
 */
#include "fixture.h"

static int64_t put_doc(medkb *kb, const char *kind, const char *key, const char *title) {
  medkb_document d = {0};
  int64_t id;
  d.kind = kind;
  d.key = key;
  d.title = title;
  d.body = "";
  d.source = "test";
  OK(kb, medkb_document_put(kb, &d, &id, NULL));
  return id;
}

static void put_get_find_and_update_by_key(void **state) {
  medkb *kb = *state;
  medkb_document d;
  int64_t id = put_doc(kb, "article", "a1", "小腿肌肉抖动是怎么回事");
  int64_t n;
  OK(kb, medkb_document_get(kb, id, &d));
  assert_string_equal(d.kind, "article");
  assert_string_equal(d.title, "小腿肌肉抖动是怎么回事");
  assert_string_equal(d.source, "test");
  assert_true(d.imported_at > 0);
  OK(kb, medkb_document_find(kb, "article", "a1", &d));
  assert_int_equal(d.id, id);
  /* same kind and key: updated in place */
  {
    medkb_document u = {0};
    int64_t uid;
    int created = -1;
    u.kind = "article";
    u.key = "a1";
    u.title = "新标题";
    OK(kb, medkb_document_put(kb, &u, &uid, &created));
    assert_int_equal(uid, id);
    assert_int_equal(created, 0);
    u.key = "a2";
    OK(kb, medkb_document_put(kb, &u, &uid, &created));
    assert_int_equal(created, 1);
    OK(kb, medkb_document_delete(kb, uid));
  }
  OK(kb, medkb_document_get(kb, id, &d));
  assert_string_equal(d.title, "新标题");
  /* no key: always a new document */
  assert_int_not_equal(put_doc(kb, "article", NULL, "x"), put_doc(kb, "article", NULL, "x"));
  OK(kb, medkb_document_count(kb, "article", &n));
  assert_int_equal(n, 3);
  assert_int_equal(medkb_document_find(kb, "article", "zz", &d), MEDKB_NOTFOUND);
}

static void bad_documents_are_invalid(void **state) {
  medkb *kb = *state;
  medkb_document d = {0};
  int64_t id;
  d.kind = "essay";
  assert_int_equal(medkb_document_put(kb, &d, &id, NULL), MEDKB_INVALID);
  assert_non_null(strstr(medkb_errmsg(kb), "essay"));
  d.kind = "answer";
  d.key = "";
  assert_int_equal(medkb_document_put(kb, &d, &id, NULL), MEDKB_INVALID);
}

static void parts_in_order_and_replaced_by_seq(void **state) {
  medkb *kb = *state;
  int64_t doc = put_doc(kb, "article", "a", "t");
  medkb_part p = {0};
  medkb_cursor *c;
  const char *names[] = {"summary", "section", "disclaimer"};
  int i = 0;
  p.seq = 3; p.name = "disclaimer"; p.text = "仅供参考";
  OK(kb, medkb_part_set(kb, doc, &p));
  p.seq = 1; p.name = "summary"; p.text = "旧";
  OK(kb, medkb_part_set(kb, doc, &p));
  p.seq = 1; p.text = "可能由缺钙等原因引起";
  OK(kb, medkb_part_set(kb, doc, &p));
  p.seq = 2; p.name = "section"; p.title = "缺钙"; p.text = "钙离子…";
  OK(kb, medkb_part_set(kb, doc, &p));
  OK(kb, medkb_part_iter(kb, doc, &c));
  while (medkb_part_next(c, &p) == MEDKB_OK) {
    assert_string_equal(p.name, names[i]);
    if (i == 0) {
      assert_string_equal(p.text, "可能由缺钙等原因引起");
      assert_null(p.title);
    }
    if (i == 1) assert_string_equal(p.title, "缺钙");
    i++;
  }
  medkb_cursor_close(c);
  assert_int_equal(i, 3);
  OK(kb, medkb_part_clear(kb, doc));
  OK(kb, medkb_part_iter(kb, doc, &c));
  assert_int_equal(medkb_part_next(c, &p), MEDKB_DONE);
  medkb_cursor_close(c);
  p.seq = 1; p.name = "summary"; p.text = "x";
  assert_int_equal(medkb_part_set(kb, 9999, &p), MEDKB_CONSTRAINT);
}

static void counts_set_get_iterate(void **state) {
  medkb *kb = *state;
  int64_t doc = put_doc(kb, "question", "q", "脸部肌肉跳动是什么原因");
  int64_t v;
  medkb_cursor *c;
  const char *name;
  OK(kb, medkb_count_set(kb, doc, "replies", 1));
  OK(kb, medkb_count_set(kb, doc, "views", 3027));
  OK(kb, medkb_count_set(kb, doc, "views", 3028));
  OK(kb, medkb_count_get(kb, doc, "views", &v));
  assert_int_equal(v, 3028);
  assert_int_equal(medkb_count_get(kb, doc, "likes", &v), MEDKB_NOTFOUND);
  OK(kb, medkb_count_iter(kb, doc, &c));
  assert_int_equal(medkb_count_next(c, &name, &v), MEDKB_OK);
  assert_string_equal(name, "replies");
  medkb_cursor_close(c);
}

static void links_to_entities_and_documents(void **state) {
  medkb *kb = *state;
  int64_t q = put_doc(kb, "question", "q", "脸部肌肉跳动是什么原因");
  int64_t a1 = put_doc(kb, "answer", "a1", ""), a2 = put_doc(kb, "answer", "a2", "");
  int64_t doctor = put(kb, "doctor", "张伟"), sym = put(kb, "symptom", "肌肉跳动");
  int64_t r5 = 5;
  medkb_cursor *c;
  medkb_link l;
  int n = 0;
  OK(kb, medkb_link_entity(kb, q, "about", sym, NULL));
  OK(kb, medkb_link_entity(kb, a1, "doctor", doctor, NULL));
  OK(kb, medkb_link_entity(kb, a2, "doctor", doctor, NULL));
  OK(kb, medkb_link_document(kb, a1, "answers", q, NULL));
  OK(kb, medkb_link_document(kb, a2, "answers", q, &r5));
  OK(kb, medkb_link_document(kb, a2, "answers", q, NULL));  /* keeps rank 5 */

  /* the answers of the question: incoming doc links */
  OK(kb, medkb_link_document_iter(kb, q, "answers", MEDKB_IN, &c));
  while (medkb_link_next(c, &l) == MEDKB_OK) {
    assert_int_equal(l.target, q);
    assert_int_equal(l.doc, n == 0 ? a1 : a2);
    if (n == 1) assert_int_equal(l.rank, 5);
    n++;
  }
  medkb_cursor_close(c);
  assert_int_equal(n, 2);

  /* the answers a doctor gave */
  n = 0;
  OK(kb, medkb_link_entity_iter(kb, doctor, "doctor", MEDKB_IN, &c));
  while (medkb_link_next(c, &l) == MEDKB_OK) n++;
  medkb_cursor_close(c);
  assert_int_equal(n, 2);

  /* deleting a document takes its links, both ways */
  OK(kb, medkb_document_delete(kb, q));
  OK(kb, medkb_link_document_iter(kb, a1, NULL, MEDKB_OUT, &c));
  assert_int_equal(medkb_link_next(c, &l), MEDKB_DONE);
  medkb_cursor_close(c);
  assert_int_equal(medkb_link_entity(kb, a1, "doctor", 4242, NULL), MEDKB_CONSTRAINT);
  OK(kb, medkb_link_clear(kb, a1));
  OK(kb, medkb_link_entity_iter(kb, a1, NULL, MEDKB_OUT, &c));
  assert_int_equal(medkb_link_next(c, &l), MEDKB_DONE);
  medkb_cursor_close(c);
}

static void iteration_by_kind(void **state) {
  medkb *kb = *state;
  medkb_cursor *c;
  medkb_document d;
  int n = 0;
  put_doc(kb, "question", "q1", "一");
  put_doc(kb, "answer", "a1", "");
  put_doc(kb, "question", "q2", "二");
  OK(kb, medkb_document_iter(kb, "question", &c));
  while (medkb_document_next(c, &d) == MEDKB_OK) {
    assert_string_equal(d.kind, "question");
    n++;
  }
  medkb_cursor_close(c);
  assert_int_equal(n, 2);
  assert_int_equal(medkb_document_iter(kb, "essay", &c), MEDKB_INVALID);
  assert_null(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    KB_TEST(put_get_find_and_update_by_key),
    KB_TEST(bad_documents_are_invalid),
    KB_TEST(parts_in_order_and_replaced_by_seq),
    KB_TEST(counts_set_get_iterate),
    KB_TEST(links_to_entities_and_documents),
    KB_TEST(iteration_by_kind),
  };
  return cmocka_run_group_tests_name("document", tests, NULL, NULL);
}
