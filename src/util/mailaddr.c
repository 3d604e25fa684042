#include "util/mailaddr.h"

#include <string.h>

int mailaddr_valid(const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (n < 3 || n > MAILADDR_MAX)
		return 0;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !at[1])
		return 0;
	/* Letters, digits and the printable punctuation an unquoted local
	 * part may hold (RFC 5322 atext and '.'); UTF-8 (RFC 6531) is let
	 * through as bytes from 0x80. Nothing that ends a line, a command
	 * or a path: no space, control character, <, >, comma, quote. */
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7f || strchr("<>()[]\\,;:\"", c))
			return 0;
	}
	const char *dom = at + 1;
	if (*dom == '.' || s[n - 1] == '.' || at[-1] == '.' || *s == '.' || strstr(s, ".."))
		return 0;
	return 1;
}
