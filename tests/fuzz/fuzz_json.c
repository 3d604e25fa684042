/* fuzz-sources: src/util/json_parse.c src/util/json_write.c src/util/json.c src/util/text.c src/util/arena.c src/util/buf.c src/util/xalloc.c */
/*
 * fuzz_json: whatever json_parse() accepts must survive json_write() and
 * parse back to an equal tree, in every output mode, and writing is stable:
 * the re-parsed tree serialises to the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const struct buf *out, const struct json_error *e)
{
	fprintf(stderr, "fuzz_json: %s\n", what);
	if (e && e->msg)
		fprintf(stderr, "  error: %s at %d:%d\n", e->msg, e->line, e->col);
	if (out)
		fprintf(stderr, "  output: %.*s\n", (int)(out->len > 2000 ? 2000 : out->len),
			buf_str(out));
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int modes[] = { 0, JSON_PRETTY };
	struct arena *a = arena_new();
	struct json_error e = { 0, 0, NULL };
	struct jval *v = json_parse(a, (const char *)data, size, &e);

	if (!v) {
		/* A rejection must say why and where, inside (or just past) the input. */
		if (!e.msg || e.line < 1 || e.col < 1 || (size_t)e.line > size + 1 ||
		    (size_t)e.col > size + 1)
			die("bad error report", NULL, &e);
		arena_free(a);
		return 0;
	}
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		struct buf out = BUF_INIT, again = BUF_INIT;
		json_write(&out, v, modes[i]);
		struct jval *r = json_parse(a, out.data, out.len, &e);
		if (!r)
			die("written output does not parse", &out, &e);
		if (!jv_equal(v, r))
			die("round trip changed the value", &out, NULL);
		json_write(&again, r, modes[i]);
		if (again.len != out.len || memcmp(again.data, out.data, out.len) != 0)
			die("writing is not stable", &out, NULL);
		buf_free(&again);
		buf_free(&out);
	}

	/* Leaving private members out still gives valid JSON. */
	struct buf priv = BUF_INIT;
	json_write(&priv, v, JSON_SKIP_PRIVATE);
	if (!json_parse(a, priv.data, priv.len, &e))
		die("JSON_SKIP_PRIVATE output does not parse", &priv, &e);
	buf_free(&priv);

	/* A deep copy is equal. */
	struct jval *c = jv_clone(a, v);
	if (!jv_equal(v, c) || !jv_equal(c, v))
		die("clone differs", NULL, NULL);

	arena_free(a);
	return 0;
}
