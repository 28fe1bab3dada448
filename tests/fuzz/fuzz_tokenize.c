/*
 * fuzz_tokenize.c -- libFuzzer target for the text routines under search
 * (core/fold.c, core/search.c): any bytes are folded (and folding again
 * changes nothing), cut into words by ICU, indexed as a document's title
 * and body through the medkb tokenizer, searched for as a phrase and as a
 * title, and taken out again; FTS5's integrity check then finds the
 * index and the documents in step.  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static medkb *kb;

static void fail(const char *what) {
  fprintf(stderr, "fuzz_tokenize: %s: %s\n", what, kb ? medkb_errmsg(kb) : "?");
  abort();
}

/* The query "text" with its double quotes doubled (an FTS5 string). */
static char *phrase(const char *s, size_t len) {
  char *q = malloc(2 * len + 3), *p = q;
  *p++ = '"';
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '"') *p++ = '"';
    *p++ = s[i];
  }
  *p++ = '"';
  *p = '\0';
  return q;
}

static void search(const char *match) {
  medkb_cursor *c;
  medkb_hit h;
  int rc = medkb_search_documents(kb, match, NULL, NULL, NULL, 10, &c);
  if (rc != MEDKB_OK) return;  /* a query FTS5 refuses is an error, not a crash */
  while ((rc = medkb_search_next(c, &h)) == MEDKB_OK) {}
  medkb_cursor_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  size_t n1, n2, *bounds, count, cut = size ? data[0] % (size + 1) : 0;
  char *once, *twice, *text, *q;
  medkb_document d = {0};
  int64_t id;
  int created;
  if (kb == NULL && medkb_open(":memory:", &kb) != MEDKB_OK) fail("open");
  once = medkb_fold(s, size, &n1);
  if (once == NULL) fail("fold");
  twice = medkb_fold(once, n1, &n2);
  if (twice == NULL || n1 != n2 || memcmp(once, twice, n1) != 0) fail("folding twice differs");
  free(twice);
  free(once);
  if (medkb_words(s, size, &bounds, &count) == MEDKB_OK) {
    for (size_t i = 0; i < count; i++)
      if (bounds[2 * i] >= bounds[2 * i + 1] || bounds[2 * i + 1] > size) fail("a word out of the text");
    free(bounds);
  }
  text = malloc(size + 1);
  memcpy(text, s, size);
  text[size] = '\0';
  if (strlen(text) == size) {  /* titles and bodies are C strings */
    char *title = strndup(text, cut);
    d.kind = "article";
    d.key = "fuzz";
    d.title = title;
    d.body = text + cut;
    if (medkb_document_put(kb, &d, &id, &created) != MEDKB_OK) fail("put");
    q = phrase(text, size);
    search(q);
    search(text);
    free(q);
    if (medkb_document_delete(kb, id) != MEDKB_OK) fail("delete");
    if (sqlite3_exec(kb->db,
                     "INSERT INTO doc_search(doc_search, rank) VALUES ('integrity-check', 1);"
                     "INSERT INTO title_search(title_search, rank) VALUES ('integrity-check', 1);",
                     NULL, NULL, NULL) != SQLITE_OK)
      fail("the index and the documents differ");
    free(title);
  }
  free(text);
  return 0;
}
