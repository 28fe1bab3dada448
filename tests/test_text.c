/*
 * test_text.c -- streaming encoding conversion and content hashes
 * (core/text.c).
 */
#include "fixture.h"

/* "眼皮跳" in GB18030 and in UTF-8 */
static const char gb[] = "\xd1\xdb\xc6\xa4\xcc\xf8";
static const char utf8[] = "\xe7\x9c\xbc\xe7\x9a\xae\xe8\xb7\xb3";

static void converts_gb18030_in_any_chunking(void **state) {
  medkb_conv *c;
  const char *out;
  size_t outlen, cut;
  uint64_t bad;
  char got[64];
  (void)state;
  for (cut = 0; cut <= sizeof gb - 1; cut++) {
    size_t n = 0;
    assert_int_equal(medkb_conv_open("GB18030", "UTF-8", &c), MEDKB_OK);
    assert_int_equal(medkb_conv_feed(c, gb, cut, 0, &out, &outlen, &bad), MEDKB_OK);
    memcpy(got, out, outlen);
    n = outlen;
    assert_int_equal(medkb_conv_feed(c, gb + cut, sizeof gb - 1 - cut, 1, &out, &outlen, &bad),
                     MEDKB_OK);
    memcpy(got + n, out, outlen);
    n += outlen;
    assert_int_equal(n, sizeof utf8 - 1);
    assert_memory_equal(got, utf8, n);
    medkb_conv_close(c);
  }
}

static void reports_the_offset_of_bad_input(void **state) {
  medkb_conv *c;
  const char *out;
  size_t outlen;
  uint64_t bad = 0;
  (void)state;
  assert_int_equal(medkb_conv_open("UTF-8", "UTF-8", &c), MEDKB_OK);
  assert_int_equal(medkb_conv_feed(c, "ok\n", 3, 0, &out, &outlen, &bad), MEDKB_OK);
  /* GB18030 bytes read as UTF-8: the first one is bad, at offset 3 + 2 */
  assert_int_equal(medkb_conv_feed(c, "ab\xd1\xdb", 4, 0, &out, &outlen, &bad), MEDKB_INVALID);
  assert_int_equal(bad, 5);
  medkb_conv_close(c);

  /* a sequence cut by the end of input is an error only when final */
  assert_int_equal(medkb_conv_open("UTF-8", "UTF-8", &c), MEDKB_OK);
  assert_int_equal(medkb_conv_feed(c, utf8, 4, 0, &out, &outlen, &bad), MEDKB_OK);
  assert_int_equal(outlen, 3);
  assert_int_equal(medkb_conv_feed(c, "", 0, 1, &out, &outlen, &bad), MEDKB_INVALID);
  assert_int_equal(bad, 3);
  medkb_conv_close(c);
}

static void unknown_encoding_is_invalid(void **state) {
  medkb_conv *c;
  (void)state;
  assert_int_equal(medkb_conv_open("NO-SUCH-ENCODING", "UTF-8", &c), MEDKB_INVALID);
  assert_null(c);
}

static void hash_is_fnv1a(void **state) {
  (void)state;
  assert_true(medkb_hash64("", 0) == 14695981039346656037ULL);
  assert_true(medkb_hash64("a", 1) == 0xaf63dc4c8601ec8cULL);
  assert_true(medkb_hash64(utf8, 9) != medkb_hash64(gb, 6));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(converts_gb18030_in_any_chunking),
    cmocka_unit_test(reports_the_offset_of_bad_input),
    cmocka_unit_test(unknown_encoding_is_invalid),
    cmocka_unit_test(hash_is_fnv1a),
  };
  return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
