/*
 * fuzz_conv.c -- libFuzzer target for the streaming converter (core/
 * text.c): any bytes, cut at any point, must convert exactly as they do in
 * one piece, or fail at the same offset.  Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "medkb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const encodings[] = {"GB18030", "UTF-8"};
  medkb_conv *whole, *parts;
  const char *out;
  size_t outlen, cut, i;
  uint64_t bad_whole = 0, bad_parts = 0;
  char *a, *b;
  size_t alen = 0, blen = 0;
  int rc_whole, rc1, rc2 = MEDKB_OK;
  if (size < 2) return 0;
  cut = data[0] % (size - 1) + 1;
  for (i = 0; i < 2; i++) {
    if (medkb_conv_open(encodings[i], "UTF-8", &whole) != MEDKB_OK) abort();
    if (medkb_conv_open(encodings[i], "UTF-8", &parts) != MEDKB_OK) abort();
    rc_whole = medkb_conv_feed(whole, (const char *)data + 1, size - 1, 1, &out, &outlen,
                               &bad_whole);
    a = malloc(outlen + 1);
    alen = rc_whole == MEDKB_OK ? outlen : 0;
    if (alen) memcpy(a, out, alen);
    b = malloc(4 * size + 16);
    blen = 0;
    rc1 = medkb_conv_feed(parts, (const char *)data + 1, cut - 1, 0, &out, &outlen, &bad_parts);
    if (rc1 == MEDKB_OK) {
      if (outlen) memcpy(b, out, outlen);
      blen = outlen;
      rc2 = medkb_conv_feed(parts, (const char *)data + cut, size - cut, 1, &out, &outlen,
                            &bad_parts);
      if (rc2 == MEDKB_OK && outlen) {
        memcpy(b + blen, out, outlen);
        blen += outlen;
      }
    }
    if ((rc_whole == MEDKB_OK) != (rc1 == MEDKB_OK && rc2 == MEDKB_OK)) abort();
    if (rc_whole == MEDKB_OK && (alen != blen || memcmp(a, b, alen) != 0)) abort();
    if (rc_whole != MEDKB_OK && bad_whole != bad_parts) abort();
    free(a);
    free(b);
    medkb_conv_close(whole);
    medkb_conv_close(parts);
  }
  return 0;
}
