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
#include <string.h>

#include "internal.h"

static const char *const sql_droppable =
  "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
  " AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY name";

static const char *const sql_file_size =
  "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size";

static const char create_prefix[] = "CREATE INDEX ";

int medkb_bulk_begin(medkb *kb) {
  sqlite3_stmt *st;
  sqlite3_str *create, *drop;
  char *create_sql, *drop_sql;
  int rc;
  if (kb->tx_depth == 0) return kb_error(kb, MEDKB_MISUSE, "bulk loading needs a transaction");
  if (kb->bulk_sql) return kb_error(kb, MEDKB_MISUSE, "bulk loading has begun already");
  if (sqlite3_prepare_v2(kb->db, sql_droppable, -1, &st, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "listing the indexes");
  create = sqlite3_str_new(kb->db);
  drop = sqlite3_str_new(kb->db);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    const char *sql = (const char *)sqlite3_column_text(st, 1);
    if (strncmp(sql, create_prefix, sizeof create_prefix - 1) != 0) continue;
    sqlite3_str_appendf(drop, "DROP INDEX \"%w\";", name);
    /* made again with IF NOT EXISTS: a rollback to a savepoint before the
     * drop may have brought the index back already */
    sqlite3_str_appendf(create, "CREATE INDEX IF NOT EXISTS %s;", sql + sizeof create_prefix - 1);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) rc = kb_sqlite_error(kb, "listing the indexes");
  else if (sqlite3_str_errcode(create) || sqlite3_str_errcode(drop))
    rc = kb_error(kb, MEDKB_NOMEM, "out of memory");
  else rc = MEDKB_OK;
  create_sql = sqlite3_str_finish(create);
  drop_sql = sqlite3_str_finish(drop);
  if (rc == MEDKB_OK && drop_sql &&
      sqlite3_exec(kb->db, drop_sql, NULL, NULL, NULL) != SQLITE_OK)
    rc = kb_sqlite_error(kb, "dropping the indexes for bulk loading");
  sqlite3_free(drop_sql);
  if (rc == MEDKB_OK) {
    /* nothing to make again is still a bulk load begun */
    kb->bulk_sql = create_sql ? create_sql : sqlite3_mprintf("");
    if (kb->bulk_sql == NULL) rc = kb_error(kb, MEDKB_NOMEM, "out of memory");
  } else {
    sqlite3_free(create_sql);
  }
  return rc;
}

int medkb_bulk_end(medkb *kb) {
  if (kb->bulk_sql == NULL) return kb_error(kb, MEDKB_MISUSE, "bulk loading has not begun");
  return kb_bulk_finish(kb);
}

int medkb_bulk_loading(const medkb *kb) {
  return kb->bulk_sql != NULL;
}

int medkb_file_size(medkb *kb, int64_t *bytes) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_FILE_SIZE, sql_file_size);
  if (st == NULL) return kb->errcode;
  return stmt_step_int(kb, ST_FILE_SIZE, st, bytes, "reading the file's size");
}
