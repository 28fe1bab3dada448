/*
 * fuzz_match.c -- libFuzzer target for the name matcher (core/match.c):
 * the input is names, one per line, then a text after a NUL byte.  Every
 * match found must lie inside the text, in order, never overlapping (one
 * span is given once per name it is), and fold to one of the names; the same matcher finds the same again.
 * Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "medkb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_NAMES 64

static void fail(const char *what) {
  fprintf(stderr, "fuzz_match: %s\n", what);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data, *text, *nul = memchr(data, '\0', size);
  size_t names_len = nul ? (size_t)(nul - s) : size / 2, tlen, n, n2, start = 0, nnames = 0;
  char *folded[MAX_NAMES];
  size_t flen[MAX_NAMES];
  medkb_matcher *m = medkb_matcher_new();
  medkb_match *found, *again;
  if (m == NULL) fail("out of memory");
  text = s + names_len + (nul ? 1 : 0);
  tlen = size - (size_t)(text - s);
  for (size_t i = 0; i <= names_len && nnames < MAX_NAMES; i++) {
    if (i < names_len && s[i] != '\n') continue;
    if (i > start) {
      int rc = medkb_matcher_add(m, s + start, i - start, (int64_t)nnames);
      if (rc == MEDKB_OK) {
        folded[nnames] = medkb_fold(s + start, i - start, &flen[nnames]);
        if (folded[nnames] == NULL) fail("out of memory");
        nnames++;
      } else if (rc != MEDKB_INVALID) {
        fail("adding a name");
      }
    }
    start = i + 1;
  }
  if (medkb_matcher_find(m, text, tlen, &found, &n) != MEDKB_OK) fail("find");
  for (size_t i = 0; i < n; i++) {
    size_t fl;
    char *f;
    if (found[i].start >= found[i].end || found[i].end > tlen) fail("a match outside the text");
    /* a span is given once per value of the names it folds to */
    if (i > 0 && found[i].start < found[i - 1].end &&
        !(found[i].start == found[i - 1].start && found[i].end == found[i - 1].end))
      fail("matches overlap or are out of order");
    if (found[i].value < 0 || (size_t)found[i].value >= nnames) fail("a match of no name");
    f = medkb_fold(text + found[i].start, found[i].end - found[i].start, &fl);
    if (f == NULL) fail("out of memory");
    /* the same name may be added twice: the match folds to some name */
    {
      int same = 0;
      for (size_t k = 0; k < nnames && !same; k++)
        same = fl == flen[k] && memcmp(f, folded[k], fl) == 0;
      if (!same) fail("a match that folds to no name");
    }
    free(f);
  }
  if (medkb_matcher_find(m, text, tlen, &again, &n2) != MEDKB_OK) fail("find again");
  if (n2 != n || (n && memcmp(found, again, n * sizeof *found) != 0)) fail("finding twice differs");
  free(found);
  free(again);
  for (size_t k = 0; k < nnames; k++) free(folded[k]);
  medkb_matcher_free(m);
  return 0;
}
