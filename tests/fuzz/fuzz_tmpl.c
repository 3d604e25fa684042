/* fuzz-sources: src/view/tmpl.c src/util/json.c src/util/arena.c src/util/buf.c src/util/xalloc.c */
/*
 * fuzz_tmpl: compile arbitrary input as a template and, when it compiles,
 * render it and check that no value can inject markup.
 *
 * The characters the engine escapes (& < > " ') are first replaced in the
 * input by harmless ones, so the template text itself never contains them.
 * Every value in the context, and some translations, are full of them. So
 * in the output a raw < > " or ' can only come from a value that escaped
 * escaping, and every & must start one of the five entities.
 *
 * Every name that appears in the input resolves: each gets a value whose
 * kind (string, array, object, true, false, number) depends on the name, so
 * sections, fallback lookups and dotted paths all see real data. Objects
 * inside the context map every name to a string, which keeps the amount of
 * output polynomial however the input nests sections.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "view/tmpl.h"

#define EVIL "<x>&\"'"
#define MAX_NAMES 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct names {
	char *v[MAX_NAMES];
	size_t n;
};

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '@';
}

/* Collect the distinct name-like words of src (at most MAX_NAMES). */
static void collect_names(struct arena *a, const char *src, size_t len, struct names *nm)
{
	size_t i = 0;
	while (i < len && nm->n < MAX_NAMES) {
		if (!name_char(src[i])) {
			i++;
			continue;
		}
		size_t s = i;
		while (i < len && name_char(src[i]))
			i++;
		if (i - s > 64)
			continue;
		int dup = 0;
		for (size_t k = 0; k < nm->n && !dup; k++)
			dup = strlen(nm->v[k]) == i - s && memcmp(nm->v[k], src + s, i - s) == 0;
		if (!dup)
			nm->v[nm->n++] = arena_strndup(a, src + s, i - s);
	}
}

/* An object mapping every name to a string full of special characters. */
static struct jval *all_strings(struct arena *a, const struct names *nm)
{
	struct jval *o = jv_obj(a);
	for (size_t k = 0; k < nm->n; k++)
		jv_set_str(a, o, nm->v[k], EVIL);
	return o;
}

static struct jval *build_ctx(struct arena *a, const struct names *nm)
{
	struct jval *ctx = jv_obj(a);
	for (size_t k = 0; k < nm->n; k++) {
		unsigned h = 0;
		for (const char *p = nm->v[k]; *p; p++)
			h = h * 31 + (unsigned char)*p;
		struct jval *v;
		switch (h % 7) {
		case 0:
			v = jv_str(a, EVIL);
			break;
		case 1:
			v = jv_arr(a);
			jv_push(v, jv_str(a, EVIL));
			jv_push(v, all_strings(a, nm));
			break;
		case 2:
			v = all_strings(a, nm);
			break;
		case 3:
			v = jv_bool(a, 1);
			break;
		case 4:
			v = jv_bool(a, 0);
			break;
		case 5:
			v = jv_num(a, 2.5);
			break;
		default:
			/* Never two scalars: they push nothing that shadows, so
			 * n nested sections over them would render 2^n times. */
			v = jv_arr(a);
			jv_push(v, jv_str(a, EVIL));
			break;
		}
		jv_set(ctx, nm->v[k], v);
	}
	return ctx;
}

static const char *tr_evil(void *ctx, const char *msgid)
{
	(void)ctx;
	return strlen(msgid) % 2 ? EVIL : msgid;
}

static void check_output(const struct buf *out)
{
	static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
	for (size_t i = 0; i < out->len; i++) {
		char c = out->data[i];
		if (c == '<' || c == '>' || c == '"' || c == '\'') {
			fprintf(stderr, "raw %c at %zu in output: %s\n", c, i, out->data);
			abort();
		}
		if (c == '&') {
			int ok = 0;
			for (size_t k = 0; k < 5 && !ok; k++)
				ok = strncmp(out->data + i, ent[k], strlen(ent[k])) == 0;
			if (!ok) {
				fprintf(stderr, "bare & at %zu in output: %s\n", i, out->data);
				abort();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = malloc(size ? size : 1);
	if (!src)
		return 0;
	for (size_t i = 0; i < size; i++) {
		char c = (char)data[i];
		switch (c) {
		case '<': c = '['; break;
		case '>': c = ']'; break;
		case '&': c = '+'; break;
		case '"': c = '`'; break;
		case '\'': c = ','; break;
		default: break;
		}
		src[i] = c;
	}

	struct tmpl_set *set = tmpl_set_new();
	char err[128];
	if (tmpl_add(set, "p", "[{{.}}|{{a}}|{{_ tr}}]", 22, err, sizeof err) != 0)
		abort();
	memset(err, 'X', sizeof err);
	if (tmpl_add(set, "t", src, size, err, sizeof err) != 0) {
		/* The message must be terminated and name the template. */
		if (!memchr(err, 0, sizeof err) || strncmp(err, "t:", 2) != 0) {
			fprintf(stderr, "bad error message\n");
			abort();
		}
		if (tmpl_exists(set, "t"))
			abort();
	} else {
		struct arena *a = arena_new();
		struct names nm = { .n = 0 };
		collect_names(a, src, size, &nm);
		struct jval *ctx = build_ctx(a, &nm);
		struct buf out = BUF_INIT, again = BUF_INIT;
		int rc = tmpl_render(set, "t", ctx, tr_evil, NULL, &out);
		check_output(&out);
		/* Rendering is a pure function of its inputs. */
		if (tmpl_render(set, "t", ctx, tr_evil, NULL, &again) != rc ||
		    out.len != again.len || (out.len && memcmp(out.data, again.data, out.len) != 0))
			abort();
		buf_reset(&out);
		tmpl_render(set, "t", NULL, NULL, NULL, &out);
		check_output(&out);
		buf_free(&out);
		buf_free(&again);
		arena_free(a);
	}
	tmpl_set_free(set);
	free(src);
	return 0;
}
