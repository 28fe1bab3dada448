/*
 * fold.c -- text folded for matching, from ICU: each character in NFKC
 * case-folded form (full-width to half-width, upper to lower case,
 * compatibility forms to their plain ones) and, for Han characters, in its
 * simplified form (ICU's Traditional-Simplified transform, one character
 * at a time), with its class (Han, part of a word, or neither); the pinyin
 * of a Han character (ICU's Han-Latin); and word boundaries in Chinese
 * text (ICU's dictionary break iterator).  The search tokenizer and the
 * entity matcher read text through here, so that 肌肉跳動, 肌肉跳动 and
 * ＡＢＣ match what they mean.  Each character's folding is worked out
 * once per process, when first met.  Depends on ICU (libicu).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "medkb.h"

/* {=== UTF-8 */

/* The code point of the UTF-8 sequence at s[*pos] (len bytes in all),
 * advancing *pos past it; an invalid or cut sequence reads as U+FFFD and
 * advances one byte. */
static uint32_t decode(const unsigned char *s, size_t len, size_t *pos) {
  size_t i = *pos;
  uint32_t c = s[i], min;
  int n;
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  if (c >= 0xC2 && c <= 0xDF) n = 1, c &= 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) n = 2, c &= 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) n = 3, c &= 0x07, min = 0x10000;
  else goto bad;
  if (len - i <= (size_t)n) goto bad;
  for (int k = 1; k <= n; k++) {
    if ((s[i + k] & 0xC0) != 0x80) goto bad;
    c = (c << 6) | (s[i + k] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) goto bad;
  *pos = i + 1 + n;
  return c;
bad:
  *pos = i + 1;
  return 0xFFFD;
}

size_t medkb_utf8_put(uint32_t c, char *out) {
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* {=== folding one character */

/* A BMP character's folding, once worked out: bits 0-20 the folded code
 * point, bits 24-25 its class, bit 30 set when it folds to more than one
 * code point (then bits 0-20 index `multi`), bit 31 set once known. */
#define KNOWN 0x80000000u
#define MULTI 0x40000000u
#define CLASS_SHIFT 24

static _Atomic uint32_t bmp[0x10000];

/* Foldings to several code points (ﬁ -> f i, ① -> 1, ㎏ -> k g). */
struct multi {
  uint8_t n;
  uint8_t cls;
  uint32_t cp[MEDKB_FOLD_MAX];
};
static struct multi *multi;
static size_t nmulti, capmulti;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *to_simplified;   /* opened on first need, under lock */
static USet *traditional;                /* the characters it may change */
static int to_simplified_failed;

static int class_of(uint32_t c) {
  UErrorCode st = U_ZERO_ERROR;
  if (u_hasBinaryProperty((UChar32)c, UCHAR_IDEOGRAPHIC) || uscript_getScript((UChar32)c, &st) == USCRIPT_HAN)
    return MEDKB_CHAR_HAN;
  if (u_isalnum((UChar32)c)) return MEDKB_CHAR_WORD;
  return MEDKB_CHAR_OTHER;
}

/* The Traditional-Simplified transform of Han character c (c itself when
 * ICU has no other form, or cannot be had).  Called under lock. */
static uint32_t simplified(uint32_t c) {
  UErrorCode st = U_ZERO_ERROR;
  UChar buf[8];
  int32_t n = 0, limit;
  if (to_simplified == NULL && !to_simplified_failed) {
    to_simplified = utrans_openU(u"Traditional-Simplified", -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_SUCCESS(st)) {
      traditional = uset_openEmpty();
      utrans_getSourceSet(to_simplified, 0, traditional, &st);
    }
    if (U_FAILURE(st)) {
      to_simplified_failed = 1;
      if (to_simplified) utrans_close(to_simplified);
      if (traditional) uset_close(traditional);
      to_simplified = NULL, traditional = NULL;
    }
    st = U_ZERO_ERROR;
  }
  /* most characters are no traditional form: asking the transform about
   * each costs more than all the rest of folding */
  if (to_simplified == NULL || !uset_contains(traditional, (UChar32)c)) return c;
  U16_APPEND_UNSAFE(buf, n, c);
  limit = n;
  utrans_transUChars(to_simplified, buf, &n, 8, 0, &limit, &st);
  if (U_FAILURE(st)) return c;
  {
    int32_t i = 0;
    UChar32 out;
    U16_NEXT(buf, i, n, out);
    if (i == n) return (uint32_t)out;  /* one character for one */
  }
  return c;
}

/* Works out the folding of c: NFKC case folding, then simplified Han.
 * Puts up to MEDKB_FOLD_MAX code points in cp and returns how many (0: the
 * character folds to nothing, as soft hyphens and joiners do); *cls gets
 * the class of the first.  Called under lock. */
static int work_out(uint32_t c, uint32_t cp[MEDKB_FOLD_MAX], int *cls) {
  UErrorCode st = U_ZERO_ERROR;
  const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
  UChar in[2], out[16];
  int32_t nin = 0, nout, i = 0;
  int n = 0;
  *cls = MEDKB_CHAR_OTHER;
  if (U_FAILURE(st)) {
    cp[0] = c;
    *cls = class_of(c);
    return 1;
  }
  U16_APPEND_UNSAFE(in, nin, c);
  nout = unorm2_normalize(nf, in, nin, out, 16, &st);
  if (U_FAILURE(st)) nout = nin, memcpy(out, in, sizeof in);
  while (i < nout && n < MEDKB_FOLD_MAX) {
    UChar32 x;
    U16_NEXT(out, i, nout, x);
    cp[n++] = (uint32_t)x;
  }
  for (int k = 0; k < n; k++) {
    int kc = class_of(cp[k]);
    if (kc == MEDKB_CHAR_HAN) cp[k] = simplified(cp[k]);
    if (k == 0) *cls = kc;
  }
  return n;
}

int medkb_fold_char(uint32_t c, uint32_t cp[MEDKB_FOLD_MAX], int *cls) {
  uint32_t v;
  int n;
  /* ASCII needs no ICU */
  if (c < 0x80) {
    cp[0] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
    *cls = ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') ? MEDKB_CHAR_WORD
                                                                          : MEDKB_CHAR_OTHER;
    return 1;
  }
  if (c >= 0x10000) {
    pthread_mutex_lock(&lock);
    n = work_out(c, cp, cls);
    pthread_mutex_unlock(&lock);
    return n;
  }
  v = atomic_load_explicit(&bmp[c], memory_order_acquire);
  if (!(v & KNOWN)) {
    uint32_t out[MEDKB_FOLD_MAX];
    int k;
    pthread_mutex_lock(&lock);
    v = atomic_load_explicit(&bmp[c], memory_order_relaxed);
    if (!(v & KNOWN)) {
      n = work_out(c, out, &k);
      if (n == 1) {
        v = KNOWN | ((uint32_t)k << CLASS_SHIFT) | out[0];
      } else {
        if (nmulti == capmulti) {
          size_t cap = capmulti ? capmulti * 2 : 64;
          struct multi *p = realloc(multi, cap * sizeof *p);
          if (p == NULL) {
            pthread_mutex_unlock(&lock);
            cp[0] = c;
            *cls = class_of(c);
            return 1;
          }
          multi = p, capmulti = cap;
        }
        multi[nmulti].n = (uint8_t)n;
        multi[nmulti].cls = (uint8_t)k;
        memcpy(multi[nmulti].cp, out, sizeof out);
        v = KNOWN | MULTI | (uint32_t)nmulti++;
      }
      atomic_store_explicit(&bmp[c], v, memory_order_release);
    }
    pthread_mutex_unlock(&lock);
  }
  if (v & MULTI) {
    const struct multi *m;
    pthread_mutex_lock(&lock);  /* multi may be moved by realloc */
    m = &multi[v & 0xFFFFFFu];
    n = m->n;
    *cls = m->cls;
    memcpy(cp, m->cp, sizeof m->cp);
    pthread_mutex_unlock(&lock);
    return n;
  }
  cp[0] = v & 0x1FFFFFu;
  *cls = (int)((v >> CLASS_SHIFT) & 3u);
  return 1;
}

size_t medkb_fold_next(const char *s, size_t len, size_t *pos, uint32_t cp[MEDKB_FOLD_MAX], int *n,
                       int *cls) {
  size_t start = *pos;
  uint32_t c = decode((const unsigned char *)s, len, pos);
  *n = medkb_fold_char(c, cp, cls);
  return start;
}

char *medkb_fold(const char *s, size_t len, size_t *outlen) {
  size_t cap = len * 2 + 16, used = 0, pos = 0;
  char *out = malloc(cap);
  if (out == NULL) return NULL;
  while (pos < len) {
    uint32_t cp[MEDKB_FOLD_MAX];
    int n, cls;
    medkb_fold_next(s, len, &pos, cp, &n, &cls);
    if (used + 4 * MEDKB_FOLD_MAX + 1 > cap) {
      char *p;
      cap *= 2;
      p = realloc(out, cap);
      if (p == NULL) {
        free(out);
        return NULL;
      }
      out = p;
    }
    for (int k = 0; k < n; k++) used += medkb_utf8_put(cp[k], out + used);
  }
  out[used] = '\0';
  if (outlen) *outlen = used;
  return out;
}

/* {=== pinyin */

static const char *pinyin_of[0x10000];  /* under plock; "" for none */
static pthread_mutex_t plock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *to_latin;
static int to_latin_failed;

const char *medkb_pinyin(uint32_t c) {
  const char *p;
  if (c >= 0x10000) return NULL;
  pthread_mutex_lock(&plock);
  p = pinyin_of[c];
  if (p == NULL) {
    UErrorCode st = U_ZERO_ERROR;
    UChar buf[32];
    int32_t n = 0, limit;
    char ascii[32];
    size_t k = 0;
    if (to_latin == NULL && !to_latin_failed) {
      to_latin = utrans_openU(u"Han-Latin; Latin-ASCII; Lower", -1, UTRANS_FORWARD, NULL, 0, NULL,
                              &st);
      if (U_FAILURE(st)) to_latin_failed = 1, to_latin = NULL;
      st = U_ZERO_ERROR;
    }
    p = "";
    if (to_latin != NULL && class_of(c) == MEDKB_CHAR_HAN) {
      U16_APPEND_UNSAFE(buf, n, c);
      limit = n;
      utrans_transUChars(to_latin, buf, &n, 32, 0, &limit, &st);
      if (U_SUCCESS(st)) {
        for (int32_t i = 0; i < n && k + 1 < sizeof ascii; i++) {
          if (buf[i] >= 'a' && buf[i] <= 'z') ascii[k++] = (char)buf[i];
          else break;  /* a reading is letters only; anything else: none */
        }
        ascii[k] = '\0';
        if (k > 0 && (n == (int32_t)k)) {
          char *copy = strdup(ascii);
          if (copy) p = copy;
        }
      }
    }
    pinyin_of[c] = p;
  }
  pthread_mutex_unlock(&plock);
  return *p ? p : NULL;
}

/* {=== word boundaries */

static UBreakIterator *words;
static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;

int medkb_words(const char *s, size_t len, size_t **bounds, size_t *count) {
  UErrorCode st = U_ZERO_ERROR;
  UChar *u;
  int32_t n = 0, from, to;
  size_t *offsets, *out, nout = 0;  /* offsets: UTF-16 index -> byte offset in s */
  int rc = MEDKB_OK;
  *bounds = NULL;
  *count = 0;
  if (len > INT32_MAX / 2) return MEDKB_INVALID;
  u = malloc((len + 1) * sizeof *u);
  offsets = malloc((len + 2) * sizeof *offsets);
  out = malloc((2 * len + 2) * sizeof *out);
  if (u == NULL || offsets == NULL || out == NULL) {
    free(u);
    free(offsets);
    free(out);
    return MEDKB_NOMEM;
  }
  /* decoded here, so that every UTF-16 unit knows its byte offset */
  for (size_t pos = 0; pos < len;) {
    size_t at = pos;
    uint32_t c = decode((const unsigned char *)s, len, &pos);
    if (c >= 0x10000) {
      offsets[n] = at;
      u[n++] = (UChar)(0xD7C0 + (c >> 10));
      offsets[n] = at;
      u[n++] = (UChar)(0xDC00 | (c & 0x3FF));
    } else {
      offsets[n] = at;
      u[n++] = (UChar)c;
    }
  }
  offsets[n] = len;
  pthread_mutex_lock(&wlock);
  if (words == NULL) words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
  if (U_SUCCESS(st)) ubrk_setText(words, u, n, &st);
  if (U_FAILURE(st)) {
    rc = MEDKB_ERROR;
  } else {
    from = ubrk_first(words);
    while ((to = ubrk_next(words)) != UBRK_DONE) {
      /* a word: letters, numbers or ideographs, not spaces or punctuation */
      if (ubrk_getRuleStatus(words) != UBRK_WORD_NONE) {
        out[nout++] = offsets[from];
        out[nout++] = offsets[to];
      }
      from = to;
    }
    ubrk_setText(words, NULL, 0, &st);  /* let go of u */
  }
  pthread_mutex_unlock(&wlock);
  free(u);
  free(offsets);
  if (rc != MEDKB_OK) {
    free(out);
    return rc;
  }
  *bounds = out;
  *count = nout / 2;
  return MEDKB_OK;
}
