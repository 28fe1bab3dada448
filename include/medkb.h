/*
 * medkb.h -- the C API of the medkb knowledge base.
 *
 * A knowledge base is one SQLite file (or ":memory:") holding entities
 * (symptoms, causes, drugs, ... each with a kind, a name unique within its
 * kind, aliases and attributes), typed relations between them, and
 * documents (articles, questions, answers) with their parts, counts and
 * links.  A relation is a fact; the statements of it say who holds it: a
 * document that states it (with that document's rank and attributes, such
 * as its explanation text) or the user, who states facts with no document.
 * A relation lasts as long as someone states it.  Every function returns a
 * MEDKB_* code; results come back through
 * out-parameters and medkb_errmsg() says what failed.  Strings handed back
 * in result structs stay valid until the next call on the same handle (for
 * a cursor: until its next step or its close), as with sqlite3_column_text.
 * Nothing here prints, exits, or knows about Lua.
 */
#ifndef MEDKB_H
#define MEDKB_H

#include <stddef.h>
#include <stdint.h>

#define MEDKB_VERSION "0.1.0"

/* Result codes. */
enum {
  MEDKB_OK = 0,         /* success */
  MEDKB_DONE,           /* a cursor has no more rows */
  MEDKB_NOTFOUND,       /* the thing asked for does not exist */
  MEDKB_CONSTRAINT,     /* the change would break a uniqueness or reference rule */
  MEDKB_INVALID,        /* bad argument: empty name, unknown kind, ... */
  MEDKB_BUSY,           /* the database is locked by another connection */
  MEDKB_NOMEM,          /* out of memory */
  MEDKB_SCHEMA,         /* the file's schema is newer than this medkb, or broken */
  MEDKB_MISUSE,         /* wrong call order: commit without begin, ... */
  MEDKB_ERROR,          /* any other SQLite failure */
  MEDKB_READONLY,       /* a write to a knowledge base that cannot be written */
  MEDKB_IO              /* the file could not be read or written: disk full, I/O error,
                           damaged file */
};

/* Whether code is a failure of the storage (the file, the disk, another
 * process's lock) rather than of what was asked: MEDKB_BUSY, MEDKB_NOMEM,
 * MEDKB_READONLY, MEDKB_IO and MEDKB_ERROR.  The messages of these name
 * the database. */
int medkb_is_storage_error(int code);

typedef struct medkb medkb;
typedef struct medkb_cursor medkb_cursor;

/* Owners of attributes.  A relation's attributes (the explanation text a
 * page gives, ...) belong to each statement of it. */
typedef enum {
  MEDKB_OWNER_ENTITY = 1,
  MEDKB_OWNER_STATEMENT = 2,
  MEDKB_OWNER_DOCUMENT = 3
} medkb_owner;

/* An attribute value.  Text is UTF-8 and need not be NUL-terminated when
 * passed in (len counts bytes); text handed back is NUL-terminated. */
typedef enum {
  MEDKB_NULL = 0,
  MEDKB_INT,
  MEDKB_REAL,
  MEDKB_TEXT,
  MEDKB_BOOL
} medkb_type;

typedef struct medkb_value {
  medkb_type type;
  int64_t i;      /* MEDKB_INT, MEDKB_BOOL (0 or 1) */
  double d;       /* MEDKB_REAL */
  const char *s;  /* MEDKB_TEXT */
  size_t len;     /* MEDKB_TEXT: bytes in s */
} medkb_value;

typedef struct medkb_entity {
  int64_t id;
  const char *kind;
  const char *name;
} medkb_entity;

typedef enum { MEDKB_OUT = 0, MEDKB_IN = 1 } medkb_direction;

/* A relation as all its statements together: rank is the best (lowest)
 * rank any statement gives it, documents the number of documents that
 * state it. */
typedef struct medkb_relation {
  int64_t id;
  int64_t src;
  int64_t dst;
  const char *type;
  int64_t rank;
  int64_t documents;
} medkb_relation;

/* One statement of a relation: by document doc, or by the user (doc 0),
 * with its own rank. */
typedef struct medkb_statement {
  int64_t id;
  int64_t relation;
  int64_t doc;
  int64_t src;
  int64_t dst;
  const char *type;
  int64_t rank;
} medkb_statement;

/* A document.  On put, key (optional) makes the document addressable:
 * putting the same kind and key again updates the document in place. */
typedef struct medkb_document {
  int64_t id;
  const char *kind;      /* "article", "question" or "answer" */
  const char *key;       /* NULL or a unique key within the kind */
  const char *title;
  const char *body;
  const char *source;    /* where it came from: file, URL, ... */
  int64_t imported_at;   /* unix seconds; 0 on put means "now" */
} medkb_document;

/* A structured part of a document: summary, section, advice, disclaimer. */
typedef struct medkb_part {
  int64_t seq;
  const char *name;
  const char *title;     /* may be NULL */
  const char *text;
} medkb_part;

/* A link from a document to an entity or to another document. */
typedef struct medkb_link {
  int64_t doc;           /* the document the link starts from */
  int64_t target;        /* entity or document id */
  const char *type;      /* role: "about", "mentions", "doctor", "related", ... */
  int64_t rank;
} medkb_link;

/* {=== store: open, close, errors, transactions */

/* Opens or creates the knowledge base at path (":memory:" for a private
 * in-memory one), migrating its schema to the current version.  *out is
 * set even on failure, so that medkb_errmsg() can tell why; close it.
 * A handle belongs to one thread at a time (SQLite's own locks are off
 * for it); threads that share a file each open their own. */
int medkb_open(const char *path, medkb **out);

/* Flags of medkb_open_with. */
enum {
  MEDKB_OPEN_CREATE = 1,    /* create the file if it does not exist */
  MEDKB_OPEN_READONLY = 2   /* never write: no migration, no journal change */
};

/* medkb_open with flags: without MEDKB_OPEN_CREATE a missing file is
 * MEDKB_NOTFOUND ("no knowledge base at 'path'"); with MEDKB_OPEN_READONLY
 * a file in a place that cannot be written can still be read, and a file
 * whose schema is older than this medkb's is MEDKB_SCHEMA.  medkb_open is
 * medkb_open_with(path, MEDKB_OPEN_CREATE, out).  Without READONLY, a file
 * the process may not write is opened for reading only, as SQLite does:
 * writes then fail with MEDKB_READONLY. */
int medkb_open_with(const char *path, int flags, medkb **out);
/* The path the handle was opened with. */
const char *medkb_path(const medkb *kb);
/* Whether writes to the handle will fail (opened read-only, or a file the
 * process may not write). */
int medkb_readonly(medkb *kb);
void medkb_close(medkb *kb);
const char *medkb_errmsg(const medkb *kb);
int medkb_errcode(const medkb *kb);
const char *medkb_strcode(int code);
int medkb_schema_version(medkb *kb, int *version);
/* The schema version this build creates and migrates to. */
int medkb_schema_current(void);
/* The version the file had when opened, before migrating: 0 for a new
 * file, less than medkb_schema_current() for one that was migrated. */
int medkb_schema_found(const medkb *kb);

/* Transactions nest: the outermost begin opens a write transaction, inner
 * ones are savepoints.  Rollback undoes up to the matching begin. */
int medkb_begin(medkb *kb);
int medkb_commit(medkb *kb);
int medkb_rollback(medkb *kb);
int medkb_tx_depth(const medkb *kb);

/* A read: until medkb_read_end, everything read through the handle comes
 * from one snapshot of the knowledge base, as it was when medkb_read_begin
 * returned, whatever other connections commit meanwhile -- so that a page,
 * a search or an export made of many queries is never half from before a
 * writer's commit and half from after it.  Reads nest; one inside a write
 * transaction is that transaction's view, its writes included.  A read
 * writes nothing, inside a transaction too: every write inside it fails
 * (MEDKB_READONLY; medkb_begin: MEDKB_MISUSE), and the transaction writes
 * again once the read has ended.  medkb_reading says whether one is open. */
int medkb_read_begin(medkb *kb);
int medkb_read_end(medkb *kb);
int medkb_reading(const medkb *kb);

/* Bulk loading, for a write large against what the knowledge base holds
 * (an import into an empty one).  Inside a transaction, medkb_bulk_begin
 * drops the indexes no write looks rows up by (those not UNIQUE), so that
 * rows go in without updating them one by one, and medkb_bulk_end makes
 * them again, each in one sorted pass.  Both belong to the transaction: a
 * reader never sees the knowledge base without them, and a rollback
 * brings them back.  medkb_bulk_loading says whether one has begun and not
 * ended; medkb_file_size gives the bytes the knowledge base's file holds,
 * to weigh a write against. */
int medkb_bulk_begin(medkb *kb);
int medkb_bulk_end(medkb *kb);
int medkb_bulk_loading(const medkb *kb);
int medkb_file_size(medkb *kb, int64_t *bytes);

/* Cursors are returned by the *_iter functions and stepped with the
 * matching *_next function; close every cursor, even a finished one. */
void medkb_cursor_close(medkb_cursor *c);

/* {=== kinds */

/* Entity kinds are a closed list that scripts can extend. */
int medkb_kind_add(medkb *kb, const char *kind);
int medkb_kind_exists(medkb *kb, const char *kind);   /* MEDKB_OK or MEDKB_NOTFOUND */
int medkb_kind_iter(medkb *kb, medkb_cursor **out);
int medkb_kind_next(medkb_cursor *c, const char **kind, int64_t *count);

/* {=== entities */

/* An entity with what a listing shows of it. */
typedef struct medkb_entity_info {
  int64_t id;
  const char *kind;
  const char *name;
  const char *alias;     /* the alias the prefix matched, or NULL */
  int64_t aliases;       /* how many aliases it has */
  int64_t relations;     /* how many relations start or end at it */
} medkb_entity_info;

/* Finds the entity with this kind and name, creating it if absent. */
int medkb_entity_put(medkb *kb, const char *kind, const char *name, int64_t *id);
/* Looks up by name or by alias. */
int medkb_entity_get(medkb *kb, const char *kind, const char *name, medkb_entity *out);
int medkb_entity_by_id(medkb *kb, int64_t id, medkb_entity *out);
int medkb_entity_rename(medkb *kb, int64_t id, const char *name);
/* Deletes the entity with its aliases, attributes, relations and links. */
int medkb_entity_delete(medkb *kb, int64_t id);
int medkb_entity_count(medkb *kb, const char *kind, int64_t *count);
/* kind may be NULL for every kind; entities come in kind, then id order. */
int medkb_entity_iter(medkb *kb, const char *kind, medkb_cursor **out);
int medkb_entity_next(medkb_cursor *c, medkb_entity *out);
/* The entities of kind whose name or an alias starts with prefix ("" or
 * NULL for all), in name order, each once. */
int medkb_entity_list(medkb *kb, const char *kind, const char *prefix, medkb_cursor **out);
int medkb_entity_list_next(medkb_cursor *c, medkb_entity_info *out);

/* {=== aliases */

/* type is NULL, "standard" (the medical term) or "colloquial". */
int medkb_alias_add(medkb *kb, int64_t entity, const char *alias, const char *type);
int medkb_alias_remove(medkb *kb, const char *kind, const char *alias);
int medkb_alias_resolve(medkb *kb, const char *kind, const char *alias, medkb_entity *out);
int medkb_alias_iter(medkb *kb, int64_t entity, medkb_cursor **out);
int medkb_alias_next(medkb_cursor *c, const char **alias, const char **type);

/* {=== attributes (of entities, relations and documents) */

/* Sets key to value; a MEDKB_NULL value removes the key. */
int medkb_attr_set(medkb *kb, medkb_owner owner, int64_t id, const char *key,
                   const medkb_value *value);
int medkb_attr_get(medkb *kb, medkb_owner owner, int64_t id, const char *key,
                   medkb_value *out);
int medkb_attr_clear(medkb *kb, medkb_owner owner, int64_t id);
int medkb_attr_iter(medkb *kb, medkb_owner owner, int64_t id, medkb_cursor **out);
int medkb_attr_next(medkb_cursor *c, const char **key, medkb_value *out);

/* {=== relations and their statements */

/* States that src relates to dst with a type: document doc states it, or
 * the user when doc is 0.  rank NULL appends after what the same source
 * already states of that type from src.  The relation is made on its
 * first statement; stating it again from the same source updates that
 * statement's rank (when given) and keeps it.  Another source adds a
 * statement and never changes one of another source.  *relation and
 * *statement (either may be NULL) receive the ids. */
int medkb_statement_add(medkb *kb, int64_t doc, int64_t src, const char *type, int64_t dst,
                        const int64_t *rank, int64_t *relation, int64_t *statement);
/* Removes one statement; a relation no one states any more goes with its
 * last statement. */
int medkb_statement_delete(medkb *kb, int64_t id);
/* Removes every statement of document doc (0: every statement of the
 * user's), with the relations only they stated. */
int medkb_statement_clear(medkb *kb, int64_t doc);
/* The statements of one relation: the user's first, then by rank and
 * document. */
int medkb_statement_iter(medkb *kb, int64_t relation, medkb_cursor **out);
/* What document doc states (0: what the user states), in the order it was
 * stated; type NULL for every type. */
int medkb_statement_doc_iter(medkb *kb, int64_t doc, const char *type, medkb_cursor **out);
int medkb_statement_next(medkb_cursor *c, medkb_statement *out);

/* The user's statement: medkb_statement_add with doc 0, *id the
 * relation's id. */
int medkb_relation_add(medkb *kb, int64_t src, const char *type, int64_t dst,
                       const int64_t *rank, int64_t *id);
int medkb_relation_get(medkb *kb, int64_t id, medkb_relation *out);
/* Deletes the relation with every statement of it. */
int medkb_relation_delete(medkb *kb, int64_t id);
int medkb_relation_count(medkb *kb, int64_t *count);
/* Relations of one entity, outgoing or incoming, type NULL for all: by
 * type, then the relations most documents state first, then by best rank. */
int medkb_relation_iter(medkb *kb, int64_t entity, const char *type,
                        medkb_direction dir, medkb_cursor **out);
int medkb_relation_next(medkb_cursor *c, medkb_relation *out);

/* {=== documents */

/* The document kinds, NULL-terminated: "article", "question", "answer". */
const char *const *medkb_document_kinds(void);

/* *created (if not NULL) says whether a new document was made.  Putting a
 * keyed document again with the same title and body changes nothing, not
 * even its source or import time: the content is what it was. */
int medkb_document_put(medkb *kb, const medkb_document *doc, int64_t *id, int *created);
int medkb_document_get(medkb *kb, int64_t id, medkb_document *out);
int medkb_document_find(medkb *kb, const char *kind, const char *key, medkb_document *out);
int medkb_document_delete(medkb *kb, int64_t id);
int medkb_document_count(medkb *kb, const char *kind, int64_t *count);
int medkb_document_iter(medkb *kb, const char *kind, medkb_cursor **out);
/* The documents whose title is title exactly, in id order. */
int medkb_document_titled(medkb *kb, const char *title, medkb_cursor **out);
int medkb_document_next(medkb_cursor *c, medkb_document *out);

/* Parts replace each other by (document, seq). */
int medkb_part_set(medkb *kb, int64_t doc, const medkb_part *part);
int medkb_part_clear(medkb *kb, int64_t doc);
int medkb_part_iter(medkb *kb, int64_t doc, medkb_cursor **out);
int medkb_part_next(medkb_cursor *c, medkb_part *out);

/* Counts: views, replies, ... */
int medkb_count_set(medkb *kb, int64_t doc, const char *name, int64_t value);
int medkb_count_get(medkb *kb, int64_t doc, const char *name, int64_t *value);
int medkb_count_iter(medkb *kb, int64_t doc, medkb_cursor **out);
int medkb_count_next(medkb_cursor *c, const char **name, int64_t *value);

/* Links from a document to an entity (doc_entity) or to a document
 * (doc_document).  rank NULL appends.  Iterating with MEDKB_IN lists the
 * documents that link to target. */
int medkb_link_entity(medkb *kb, int64_t doc, const char *type, int64_t entity,
                      const int64_t *rank);
int medkb_link_document(medkb *kb, int64_t doc, const char *type, int64_t other,
                        const int64_t *rank);
int medkb_link_clear(medkb *kb, int64_t doc);
int medkb_link_entity_iter(medkb *kb, int64_t id, const char *type,
                           medkb_direction dir, medkb_cursor **out);
int medkb_link_document_iter(medkb *kb, int64_t id, const char *type,
                             medkb_direction dir, medkb_cursor **out);
int medkb_link_next(medkb_cursor *c, medkb_link *out);

/* {=== full-text search
 *
 * Two indexes, kept in step with every write by the schema's triggers:
 * doc_search (a document's title and body) and name_search (each entity's
 * name and each alias, with their pinyin).  match is an FTS5 query; its
 * strings are read by the medkb tokenizer (core/search.c).  colw and
 * phrasew are comma-separated weights for the columns and for the query's
 * phrases in order (missing ones weigh 1).  Documents come newest first,
 * at most limit of them, each with its score; ranking them is the
 * caller's.  A document hit's name is the document's kind; a name hit's
 * id is the entity's, and name the name or alias that matched. */
typedef struct medkb_hit {
  int64_t id;
  double score;
  const char *name;
} medkb_hit;

int medkb_search_documents(medkb *kb, const char *match, const char *kind, const char *colw,
                           const char *phrasew, int limit, medkb_cursor **out);
/* The same over titles alone (title_search: one column, title). */
int medkb_search_titles(medkb *kb, const char *match, const char *kind, const char *colw,
                        const char *phrasew, int limit, medkb_cursor **out);
int medkb_search_names(medkb *kb, const char *match, const char *kind, const char *colw,
                       const char *phrasew, int limit, medkb_cursor **out);
int medkb_search_next(medkb_cursor *c, medkb_hit *out);
/* A piece of document doc's text around what match finds in it, each
 * match between open and close, about tokens tokens long; valid until the
 * next call on kb.  MEDKB_NOTFOUND when doc does not match. */
int medkb_search_snippet(medkb *kb, const char *match, int64_t doc, const char *open,
                         const char *close, int tokens, const char **out);

/* {=== text utilities (no knowledge base needed) */

/* A streaming encoding converter over iconv: feed it chunks as they are
 * read; an incomplete multibyte sequence at the end of a chunk is kept
 * for the next one. */
typedef struct medkb_conv medkb_conv;

/* MEDKB_INVALID when iconv does not know one of the encodings. */
int medkb_conv_open(const char *from, const char *to, medkb_conv **out);
/* Converts len bytes of in.  With final set, the input ends here and an
 * incomplete sequence is an error.  On success *out (owned by the
 * converter, valid until the next call) holds *outlen converted bytes.
 * On bad input returns MEDKB_INVALID with *bad set to the offset of the
 * offending byte from the start of the whole stream. */
int medkb_conv_feed(medkb_conv *c, const char *in, size_t len, int final,
                    const char **out, size_t *outlen, uint64_t *bad);
void medkb_conv_close(medkb_conv *c);

/* Text folded for matching (core/fold.c, from ICU): NFKC case folding --
 * full-width to half-width, upper to lower case, compatibility forms to
 * plain ones -- and traditional Han characters to simplified, character
 * by character.  A folded character is up to MEDKB_FOLD_MAX code points
 * (ﬁ is f i) and has a class: Han, part of a word (letters and digits of
 * other scripts), or other (spaces, punctuation, symbols). */
#define MEDKB_FOLD_MAX 4
enum { MEDKB_CHAR_OTHER = 0, MEDKB_CHAR_HAN = 1, MEDKB_CHAR_WORD = 2 };

/* The folding of code point c in cp; returns how many code points (0 for
 * a character that folds to nothing, such as a soft hyphen). */
int medkb_fold_char(uint32_t c, uint32_t cp[MEDKB_FOLD_MAX], int *cls);
/* Reads the UTF-8 character at s[*pos] (len bytes in all; invalid bytes
 * read as U+FFFD, one at a time), advances *pos past it and folds it as
 * medkb_fold_char does, *n code points.  Returns where it started. */
size_t medkb_fold_next(const char *s, size_t len, size_t *pos, uint32_t cp[MEDKB_FOLD_MAX], int *n,
                       int *cls);
/* s folded, NUL-terminated, in memory the caller frees (NULL when out of
 * memory); *outlen its length. */
char *medkb_fold(const char *s, size_t len, size_t *outlen);
/* The pinyin of Han character c, lower-case ASCII without tones ("ji"),
 * or NULL: one reading, the one ICU's Han-Latin gives alone. */
const char *medkb_pinyin(uint32_t c);
/* Word boundaries in s by ICU's dictionary for Chinese: *count words, the
 * k-th from byte (*bounds)[2k] to (*bounds)[2k+1]; spaces and punctuation
 * are no words.  The caller frees *bounds. */
int medkb_words(const char *s, size_t len, size_t **bounds, size_t *count);
/* Writes code point c as UTF-8 to out (room for 4 bytes); returns the
 * number of bytes. */
size_t medkb_utf8_put(uint32_t c, char *out);

/* Names in text (core/match.c): an Aho-Corasick automaton over folded
 * strings, each with a value.  medkb_matcher_find gives the matches in
 * text, longest first and never overlapping, in the order they stand (a
 * span that several strings fold to is given once for each value);
 * a string that begins or ends with a letter or digit matches only as a
 * whole word.  Offsets are bytes of the text as given.  A matcher is
 * changed by one thread at a time; find builds it after additions. */
typedef struct medkb_matcher medkb_matcher;
typedef struct medkb_match {
  size_t start, end;  /* text[start, end) */
  int64_t value;
} medkb_match;
medkb_matcher *medkb_matcher_new(void);
void medkb_matcher_free(medkb_matcher *m);
/* MEDKB_INVALID for a string that folds to nothing, MEDKB_NOMEM */
int medkb_matcher_add(medkb_matcher *m, const char *s, size_t len, int64_t value);
size_t medkb_matcher_count(const medkb_matcher *m);
/* *out (the caller frees it) holds *n matches */
int medkb_matcher_find(medkb_matcher *m, const char *text, size_t len, medkb_match **out, size_t *n);
/* The entity names and aliases in text, each match's value an entity
 * id; the knowledge base's automaton is built on first use and again
 * after any change to the file. */
int medkb_match_names(medkb *kb, const char *text, size_t len, medkb_match **out, size_t *n);

/* 64-bit FNV-1a of len bytes: stable content keys for imported records.
 * medkb_hash64_more continues a hash with more bytes. */
uint64_t medkb_hash64(const void *data, size_t len);
uint64_t medkb_hash64_more(uint64_t h, const void *data, size_t len);

#endif
