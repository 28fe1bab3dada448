/*
 * fixture.h -- what the cmocka tests share: a fresh in-memory knowledge
 * base per test, and assertions that print medkb's error message when a
 * call fails.  Depends on cmocka and the medkb C API.
 */
#ifndef MEDKB_TEST_FIXTURE_H
#define MEDKB_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "medkb.h"

/* Asserts that call returns MEDKB_OK, showing the handle's message if not. */
#define OK(kb, call)                                                     \
  do {                                                                   \
    int rc_ = (call);                                                    \
    if (rc_ != MEDKB_OK) fail_msg("%s: %s", #call, medkb_errmsg(kb));    \
  } while (0)

static inline int kb_setup(void **state) {
  medkb *kb;
  if (medkb_open(":memory:", &kb) != MEDKB_OK) {
    fprintf(stderr, "open: %s\n", medkb_errmsg(kb));
    medkb_close(kb);
    return -1;
  }
  *state = kb;
  return 0;
}

static inline int kb_teardown(void **state) {
  medkb_close(*state);
  return 0;
}

static inline int64_t put(medkb *kb, const char *kind, const char *name) {
  int64_t id = 0;
  int rc = medkb_entity_put(kb, kind, name, &id);
  if (rc != MEDKB_OK) fail_msg("put %s %s: %s", kind, name, medkb_errmsg(kb));
  return id;
}

#define KB_TEST(f) cmocka_unit_test_setup_teardown(f, kb_setup, kb_teardown)

#endif
