/*
 * text.c -- text utilities the importers need from C: streaming encoding
 * conversion through iconv (GB18030 and friends to UTF-8, and UTF-8
 * validation as UTF-8 to UTF-8) that reports where bad input starts, and a
 * 64-bit content hash for stable record keys.  Depends on iconv (glibc).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "medkb.h"

struct medkb_conv {
  iconv_t cd;
  uint64_t consumed;     /* input bytes converted so far, for offsets */
  char pending[16];      /* an incomplete sequence left by the last chunk */
  size_t npending;
  char *buf;
  size_t cap;
};

int medkb_conv_open(const char *from, const char *to, medkb_conv **out) {
  medkb_conv *c;
  *out = NULL;
  c = calloc(1, sizeof *c);
  if (c == NULL) return MEDKB_NOMEM;
  c->cd = iconv_open(to, from);
  if (c->cd == (iconv_t)-1) {
    free(c);
    return MEDKB_INVALID;
  }
  *out = c;
  return MEDKB_OK;
}

void medkb_conv_close(medkb_conv *c) {
  if (c == NULL) return;
  iconv_close(c->cd);
  free(c->buf);
  free(c);
}

/* Makes room for at least need more output bytes after used. */
static int grow(medkb_conv *c, size_t used, size_t need) {
  size_t cap = c->cap ? c->cap : 4096;
  char *p;
  while (cap - used < need) cap *= 2;
  if (cap == c->cap) return MEDKB_OK;
  p = realloc(c->buf, cap);
  if (p == NULL) return MEDKB_NOMEM;
  c->buf = p;
  c->cap = cap;
  return MEDKB_OK;
}

/* Converts *in (n bytes) into c->buf from *used on; stops at an invalid or
 * incomplete sequence.  Returns 0, EILSEQ or EINVAL, advancing *in and *n. */
static int convert(medkb_conv *c, char **in, size_t *n, size_t *used) {
  while (*n > 0) {
    char *o;
    size_t left, r;
    /* UTF-8 output takes at most 4 bytes per input byte */
    if (grow(c, *used, *n * 4 + 16) != MEDKB_OK) return ENOMEM;
    o = c->buf + *used;
    left = c->cap - *used;
    r = iconv(c->cd, in, n, &o, &left);
    *used = (size_t)(o - c->buf);
    if (r == (size_t)-1 && errno != E2BIG) return errno;
  }
  return 0;
}

int medkb_conv_feed(medkb_conv *c, const char *in, size_t len, int final,
                    const char **out, size_t *outlen, uint64_t *bad) {
  size_t used = 0, n;
  char *p;
  int err;
  *out = NULL;
  *outlen = 0;
  /* finish the sequence the last chunk cut, one byte at a time */
  while (c->npending > 0 && len > 0) {
    char tmp[16];
    memcpy(tmp, c->pending, c->npending);
    tmp[c->npending] = *in;
    p = tmp;
    n = c->npending + 1;
    err = convert(c, &p, &n, &used);
    in++;
    len--;
    if (err == EINVAL && n < sizeof c->pending) {
      memcpy(c->pending, p, n);
      c->npending = n;
      continue;
    }
    if (err) {
      *bad = c->consumed;
      return err == ENOMEM ? MEDKB_NOMEM : MEDKB_INVALID;
    }
    c->consumed += c->npending + 1;
    c->npending = 0;
  }
  p = (char *)in;
  n = len;
  err = convert(c, &p, &n, &used);
  if (err == EINVAL && !final && n < sizeof c->pending) {
    memcpy(c->pending, p, n);
    c->npending = n;
    err = 0;
  }
  if (err == 0 && final && c->npending > 0) err = EINVAL;
  if (err) {
    *bad = c->consumed + (uint64_t)(p - in);
    return err == ENOMEM ? MEDKB_NOMEM : MEDKB_INVALID;
  }
  c->consumed += (uint64_t)(p - in);
  *out = c->buf ? c->buf : "";
  *outlen = used;
  return MEDKB_OK;
}

uint64_t medkb_hash64_more(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = data;
  size_t i;
  for (i = 0; i < len; i++) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t medkb_hash64(const void *data, size_t len) {
  return medkb_hash64_more(14695981039346656037ULL, data, len);
}
