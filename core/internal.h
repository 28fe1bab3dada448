/*
 * internal.h -- what the data-layer files (store, schema, entity, attr,
 * relation, document) share and nothing outside them sees: the handle
 * struct, the statement cache and the error helpers.  Depends on SQLite.
 */
#ifndef MEDKB_INTERNAL_H
#define MEDKB_INTERNAL_H

#include <sqlite3.h>

#include "medkb.h"

/* One slot per SQL statement.  The SQL text itself lives next to the code
 * that runs it; the slot is where its prepared form is cached. */
enum stmt_slot {
  ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
  ST_KIND_ADD, ST_KIND_EXISTS, ST_KIND_ITER,
  ST_ENTITY_FIND, ST_ENTITY_INSERT, ST_ENTITY_GET, ST_ENTITY_BY_ID,
  ST_ENTITY_RENAME, ST_ENTITY_DELETE, ST_ENTITY_COUNT, ST_ENTITY_COUNT_ALL,
  ST_ENTITY_ITER, ST_ENTITY_ITER_ALL, ST_ENTITY_LIST,
  ST_ALIAS_FIND, ST_ALIAS_ADD, ST_ALIAS_REMOVE, ST_ALIAS_ITER,
  ST_ATTR_SET, ST_ATTR_DEL, ST_ATTR_GET, ST_ATTR_CLEAR, ST_ATTR_ITER,
  ST_REL_FIND, ST_REL_INSERT, ST_REL_GET, ST_REL_DELETE, ST_REL_COUNT,
  ST_REL_OUT, ST_REL_OUT_TYPE, ST_REL_IN, ST_REL_IN_TYPE,
  ST_STMT_FIND, ST_STMT_INSERT, ST_STMT_UPDATE, ST_STMT_NEXTRANK, ST_STMT_DELETE,
  ST_STMT_CLEAR, ST_STMT_OF_REL, ST_STMT_OF_DOC, ST_STMT_OF_DOC_TYPE,
  ST_DOC_FIND, ST_DOC_INSERT, ST_DOC_UPDATE, ST_DOC_GET, ST_DOC_DELETE,
  ST_DOC_COUNT, ST_DOC_COUNT_ALL, ST_DOC_ITER, ST_DOC_ITER_ALL, ST_DOC_TITLED,
  ST_PART_SET, ST_PART_CLEAR, ST_PART_ITER,
  ST_COUNT_SET, ST_COUNT_GET, ST_COUNT_ITER,
  ST_LINKE_ADD, ST_LINKD_ADD,
  ST_LINKE_CLEAR, ST_LINKD_CLEAR,
  /* link cursors: (out, out_type, in, in_type), in this order */
  ST_LINKE_OUT, ST_LINKE_OUT_TYPE, ST_LINKE_IN, ST_LINKE_IN_TYPE,
  ST_LINKD_OUT, ST_LINKD_OUT_TYPE, ST_LINKD_IN, ST_LINKD_IN_TYPE,
  ST_SEARCH_DOC, ST_SEARCH_DOC_KIND, ST_SEARCH_NAME, ST_SEARCH_NAME_KIND, ST_SEARCH_SNIPPET,
  ST_SEARCH_PENDING, ST_SEARCH_FLUSH_DOCS, ST_SEARCH_FLUSH_TITLES, ST_SEARCH_FLUSH_ENTITIES,
  ST_SEARCH_FLUSH_ALIASES, ST_SEARCH_MARKS, ST_SEARCH_TOTAL, ST_SEARCH_AUTOMERGE,
  ST_SEARCH_TITLE, ST_SEARCH_TITLE_KIND,
  ST_DATA_VERSION, ST_MATCH_NAMES, ST_FILE_SIZE,
  ST__COUNT
};

/* Strings handed back to callers are copied here, so that statements can
 * be reset (releasing read locks) before the caller looks at them. */
#define SCRATCH_SLOTS 8

struct medkb {
  sqlite3 *db;
  sqlite3_stmt *stmts[ST__COUNT];
  unsigned char leased[ST__COUNT];  /* cached statement is held by a cursor */
  char *path;                       /* as opened, for messages */
  int tx_depth;
  /* medkb_read_begin: how deep, and whether the outermost one opened
   * SQLite's read transaction (not one inside a write transaction) */
  int read_depth;
  int read_owned;
  int found_version;                /* schema version the file had on open */
  int errcode;
  char errmsg[512];
  struct { char *p; size_t cap; } scratch[SCRATCH_SLOTS];
  /* run before the outermost commit (search.c indexes what the
   * transaction wrote); a failure leaves the transaction open */
  int (*before_commit)(medkb *kb);
  /* run after each begin, and after each commit or rollback with the
   * depth it leaves (search.c keeps its marks per depth) */
  int (*after_begin)(medkb *kb);
  void (*after_end)(medkb *kb, int committed);
  /* search.c: per transaction depth, the highest id of the documents,
   * entities and aliases whose rows the search indexes hold; rows
   * written above it are indexed when the transaction commits */
  int64_t (*search_marks)[3];
  int search_marks_cap;
  int64_t rollbacks;                /* how many, ever */
  /* match.c: the automaton of names and aliases, and the data_version,
   * total changes and rollbacks it was built at */
  medkb_matcher *names;
  int64_t names_stamp[3];
  /* bulk.c: while bulk loading, the SQL that makes the dropped indexes
   * again (sqlite3_malloc'd) */
  char *bulk_sql;
};

/* What kind of rows a cursor yields, checked by the *_next functions. */
enum cursor_type {
  CUR_KIND, CUR_ENTITY, CUR_ENTITY_INFO, CUR_ALIAS, CUR_ATTR, CUR_RELATION,
  CUR_STATEMENT, CUR_DOCUMENT, CUR_PART, CUR_COUNT, CUR_LINK, CUR_HIT
};

struct medkb_cursor {
  medkb *kb;
  sqlite3_stmt *st;
  int slot;
  enum cursor_type type;
};

/* The hash by which a document is found by its key (text.c's FNV-1a). */
static inline int64_t key_hash(const char *key, size_t len) {
  return (int64_t)medkb_hash64(key, len);
}

/* store.c */
int kb_error(medkb *kb, int code, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
int kb_sqlite_error(medkb *kb, const char *what);
int kb_bulk_finish(medkb *kb);  /* makes the indexes a bulk load dropped again */
void kb_clear_error(medkb *kb);
sqlite3_stmt *stmt_acquire(medkb *kb, int slot, const char *sql);
void stmt_release(medkb *kb, int slot, sqlite3_stmt *st);
int stmt_step_done(medkb *kb, int slot, sqlite3_stmt *st, const char *what);
int stmt_step_int(medkb *kb, int slot, sqlite3_stmt *st, int64_t *out, const char *what);
int cursor_open(medkb *kb, int slot, const char *sql, enum cursor_type type,
                medkb_cursor **out, sqlite3_stmt **st);
int cursor_step(medkb_cursor *c, enum cursor_type type);
const char *scratch_copy(medkb *kb, int slot, const unsigned char *s, int len);
int check_name(medkb *kb, const char *what, const char *s);

/* search.c: the tokenizer, ranking and SQL functions the search indexes
 * need, on kb's connection (before any migration runs) */
int search_register(medkb *kb);
/* indexes what the transaction wrote and listed in search_pending; run
 * before the outermost commit and before a search inside a transaction */
int search_flush(medkb *kb);


#endif
