/*
 * url.c: the one percent-decoder (see url.h for what it accepts and why).
 */
#include "util/url.h"

#include <string.h>

#include "util/text.h"

/* The decoding loop; with out NULL it only checks. */
static int decode(char *out, const char *s, size_t n, enum url_mode mode, size_t *outlen)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (n - i < 3)
				return -1;
			int hi = text_hex_digit((unsigned char)s[i + 1]);
			int lo = text_hex_digit((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && mode == URL_FORM) {
			c = ' ';
		}
		if (c == 0)
			return -1;
		if (out)
			out[j] = (char)c;
		j++;
	}
	if (out)
		out[j] = 0;
	if (outlen)
		*outlen = j;
	return 0;
}

int url_decode(char *out, const char *s, size_t n, enum url_mode mode, size_t *outlen)
{
	return decode(out, s, n, mode, outlen);
}

int url_check(const char *s, size_t n)
{
	return decode(NULL, s, n, URL_PATH, NULL);
}

int url_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || strlen(s) > URL_LOCAL_MAX)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("\\\"<>`", *p))
			return 0;
	return 1;
}
