/*
 * ident.c: see ident.h.
 */
#include "core/ident.h"

#include <string.h>

enum ident_result ident_orgnr(const char *s, char out[12])
{
	char d[11];
	size_t n = 0;
	if (!s)
		return IDENT_FORMAT;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (n == 10)
				return IDENT_FORMAT;
			d[n++] = s[i];
		} else if (!(s[i] == '-' && n == 6 && i == 6)) {
			return IDENT_FORMAT;
		}
	}
	if (n != 10)
		return IDENT_FORMAT;
	int sum = 0;
	for (int i = 0; i < 10; i++) {
		int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += v / 10 + v % 10;
	}
	if (sum % 10 != 0)
		return IDENT_CHECK;
	memcpy(out, d, 6);
	out[6] = '-';
	memcpy(out + 7, d + 6, 4);
	out[11] = 0;
	return IDENT_OK;
}
