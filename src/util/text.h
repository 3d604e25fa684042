/*
 * text: UTF-8 handling for search, sorting and validation.
 */
#ifndef TILLIT_TEXT_H
#define TILLIT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF), else 0. */
int text_utf8_valid(const char *s, size_t len);

/* Decode one code point from s[0..len). Returns the number of bytes used
 * (1..4) and sets *cp, or 0 when the sequence is malformed or len is 0. */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Append the UTF-8 encoding of cp (cp <= 0x10FFFF, not a surrogate). */
void text_utf8_encode(struct buf *out, uint32_t cp);

/* Number of code points in valid UTF-8 s[0..len). */
size_t text_utf8_length(const char *s, size_t len);

/*
 * Search folding: append to out a form of s in which case and diacritics no
 * longer matter, so that "SÄKERHET", "säkerhet" and "sakerhet" all fold to
 * "sakerhet". Covers Latin-1 Supplement and Latin Extended-A (å ä ö é ü ø æ
 * ß ...; æ -> "ae", ß -> "ss"), plus ASCII case. Runs of white space become
 * one space; leading and trailing space is dropped. Malformed UTF-8 bytes are
 * skipped. Other code points are copied unchanged.
 */
void text_fold(struct buf *out, const char *s, size_t len);

/*
 * Compare two UTF-8 strings in Swedish alphabetical order (like strcmp's
 * sign): case-insensitive first; å < ä < ö sort after z; æ sorts as ä, ø as
 * ö, ü as y, other accented Latin letters as their base letter (é as e).
 * Ties are broken by lower case before upper case, then by bytes, so the
 * order is total and deterministic. Used as the SQLite collation "sv".
 */
int text_collate_sv(const char *a, size_t alen, const char *b, size_t blen);

/* 1 when s[0..len) contains a control character (U+0000–U+001F, U+007F)
 * other than those allowed: tab, and when multiline is set also LF and CR. */
int text_has_control(const char *s, size_t len, int multiline);

/* Make the first letter of s upper case, in place, for a sentence that
 * begins with a word from elsewhere ("enheten ..." -> "Enheten ..."):
 * ASCII and the Latin-1 letters à–þ (å ä ö é ...), which keep their length. */
void text_upper_first(char *s);

/* The value of a hexadecimal digit (0-9, a-f, A-F), or -1. */
int text_hex_digit(int c);

/* A colour "#rrggbb" (s[0..n), either case) into rgb: 0, or -1 for
 * anything else (rgb then unchanged). */
int text_parse_color(const char *s, size_t n, unsigned char rgb[3]);

/* Trim ASCII white space at both ends: sets *start and returns the new
 * length. */
size_t text_trim(const char *s, size_t len, const char **start);

#endif
