/* fuzz-sources: src/web/form.c src/util/url.c src/util/text.c src/util/buf.c src/util/arena.c src/util/xalloc.c */
/*
 * fuzz_form: both form body parsers. The first byte picks the parser (even:
 * urlencoded, odd: multipart with boundary XyZ), the rest is the body.
 * Whatever is accepted must respect the limits and the length contract.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct form *f, const char *body, size_t len, int multipart)
{
	size_t total = 0;
	if (f->n > FORM_MAX_FIELDS || (f->n && !f->fields))
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];
		if (!ff->name || !ff->value || strlen(ff->name) > FORM_MAX_NAME)
			abort();
		if (ff->value[ff->value_len] != 0)
			abort();
		/* Decoding only shrinks and parts do not overlap. */
		total += ff->value_len;
		if (total > len)
			abort();
		if (multipart) {
			/* A part's content is copied verbatim from the body. */
			if (ff->value_len && !memmem(body, len, ff->value, ff->value_len))
				abort();
		} else {
			if (ff->filename || ff->content_type)
				abort();
			/* Without escapes and NULs the length is the string length. */
			if (!memchr(body, '%', len) && !memchr(body, 0, len) &&
			    strlen(ff->value) != ff->value_len)
				abort();
		}
		/* Lookups find the first field of a name. */
		const struct form_field *first = form_field(f, ff->name);
		if (!first || first > ff || strcmp(first->name, ff->name) != 0)
			abort();
		if (form_get(f, ff->name) != first->value)
			abort();
		if (form_get_all(f, ff->name, NULL, 0) == 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int multipart = data[0] & 1;
	/* A copy of exactly the body, so ASan sees any read past its end. */
	size_t len = size - 1;
	char *body = malloc(len ? len : 1);
	if (!body)
		abort();
	memcpy(body, data + 1, len);

	struct arena *a = arena_new();
	struct form f;
	int rc = multipart
		? form_parse_multipart(a, "multipart/form-data; boundary=XyZ", body, len, &f)
		: form_parse_urlencoded(a, body, len, &f);
	if (rc == 0)
		check(&f, body, len, multipart);
	else if (rc != -1 || f.n != 0 || f.fields)
		abort();
	arena_free(a);
	free(body);
	return 0;
}
