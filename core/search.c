/*
 * search.c -- full-text search in SQLite's FTS5: the `medkb` tokenizer,
 * the `medkb_score` ranking function, the SQL functions that give a name's
 * pinyin, and the queries over the two search indexes the schema keeps in
 * step with documents (doc_search: title, body) and with entity names and
 * aliases (name_search: name, pinyin, letters).
 *
 * The tokenizer reads text through fold.c, so case, full-width forms and
 * traditional characters fold away on both sides.  Han text is indexed a
 * character a token; a query's run of Han characters is the phrase of its
 * characters, so 缺钙 and 肌肉跳动 match the exact run whatever a
 * dictionary makes of it, and 钙 the character.  (Pairs of characters as
 * tokens make common runs faster to find, but a vocabulary of pairs makes
 * indexing several times slower.)  Letters and digits make words.
 * Which phrases a query asks for, and how much each weighs, is the Lua
 * side's to say (medkb/search.lua); medkb_score adds up, per phrase and
 * column, a saturated term frequency times the weights it is given.
 * Depends on store.c and fold.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* {=== the tokenizer */

/* Longest token kept, in bytes: longer words are cut. */
#define MAX_TOKEN 128

typedef struct tokenizer {
  int unused;
} tokenizer;

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out) {
  tokenizer *t;
  (void)ctx, (void)argv;
  if (argc > 0) return SQLITE_ERROR;  /* the medkb tokenizer takes no options */
  t = sqlite3_malloc(sizeof *t);
  if (t == NULL) return SQLITE_NOMEM;
  t->unused = 0;
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t) {
  sqlite3_free(t);
}

typedef int (*token_fn)(void *, int, const char *, int, int, int);

/* Han text is one token per character, so that a one-character query
 * (钙) finds the character and a run of them (缺钙, 肌肉跳动), tokenized
 * the same way, is the phrase of its characters: the exact run, whatever
 * a dictionary makes of it.  Letters and digits make words.  Index and
 * query are tokenized alike. */
static int tok_tokenize(Fts5Tokenizer *tk, void *ctx, int flags, const char *text, int ntext,
                        token_fn emit) {
  char word[MAX_TOKEN + 4 * MEDKB_FOLD_MAX];
  int wlen = 0, wstart = 0, wend = 0;
  size_t pos = 0, len = (size_t)(ntext < 0 ? 0 : ntext);
  int rc = SQLITE_OK;
  (void)tk, (void)flags;
  while (pos < len && rc == SQLITE_OK) {
    uint32_t cp[MEDKB_FOLD_MAX];
    int n, cls;
    int start = (int)medkb_fold_next(text, len, &pos, cp, &n, &cls);
    int end = (int)pos;
    if (n == 0) continue;  /* folds to nothing: as if not there */
    if (cls == MEDKB_CHAR_WORD) {
      if (wlen == 0) wstart = start;
      wend = end;
      for (int k = 0; k < n && wlen <= MAX_TOKEN; k++) wlen += (int)medkb_utf8_put(cp[k], word + wlen);
      continue;
    }
    if (wlen > 0) {
      rc = emit(ctx, 0, word, wlen > MAX_TOKEN ? MAX_TOKEN : wlen, wstart, wend);
      wlen = 0;
    }
    if (rc == SQLITE_OK && cls == MEDKB_CHAR_HAN) {
      char han[4 * MEDKB_FOLD_MAX];
      int hlen = 0;
      for (int k = 0; k < n; k++) hlen += (int)medkb_utf8_put(cp[k], han + hlen);
      rc = emit(ctx, 0, han, hlen, start, end);
    }
  }
  if (rc == SQLITE_OK && wlen > 0) rc = emit(ctx, 0, word, wlen > MAX_TOKEN ? MAX_TOKEN : wlen, wstart, wend);
  return rc;
}

/* {=== ranking */

/* What medkb_score works out once per query: the weights it was given
 * and the average length of each column. */
struct score_data {
  int ncol, nphrase;
  double *colw, *phrasew, *avgdl;
};

static void score_data_free(void *p) {
  struct score_data *d = p;
  if (d == NULL) return;
  sqlite3_free(d->colw);
  sqlite3_free(d->phrasew);
  sqlite3_free(d->avgdl);
  sqlite3_free(d);
}

/* Reads up to n numbers separated by commas from s into w (missing ones
 * are dflt). */
static void parse_weights(const char *s, double *w, int n, double dflt) {
  for (int i = 0; i < n; i++) w[i] = dflt;
  for (int i = 0; s && *s && i < n; i++) {
    char *end;
    double v = strtod(s, &end);
    if (end == s) break;
    w[i] = v;
    s = end;
    while (*s == ',' || *s == ' ') s++;
  }
}

/* medkb_score(TABLE, 'COLUMN WEIGHTS', 'PHRASE WEIGHTS'): for each phrase
 * of the query and each column, weight x column weight x tf (k1 + 1) /
 * (tf + k1 (1 - b + b dl / avgdl)), summed; k1 = 1.2, b = 0.75.  No
 * inverse document frequency: counting a phrase's documents reads its
 * whole posting list, which is what a bounded search must not do; the
 * query's builder weighs phrases by how specific they are instead. */
static void score_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int argc,
                     sqlite3_value **argv) {
  struct score_data *d = api->xGetAuxdata(fts, 0);
  int ninst, rc;
  double score = 0, *tf;
  if (d == NULL) {
    sqlite3_int64 rows = 0;
    d = sqlite3_malloc(sizeof *d);
    if (d == NULL) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    d->ncol = api->xColumnCount(fts);
    d->nphrase = api->xPhraseCount(fts);
    d->colw = sqlite3_malloc64(sizeof(double) * (size_t)(d->ncol + 1));
    d->phrasew = sqlite3_malloc64(sizeof(double) * (size_t)(d->nphrase + 1));
    d->avgdl = sqlite3_malloc64(sizeof(double) * (size_t)(d->ncol + 1));
    if (d->colw == NULL || d->phrasew == NULL || d->avgdl == NULL) {
      score_data_free(d);
      sqlite3_result_error_nomem(ctx);
      return;
    }
    parse_weights(argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL, d->colw, d->ncol, 1.0);
    parse_weights(argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : NULL, d->phrasew, d->nphrase,
                  1.0);
    api->xRowCount(fts, &rows);
    for (int c = 0; c < d->ncol; c++) {
      sqlite3_int64 total = 0;
      api->xColumnTotalSize(fts, c, &total);
      d->avgdl[c] = rows > 0 ? (double)total / (double)rows : 1.0;
      if (d->avgdl[c] <= 0) d->avgdl[c] = 1.0;
    }
    rc = api->xSetAuxdata(fts, d, score_data_free);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
  }
  tf = sqlite3_malloc64(sizeof(double) * (size_t)(d->nphrase * d->ncol + 1));
  if (tf == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  memset(tf, 0, sizeof(double) * (size_t)(d->nphrase * d->ncol));
  rc = api->xInstCount(fts, &ninst);
  for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
    int phrase, col, off;
    rc = api->xInst(fts, i, &phrase, &col, &off);
    if (rc == SQLITE_OK && phrase < d->nphrase && col < d->ncol) tf[phrase * d->ncol + col] += 1;
  }
  for (int c = 0; rc == SQLITE_OK && c < d->ncol; c++) {
    int dl = 0;
    double norm;
    if (d->colw[c] == 0) continue;
    rc = api->xColumnSize(fts, c, &dl);
    norm = 1.2 * (1 - 0.75 + 0.75 * (double)dl / d->avgdl[c]);
    for (int p = 0; p < d->nphrase; p++) {
      double f = tf[p * d->ncol + c];
      if (f > 0) score += d->colw[c] * d->phrasew[p] * f * 2.2 / (f + norm);
    }
  }
  sqlite3_free(tf);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_double(ctx, score);
}

/* {=== pinyin as SQL */

/* The pinyin of a name, each Han character's reading as a word ("ji rou
 * tiao dong"; other letters and digits as they fold), or, with letters
 * set, two words: the readings run together and their first letters
 * ("jiroutiaodong jrtd").  NULL for a name with no Han character. */
static void pinyin_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  size_t len = (size_t)sqlite3_value_bytes(argv[0]), pos = 0;
  int letters = sqlite3_user_data(ctx) != NULL, han = 0;
  sqlite3_str *spaced, *joined, *initials;
  (void)argc;
  if (s == NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  spaced = sqlite3_str_new(NULL);
  joined = sqlite3_str_new(NULL);
  initials = sqlite3_str_new(NULL);
  while (pos < len) {
    uint32_t cp[MEDKB_FOLD_MAX];
    int n, cls;
    medkb_fold_next(s, len, &pos, cp, &n, &cls);
    for (int k = 0; k < n; k++) {
      const char *py = cls == MEDKB_CHAR_HAN ? medkb_pinyin(cp[k]) : NULL;
      if (py) {
        han = 1;
        if (sqlite3_str_length(spaced) > 0) sqlite3_str_appendchar(spaced, 1, ' ');
        sqlite3_str_appendall(spaced, py);
        sqlite3_str_appendall(joined, py);
        sqlite3_str_appendchar(initials, 1, py[0]);
      } else if (cls == MEDKB_CHAR_WORD && cp[k] < 0x80) {
        sqlite3_str_appendchar(spaced, 1, (char)cp[k]);
        sqlite3_str_appendchar(joined, 1, (char)cp[k]);
      }
    }
  }
  if (!han) {
    sqlite3_result_null(ctx);
  } else if (letters) {
    char *j = sqlite3_str_value(joined), *i = sqlite3_str_value(initials);
    char *both = sqlite3_mprintf("%s %s", j ? j : "", i ? i : "");
    if (both == NULL) sqlite3_result_error_nomem(ctx);
    else sqlite3_result_text(ctx, both, -1, sqlite3_free);
  } else {
    char *sp = sqlite3_str_value(spaced);
    sqlite3_result_text(ctx, sp ? sp : "", -1, SQLITE_TRANSIENT);
  }
  sqlite3_free(sqlite3_str_finish(spaced));
  sqlite3_free(sqlite3_str_finish(joined));
  sqlite3_free(sqlite3_str_finish(initials));
}

/* {=== indexing later */

/* Inside a medkb transaction, what is inserted is indexed when the
 * transaction commits (search_flush), all at once: FTS5 writes out what
 * it holds at every savepoint, and an import makes one per record.  Which
 * rows wait is told by a mark per table (1 documents, 2 entities, 3
 * aliases): the highest id the indexes held when the transaction began
 * or last flushed.  The triggers (schema.c) index a row at or below the
 * mark at once, as they do outside a transaction, and leave a row above
 * it to the flush.  Ids only grow, so a mark costs nothing per row; an id
 * SQLite hands out again after the highest row was deleted is at or
 * below the mark, and indexed at once.  The marks are kept per depth: a
 * rollback to a savepoint takes back what was indexed inside it, and the
 * marks of its start come back with it. */

#define NO_MARK INT64_MAX

/* medkb_search_mark(tab): the mark of table tab in the transaction now
 * (outside one, every row is indexed at once). */
static void mark_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  medkb *kb = sqlite3_user_data(ctx);
  int tab = sqlite3_value_int(argv[0]);
  (void)argc;
  if (kb->tx_depth <= 0 || kb->tx_depth >= kb->search_marks_cap || tab < 1 || tab > 3)
    sqlite3_result_int64(ctx, NO_MARK);
  else
    sqlite3_result_int64(ctx, kb->search_marks[kb->tx_depth][tab - 1]);
}

/* The highest ids there are now.  A file whose tables are not there yet
 * (it is being created) indexes everything at once. */
static void read_marks(medkb *kb, int64_t mark[3]) {
  sqlite3_stmt *st = kb->stmts[ST_SEARCH_MARKS];
  for (int i = 0; i < 3; i++) mark[i] = NO_MARK;
  if (st == NULL &&
      sqlite3_prepare_v3(kb->db, "SELECT (SELECT max(id) FROM document),"
                         " (SELECT max(id) FROM entity), (SELECT max(id) FROM alias)",
                         -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    return;
  kb->stmts[ST_SEARCH_MARKS] = st;
  if (sqlite3_step(st) == SQLITE_ROW)
    for (int i = 0; i < 3; i++) mark[i] = sqlite3_column_int64(st, i);
  sqlite3_reset(st);
}

static int search_begin(medkb *kb) {
  int d = kb->tx_depth;
  if (d >= kb->search_marks_cap) {
    int cap = kb->search_marks_cap < 8 ? 8 : kb->search_marks_cap * 2;
    int64_t (*marks)[3] = realloc(kb->search_marks, sizeof *marks * (size_t)cap);
    if (marks == NULL) return kb_error(kb, MEDKB_NOMEM, "out of memory");
    kb->search_marks = marks;
    kb->search_marks_cap = cap;
  }
  if (d == 1)
    read_marks(kb, kb->search_marks[1]);
  else
    memcpy(kb->search_marks[d], kb->search_marks[d - 1], sizeof kb->search_marks[d]);
  return MEDKB_OK;
}

/* A savepoint released keeps what was indexed inside it. */
static void search_end(medkb *kb, int committed) {
  int d = kb->tx_depth;
  if (committed && d > 0 && d + 1 < kb->search_marks_cap)
    memcpy(kb->search_marks[d], kb->search_marks[d + 1], sizeof kb->search_marks[d]);
}

/* Statement i indexes the rows of table MARK_OF[i] above its mark. */
static const char *const FLUSH_SQL[] = {
  "INSERT INTO doc_search(rowid, title, body, kind)"
  "  SELECT id, title, body, kind FROM document WHERE id > ?1 ORDER BY id",
  "INSERT INTO title_search(rowid, title, kind)"
  "  SELECT id, title, kind FROM document WHERE id > ?1 ORDER BY id",
  "INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "  SELECT id, name, medkb_pinyin(name), medkb_letters(name), kind, id"
  "  FROM entity WHERE id > ?1 ORDER BY id",
  "INSERT INTO name_search(rowid, name, pinyin, letters, kind, entity)"
  "  SELECT -id, alias, medkb_pinyin(alias), medkb_letters(alias), kind, entity_id"
  "  FROM alias WHERE id > ?1 ORDER BY id DESC",
};
static const int MARK_OF[] = {0, 0, 1, 2};

/* A flush of at least this many documents, and of at least half of all
 * documents, is a bulk load: the document indexes do not merge while it
 * writes (FTS5's automerge), and merge each into one segment after.
 * Merging as it goes rewrote what a 1,000,000-row import indexes several
 * times (19.7 s against 14.6 s for its documents); left unmerged, a
 * large import leaves a few dozen segments, and every query reads each
 * of them (at 1,000,000 documents, p50 7 ms before, 2 ms after; the
 * merge takes about 5 s there). */
#define MERGE_AFTER 10000

/* Sets FTS5's automerge of each document index to n. */
static int doc_indexes_automerge(medkb *kb, int64_t n) {
  char sql[200];
  snprintf(sql, sizeof sql,
           "INSERT INTO doc_search(doc_search, rank) VALUES ('automerge', %lld);"
           "INSERT INTO title_search(title_search, rank) VALUES ('automerge', %lld);",
           (long long)n, (long long)n);
  if (sqlite3_exec(kb->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "setting up the search index");
  return MEDKB_OK;
}

/* What the automerge of doc_search is set to (FTS5's default, 4, when
 * nothing is). */
static int doc_index_automerge(medkb *kb, int64_t *n) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_SEARCH_AUTOMERGE,
                                  "SELECT v FROM doc_search_config WHERE k = 'automerge'");
  int rc;
  if (st == NULL) return kb->errcode;
  rc = stmt_step_int(kb, ST_SEARCH_AUTOMERGE, st, n, "reading the search index's settings");
  if (rc == MEDKB_NOTFOUND) *n = 4;
  return rc == MEDKB_NOTFOUND ? MEDKB_OK : rc;
}

static const char *const MERGE_SQL =
  "INSERT INTO doc_search(doc_search) VALUES ('optimize');"
  "INSERT INTO title_search(title_search) VALUES ('optimize');";

int search_flush(medkb *kb) {
  int64_t *mark, count[3] = {0, 0, 0}, top[3] = {0, 0, 0}, total = 0, automerge = 4;
  int rc, bulk;
  sqlite3_stmt *st;
  if (kb->tx_depth <= 0 || kb->tx_depth >= kb->search_marks_cap) return MEDKB_OK;
  mark = kb->search_marks[kb->tx_depth];
  if (mark[0] == NO_MARK && mark[1] == NO_MARK && mark[2] == NO_MARK) return MEDKB_OK;
  st = stmt_acquire(kb, ST_SEARCH_PENDING,
    "SELECT (SELECT count(*) FROM document WHERE id > ?1), (SELECT max(id) FROM document),"
    "       (SELECT count(*) FROM entity WHERE id > ?2), (SELECT max(id) FROM entity),"
    "       (SELECT count(*) FROM alias WHERE id > ?3), (SELECT max(id) FROM alias)");
  if (st == NULL) return kb->errcode;
  for (int i = 0; i < 3; i++) sqlite3_bind_int64(st, i + 1, mark[i]);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    for (int i = 0; i < 3; i++) {
      count[i] = sqlite3_column_int64(st, 2 * i);
      top[i] = sqlite3_column_int64(st, 2 * i + 1);
    }
  stmt_release(kb, ST_SEARCH_PENDING, st);
  if (rc != SQLITE_ROW) return kb_sqlite_error(kb, "indexing for search");
  if (count[0] == 0 && count[1] == 0 && count[2] == 0) return MEDKB_OK;
  bulk = count[0] >= MERGE_AFTER;
  if (bulk) {
    st = stmt_acquire(kb, ST_SEARCH_TOTAL, "SELECT count(*) FROM document");
    if (st == NULL) return kb->errcode;
    if ((rc = stmt_step_int(kb, ST_SEARCH_TOTAL, st, &total, "indexing for search")) != MEDKB_OK)
      return rc;
    bulk = count[0] * 2 >= total;
  }
  if (bulk && ((rc = doc_index_automerge(kb, &automerge)) != MEDKB_OK ||
               (rc = doc_indexes_automerge(kb, 0)) != MEDKB_OK))
    return rc;
  for (int i = 0; i < (int)(sizeof FLUSH_SQL / sizeof FLUSH_SQL[0]); i++) {
    if (count[MARK_OF[i]] == 0) continue;
    st = stmt_acquire(kb, ST_SEARCH_FLUSH_DOCS + i, FLUSH_SQL[i]);
    if (st == NULL) return kb->errcode;
    sqlite3_bind_int64(st, 1, mark[MARK_OF[i]]);
    rc = stmt_step_done(kb, ST_SEARCH_FLUSH_DOCS + i, st, "indexing for search");
    if (rc != MEDKB_OK) return rc;
  }
  if (bulk) {
    if (sqlite3_exec(kb->db, MERGE_SQL, NULL, NULL, NULL) != SQLITE_OK)
      return kb_sqlite_error(kb, "merging the search index");
    if ((rc = doc_indexes_automerge(kb, automerge)) != MEDKB_OK) return rc;
  }
  for (int i = 0; i < 3; i++)
    if (count[i] > 0 && top[i] > mark[i]) mark[i] = top[i];
  return MEDKB_OK;
}

/* {=== registering on a connection */

static fts5_api *fts5_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

int search_register(medkb *kb) {
  fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
  fts5_api *api = fts5_of(kb->db);
  static int letters = 1;
  kb->before_commit = search_flush;
  kb->after_begin = search_begin;
  kb->after_end = search_end;
  if (api == NULL || api->iVersion < 2)
    return kb_error(kb, MEDKB_ERROR, "this SQLite has no FTS5, which medkb's search needs");
  if (api->xCreateTokenizer(api, "medkb", NULL, &tok, NULL) != SQLITE_OK ||
      api->xCreateFunction(api, "medkb_score", NULL, score_fn, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "registering the search tokenizer");
  if (sqlite3_create_function(kb->db, "medkb_pinyin", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, pinyin_fn,
                              NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(kb->db, "medkb_search_mark", 1, SQLITE_UTF8, kb, mark_fn,
                              NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function(kb->db, "medkb_letters", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, &letters,
                              pinyin_fn, NULL, NULL) != SQLITE_OK)
    return kb_sqlite_error(kb, "registering medkb_pinyin");
  return MEDKB_OK;
}

/* {=== searching */

static const char *const DOC_SQL =
  "SELECT rowid, medkb_score(doc_search, ?2, ?3), kind FROM doc_search"
  " WHERE doc_search MATCH ?1 ORDER BY rowid DESC LIMIT ?4";
static const char *const DOC_KIND_SQL =
  "SELECT rowid, medkb_score(doc_search, ?2, ?3), kind FROM doc_search"
  " WHERE doc_search MATCH ?1 AND kind = ?5 ORDER BY rowid DESC LIMIT ?4";
static const char *const TITLE_SQL =
  "SELECT rowid, medkb_score(title_search, ?2, ?3), kind FROM title_search"
  " WHERE title_search MATCH ?1 ORDER BY rowid DESC LIMIT ?4";
static const char *const TITLE_KIND_SQL =
  "SELECT rowid, medkb_score(title_search, ?2, ?3), kind FROM title_search"
  " WHERE title_search MATCH ?1 AND kind = ?5 ORDER BY rowid DESC LIMIT ?4";
static const char *const NAME_SQL =
  "SELECT entity, medkb_score(name_search, ?2, ?3), name FROM name_search"
  " WHERE name_search MATCH ?1 LIMIT ?4";
static const char *const NAME_KIND_SQL =
  "SELECT entity, medkb_score(name_search, ?2, ?3), name FROM name_search"
  " WHERE name_search MATCH ?1 AND kind = ?5 LIMIT ?4";

static int search_open(medkb *kb, int slot, const char *sql, const char *match, const char *kind,
                       const char *colw, const char *phrasew, int limit, medkb_cursor **out) {
  sqlite3_stmt *st;
  int rc;
  *out = NULL;
  if (match == NULL || match[0] == '\0') return kb_error(kb, MEDKB_INVALID, "empty search");
  /* what this transaction wrote is found too */
  if (kb->tx_depth > 0 && (rc = search_flush(kb)) != MEDKB_OK) return rc;
  rc = cursor_open(kb, slot, sql, CUR_HIT, out, &st);
  if (rc != MEDKB_OK) return rc;
  sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, colw ? colw : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, phrasew ? phrasew : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 4, limit > 0 ? limit : 100);
  if (kind) sqlite3_bind_text(st, 5, kind, -1, SQLITE_TRANSIENT);
  return MEDKB_OK;
}

int medkb_search_documents(medkb *kb, const char *match, const char *kind, const char *colw,
                           const char *phrasew, int limit, medkb_cursor **out) {
  return kind ? search_open(kb, ST_SEARCH_DOC_KIND, DOC_KIND_SQL, match, kind, colw, phrasew, limit, out)
              : search_open(kb, ST_SEARCH_DOC, DOC_SQL, match, NULL, colw, phrasew, limit, out);
}

int medkb_search_titles(medkb *kb, const char *match, const char *kind, const char *colw,
                        const char *phrasew, int limit, medkb_cursor **out) {
  return kind ? search_open(kb, ST_SEARCH_TITLE_KIND, TITLE_KIND_SQL, match, kind, colw, phrasew, limit,
                            out)
              : search_open(kb, ST_SEARCH_TITLE, TITLE_SQL, match, NULL, colw, phrasew, limit, out);
}

int medkb_search_names(medkb *kb, const char *match, const char *kind, const char *colw,
                       const char *phrasew, int limit, medkb_cursor **out) {
  return kind ? search_open(kb, ST_SEARCH_NAME_KIND, NAME_KIND_SQL, match, kind, colw, phrasew, limit,
                            out)
              : search_open(kb, ST_SEARCH_NAME, NAME_SQL, match, NULL, colw, phrasew, limit, out);
}

int medkb_search_next(medkb_cursor *c, medkb_hit *out) {
  int rc = cursor_step(c, CUR_HIT);
  if (rc != MEDKB_OK) return rc;
  out->id = sqlite3_column_int64(c->st, 0);
  out->score = sqlite3_column_double(c->st, 1);
  out->name = sqlite3_column_count(c->st) > 2 ? (const char *)sqlite3_column_text(c->st, 2) : NULL;
  return MEDKB_OK;
}

int medkb_search_snippet(medkb *kb, const char *match, int64_t doc, const char *open,
                         const char *close, int tokens, const char **out) {
  sqlite3_stmt *st = stmt_acquire(kb, ST_SEARCH_SNIPPET,
    "SELECT snippet(doc_search, -1, ?3, ?4, '…', ?5) FROM doc_search"
    " WHERE doc_search MATCH ?1 AND rowid = ?2");
  int rc;
  *out = NULL;
  if (st == NULL) return kb_sqlite_error(kb, "preparing a snippet");
  if (kb->tx_depth > 0 && (rc = search_flush(kb)) != MEDKB_OK) {
    stmt_release(kb, ST_SEARCH_SNIPPET, st);
    return rc;
  }
  sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, doc);
  sqlite3_bind_text(st, 3, open, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, close, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 5, tokens > 0 && tokens <= 64 ? tokens : 24);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = scratch_copy(kb, 0, sqlite3_column_text(st, 0), sqlite3_column_bytes(st, 0));
    rc = *out ? MEDKB_OK : kb_error(kb, MEDKB_NOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    rc = kb_error(kb, MEDKB_NOTFOUND, "document %lld does not match", (long long)doc);
  } else {
    rc = kb_sqlite_error(kb, "making a snippet");
  }
  stmt_release(kb, ST_SEARCH_SNIPPET, st);
  return rc;
}
