/* fuzz-sources: src/util/text.c src/util/buf.c src/util/xalloc.c */
/*
 * fuzz_text: folding, validation and the collation on arbitrary bytes. The
 * input is split in two halves for the collation's order properties.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf f = BUF_INIT, g = BUF_INIT;

	int valid = text_utf8_valid(s, size);
	if (valid)
		(void)text_utf8_length(s, size);

	/* Folding drops malformed bytes, so it always yields valid UTF-8,
	 * never leading, trailing or doubled spaces, and is idempotent. */
	text_fold(&f, s, size);
	assert(f.data[f.len] == 0);
	assert(text_utf8_valid(f.data, f.len));
	if (f.len) {
		assert(f.data[0] != ' ' && f.data[f.len - 1] != ' ');
		assert(!memmem(f.data, f.len, "  ", 2));
	}
	text_fold(&g, f.data, f.len);
	assert(g.len == f.len && memcmp(g.data, f.data, f.len) == 0);

	/* Decoding consumes what encoding writes. */
	size_t i = 0;
	while (i < size) {
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, size - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		buf_reset(&g);
		text_utf8_encode(&g, cp);
		assert(g.len == n && memcmp(g.data, s + i, n) == 0);
		i += n;
	}

	const char *start;
	size_t tlen = text_trim(s, size, &start);
	assert(start >= s && start + tlen <= s + size);
	(void)text_has_control(s, size, size & 1);

	size_t h = size / 2;
	const char *a = s, *b = s + h;
	size_t alen = h, blen = size - h;
	int ab = sign(text_collate_sv(a, alen, b, blen));
	int ba = sign(text_collate_sv(b, blen, a, alen));
	assert(ab == -ba);
	assert(text_collate_sv(a, alen, a, alen) == 0);
	assert(text_collate_sv(b, blen, b, blen) == 0);
	/* equal only for equal bytes: the order is total */
	assert((ab == 0) == (alen == blen && memcmp(a, b, alen) == 0));

	buf_free(&f);
	buf_free(&g);
	return 0;
}
