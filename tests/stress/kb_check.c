/*
 * kb_check.c -- the stress specs' check of a knowledge base file after a
 * crash or under load: it opens (through medkb_open_with, so that the
 * `medkb` tokenizer is registered and a WAL left behind is recovered),
 * SQLite's PRAGMA integrity_check finds nothing, and FTS5's own
 * integrity-check finds each search index (doc_search, title_search,
 * name_search, core/schema.c) in step with the rows it indexes.  The FTS5
 * checks are writes to SQLite, so they run in a transaction that is
 * rolled back.  Usage: kb_check KB.  Prints "ok" and exits 0, or prints
 * each problem and exits 1.  Depends on SQLite and the medkb data layer.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"

static const char *const fts_checks[] = {
  "INSERT INTO doc_search(doc_search, rank) VALUES ('integrity-check', 1)",
  "INSERT INTO title_search(title_search, rank) VALUES ('integrity-check', 1)",
  "INSERT INTO name_search(name_search) VALUES ('integrity-check')",
};

/* Runs PRAGMA integrity_check; returns the number of problems printed. */
static int sqlite_check(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int problems = 0, rc;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
    printf("integrity_check: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *row = (const char *)sqlite3_column_text(st, 0);
    if (row == NULL || strcmp(row, "ok") != 0) {
      printf("integrity_check: %s\n", row ? row : "(null)");
      problems++;
    }
  }
  if (rc != SQLITE_DONE) {
    printf("integrity_check: %s\n", sqlite3_errmsg(db));
    problems++;
  }
  sqlite3_finalize(st);
  return problems;
}

/* Runs FTS5's integrity-check on each search index inside a transaction
 * that is rolled back; returns the number of problems printed. */
static int search_check(sqlite3 *db) {
  int problems = 0;
  size_t i;
  if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
    printf("fts5 integrity-check: BEGIN: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  for (i = 0; i < sizeof fts_checks / sizeof fts_checks[0]; i++) {
    if (sqlite3_exec(db, fts_checks[i], NULL, NULL, NULL) != SQLITE_OK) {
      printf("%s: %s\n", fts_checks[i], sqlite3_errmsg(db));
      problems++;
    }
  }
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return problems;
}

int main(int argc, char **argv) {
  medkb *kb = NULL;
  int rc, problems;
  if (argc != 2) {
    fprintf(stderr, "usage: kb_check KB\n");
    return 2;
  }
  rc = medkb_open_with(argv[1], 0, &kb);
  if (rc != MEDKB_OK) {
    printf("open: %s\n", kb ? medkb_errmsg(kb) : medkb_strcode(rc));
    medkb_close(kb);
    return 1;
  }
  problems = sqlite_check(kb->db);
  problems += search_check(kb->db);
  medkb_close(kb);
  if (problems == 0) printf("ok\n");
  return problems == 0 ? 0 : 1;
}
