/*
 * url: percent-decoding, one decoder for every part of a request that is
 * percent-encoded — the path, the query string and urlencoded form bodies —
 * so that all of them accept and refuse the same input.
 *
 * '%' must be followed by two hexadecimal digits (either case): "%", "%4"
 * and "%zz" are malformed. A NUL byte in the result ("%00", or a raw NUL in
 * a form body) is refused as well: the rest of Tillit reads paths and values
 * as C strings, and a NUL would silently cut them short. Everything else,
 * other control characters included, decodes to its byte; what a field may
 * hold is the field's validation's business.
 *
 * What '+' means depends on where it stands:
 *   URL_FORM   query strings and application/x-www-form-urlencoded bodies:
 *              '+' is a space, as HTML forms send it; a plus is "%2B".
 *   URL_PATH   the path: '+' is itself (RFC 3986 gives it no meaning there).
 * libmicrohttpd turns '+' into a space in query arguments before it calls
 * server.c's unescape callback, which decodes every piece it is given with
 * URL_PATH; query arguments therefore end up decoded as URL_FORM.
 */
#ifndef TILLIT_URL_H
#define TILLIT_URL_H

#include <stddef.h>

enum url_mode {
	URL_PATH, /* '+' is a plus */
	URL_FORM, /* '+' is a space */
};

/*
 * Decode s[0..n) into out, which has room for n + 1 bytes and may be s
 * itself (the decoder never writes ahead of where it reads). On success
 * out is NUL-terminated, *outlen is its length and 0 is returned. On a
 * malformed escape or a NUL byte -1 is returned and out holds nothing
 * useful (it may be partly written).
 */
int url_decode(char *out, const char *s, size_t n, enum url_mode mode, size_t *outlen);

/* 0 when url_decode would accept s[0..n) (in either mode), else -1. */
int url_check(const char *s, size_t n);

/*
 * 1 when s (decoded) is a path on this site that is safe to send a browser
 * to after a form: it starts with a single "/", so it names no scheme and
 * no other host ("//evil.example", "https://..."), and holds no control
 * character (CR and LF would split a header; browsers drop tab, CR and LF
 * anywhere in a URL, so "/<tab>/evil.example" would leave the site) nor a
 * backslash (read as "/"), nor a space, quote, angle bracket or backtick
 * (never unencoded in a URL; kept out of what a page writes back). At
 * most URL_LOCAL_MAX bytes. Else 0.
 */
#define URL_LOCAL_MAX 2000
int url_local_path(const char *s);

#endif
