#include "web/recview.h"

#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "model/catalogue.h"
#include "model/visible.h"
#include "util/check.h"
#include "util/i18n.h"
#include "util/url.h"
#include "web/page.h"

const char *recview_urlencode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~' || *p == '/') {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	const char *r = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return r;
}

static int parse_pos(const char *s, long long max, long long *out)
{
	if (!s || !*s || strlen(s) > 12)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 1 || v > max)
		return 0;
	*out = v;
	return 1;
}

long long recview_query_id(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	long long id;
	if (!v || !*v)
		return 0;
	return parse_pos(v, 999999999999999LL, &id) ? id : -1;
}

long long recview_page(struct request *r)
{
	long long page = 1;
	parse_pos(req_query(r, "page"), 1000000000, &page);
	return page;
}

int recview_query(struct request *r, const struct entity *e, struct list_query *q,
		  long long default_limit, struct verrors *errs)
{
	memset(q, 0, sizeof *q);
	q->page = 1;
	q->limit = default_limit;
	const char *s = req_query(r, "q");
	if (s && strlen(s) > 200) {
		verr_add(errs, "q", T(r, "The search text is too long (at most 200 characters)."));
		return -1;
	}
	/* Refused, not cut short: a search that quietly dropped the last
	 * words would find records that do not match them. */
	if (store_search_words(s) > LIST_MAX_SEARCH_WORDS)
		verr_add(errs, "q", arena_printf(r->a, T(r, "Search for at most %d words at a time."),
						 LIST_MAX_SEARCH_WORDS));
	else
		q->q = s;
	s = req_query(r, "page");
	if (s && !parse_pos(s, 1000000000, &q->page))
		verr_add(errs, "page", T(r, "The page must be a whole number of at least 1."));
	s = req_query(r, "limit");
	if (s && !parse_pos(s, LIST_MAX_LIMIT, &q->limit))
		verr_add(errs, "limit", arena_printf(r->a, T(r, "The limit must be a whole number from 1 to %d."),
						     LIST_MAX_LIMIT));
	s = req_query(r, "sort");
	if (s && *s) {
		int desc = *s == '-';
		const struct field *f = entity_field(e, desc ? s + 1 : s);
		if (!f || !recview_sortable(r, f) || f->hidden)
			verr_add(errs, "sort", T(r, "The list cannot be sorted on that."));
		q->sort = f;
		q->desc = desc;
	} else if (e->default_desc && e->default_sort) {
		/* Newest first, where that is what a reader looks for. */
		q->sort = entity_field(e, e->default_sort);
		q->desc = 1;
	}
	struct rctx c = page_rctx(r);
	for (const struct field *f = e->fields; f->name; f++) {
		if (!f->filter || f->hidden)
			continue;
		const char *v = req_query(r, f->name);
		if (!v || !*v)
			continue;
		/* Each field filters once, and the registry holds every entity
		 * within the limit (test_store.c), so this is a bug if reached. */
		if (!ALWAYS(q->nfilters < LIST_MAX_FILTERS)) {
			verr_add(errs, f->name, T(r, "The list cannot be filtered on this many fields at once."));
			break;
		}
		struct list_filter *lf = &q->filters[q->nfilters++];
		lf->f = f;
		if (strcmp(v, "-") == 0 || strcmp(v, "null") == 0) {
			lf->value = NULL;
			continue;
		}
		struct verrors ferr = { 0 };
		struct jval *val = record_value_from_text(&c, e, f->type == F_REFS ? entity_field(e, f->name) : f,
							  v, &ferr);
		if (!val || ferr.n) {
			verr_add(errs, f->name, arena_printf(r->a, "%s: %s", T(r, f->label),
							     ferr.n ? ferr.items[0].message : ""));
			continue;
		}
		if (f->type == F_REFS)
			lf->value = val->first ? arena_printf(r->a, "%lld", val->first->i) : NULL;
		else
			lf->value = record_value_text(r->a, f, val);
	}
	return errs->n ? -1 : 0;
}

int recview_load(struct request *r, struct jval **row)
{
	const struct entity *e = r->entity;
	struct rctx c = page_rctx(r);
	if (!record_allows(&c, e, A_READ, NULL)) {
		page_forbidden(r);
		return 0;
	}
	int rc = store_get(r->st, r->a, e, r->org_id, r->id, row);
	if (rc == STORE_NOTFOUND) {
		page_not_found(r);
		return 0;
	}
	if (rc != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return 0;
	}
	if (!record_allows(&c, e, A_READ, *row)) {
		page_forbidden(r);
		return 0;
	}
	visible_row(recview_visible(r), e, *row);
	return 1;
}

struct visible *recview_visible(struct request *r)
{
	if (!r->visible) {
		struct rctx c = page_rctx(r);
		r->visible = visible_new(&c);
	}
	return r->visible;
}

const struct tzone *recview_zone(struct request *r)
{
	if (!r->zone) {
		struct rctx c = page_rctx(r);
		r->zone = record_zone(&c);
	}
	return r->zone;
}

const char *recview_time(struct request *r, const char *stored)
{
	long long t;
	if (!stored || ts_parse(stored, &t) != 0)
		return stored ? stored : "";
	char out[17];
	ts_to_local(recview_zone(r), t, out);
	return arena_strdup(r->a, out);
}

int recview_sortable(struct request *r, const struct field *f)
{
	if (!f->sort)
		return 0;
	return f->type != F_REF || visible_entity(recview_visible(r), f->ref) == VIS_ALL;
}

const char *recview_ref_href(struct request *r, const struct field *f, long long id)
{
	const struct entity *t = f->ref;
	if (!id || !t || !visible_record(recview_visible(r), t, id))
		return NULL;
	return recview_href(r, t, id);
}

const char *recview_text(struct request *r, const struct field *f, const struct jval *row)
{
	const struct jval *v = jv_get(row, f->name);
	if (!v || v->type == J_NULL)
		return "";
	switch (f->type) {
	case F_BOOL:
		return jv_truthy(v) ? T(r, "Yes") : T(r, "No");
	case F_DATETIME:
		return recview_time(r, v->type == J_STR ? v->s : NULL);
	case F_ENUM: {
		const char *label = field_option_label(f, v->s);
		return label ? T(r, label) : v->s;
	}
	case F_REF: {
		/* Decided here, not only by recview_load's visible_row: rows
		 * from lists reach this too. */
		if (!visible_record(recview_visible(r), f->ref, v->i))
			return visible_hidden(r->lang);
		const char *label = jv_get_str(jv_get(row, "_labels"), f->name);
		return label ? label : arena_printf(r->a, "#%lld", v->i);
	}
	case F_REFS: {
		const struct jval *labels = jv_get(jv_get(row, "_labels"), f->name);
		if (labels && labels->type != J_ARR)
			labels = NULL;
		const struct entity *t = f->ref;
		struct buf b = BUF_INIT;
		int hidden = 0;
		/* In the labels' (title) order when the row has them, else
		 * as numbers. */
		const struct jval *list = labels ? labels : v->type == J_ARR ? v : NULL;
		for (const struct jval *m = list ? list->first : NULL; m; m = m->next) {
			long long id = labels ? jv_get_int(m, "id", 0) : m->i;
			if (!visible_record(recview_visible(r), t, id)) {
				hidden = 1;
				continue;
			}
			const char *label = labels ? jv_get_str(m, "label") : NULL;
			if (label)
				buf_printf(&b, "%s%s", b.len ? ", " : "", label);
			else
				buf_printf(&b, "%s#%lld", b.len ? ", " : "", id);
		}
		if (hidden)
			buf_printf(&b, "%s%s", b.len ? ", " : "", visible_hidden(r->lang));
		const char *s = arena_strdup(r->a, buf_str(&b));
		buf_free(&b);
		return s;
	}
	default:
		/* Not in forms: the stored text is what is edited. */
		return f->shipped ? catalogue_shipped_text(r->a, r->lang, f, record_value_text(r->a, f, v))
				  : record_value_text(r->a, f, v);
	}
}

const char *recview_title(struct request *r, const struct entity *e, const struct jval *row)
{
	const struct field *f = entity_field(e, e->title_field);
	const char *t = recview_text(r, f, row);
	if (e->title_prefix) {
		const char *who = recview_text(r, entity_field(e, e->title_prefix), row);
		return arena_printf(r->a, "%s: %s", who, t);
	}
	return *t ? t : arena_printf(r->a, "#%lld", jv_get_int(row, "id", 0));
}

const char *recview_href(struct request *r, const struct entity *e, long long id)
{
	if (e->singleton)
		return arena_printf(r->a, "/%s", e->name);
	/* "/name/id" without printf: list and plan pages make hundreds. */
	char digits[24];
	size_t nd = 0;
	unsigned long long v = id < 0 ? 0 : (unsigned long long)id;
	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && nd < sizeof digits);
	size_t nl = strlen(e->name);
	char *out = arena_alloc(r->a, nl + nd + 3);
	char *p = out;
	*p++ = '/';
	memcpy(p, e->name, nl);
	p += nl;
	*p++ = '/';
	while (nd)
		*p++ = digits[--nd];
	*p = 0;
	return out;
}

const char *recview_here(struct request *r)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, recview_urlencode(r->a, r->path));
	int first = 1;
	for (const struct jval *m = req_query_obj(r)->first; m; m = m->next) {
		if (strcmp(m->key, "done") == 0 || strcmp(m->key, "return") == 0 || !*m->s)
			continue;
		buf_printf(&b, "%c%s=%s", first ? '?' : '&', recview_urlencode(r->a, m->key),
			   recview_urlencode(r->a, m->s));
		first = 0;
	}
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

const char *recview_with_return(struct request *r, const char *href)
{
	return arena_printf(r->a, "%s%creturn=%s", href, strchr(href, '?') ? '&' : '?',
			    recview_urlencode(r->a, recview_here(r)));
}

const char *recview_return(struct request *r)
{
	const char *v = req_post(r, "_return");
	if (!v || !*v)
		v = req_query(r, "return");
	return v && url_local_path(v) ? v : NULL;
}

const char *recview_done(struct request *r, const char *path, const char *done)
{
	/* Drop a done= already in the path's query (from a page that was
	 * itself reached after saving). */
	struct buf b = BUF_INIT;
	const char *q = strchr(path, '?');
	const char *hash = strchr(path, '#');
	size_t plen = q ? (size_t)(q - path) : hash ? (size_t)(hash - path) : strlen(path);
	buf_add(&b, path, plen);
	char sep = '?';
	if (q) {
		const char *end = hash && hash > q ? hash : q + strlen(q);
		for (const char *p = q + 1; p < end;) {
			const char *amp = memchr(p, '&', (size_t)(end - p));
			const char *e = amp ? amp : end;
			if (!(e - p >= 5 && strncmp(p, "done=", 5) == 0) && e > p) {
				buf_printf(&b, "%c%.*s", sep, (int)(e - p), p);
				sep = '&';
			}
			p = e + (amp ? 1 : 0);
		}
	}
	buf_printf(&b, "%cdone=%s", sep, done);
	if (hash)
		buf_puts(&b, hash);
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

const char *recview_query_with(struct request *r, const char *name, const char *value)
{
	struct jval *args = req_query_obj(r);
	struct buf b = BUF_INIT;
	for (const struct jval *m = args->first; m; m = m->next) {
		/* Not the message after saving nor a one-off check (the
		 * audit trail's verify=): those are for the page they came to. */
		if (strcmp(m->key, name) == 0 || strcmp(m->key, "done") == 0 || strcmp(m->key, "verify") == 0 ||
		    !*m->s)
			continue;
		buf_printf(&b, "%c%s=%s", b.len ? '&' : '?', recview_urlencode(r->a, m->key),
			   recview_urlencode(r->a, m->s));
	}
	if (value)
		buf_printf(&b, "%c%s=%s", b.len ? '&' : '?', name, recview_urlencode(r->a, value));
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}
