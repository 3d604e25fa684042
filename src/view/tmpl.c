/*
 * tmpl.c: templates are compiled once, by tmpl_add, into a flat array of
 * nodes; rendering only walks that array, so no page ever pays for parsing.
 *
 * A section node is followed by its body; `end` is the index just past the
 * body, so skipping a falsy section is one assignment and there is no node
 * for closing tags. Partials refer to a slot of the set by index: a slot
 * exists for every name that was ever added or referenced, and adding a
 * template only fills in its slot, so templates can be loaded in any order
 * and render-time resolution is an array access without a name lookup.
 *
 * Rendering keeps all its state on the caller's stack (struct rctx); the set
 * is never written to, so one set can serve any number of threads.
 */
#include "view/tmpl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/xalloc.h"

/* Context frames, the bottom one (the ctx given to tmpl_render) included. */
#define TMPL_MAX_STACK 64
/* Partial includes active at once. */
#define TMPL_MAX_INCLUDE 32
/* Sections being rendered at once, across partials. Sections over truthy
 * scalars and inverted sections push no frame, so without this a template of
 * thousands of nested {{^x}} would recurse without bound. */
#define TMPL_MAX_NEST 256

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_TR };
enum path_kind { P_DOT, P_INDEX, P_NUMBER, P_NAMES };

struct node {
	unsigned char kind;  /* enum node_kind */
	unsigned char pkind; /* enum path_kind, for N_VAR/N_SECTION/N_INVERTED */
	size_t nseg;         /* P_NAMES: number of segments in seg */
	const char **seg;    /* P_NAMES: the dot-separated names */
	/* N_TEXT: the bytes; N_TR: the msgid; sections: the path as written
	 * (kept so that closing tags can be matched). */
	const char *s;
	size_t len;
	/* N_TR: the msgid already escaped, for when there is no translation. */
	const char *esc;
	size_t esclen;
	size_t end;  /* sections: index just past the body */
	size_t slot; /* N_PARTIAL: index into set->slots */
};

struct tmpl {
	struct arena *arena; /* every string the nodes point to */
	struct node *nodes;
	size_t n;
};

struct slot {
	char *name;
	struct tmpl *t; /* NULL when the name was only referenced */
};

struct tmpl_set {
	struct slot *slots;
	size_t nslots, capslots;
	size_t *hash; /* open addressing: slot index + 1, 0 is empty */
	size_t hcap;  /* power of two */
};

/* ---- the set ----------------------------------------------------------- */

static size_t hash_name(const char *s)
{
	/* FNV-1a: names are short and few, anything reasonable will do. */
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The slot index for name, or (size_t)-1. */
static size_t slot_find(const struct tmpl_set *set, const char *name)
{
	if (!set->hcap)
		return (size_t)-1;
	size_t mask = set->hcap - 1;
	for (size_t h = hash_name(name) & mask;; h = (h + 1) & mask) {
		size_t e = set->hash[h];
		if (!e)
			return (size_t)-1;
		if (strcmp(set->slots[e - 1].name, name) == 0)
			return e - 1;
	}
}

static void hash_insert(struct tmpl_set *set, size_t idx)
{
	size_t mask = set->hcap - 1;
	size_t h = hash_name(set->slots[idx].name) & mask;
	while (set->hash[h])
		h = (h + 1) & mask;
	set->hash[h] = idx + 1;
}

/* The slot index for name, created (empty) when there is none yet. */
static size_t slot_intern(struct tmpl_set *set, const char *name)
{
	size_t idx = slot_find(set, name);
	if (idx != (size_t)-1)
		return idx;
	if (set->nslots == set->capslots) {
		set->capslots = set->capslots ? set->capslots * 2 : 16;
		set->slots = xreallocarray(set->slots, set->capslots, sizeof *set->slots);
	}
	idx = set->nslots++;
	set->slots[idx].name = xstrdup(name);
	set->slots[idx].t = NULL;
	/* Keep the table at most half full so probe runs stay short. */
	if (set->nslots * 2 > set->hcap) {
		free(set->hash);
		set->hcap = set->hcap ? set->hcap * 2 : 32;
		set->hash = xcalloc(set->hcap, sizeof *set->hash);
		for (size_t i = 0; i < set->nslots; i++)
			hash_insert(set, i);
	} else {
		hash_insert(set, idx);
	}
	return idx;
}

static void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	arena_free(t->arena);
	free(t->nodes);
	free(t);
}

struct tmpl_set *tmpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tmpl_set));
}

void tmpl_set_free(struct tmpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->nslots; i++) {
		free(set->slots[i].name);
		tmpl_free(set->slots[i].t);
	}
	free(set->slots);
	free(set->hash);
	free(set);
}

int tmpl_exists(const struct tmpl_set *set, const char *name)
{
	size_t idx = slot_find(set, name);
	return idx != (size_t)-1 && set->slots[idx].t != NULL;
}

/* ---- output ------------------------------------------------------------ */

/*
 * Rendering appends through these instead of buf_add: they skip the call and
 * the NUL after every piece, which is most of the cost of a page made of
 * hundreds of short pieces. tmpl_render writes the NUL once at the end;
 * out_room always leaves space for it.
 */
static inline char *out_room(struct buf *out, size_t n)
{
	if (out->cap - out->len <= n)
		buf_grow(out, n);
	return out->data + out->len;
}

static inline void out_add(struct buf *out, const void *p, size_t n)
{
	memcpy(out_room(out, n), p, n);
	out->len += n;
}

/* Entities padded to 8 bytes so that one fixed-size copy writes any of them. */
static const char esc_entity[256][8] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
	['"'] = "&quot;", ['\''] = "&#39;",
};
static const unsigned char esc_len[256] = {
	['&'] = 5, ['<'] = 4, ['>'] = 4, ['"'] = 6, ['\''] = 5,
};

#define ESC_CHUNK 4096

static void escape_raw(struct buf *out, const char *s, size_t len)
{
	/* Reserve for the worst case (every byte a 6-byte entity) one chunk
	 * at a time, then copy byte by byte with no further checks. */
	while (len) {
		size_t n = len < ESC_CHUNK ? len : ESC_CHUNK;
		char *d = out_room(out, n * 6 + 8);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			unsigned k = esc_len[c];
			if (!k) {
				*d++ = (char)c;
			} else {
				memcpy(d, esc_entity[c], 8);
				d += k;
			}
		}
		out->len = (size_t)(d - out->data);
		s += n;
		len -= n;
	}
}

void tmpl_escape(struct buf *out, const char *s, size_t len)
{
	escape_raw(out, s, len);
	if (out->data)
		out->data[out->len] = 0;
}

/* ---- compiling --------------------------------------------------------- */

struct compiler {
	struct tmpl_set *set;
	const char *name;
	struct arena *arena;
	struct node *nodes;
	size_t n, cap;
	struct buf text; /* pending text, so runs split by comments merge */
	size_t *open;    /* indices of the sections not yet closed */
	size_t nopen, capopen;
	int *openline;   /* the line each of those was opened on */
	char *err;
	size_t errlen;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '@';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0;
	for (const char *p = s, *e = s + len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		n++;
	return n;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct compiler *c, int line, const char *fmt, ...)
{
	if (c->err && c->errlen) {
		int n = snprintf(c->err, c->errlen, "%s:%d: ", c->name, line);
		if (n >= 0 && (size_t)n < c->errlen) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return -1;
}

static struct node *node_new(struct compiler *c, enum node_kind kind)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->nodes = xreallocarray(c->nodes, c->cap, sizeof *c->nodes);
	}
	struct node *nd = &c->nodes[c->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = (unsigned char)kind;
	return nd;
}

static void flush_text(struct compiler *c)
{
	if (!c->text.len)
		return;
	struct node *nd = node_new(c, N_TEXT);
	nd->s = arena_strndup(c->arena, c->text.data, c->text.len);
	nd->len = c->text.len;
	buf_reset(&c->text);
}

/* Fill in the path of nd from s[0..len) (already trimmed, not empty). */
static int parse_path(struct compiler *c, struct node *nd, const char *s, size_t len, int line)
{
	if (len == 1 && s[0] == '.') {
		nd->pkind = P_DOT;
		return 0;
	}
	if (len == 6 && memcmp(s, "@index", 6) == 0) {
		nd->pkind = P_INDEX;
		return 0;
	}
	if (len == 7 && memcmp(s, "@number", 7) == 0) {
		nd->pkind = P_NUMBER;
		return 0;
	}
	size_t nseg = 1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			/* No empty segment: not first, not last, not doubled. */
			if (i == 0 || i + 1 == len || s[i + 1] == '.')
				return fail(c, line, "invalid name '%.*s'", (int)len, s);
			nseg++;
		} else if (!is_name_char(s[i])) {
			return fail(c, line, "invalid name '%.*s'", (int)len, s);
		}
	}
	nd->pkind = P_NAMES;
	nd->nseg = nseg;
	nd->seg = arena_alloc_array(c->arena, nseg, sizeof *nd->seg);
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			nd->seg[k++] = arena_strndup(c->arena, s + start, i - start);
			start = i + 1;
		}
	}
	return 0;
}

/* Compile one tag whose inside (between the braces) is s[0..len). */
static int compile_tag(struct compiler *c, const char *s, size_t len, int line)
{
	trim(&s, &len);
	if (!len)
		return fail(c, line, "empty tag");
	char sigil = s[0];
	if (sigil == '!')
		return 0;
	/* "_" starts a translation only when followed by a space, so members
	 * whose names start with "_" can still be output as {{_id}}. */
	int tr = sigil == '_' && (len == 1 || is_space(s[1]) || s[1] == '[');
	/* {{_[context] Text}}: a message with a context (util/i18n.h trc). */
	const char *ctxt = NULL;
	size_t ctxtlen = 0;
	if (tr && len > 1 && s[1] == '[') {
		const char *close = memchr(s + 2, ']', len - 2);
		if (!close || close == s + 2)
			return fail(c, line, "bad message context in '%.*s'", (int)len, s);
		ctxt = s + 2;
		ctxtlen = (size_t)(close - ctxt);
		len -= (size_t)(close + 1 - s) - 1;
		s = close; /* the "]" stands in for the "_" skipped below */
	}
	if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || tr) {
		s++;
		len--;
		trim(&s, &len);
		if (!len)
			return fail(c, line, "empty tag");
	} else {
		sigil = 0;
	}
	if (sigil == '/') {
		if (!c->nopen)
			return fail(c, line, "unexpected closing tag '%.*s'", (int)len, s);
		const struct node *top = &c->nodes[c->open[c->nopen - 1]];
		if (top->len != len || memcmp(top->s, s, len) != 0)
			return fail(c, line, "closing tag '%.*s' does not match '%.*s'",
				    (int)len, s, (int)top->len, top->s);
		flush_text(c);
		/* Re-take the pointer: flush_text may have moved the array. */
		c->nodes[c->open[--c->nopen]].end = c->n;
		return 0;
	}
	flush_text(c);
	struct node *nd;
	switch (sigil) {
	case '>': {
		char *name = arena_strndup(c->arena, s, len);
		nd = node_new(c, N_PARTIAL);
		nd->s = name;
		nd->len = len;
		nd->slot = slot_intern(c->set, name);
		return 0;
	}
	case '_': {
		nd = node_new(c, N_TR);
		if (ctxt) {
			/* Looked up as gettext keys it: context EOT msgid. */
			char *key = arena_alloc(c->arena, ctxtlen + 1 + len + 1);
			memcpy(key, ctxt, ctxtlen);
			key[ctxtlen] = '\004';
			memcpy(key + ctxtlen + 1, s, len);
			key[ctxtlen + 1 + len] = 0;
			nd->s = key;
			nd->len = ctxtlen + 1 + len;
		} else {
			nd->s = arena_strndup(c->arena, s, len);
			nd->len = len;
		}
		struct buf e = BUF_INIT;
		tmpl_escape(&e, s, len);
		nd->esc = arena_strndup(c->arena, e.data, e.len);
		nd->esclen = e.len;
		buf_free(&e);
		return 0;
	}
	case '#':
	case '^':
		nd = node_new(c, sigil == '#' ? N_SECTION : N_INVERTED);
		nd->s = arena_strndup(c->arena, s, len);
		nd->len = len;
		if (parse_path(c, nd, s, len, line) < 0)
			return -1;
		if (c->nopen == c->capopen) {
			c->capopen = c->capopen ? c->capopen * 2 : 16;
			c->open = xreallocarray(c->open, c->capopen, sizeof *c->open);
			c->openline = xreallocarray(c->openline, c->capopen, sizeof *c->openline);
		}
		c->openline[c->nopen] = line;
		c->open[c->nopen++] = c->n - 1;
		return 0;
	default:
		nd = node_new(c, N_VAR);
		return parse_path(c, nd, s, len, line);
	}
}

static int compile(struct compiler *c, const char *src, size_t len)
{
	const char *p = src, *end = src + len;
	int line = 1;
	while (p < end) {
		const char *tag = memmem(p, (size_t)(end - p), "{{", 2);
		if (!tag) {
			buf_add(&c->text, p, (size_t)(end - p));
			break;
		}
		buf_add(&c->text, p, (size_t)(tag - p));
		line += (int)count_lines(p, (size_t)(tag - p));
		const char *in = tag + 2;
		const char *close = memmem(in, (size_t)(end - in), "}}", 2);
		/* A "{{" before the "}}" means this tag was never closed; reading
		 * on would swallow the next tag and blame the wrong line. */
		const char *next = memmem(in, (size_t)(end - in), "{{", 2);
		if (!close || (next && next < close))
			return fail(c, line, "unterminated tag");
		if (compile_tag(c, in, (size_t)(close - in), line) < 0)
			return -1;
		line += (int)count_lines(in, (size_t)(close - in));
		p = close + 2;
	}
	if (c->nopen) {
		const struct node *o = &c->nodes[c->open[c->nopen - 1]];
		return fail(c, c->openline[c->nopen - 1], "unclosed section '%.*s'",
			    (int)o->len, o->s);
	}
	flush_text(c);
	return 0;
}

int tmpl_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
	     char *err, size_t errlen)
{
	struct compiler c = {
		.set = set, .name = name, .arena = arena_new(), .err = err, .errlen = errlen,
	};
	if (err && errlen)
		err[0] = 0;
	int rc = compile(&c, src, len);
	buf_free(&c.text);
	free(c.open);
	free(c.openline);
	if (rc < 0) {
		arena_free(c.arena);
		free(c.nodes);
		return -1;
	}
	struct tmpl *t = xmalloc(sizeof *t);
	t->arena = c.arena;
	t->nodes = c.nodes;
	t->n = c.n;
	size_t idx = slot_intern(set, name);
	tmpl_free(set->slots[idx].t);
	set->slots[idx].t = t;
	return 0;
}

/* ---- rendering --------------------------------------------------------- */

struct frame {
	const struct jval *v;
	long long index; /* position when v is an array element, else -1 */
};

struct rctx {
	const struct tmpl_set *set;
	tmpl_tr_fn tr;
	void *tr_ctx;
	struct buf *out;
	int nframes, nest, includes;
	struct frame frames[TMPL_MAX_STACK];
};

/* Keys are short: an inlined loop beats a call to strcmp, which showed up as
 * the largest single cost of rendering a list page. */
static inline int key_eq(const char *a, const char *b)
{
	while (*a == *b) {
		if (!*a)
			return 1;
		a++;
		b++;
	}
	return 0;
}

static const struct jval *member(const struct jval *obj, const char *key)
{
	for (const struct jval *m = obj->first; m; m = m->next)
		if (key_eq(m->key, key))
			return m;
	return NULL;
}

/* The value nd's path names, or NULL when missing. @index and @number are
 * built in *scratch. */
static const struct jval *lookup(const struct rctx *r, const struct node *nd,
				 struct jval *scratch)
{
	switch (nd->pkind) {
	case P_DOT:
		return r->frames[r->nframes - 1].v;
	case P_INDEX:
	case P_NUMBER:
		for (int f = r->nframes - 1; f >= 0; f--) {
			if (r->frames[f].index >= 0) {
				memset(scratch, 0, sizeof *scratch);
				scratch->type = J_INT;
				scratch->i = r->frames[f].index + (nd->pkind == P_NUMBER);
				scratch->n = (double)scratch->i;
				return scratch;
			}
		}
		return NULL;
	default:
		break;
	}
	const struct jval *v = NULL;
	for (int f = r->nframes - 1; f >= 0 && !v; f--) {
		const struct jval *o = r->frames[f].v;
		if (o && o->type == J_OBJ)
			v = member(o, nd->seg[0]);
	}
	for (size_t k = 1; v && k < nd->nseg; k++) {
		if (v->type == J_OBJ) {
			v = member(v, nd->seg[k]);
		} else if (v->type == J_ARR && nd->seg[k][0] >= '0' && nd->seg[k][0] <= '9') {
			/* "items.0": an array element by position, so a template can
			 * wrap a non-empty list once ({{#items.0}}<ul>..{{/items.0}}). */
			unsigned long n = strtoul(nd->seg[k], NULL, 10);
			const struct jval *m = v->first;
			while (m && n--)
				m = m->next;
			v = m;
		} else {
			v = NULL;
		}
	}
	return v;
}

static void put_value(struct buf *out, const struct jval *v)
{
	if (!v)
		return;
	switch (v->type) {
	case J_STR:
		escape_raw(out, v->s, v->len);
		break;
	case J_INT:
		buf_put_ll(out, v->i);
		break;
	case J_NUM: {
		char tmp[32];
		int n = snprintf(tmp, sizeof tmp, "%g", v->n);
		if (n > 0)
			out_add(out, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
		break;
	}
	case J_BOOL:
		if (v->b)
			out_add(out, "true", 4);
		else
			out_add(out, "false", 5);
		break;
	default:
		/* null renders as nothing, and so do arrays and objects: there is
		 * no meaningful text for them. */
		break;
	}
}

static int render_nodes(struct rctx *r, const struct node *nodes, size_t begin, size_t end);

static int push_and_render(struct rctx *r, const struct node *nodes, size_t i,
			   const struct jval *v, long long index)
{
	if (r->nframes >= TMPL_MAX_STACK)
		return -1;
	r->frames[r->nframes].v = v;
	r->frames[r->nframes].index = index;
	r->nframes++;
	int rc = render_nodes(r, nodes, i + 1, nodes[i].end);
	r->nframes--;
	return rc;
}

/* 1 when nd's path ends in an array index ("rows.0"). */
static int element_test(const struct node *nd)
{
	if (nd->pkind != P_NAMES || nd->nseg < 2)
		return 0;
	const char *last = nd->seg[nd->nseg - 1];
	return *last >= '0' && *last <= '9';
}

static int render_section(struct rctx *r, const struct node *nodes, size_t i,
			  const struct jval *v)
{
	if (element_test(&nodes[i]))
		return render_nodes(r, nodes, i + 1, nodes[i].end);
	if (v->type == J_ARR) {
		long long idx = 0;
		for (const struct jval *e = v->first; e; e = e->next, idx++)
			if (push_and_render(r, nodes, i, e, idx) < 0)
				return -1;
		return 0;
	}
	if (v->type == J_OBJ)
		return push_and_render(r, nodes, i, v, -1);
	return render_nodes(r, nodes, i + 1, nodes[i].end);
}

static int render_nodes(struct rctx *r, const struct node *nodes, size_t begin, size_t end)
{
	struct jval scratch;
	size_t i = begin;
	while (i < end) {
		const struct node *nd = &nodes[i];
		switch (nd->kind) {
		case N_TEXT:
			out_add(r->out, nd->s, nd->len);
			i++;
			break;
		case N_VAR:
			put_value(r->out, lookup(r, nd, &scratch));
			i++;
			break;
		case N_TR: {
			const char *t = r->tr ? r->tr(r->tr_ctx, nd->s) : NULL;
			if (!t || t == nd->s)
				out_add(r->out, nd->esc, nd->esclen);
			else
				escape_raw(r->out, t, strlen(t));
			i++;
			break;
		}
		case N_PARTIAL: {
			const struct tmpl *t = r->set->slots[nd->slot].t;
			if (!t || r->includes >= TMPL_MAX_INCLUDE)
				return -1;
			r->includes++;
			int rc = render_nodes(r, t->nodes, 0, t->n);
			r->includes--;
			if (rc < 0)
				return -1;
			i++;
			break;
		}
		case N_SECTION:
		case N_INVERTED: {
			const struct jval *v = lookup(r, nd, &scratch);
			int truthy = jv_truthy(v);
			if (truthy == (nd->kind == N_SECTION)) {
				if (r->nest >= TMPL_MAX_NEST)
					return -1;
				r->nest++;
				int rc = nd->kind == N_SECTION
						 ? render_section(r, nodes, i, v)
						 : render_nodes(r, nodes, i + 1, nd->end);
				r->nest--;
				if (rc < 0)
					return -1;
			}
			i = nd->end;
			break;
		}
		default:
			return -1;
		}
	}
	return 0;
}

int tmpl_render(const struct tmpl_set *set, const char *name, const struct jval *ctx,
		tmpl_tr_fn tr, void *tr_ctx, struct buf *out)
{
	size_t idx = slot_find(set, name);
	if (idx == (size_t)-1 || !set->slots[idx].t)
		return -1;
	const struct tmpl *t = set->slots[idx].t;
	struct rctx r = {
		.set = set, .tr = tr, .tr_ctx = tr_ctx, .out = out, .nframes = 1,
	};
	r.frames[0].v = ctx;
	r.frames[0].index = -1;
	int rc = render_nodes(&r, t->nodes, 0, t->n);
	if (out->data)
		out->data[out->len] = 0;
	return rc;
}
