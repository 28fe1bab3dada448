/*
 * bench_store.c -- `make bench`, the floor under `medkb import` of the
 * dialogue CSV: the same writes the importer makes (per row a question
 * keyed by its content hash, linked to its department, and an answer
 * linked to its question, all in one transaction) through medkb's C API,
 * with no parsing, no encoding work and no Lua.  The rows come from the
 * bare table that `sqlite3 .import` made of the same file; they are read,
 * converted to UTF-8 and hashed before the clock starts.
 * Usage: bench_store BARE_DB KB_PATH.  Prints the seconds taken.
 * Depends on SQLite and medkb.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "medkb.h"

enum { DEPT, TITLE, ASK, ANSWER, NFIELDS };

typedef struct row {
  char *f[NFIELDS];
  char qkey[24], akey[24];
} row;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const char *msg) {
  fprintf(stderr, "bench_store: %s: %s\n", what, msg);
  exit(1);
}

static char *to_utf8(medkb_conv *conv, const char *s, size_t len) {
  const char *out;
  size_t outlen;
  uint64_t bad;
  char *copy;
  if (medkb_conv_feed(conv, s, len, 1, &out, &outlen, &bad) != MEDKB_OK)
    die("converting a row", "invalid GB18030");
  copy = malloc(outlen + 1);
  if (copy == NULL) die("reading rows", "out of memory");
  memcpy(copy, out, outlen);
  copy[outlen] = '\0';
  return copy;
}

/* The importer's key: prefix and the hash of the first n fields joined by
 * NUL bytes (medkb.text.hash). */
static void key_of(char *buf, size_t size, const char *prefix, char *const f[], int n) {
  uint64_t h = medkb_hash64(NULL, 0);
  int i;
  for (i = 0; i < n; i++) {
    if (i > 0) h = medkb_hash64_more(h, "", 1);
    h = medkb_hash64_more(h, f[i], strlen(f[i]));
  }
  snprintf(buf, size, "%s%016llx", prefix, (unsigned long long)h);
}

static row *read_rows(const char *path, size_t *count) {
  sqlite3 *db;
  sqlite3_stmt *st;
  medkb_conv *conv;
  row *rows = NULL;
  size_t n = 0, cap = 0;
  int i;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die(path, sqlite3_errmsg(db));
  if (sqlite3_prepare_v2(db, "SELECT * FROM t", -1, &st, NULL) != SQLITE_OK)
    die(path, sqlite3_errmsg(db));
  if (sqlite3_column_count(st) != NFIELDS) die(path, "table t needs 4 columns");
  if (medkb_conv_open("GB18030", "UTF-8", &conv) != MEDKB_OK) die("iconv", "no GB18030");
  while (sqlite3_step(st) == SQLITE_ROW) {
    row *r;
    if (n == cap) {
      cap = cap ? cap * 2 : 4096;
      rows = realloc(rows, cap * sizeof *rows);
      if (rows == NULL) die("reading rows", "out of memory");
    }
    r = &rows[n++];
    for (i = 0; i < NFIELDS; i++)
      r->f[i] = to_utf8(conv, (const char *)sqlite3_column_blob(st, i),
                        (size_t)sqlite3_column_bytes(st, i));
    key_of(r->qkey, sizeof r->qkey, "csv:", r->f, 3);
    key_of(r->akey, sizeof r->akey, "csv-a:", r->f, 4);
  }
  medkb_conv_close(conv);
  sqlite3_finalize(st);
  sqlite3_close(db);
  *count = n;
  return rows;
}

/* The department's entity id; the importer keeps the same cache. */
static int64_t department(medkb *kb, const char *name) {
  static char *names[64];
  static int64_t ids[64];
  static int n;
  int i;
  for (i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0) return ids[i];
  if (n == 64) die("departments", "more than 64");
  if (medkb_entity_put(kb, "department", name, &ids[n]) != MEDKB_OK)
    die("department", medkb_errmsg(kb));
  names[n] = (char *)name;
  return ids[n++];
}

static void store(medkb *kb, const row *r, const char *source) {
  medkb_document q = { 0, "question", r->qkey, r->f[TITLE], r->f[ASK], source, 0 };
  medkb_document a = { 0, "answer", r->akey, "", r->f[ANSWER], source, 0 };
  medkb_document old;
  int64_t qid, aid, rank = 1;
  int created;
  if (medkb_document_put(kb, &q, &qid, &created) != MEDKB_OK) die("question", medkb_errmsg(kb));
  if (created) {
    if (medkb_link_entity(kb, qid, "department", department(kb, r->f[DEPT]), &rank))
      die("department link", medkb_errmsg(kb));
  } else if (medkb_document_find(kb, "answer", r->akey, &old) == MEDKB_OK) {
    return;
  }
  if (medkb_document_put(kb, &a, &aid, NULL) != MEDKB_OK) die("answer", medkb_errmsg(kb));
  if (medkb_link_document(kb, aid, "answers", qid, &rank) != MEDKB_OK)
    die("answer link", medkb_errmsg(kb));
}

int main(int argc, char **argv) {
  medkb *kb;
  row *rows;
  size_t n, i;
  double t0;
  int j;
  char wal[600];
  if (argc != 3) {
    fprintf(stderr, "usage: bench_store BARE_DB KB_PATH\n");
    return 2;
  }
  rows = read_rows(argv[1], &n);
  remove(argv[2]);
  snprintf(wal, sizeof wal, "%s-wal", argv[2]);
  remove(wal);
  t0 = now();
  if (medkb_open(argv[2], &kb) != MEDKB_OK) die(argv[2], medkb_errmsg(kb));
  if (medkb_begin(kb) != MEDKB_OK) die("begin", medkb_errmsg(kb));
  for (i = 0; i < n; i++) store(kb, &rows[i], argv[1]);
  if (medkb_commit(kb) != MEDKB_OK) die("commit", medkb_errmsg(kb));
  medkb_close(kb);
  printf("%.3f\n", now() - t0);
  for (i = 0; i < n; i++)
    for (j = 0; j < NFIELDS; j++) free(rows[i].f[j]);
  free(rows);
  return 0;
}
