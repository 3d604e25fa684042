/* fuzz-sources: src/util/url.c src/util/text.c src/util/buf.c src/util/xalloc.c */
/*
 * fuzz_url: the one percent-decoder (paths, queries, form bodies). Whatever
 * it accepts it decodes to at most the input's length, NUL-terminated, with
 * no NUL inside; it accepts exactly what url_check accepts; decoding in
 * place gives the same bytes as decoding into another buffer; and '+'
 * differs between the modes only where the input has one.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	const char *s = (const char *)data;
	char *a = malloc(size + 1), *b = malloc(size + 1), *c = malloc(size + 1);
	size_t la = 0, lb = 0, lc = 0;
	int ra = url_decode(a, s, size, URL_PATH, &la);
	int rb = url_decode(b, s, size, URL_FORM, &lb);
	memcpy(c, s, size);
	int rc = url_decode(c, c, size, URL_PATH, &lc);
	int ok = url_check(s, size) == 0;
	if ((ra == 0) != ok || (rb == 0) != ok || (rc == 0) != ok)
		abort();
	if (ok) {
		if (la > size || lb > size || a[la] != 0 || b[lb] != 0 || strlen(a) != la || strlen(b) != lb)
			abort();
		if (lc != la || memcmp(a, c, la) != 0)
			abort();
		if (la != lb || (memcmp(a, b, la) != 0 && !memchr(s, '+', size)))
			abort();
	}
	free(a);
	free(b);
	free(c);
	return 0;
}
