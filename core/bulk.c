/*
 * bulk.c -- bulk loading: a write large against what the knowledge base
 * holds (an import into an empty one) goes faster when the indexes that
 * no write looks rows up by are made once at the end, each in one sorted
 * pass, than when each row updates them in random order.
 * medkb_bulk_begin, inside a transaction, drops those indexes (every
 * index that is not UNIQUE: a UNIQUE one is how a write finds the row it
 * would repeat) and keeps their SQL; medkb_bulk_end makes them again.  Both
 * belong to the transaction, so a reader never sees the knowledge base
 * without them, and a rollback brings them back as they were; a commit
 * with a bulk load not ended makes them first (store.c).  The search
 * indexes have their own bulk path (search.c).  Depends on SQLite and the
 * store.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const sql_droppable =
  "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
  " AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY name";

static const char create_prefix[] = "CREATE INDEX ";

/* Appends s (len bytes) to the string *buf of *len bytes; 0 when out of memory. */
static int append(char **buf, size_t *len, const char *s, size_t n) {
  char *p = realloc(*buf, *len + n + 1);
  if (p == NULL) return 0;
  memcpy(p + *len, s, n);
  *len += n;
  p[*len] = '\0';
  *buf = p;
  return 1;
}

int medkb_bulk_begin(medkb *kb) {
  sqlite3_stmt *st;
  char *create = NULL, *drop = NULL;
  size_t create_len = 0, drop_len = 0;
  int rc, ok = 1;
  if (kb->tx_depth == 0) return kb_error(kb, MEDKB_MISUSE, "bulk loading needs a transaction");
  if (kb->bulk_sql) return kb_error(kb, MEDKB_MISUSE, "bulk loading has begun already");
  if (sqlite3_prepare_v2(kb->db, sql_droppable, -1, &st, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "listing the indexes");
  while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    const char *sql = (const char *)sqlite3_column_text(st, 1);
    char *quoted;
    /* made again with IF NOT EXISTS: a rollback to a savepoint before the
     * drop may have brought the index back already */
    if (strncmp(sql, create_prefix, sizeof create_prefix - 1) != 0) continue;
    quoted = sqlite3_mprintf("DROP INDEX \"%w\";", name);
    ok = quoted && append(&drop, &drop_len, quoted, strlen(quoted)) &&
         append(&create, &create_len, "CREATE INDEX IF NOT EXISTS ", 27) &&
         append(&create, &create_len, sql + sizeof create_prefix - 1,
                strlen(sql + sizeof create_prefix - 1)) &&
         append(&create, &create_len, ";", 1);
    sqlite3_free(quoted);
  }
  if (!ok) rc = SQLITE_NOMEM;
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(create);
    free(drop);
    if (rc == SQLITE_NOMEM) return kb_error(kb, MEDKB_NOMEM, "out of memory");
    return kb_sqlite_error(kb, "listing the indexes");
  }
  if (drop && sqlite3_exec(kb->db, drop, NULL, NULL, NULL) != SQLITE_OK) {
    rc = kb_sqlite_error(kb, "dropping the indexes for bulk loading");
    free(create);
    free(drop);
    return rc;
  }
  free(drop);
  /* nothing to make again is still a bulk load begun */
  kb->bulk_sql = create ? create : calloc(1, 1);
  if (kb->bulk_sql == NULL) return kb_error(kb, MEDKB_NOMEM, "out of memory");
  return MEDKB_OK;
}

int medkb_bulk_end(medkb *kb) {
  if (kb->bulk_sql == NULL) return kb_error(kb, MEDKB_MISUSE, "bulk loading has not begun");
  return kb_bulk_finish(kb);
}

int medkb_bulk_loading(const medkb *kb) {
  return kb->bulk_sql != NULL;
}

int medkb_file_size(medkb *kb, int64_t *bytes) {
  sqlite3_stmt *st;
  int64_t pages = 0, size = 0;
  int rc = MEDKB_OK;
  if (sqlite3_prepare_v2(kb->db, "SELECT page_count, page_size FROM pragma_page_count, pragma_page_size",
                         -1, &st, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "reading the file's size");
  if (sqlite3_step(st) == SQLITE_ROW) {
    pages = sqlite3_column_int64(st, 0);
    size = sqlite3_column_int64(st, 1);
  } else {
    rc = kb_sqlite_error(kb, "reading the file's size");
  }
  sqlite3_finalize(st);
  *bytes = pages * size;
  return rc;
}
