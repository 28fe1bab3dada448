/*
 * store.c -- what every data-layer file builds on: error reporting, the
 * per-connection statement cache, cursors and nested transactions.
 * Opening and closing a handle is schema.c, which brings the file up to
 * date on the way.  Depends on SQLite only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* {=== errors */

static const char NO_WRITE_IN_READ[] = "nothing can be written inside a read: end the read first";

int kb_error(medkb *kb, int code, const char *fmt, ...) {
  va_list ap;
  kb->errcode = code;
  va_start(ap, fmt);
  vsnprintf(kb->errmsg, sizeof kb->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

/* Turns the connection's last SQLite error into a medkb code and a message
 * that says what medkb was doing when it happened.  A failure of the
 * storage (a read-only or locked file, a full disk) names the database,
 * so that it is never taken for a problem in what was being written. */
int kb_sqlite_error(medkb *kb, const char *what) {
  int rc = sqlite3_extended_errcode(kb->db);
  const char *db = kb->path ? kb->path : "knowledge base";
  int code;
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: code = MEDKB_CONSTRAINT; break;
    case SQLITE_BUSY: case SQLITE_LOCKED: code = MEDKB_BUSY; break;
    case SQLITE_NOMEM: code = MEDKB_NOMEM; break;
    case SQLITE_READONLY: code = MEDKB_READONLY; break;
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_CORRUPT: case SQLITE_NOTADB:
    case SQLITE_CANTOPEN: case SQLITE_PERM: case SQLITE_NOLFS: code = MEDKB_IO; break;
    default: code = MEDKB_ERROR; break;
  }
  /* a write on a handle still reading a state older than what another
   * connection has committed since (an iterator left open in a loop):
   * no wait helps until the handle stops reading */
  if (rc == SQLITE_BUSY_SNAPSHOT)
    return kb_error(kb, MEDKB_ERROR, "%s: %s: the knowledge base changed since this handle began reading it"
                    " (an iterator still open): finish or break the loop, then write", db, what);
  /* SQLite's "database is locked" means another connection kept the
   * write lock past the busy timeout: say that in the user's words */
  if (code == MEDKB_BUSY)
    return kb_error(kb, code, "%s: %s: another import or writer holds the knowledge base", db, what);
  /* medkb_read_begin set query_only */
  if (code == MEDKB_READONLY && kb->read_depth > 0)
    return kb_error(kb, code, "%s: %s: %s", db, what, NO_WRITE_IN_READ);
  if (medkb_is_storage_error(code) && kb->path)
    return kb_error(kb, code, "%s: %s: %s", kb->path, what, sqlite3_errmsg(kb->db));
  return kb_error(kb, code, "%s: %s", what, sqlite3_errmsg(kb->db));
}

int medkb_is_storage_error(int code) {
  return code == MEDKB_BUSY || code == MEDKB_NOMEM || code == MEDKB_READONLY ||
         code == MEDKB_IO || code == MEDKB_ERROR;
}

void kb_clear_error(medkb *kb) {
  kb->errcode = MEDKB_OK;
  kb->errmsg[0] = '\0';
}

const char *medkb_errmsg(const medkb *kb) {
  if (kb == NULL) return "out of memory";
  return kb->errmsg[0] ? kb->errmsg : medkb_strcode(kb->errcode);
}

int medkb_errcode(const medkb *kb) {
  return kb ? kb->errcode : MEDKB_NOMEM;
}

const char *medkb_strcode(int code) {
  switch (code) {
    case MEDKB_OK: return "ok";
    case MEDKB_DONE: return "no more rows";
    case MEDKB_NOTFOUND: return "not found";
    case MEDKB_CONSTRAINT: return "constraint violated";
    case MEDKB_INVALID: return "invalid argument";
    case MEDKB_BUSY: return "database is busy";
    case MEDKB_NOMEM: return "out of memory";
    case MEDKB_SCHEMA: return "schema mismatch";
    case MEDKB_MISUSE: return "misuse";
    case MEDKB_READONLY: return "read-only knowledge base";
    case MEDKB_IO: return "cannot read or write the knowledge base";
    default: return "error";
  }
}

/* Names (kinds, entity names, types, keys) must be non-empty text. */
int check_name(medkb *kb, const char *what, const char *s) {
  if (s == NULL || s[0] == '\0')
    return kb_error(kb, MEDKB_INVALID, "%s must not be empty", what);
  return MEDKB_OK;
}

/* {=== scratch strings */

/* Copies len bytes of s (or up to NUL when len < 0) into scratch slot i and
 * returns the copy; NULL s gives NULL.  The copy lives until slot i is
 * reused. */
const char *scratch_copy(medkb *kb, int i, const unsigned char *s, int len) {
  size_t n;
  if (s == NULL) return NULL;
  n = len < 0 ? strlen((const char *)s) : (size_t)len;
  if (kb->scratch[i].cap < n + 1) {
    size_t cap = n + 1 < 64 ? 64 : n + 1;
    char *p = realloc(kb->scratch[i].p, cap);
    if (p == NULL) return NULL;
    kb->scratch[i].p = p;
    kb->scratch[i].cap = cap;
  }
  memcpy(kb->scratch[i].p, s, n);
  kb->scratch[i].p[n] = '\0';
  return kb->scratch[i].p;
}

/* {=== statement cache */

/* Returns the prepared statement for slot, preparing it on first use.  A
 * statement already held by an open cursor is not shared: the caller gets
 * a private copy, finalized by stmt_release.  NULL on error, with the
 * error set on kb. */
sqlite3_stmt *stmt_acquire(medkb *kb, int slot, const char *sql) {
  sqlite3_stmt *st;
  if (kb->stmts[slot] != NULL && !kb->leased[slot]) {
    kb->leased[slot] = 1;
    return kb->stmts[slot];
  }
  if (sqlite3_prepare_v3(kb->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
    kb_sqlite_error(kb, "preparing a statement");
    return NULL;
  }
  if (kb->stmts[slot] == NULL) {
    kb->stmts[slot] = st;
    kb->leased[slot] = 1;
  }
  return st;
}

/* Gives a statement back: the cached one is reset for the next user, a
 * private one is finalized. */
void stmt_release(medkb *kb, int slot, sqlite3_stmt *st) {
  if (st == NULL) return;
  if (st == kb->stmts[slot]) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    kb->leased[slot] = 0;
  } else {
    sqlite3_finalize(st);
  }
}

/* Steps a statement that returns no rows and releases it.  Returns
 * MEDKB_OK or the error, described as happening while doing `what`. */
int stmt_step_done(medkb *kb, int slot, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  int code = MEDKB_OK;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) code = kb_sqlite_error(kb, what);
  stmt_release(kb, slot, st);
  return code;
}

/* Steps a statement that yields at most one row of one integer and
 * releases it: MEDKB_OK with *out, MEDKB_NOTFOUND without a row (no
 * message set), or the error, described as happening while doing `what`. */
int stmt_step_int(medkb *kb, int slot, sqlite3_stmt *st, int64_t *out, const char *what) {
  int rc = sqlite3_step(st);
  int code = MEDKB_OK;
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64(st, 0);
  else if (rc == SQLITE_DONE)
    code = MEDKB_NOTFOUND;
  else
    code = kb_sqlite_error(kb, what);
  stmt_release(kb, slot, st);
  return code;
}

/* {=== cursors */

/* Opens a cursor over slot's statement; *st is the statement to bind
 * parameters to before the first step. */
int cursor_open(medkb *kb, int slot, const char *sql, enum cursor_type type,
                medkb_cursor **out, sqlite3_stmt **st) {
  medkb_cursor *c;
  *out = NULL;
  c = malloc(sizeof *c);
  if (c == NULL) return kb_error(kb, MEDKB_NOMEM, "out of memory");
  c->st = stmt_acquire(kb, slot, sql);
  if (c->st == NULL) {
    free(c);
    return kb->errcode;
  }
  c->kb = kb;
  c->slot = slot;
  c->type = type;
  *st = c->st;
  *out = c;
  return MEDKB_OK;
}

/* Steps c, which must be of the given type: MEDKB_OK with a row,
 * MEDKB_DONE at the end, or an error code. */
int cursor_step(medkb_cursor *c, enum cursor_type type) {
  int rc;
  if (c == NULL || c->st == NULL) return MEDKB_MISUSE;
  if (c->type != type)
    return kb_error(c->kb, MEDKB_MISUSE, "cursor stepped with the wrong *_next function");
  rc = sqlite3_step(c->st);
  if (rc == SQLITE_ROW) return MEDKB_OK;
  if (rc == SQLITE_DONE) return MEDKB_DONE;
  return kb_sqlite_error(c->kb, "reading rows");
}

void medkb_cursor_close(medkb_cursor *c) {
  if (c == NULL) return;
  stmt_release(c->kb, c->slot, c->st);
  free(c);
}

/* {=== transactions */

/* Runs one transaction-control statement; savepoint names depend on the
 * depth, so those go through sqlite3_exec instead of the cache. */
static int tx_exec(medkb *kb, const char *sql, const char *what) {
  if (sqlite3_exec(kb->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, what);
  return MEDKB_OK;
}

static const char *const sql_begin = "BEGIN IMMEDIATE";
static const char *const sql_commit = "COMMIT";
static const char *const sql_rollback = "ROLLBACK";

static int tx_cached(medkb *kb, int slot, const char *sql, const char *what) {
  sqlite3_stmt *st = stmt_acquire(kb, slot, sql);
  if (st == NULL) return kb->errcode;
  return stmt_step_done(kb, slot, st, what);
}

int medkb_begin(medkb *kb) {
  char sql[48];
  int rc;
  if (kb->read_depth > 0)
    return kb_error(kb, MEDKB_MISUSE, "%s", NO_WRITE_IN_READ);
  if (kb->tx_depth == 0) {
    rc = tx_cached(kb, ST_BEGIN, sql_begin, "beginning a transaction");
  } else {
    snprintf(sql, sizeof sql, "SAVEPOINT medkb_%d", kb->tx_depth);
    rc = tx_exec(kb, sql, "beginning a nested transaction");
  }
  if (rc != MEDKB_OK) return rc;
  kb->tx_depth++;
  if (kb->after_begin && (rc = kb->after_begin(kb)) != MEDKB_OK) {
    int err = rc;
    char msg[sizeof kb->errmsg];
    memcpy(msg, kb->errmsg, sizeof msg);
    medkb_rollback(kb);
    rc = kb_error(kb, err, "%s", msg);
  }
  return rc;
}

/* Makes the indexes a bulk load dropped (bulk.c) again. */
int kb_bulk_finish(medkb *kb) {
  char *sql = kb->bulk_sql;
  int rc = MEDKB_OK;
  if (sql == NULL) return MEDKB_OK;
  if (sqlite3_exec(kb->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    rc = kb_sqlite_error(kb, "making the indexes again after bulk loading");
  kb->bulk_sql = NULL;
  sqlite3_free(sql);
  return rc;
}

int medkb_commit(medkb *kb) {
  char sql[48];
  int rc;
  if (kb->tx_depth == 0)
    return kb_error(kb, MEDKB_MISUSE, "commit without a transaction");
  if (kb->tx_depth == 1) {
    /* a bulk load not ended: never commit without its indexes */
    rc = kb_bulk_finish(kb);
    if (rc == MEDKB_OK && kb->before_commit) rc = kb->before_commit(kb);
    if (rc == MEDKB_OK) rc = tx_cached(kb, ST_COMMIT, sql_commit, "committing");
  } else {
    snprintf(sql, sizeof sql, "RELEASE medkb_%d", kb->tx_depth - 1);
    rc = tx_exec(kb, sql, "committing a nested transaction");
  }
  if (rc == MEDKB_OK) {
    kb->tx_depth--;
    if (kb->after_end) kb->after_end(kb, 1);
  }
  return rc;
}

int medkb_rollback(medkb *kb) {
  char sql[80];
  int rc;
  if (kb->tx_depth == 0)
    return kb_error(kb, MEDKB_MISUSE, "rollback without a transaction");
  kb->rollbacks++;  /* what was read of the file may be gone (match.c) */
  if (kb->tx_depth == 1) {
    rc = tx_cached(kb, ST_ROLLBACK, sql_rollback, "rolling back");
    /* a failed ROLLBACK still ends the transaction if SQLite says so */
    if (rc != MEDKB_OK && sqlite3_get_autocommit(kb->db)) rc = MEDKB_OK;
  } else {
    snprintf(sql, sizeof sql, "ROLLBACK TO medkb_%d; RELEASE medkb_%d",
             kb->tx_depth - 1, kb->tx_depth - 1);
    rc = tx_exec(kb, sql, "rolling back a nested transaction");
  }
  if (rc == MEDKB_OK) {
    kb->tx_depth--;
    if (kb->after_end) kb->after_end(kb, 0);
    if (kb->tx_depth == 0 && kb->bulk_sql) {
      /* the rollback brought back the indexes a bulk load dropped */
      sqlite3_free(kb->bulk_sql);
      kb->bulk_sql = NULL;
    }
  }
  return rc;
}

int medkb_tx_depth(const medkb *kb) {
  return kb->tx_depth;
}

/* The outermost read turns writes off on the connection (query_only), so
 * that nothing read inside it can change: outside a write transaction it
 * opens SQLite's read transaction and takes its snapshot at once (a
 * deferred BEGIN alone would take it at the first read); inside one, what
 * the transaction wrote is indexed for search first (the work its commit
 * would do), so that the read finds it without writing. */
int medkb_read_begin(medkb *kb) {
  if (kb->read_depth == 0) {
    int rc;
    if (kb->tx_depth > 0) {
      if (kb->before_commit && (rc = kb->before_commit(kb)) != MEDKB_OK) return rc;
      rc = tx_exec(kb, "PRAGMA query_only = 1", "beginning a read");
    } else {
      rc = tx_exec(kb,
                   "BEGIN DEFERRED; PRAGMA query_only = 1; SELECT 1 FROM sqlite_schema LIMIT 1",
                   "beginning a read");
    }
    if (rc != MEDKB_OK) {
      char msg[sizeof kb->errmsg];
      memcpy(msg, kb->errmsg, sizeof msg);
      sqlite3_exec(kb->db, "PRAGMA query_only = 0", NULL, NULL, NULL);
      if (kb->tx_depth == 0 && !sqlite3_get_autocommit(kb->db))
        sqlite3_exec(kb->db, "ROLLBACK", NULL, NULL, NULL);
      return kb_error(kb, rc, "%s", msg);
    }
    kb->read_owned = kb->tx_depth == 0;
  }
  kb->read_depth++;
  return MEDKB_OK;
}

int medkb_read_end(medkb *kb) {
  if (kb->read_depth == 0) return kb_error(kb, MEDKB_MISUSE, "read end without a read");
  if (--kb->read_depth > 0) return MEDKB_OK;
  if (kb->read_owned) {
    kb->read_owned = 0;
    return tx_exec(kb, "PRAGMA query_only = 0; COMMIT", "ending a read");
  }
  return tx_exec(kb, "PRAGMA query_only = 0", "ending a read");
}

int medkb_reading(const medkb *kb) {
  return kb->read_depth > 0;
}
