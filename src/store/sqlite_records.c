/*
 * sqlite_records.c: generic record queries, derived from the registry.
 *
 * SQL text is assembled only from names declared in the registry (tables,
 * columns); every value is a bound parameter. The statements are cached per
 * connection by their text (sq_prepare), so a list page with the same
 * filters reuses its prepared statement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/derived.h"
#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/check.h"
#include "util/clock.h"
#include "util/text.h"
#include "util/xalloc.h"

/* The most parameters a list query binds: the trigram MATCH, the
 * organisation, each short search word, each filter, LIMIT and OFFSET.
 * where_sql refuses more words or filters than the limits (the web edge
 * refuses them first, with a message), so this is never reached; were it,
 * the query fails loudly rather than running without the parameters past
 * it. */
#define MAX_PARAMS (2 + LIST_MAX_SEARCH_WORDS + LIST_MAX_FILTERS + 2)

struct param {
	int is_int;
	long long i;
	const char *s;
};

struct params {
	int n;
	int overflow; /* a parameter past MAX_PARAMS was refused */
	struct param p[MAX_PARAMS];
};

static void param_add(struct params *ps, struct param p)
{
	if (!ALWAYS(ps->n < MAX_PARAMS)) {
		ps->overflow = 1;
		return;
	}
	ps->p[ps->n++] = p;
}

static void param_int(struct params *ps, long long v)
{
	param_add(ps, (struct param){ 1, v, NULL });
}

static void param_text(struct params *ps, const char *s)
{
	param_add(ps, (struct param){ 0, 0, s });
}

/* Bind ps to s; STORE_ERROR (and nothing bound) when a parameter was
 * refused, so that a query never runs without some of its values. */
static int bind_params(struct store *st, sqlite3_stmt *s, const struct params *ps)
{
	if (ps->overflow) {
		snprintf(st->err, sizeof st->err, "list: more than %d parameters", MAX_PARAMS);
		return STORE_ERROR;
	}
	for (int i = 0; i < ps->n; i++) {
		if (ps->p[i].is_int)
			sqlite3_bind_int64(s, i + 1, ps->p[i].i);
		else
			sq_bind_text(s, i + 1, ps->p[i].s);
	}
	return STORE_OK;
}

static int is_text(const struct field *f)
{
	return f->type == F_TEXT || f->type == F_LONGTEXT || f->type == F_EMAIL ||
	       f->type == F_DATE || f->type == F_DATETIME || f->type == F_ENUM;
}

static const struct entity *ref_entity(const struct field *f)
{
	const struct entity *t = f->ref;
	if (!t)
		abort(); /* the registry refers to an entity that does not exist */
	return t;
}

/* ---- reading rows ----------------------------------------------------- */

/* The FROM of a list: the table alone, read straight through when
 * not_indexed (see store_list), or led by its trigram index when fts. */
static void from_sql(struct buf *b, const struct entity *e, int not_indexed, int fts)
{
	if (fts)
		buf_printf(b, " FROM %s_fts CROSS JOIN %s t ON t.id = %s_fts.rowid", e->table, e->table,
			   e->table);
	else
		buf_printf(b, " FROM %s t%s", e->table, not_indexed ? " NOT INDEXED" : "");
}

static void select_sql(struct buf *b, const struct entity *e, int with_links, int not_indexed, int fts)
{
	buf_puts(b, "SELECT t.id");
	for (const struct field *f = e->fields; f->name; f++)
		if (f->type != F_REFS)
			buf_printf(b, ", t.%s", f->name);
	buf_puts(b, ", t.created_at, t.updated_at");
	int i = 0;
	for (const struct field *f = e->fields; f->name; f++, i++)
		if (f->type == F_REF)
			buf_printf(b, ", r%d.%s", i, ref_entity(f)->title_field);
	if (with_links)
		for (const struct field *f = e->fields; f->name; f++)
			if (f->type == F_REFS)
				buf_printf(b, ", (SELECT group_concat(to_id) FROM %s WHERE from_id = t.id)",
					   f->link_table);
	from_sql(b, e, not_indexed, fts);
	i = 0;
	for (const struct field *f = e->fields; f->name; f++, i++)
		if (f->type == F_REF)
			buf_printf(b, " LEFT JOIN %s r%d ON r%d.id = t.%s", ref_entity(f)->table, i, i,
				   f->name);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static struct jval *id_list(struct arena *a, const char *csv)
{
	struct jval *arr = jv_arr(a);
	if (!csv)
		return arr;
	size_t n = 1;
	for (const char *p = csv; *p; p++)
		n += *p == ',';
	long long *ids = arena_alloc_array(a, n, sizeof *ids);
	size_t k = 0;
	for (const char *p = csv; *p;) {
		char *end;
		ids[k++] = strtoll(p, &end, 10);
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p)
			break;
	}
	qsort(ids, k, sizeof *ids, cmp_ll);
	for (size_t j = 0; j < k; j++)
		jv_push(arr, jv_int(a, ids[j]));
	return arr;
}

/* Add a member to an object read_row is building. Its keys are distinct by
 * construction (the registry's field names), so jv_set's search for a
 * member to replace — a strcmp per member already there, for every
 * field of every row — is skipped. */
static void obj_add(struct jval *obj, const char *key, struct jval *v)
{
	jv_push(obj, v);
	v->key = key;
}

static struct jval *read_row(struct arena *a, sqlite3_stmt *s, const struct entity *e, int with_links)
{
	struct jval *row = jv_obj(a);
	int c = 0;
	obj_add(row, "id", jv_int(a, sqlite3_column_int64(s, c++)));
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->type == F_REFS)
			continue;
		struct jval *v;
		if (sqlite3_column_type(s, c) == SQLITE_NULL)
			v = jv_null(a);
		else if (f->type == F_BOOL)
			v = jv_bool(a, sqlite3_column_int(s, c));
		else if (f->type == F_INT || f->type == F_REF)
			v = jv_int(a, sqlite3_column_int64(s, c));
		else
			v = jv_strn(a, (const char *)sqlite3_column_text(s, c),
				    (size_t)sqlite3_column_bytes(s, c));
		obj_add(row, f->name, v);
		c++;
	}
	obj_add(row, "created_at", jv_str(a, (const char *)sqlite3_column_text(s, c++)));
	obj_add(row, "updated_at", jv_str(a, (const char *)sqlite3_column_text(s, c++)));
	struct jval *labels = jv_obj(a);
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->type != F_REF)
			continue;
		if (sqlite3_column_type(s, c) != SQLITE_NULL)
			obj_add(labels, f->name, jv_str(a, (const char *)sqlite3_column_text(s, c)));
		c++;
	}
	if (with_links) {
		for (const struct field *f = e->fields; f->name; f++) {
			if (f->type != F_REFS)
				continue;
			obj_add(row, f->name, id_list(a, (const char *)sqlite3_column_text(s, c)));
			c++;
		}
	}
	obj_add(row, "_labels", labels);
	return row;
}

/* ---- lists ------------------------------------------------------------ */

int store_search_words(const char *q)
{
	if (!q)
		return 0;
	struct buf folded = BUF_INIT;
	text_fold(&folded, q, strlen(q));
	/* Folding leaves words separated by single spaces, none at the ends. */
	int n = folded.len > 0;
	for (size_t i = 0; i < folded.len; i++)
		n += folded.data[i] == ' ';
	buf_free(&folded);
	return n;
}

/*
 * The WHERE clause of a list. Search words of three characters or more go
 * to the trigram index as one MATCH of quoted phrases (each a substring
 * match; all must match) and *fts is set; shorter words are tested on the
 * search column itself. *nwords gets the number of search words. More
 * words or filters than the limits in store.h are a caller's bug (the web
 * edge refuses them): STORE_ERROR, never a query that leaves some out.
 */
static int where_sql(struct store *st, struct buf *b, struct params *ps, struct arena *a,
		     const struct entity *e, long long org, const struct list_query *q, int *nwords,
		     int *fts)
{
	*fts = 0;
	*nwords = store_search_words(q->q);
	if (!ALWAYS(*nwords <= LIST_MAX_SEARCH_WORDS) || !ALWAYS(q->nfilters <= LIST_MAX_FILTERS)) {
		snprintf(st->err, sizeof st->err, "list: %d search words, %zu filters", *nwords, q->nfilters);
		return STORE_ERROR;
	}
	struct buf match = BUF_INIT, rest = BUF_INIT;
	struct params short_words = { 0 };
	if (*nwords) {
		struct buf folded = BUF_INIT;
		text_fold(&folded, q->q, strlen(q->q));
		char *words = arena_strdup(a, buf_str(&folded));
		buf_free(&folded);
		for (char *save = NULL, *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			if (text_utf8_length(w, strlen(w)) >= 3) {
				buf_printf(&match, "%s\"", match.len ? " " : "");
				for (const char *c = w; *c; c++) {
					if (*c == '"')
						buf_putc(&match, '"');
					buf_putc(&match, *c);
				}
				buf_putc(&match, '"');
			} else {
				buf_puts(&rest, " AND contains(t.search, ?)");
				param_text(&short_words, w);
			}
		}
	}
	if (match.len) {
		*fts = 1;
		buf_printf(b, " WHERE %s_fts MATCH ? AND t.org_id = ?", e->table);
		param_text(ps, arena_strdup(a, buf_str(&match)));
	} else {
		buf_puts(b, " WHERE t.org_id = ?");
	}
	param_int(ps, org);
	buf_puts(b, buf_str(&rest));
	for (int i = 0; i < short_words.n; i++)
		param_text(ps, short_words.p[i].s);
	buf_free(&match);
	buf_free(&rest);
	for (size_t i = 0; i < q->nfilters; i++) {
		const struct field *f = q->filters[i].f;
		const char *v = q->filters[i].value;
		int empty = !v || !*v;
		if (f->type == F_REFS) {
			if (empty) {
				buf_printf(b, " AND NOT EXISTS (SELECT 1 FROM %s l WHERE l.from_id = t.id)",
					   f->link_table);
			} else {
				/* From the link's to_id index: a correlated
				 * EXISTS probed every row of the table (70 ms
				 * for a control's 433 measures among 60,000). */
				buf_printf(b, " AND t.id IN (SELECT l.from_id FROM %s l WHERE l.to_id = ?)",
					   f->link_table);
				param_int(ps, strtoll(v, NULL, 10));
			}
		} else if (empty) {
			if (is_text(f))
				buf_printf(b, " AND (t.%s IS NULL OR t.%s = '')", f->name, f->name);
			else
				buf_printf(b, " AND t.%s IS NULL", f->name);
		} else if (f->type == F_INT || f->type == F_REF) {
			buf_printf(b, " AND t.%s = ?", f->name);
			param_int(ps, strtoll(v, NULL, 10));
		} else if (f->type == F_BOOL) {
			buf_printf(b, " AND t.%s = ?", f->name);
			param_int(ps, strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
		} else {
			buf_printf(b, " AND t.%s = ?", f->name);
			param_text(ps, v);
		}
	}
	if (q->restricted) {
		/* Field names come from the registry, never from a request. A
		 * record that belongs to another is read through it. */
		const struct entity *oe = e;
		const char *o = "t";
		if (q->via_entity) {
			const struct field *vf = entity_field(e, q->via_field);
			if (!ALWAYS(vf && vf->type == F_REF)) {
				buf_puts(b, " AND 0");
				return STORE_OK;
			}
			oe = q->via_entity;
			o = "v";
			buf_printf(b, " AND EXISTS (SELECT 1 FROM %s v WHERE v.id = t.%s", oe->table, vf->name);
		}
		buf_puts(b, " AND (0");
		for (size_t i = 0; i < q->nown && i < 4; i++) {
			const struct field *f = entity_field(oe, q->own[i]);
			if (f && f->type == F_REFS && f->link_table) {
				/* A list of people (a session's attendees). */
				buf_printf(b, " OR EXISTS (SELECT 1 FROM %s l WHERE l.from_id = %s.id AND l.to_id = ?)",
					   f->link_table, o);
				param_int(ps, q->person);
				continue;
			}
			if (!ALWAYS(f && f->type == F_REF))
				continue;
			buf_printf(b, " OR %s.%s = ?", o, f->name);
			param_int(ps, q->person);
		}
		for (size_t i = 0; i < q->nflag && i < 4; i++) {
			const struct field *f = entity_field(oe, q->flag[i]);
			if (ALWAYS(f && f->type == F_BOOL))
				buf_printf(b, " OR %s.%s != 0", o, f->name);
		}
		buf_puts(b, q->via_entity ? "))" : ")");
	}
	return STORE_OK;
}

static void order_sql(struct buf *b, const struct entity *e, const struct list_query *q)
{
	const struct field *f = q->sort;
	if (!f)
		f = entity_field(e, e->default_sort ? e->default_sort : e->title_field);
	const char *dir = q->desc ? "DESC" : "ASC";
	struct buf expr = BUF_INIT;
	if (f->type == F_REF) {
		int i = 0;
		for (const struct field *g = e->fields; g != f; g++)
			i++;
		buf_printf(&expr, "r%d.%s COLLATE sv", i, ref_entity(f)->title_field);
	} else if (f->type == F_TEXT || f->type == F_LONGTEXT || f->type == F_EMAIL) {
		buf_printf(&expr, "t.%s COLLATE sv", f->name);
	} else {
		buf_printf(&expr, "t.%s", f->name);
	}
	buf_puts(b, " ORDER BY ");
	/* Empty values last in either direction; a required column is never
	 * empty, and leaving the test out lets SQLite walk the sort index. */
	if (!f->required || f->type == F_REF)
		buf_printf(b, "(%s IS NULL), ", buf_str(&expr));
	buf_printf(b, "%s %s, t.id %s", buf_str(&expr), dir, dir);
	buf_free(&expr);
}

static int cached_count(struct store *st, const struct entity *e, long long org, const char *sql,
			const struct params *ps, long long *n);
static int count_all(struct store *st, const struct entity *e, long long org, long long *n);

/* The SELECT of a page's ids: FROM, the join the order needs, WHERE,
 * ORDER BY, LIMIT/OFFSET. */
static void page_ids_sql(struct buf *sql, const struct entity *e, const struct list_query *q,
			 const char *where, int scan, int fts)
{
	buf_puts(sql, "SELECT t.id");
	from_sql(sql, e, scan, fts);
	const struct field *sf = q->sort ? q->sort
			       : entity_field(e, e->default_sort ? e->default_sort : e->title_field);
	if (sf->type == F_REF) {
		int i = 0;
		for (const struct field *g = e->fields; g != sf; g++)
			i++;
		buf_printf(sql, " LEFT JOIN %s r%d ON r%d.id = t.%s", ref_entity(sf)->table, i, i, sf->name);
	}
	buf_puts(sql, where);
	order_sql(sql, e, q);
	buf_puts(sql, " LIMIT ? OFFSET ?");
}

/* Step the list query sql: each row read into a and pushed to rows, or,
 * with fn, handed to fn and forgotten (a reset after each; a non-zero
 * return from fn stops and is returned). */
static int read_rows(struct store *st, struct arena *a, const struct entity *e, const char *sql,
		     const struct params *ps, int with_links, struct jval *rows, store_row_fn fn, void *ctx)
{
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return STORE_ERROR;
	int rc = bind_params(st, s, ps);
	if (rc)
		return rc;
	int step = SQLITE_DONE;
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct jval *row = read_row(a, s, e, with_links);
		if (!fn) {
			jv_push(rows, row);
			continue;
		}
		rc = fn(ctx, row);
		arena_reset(a);
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_fail(st, "list");
	sqlite3_reset(s);
	return rc;
}

/*
 * How a list is read depends on what it asks:
 *
 * - No search, no filter: the total comes from the count cache and the page
 *   from walking the sort index (LIMIT stops it after a page).
 * - A search: words of three characters or more are found through the
 *   trigram index (see where_sql); when there are only shorter ones, every
 *   row is tested, and with few matches the table is read straight through
 *   (NOT INDEXED: reaching every row through the title index and a table
 *   lookup is several times slower), with many the title index reaches a
 *   page's rows long before the end.
 * - A search or filter leaves SQLite sorting every match. Read in one query,
 *   each match would first be joined to the records it refers to; so the
 *   page's ids are picked first (joining only what the order needs) and
 *   those rows read in full.
 */
int store_list(struct store *st, struct arena *a, const struct entity *e, long long org,
	       const struct list_query *q, struct jval **rows, long long *total)
{
	struct buf sql = BUF_INIT, where = BUF_INIT, ids = BUF_INIT;
	struct params ps = { 0 };
	int fts, words;
	*rows = jv_arr(a);
	int rc = where_sql(st, &where, &ps, a, e, org, q, &words, &fts);
	if (rc)
		goto out;
	int plain = !words && !q->nfilters && !q->restricted;
	int scan = words > 0 && !fts && q->nfilters == 0;
	long long page = q->page > 0 ? q->page : 1;

	if (total && plain) {
		rc = count_all(st, e, org, total);
	} else if (total) {
		buf_puts(&sql, "SELECT count(*)");
		from_sql(&sql, e, scan, fts);
		buf_puts(&sql, buf_str(&where));
		rc = cached_count(st, e, org, buf_str(&sql), &ps, total);
		buf_reset(&sql);
	}
	if (rc)
		goto out;
	if (scan && (!total || *total >= 8 * page * q->limit))
		scan = 0;

	if (plain || q->limit <= 0) {
		select_sql(&sql, e, q->with_links, scan, fts);
		buf_puts(&sql, buf_str(&where));
		order_sql(&sql, e, q);
		if (q->limit > 0) {
			buf_puts(&sql, " LIMIT ? OFFSET ?");
			param_int(&ps, q->limit);
			param_int(&ps, (page - 1) * q->limit);
		}
		rc = read_rows(st, a, e, buf_str(&sql), &ps, q->with_links, *rows, NULL, NULL);
		goto out;
	}

	page_ids_sql(&sql, e, q, buf_str(&where), scan, fts);
	param_int(&ps, q->limit);
	param_int(&ps, (page - 1) * q->limit);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	if (!s) {
		rc = STORE_ERROR;
		goto out;
	}
	if ((rc = bind_params(st, s, &ps)) != STORE_OK)
		goto out;
	int step, n = 0;
	buf_putc(&ids, '[');
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++)
			buf_putc(&ids, ',');
		buf_put_ll(&ids, sqlite3_column_int64(s, 0));
	}
	buf_putc(&ids, ']');
	rc = step == SQLITE_DONE ? STORE_OK : sq_fail(st, "list");
	sqlite3_reset(s);
	if (rc || n == 0)
		goto out;
	buf_reset(&sql);
	select_sql(&sql, e, q->with_links, 0, 0);
	buf_puts(&sql, " WHERE t.id IN (SELECT value FROM json_each(?))");
	order_sql(&sql, e, q);
	struct params one = { 0 };
	param_text(&one, buf_str(&ids));
	rc = read_rows(st, a, e, buf_str(&sql), &one, q->with_links, *rows, NULL, NULL);
out:
	buf_free(&sql);
	buf_free(&where);
	buf_free(&ids);
	return rc;
}

int store_list_each(struct store *st, const struct entity *e, long long org,
		    const struct list_query *q, store_row_fn fn, void *ctx)
{
	struct arena *a = arena_new(), *row_arena = arena_new();
	struct buf sql = BUF_INIT, where = BUF_INIT;
	struct params ps = { 0 };
	int fts, words;
	int rc = where_sql(st, &where, &ps, a, e, org, q, &words, &fts);
	if (!rc) {
		select_sql(&sql, e, q->with_links, 0, fts);
		buf_puts(&sql, buf_str(&where));
		order_sql(&sql, e, q);
		rc = read_rows(st, row_arena, e, buf_str(&sql), &ps, q->with_links, NULL, fn, ctx);
	}
	buf_free(&sql);
	buf_free(&where);
	arena_free(row_arena);
	arena_free(a);
	return rc;
}

/* ---- one record ------------------------------------------------------- */

/* Step s (columns id, label) to the end, pushing { "id", "label" } to out. */
static int id_labels(struct store *st, struct arena *a, sqlite3_stmt *s, struct jval *out,
		     const char *what)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct jval *o = jv_push(out, jv_obj(a));
		jv_set(o, "id", jv_int(a, sqlite3_column_int64(s, 0)));
		jv_set(o, "label", jv_str(a, (const char *)sqlite3_column_text(s, 1)));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, what);
}

static int load_link_labels(struct store *st, struct arena *a, const struct field *f,
			    long long id, struct jval **out)
{
	const struct entity *t = ref_entity(f);
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT r.id, r.%s FROM %s l JOIN %s r ON r.id = l.to_id"
			 " WHERE l.from_id = ? ORDER BY r.%s COLLATE sv, r.id",
		   t->title_field, f->link_table, t->table, t->title_field);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	*out = jv_arr(a);
	return id_labels(st, a, s, *out, "links");
}

int store_get(struct store *st, struct arena *a, const struct entity *e, long long org,
	      long long id, struct jval **row)
{
	struct buf sql = BUF_INIT;
	select_sql(&sql, e, 1, 0, 0);
	buf_puts(&sql, " WHERE t.org_id = ? AND t.id = ?");
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		int code = rc == SQLITE_DONE ? STORE_NOTFOUND : sq_fail(st, "get");
		sqlite3_reset(s);
		return code;
	}
	*row = read_row(a, s, e, 1);
	sqlite3_reset(s);
	struct jval *labels = jv_get(*row, "_labels");
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->type != F_REFS)
			continue;
		struct jval *arr;
		int code = load_link_labels(st, a, f, id, &arr);
		if (code)
			return code;
		jv_set(labels, f->name, arr);
	}
	return STORE_OK;
}

int store_exists(struct store *st, const struct entity *e, long long org, long long id)
{
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT 1 FROM %s WHERE org_id = ? AND id = ?", e->table);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, id);
	int found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

/*
 * Counting every record of a large table costs milliseconds (SQLite walks
 * a whole index: 50,000 people take about 2 ms), and the overview and every
 * list page's filters ask for several counts on each request. So counts are
 * kept per connection under the generation of the table they count
 * (store/derived.h: it moves with every committed change of that table,
 * from any connection), so a change to another table — or a login, which
 * changes none — leaves them valid. Inside a transaction the cache is not
 * used, so what it holds was always committed. The generation is read
 * before the count, so a count is never older than its key.
 */
static int counts_usable(struct store *st, const struct entity *e, long long org, long long *gen)
{
	if (!sqlite3_get_autocommit(st->db))
		return 0;
	const char *names[1] = { e->name };
	return store_generations(st, org, names, 1, gen) == STORE_OK;
}

/* The number of records of e in org into *n; STORE_OK or an error. */
static int count_all(struct store *st, const struct entity *e, long long org, long long *n)
{
	struct buf sql = BUF_INIT;
	struct params ps = { 0 };
	buf_printf(&sql, "SELECT count(*) FROM %s WHERE org_id = ?", e->table);
	param_int(&ps, org);
	int rc = cached_count(st, e, org, buf_str(&sql), &ps, n);
	buf_free(&sql);
	return rc;
}

/* Run a count query of records of e, or take its answer from the cache
 * (see counts_usable): the totals of lists, searches included, while the
 * table is unchanged. */
static int cached_count(struct store *st, const struct entity *e, long long org, const char *sql,
			const struct params *ps, long long *n)
{
	struct count_cache *c = &st->counts;
	long long gen = 0;
	int usable = counts_usable(st, e, org, &gen);
	struct buf key = BUF_INIT;
	buf_put_ll(&key, gen);
	buf_putc(&key, '\x1f');
	buf_puts(&key, sql);
	for (int i = 0; i < ps->n; i++) {
		buf_putc(&key, '\x1f');
		if (ps->p[i].is_int)
			buf_put_ll(&key, ps->p[i].i);
		else
			buf_printf(&key, "'%s", ps->p[i].s ? ps->p[i].s : "");
	}
	if (usable)
		for (int i = 0; i < c->n; i++)
			if (strcmp(c->items[i].key, buf_str(&key)) == 0) {
				*n = c->items[i].count;
				buf_free(&key);
				return STORE_OK;
			}
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s || bind_params(st, s, ps) != STORE_OK) {
		buf_free(&key);
		return STORE_ERROR;
	}
	int rc = sqlite3_step(s) == SQLITE_ROW ? STORE_OK : sq_fail(st, "count");
	if (rc == STORE_OK)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == STORE_OK && usable) {
		int slot = c->n < COUNT_CACHE_SIZE ? c->n++ : c->next++ % COUNT_CACHE_SIZE;
		free(c->items[slot].key);
		c->items[slot].key = buf_detach(&key);
		c->items[slot].count = *n;
	}
	buf_free(&key);
	return rc;
}

long long store_count(struct store *st, const struct entity *e, long long org)
{
	long long n;
	return count_all(st, e, org, &n) == STORE_OK ? n : 0;
}

/* ---- writing ---------------------------------------------------------- */

static void bind_value(sqlite3_stmt *s, int i, const struct field *f, const struct jval *v)
{
	if (!v || v->type == J_NULL) {
		sqlite3_bind_null(s, i);
	} else if (f->type == F_BOOL) {
		sqlite3_bind_int(s, i, jv_truthy(v));
	} else if (v->type == J_INT) {
		sqlite3_bind_int64(s, i, v->i);
	} else if (v->type == J_STR) {
		if (v->len == 0)
			sqlite3_bind_null(s, i);
		else
			sqlite3_bind_text(s, i, v->s, (int)v->len, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(s, i);
	}
}

/* The folded text of the searchable fields, space-separated. */
static void search_text(struct buf *out, const struct entity *e, const struct jval *rec)
{
	struct buf raw = BUF_INIT;
	for (const struct field *f = e->fields; f->name; f++) {
		const char *v = f->search ? jv_get_str(rec, f->name) : NULL;
		if (v) {
			buf_puts(&raw, v);
			buf_putc(&raw, ' ');
		}
	}
	text_fold(out, buf_str(&raw), raw.len);
	buf_free(&raw);
}

/* Remove every link of field f from record id. */
static int delete_links(struct store *st, const struct field *f, long long id)
{
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "DELETE FROM %s WHERE from_id = ?", f->link_table);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return sq_exec_stmt(st, s, "links");
}

static int write_links(struct store *st, const struct entity *e, long long id, const struct jval *rec,
		       int replace)
{
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->type != F_REFS)
			continue;
		const struct jval *arr = jv_get(rec, f->name);
		if (!arr)
			continue;
		if (replace) {
			int rc = delete_links(st, f, id);
			if (rc)
				return rc;
		}
		struct buf sql = BUF_INIT;
		buf_printf(&sql, "INSERT OR IGNORE INTO %s (from_id, to_id) VALUES (?, ?)", f->link_table);
		sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
		buf_free(&sql);
		if (!s)
			return STORE_ERROR;
		if (arr->type != J_ARR)
			continue;
		for (const struct jval *m = arr->first; m; m = m->next) {
			sqlite3_reset(s);
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, m->i);
			int rc = sq_exec_stmt(st, s, "links");
			if (rc)
				return rc;
		}
	}
	return STORE_OK;
}

int store_insert(struct store *st, const struct entity *e, long long org, const struct jval *rec,
		 long long *id)
{
	struct buf sql = BUF_INIT, search = BUF_INIT;
	buf_printf(&sql, "INSERT INTO %s (org_id", e->table);
	int n = 0;
	for (const struct field *f = e->fields; f->name; f++)
		if (f->type != F_REFS) {
			buf_printf(&sql, ", %s", f->name);
			n++;
		}
	buf_puts(&sql, ", created_at, updated_at, search) VALUES (?");
	for (int i = 0; i < n + 3; i++)
		buf_puts(&sql, ", ?");
	buf_putc(&sql, ')');
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	int i = 1;
	sqlite3_bind_int64(s, i++, org);
	for (const struct field *f = e->fields; f->name; f++)
		if (f->type != F_REFS)
			bind_value(s, i++, f, jv_get(rec, f->name));
	sqlite3_bind_text(s, i++, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, i++, now, -1, SQLITE_TRANSIENT);
	search_text(&search, e, rec);
	sqlite3_bind_text(s, i++, buf_str(&search), (int)search.len, SQLITE_TRANSIENT);
	buf_free(&search);
	int rc = sq_exec_stmt(st, s, "insert");
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(st->db);
	rc = write_links(st, e, *id, rec, 0);
	/* Every write moves its table's generation (caches keyed by it). */
	return rc ? rc : store_generation_bump(st, org, e->name);
}

int store_update(struct store *st, const struct entity *e, long long org, long long id,
		 const struct jval *rec)
{
	struct buf sql = BUF_INIT, search = BUF_INIT;
	buf_printf(&sql, "UPDATE %s SET ", e->table);
	for (const struct field *f = e->fields; f->name; f++)
		if (f->type != F_REFS && jv_get(rec, f->name))
			buf_printf(&sql, "%s = ?, ", f->name);
	buf_puts(&sql, "updated_at = ?, search = ? WHERE org_id = ? AND id = ?");
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	char now[CLOCK_ISO_LEN];
	clock_now_iso(now);
	int i = 1;
	for (const struct field *f = e->fields; f->name; f++) {
		const struct jval *v = jv_get(rec, f->name);
		if (f->type != F_REFS && v)
			bind_value(s, i++, f, v);
	}
	sqlite3_bind_text(s, i++, now, -1, SQLITE_TRANSIENT);
	search_text(&search, e, rec);
	sqlite3_bind_text(s, i++, buf_str(&search), (int)search.len, SQLITE_TRANSIENT);
	buf_free(&search);
	sqlite3_bind_int64(s, i++, org);
	sqlite3_bind_int64(s, i++, id);
	int rc = sq_exec_stmt(st, s, "update");
	if (rc)
		return rc;
	if (sqlite3_changes(st->db) == 0)
		return STORE_NOTFOUND;
	/* The search column above holds only the fields in rec; when rec
	 * leaves a searchable field alone, fold the stored values again. */
	int partial = 0;
	for (const struct field *f = e->fields; f->name; f++)
		partial |= f->search && !jv_get(rec, f->name);
	if (partial) {
		buf_printf(&sql, "UPDATE %s SET search = coalesce(fold(''", e->table);
		for (const struct field *f = e->fields; f->name; f++)
			if (f->search)
				buf_printf(&sql, " || coalesce(%s || ' ', '')", f->name);
		buf_puts(&sql, "), '') WHERE org_id = ? AND id = ?");
		s = sq_prepare(st, buf_str(&sql));
		buf_free(&sql);
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, org);
		sqlite3_bind_int64(s, 2, id);
		rc = sq_exec_stmt(st, s, "update");
		if (rc)
			return rc;
	}
	rc = write_links(st, e, id, rec, 1);
	return rc ? rc : store_generation_bump(st, org, e->name);
}

int store_delete(struct store *st, const struct entity *e, long long org, long long id)
{
	struct buf sql = BUF_INIT;
	if (!store_exists(st, e, org, id))
		return STORE_NOTFOUND;
	for (const struct field *f = e->fields; f->name; f++) {
		if (f->type != F_REFS)
			continue;
		int rc = delete_links(st, f, id);
		if (rc)
			return rc;
	}
	buf_printf(&sql, "DELETE FROM %s WHERE org_id = ? AND id = ?", e->table);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, id);
	int rc = sq_exec_stmt(st, s, "delete");
	return rc ? rc : store_generation_bump(st, org, e->name);
}

long long store_value_taken(struct store *st, const struct entity *e, long long org,
			    const struct field *f, const char *value, long long except_id)
{
	struct buf sql = BUF_INIT;
	/* COLLATE sv: the names' indexes are in that collation (and its
	 * equality is the bytes' own, text.h text_collate_sv). */
	buf_printf(&sql, "SELECT id FROM %s WHERE org_id = ? AND %s = ? COLLATE sv AND id != ? LIMIT 1", e->table,
		   f->name);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, except_id);
	long long taken = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return taken;
}

/* ---- references ------------------------------------------------------- */

static long long count_query(struct store *st, const char *sql, long long a1, long long a2, int two)
{
	sqlite3_stmt *s = sq_prepare(st, sql);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, a1);
	if (two)
		sqlite3_bind_int64(s, 2, a2);
	long long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

static int refers_to(const struct field *f, const struct entity *e)
{
	return (f->type == F_REF || f->type == F_REFS) && f->ref == e;
}

int store_references(struct store *st, struct arena *a, const struct entity *e, long long org,
		     long long id, struct store_refs **refs, size_t *n)
{
	/* Room for every field that can refer to e, and a role held on it:
	 * the registry says how many, so none is ever left out. */
	size_t cap = 1;
	for (size_t i = 0; entity_all[i]; i++)
		for (const struct field *f = entity_all[i]->fields; f->name; f++)
			cap += refers_to(f, e);
	*refs = arena_alloc_array(a, cap, sizeof **refs);
	*n = 0;
	struct buf sql = BUF_INIT;
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity *other = entity_all[i];
		for (const struct field *f = other->fields; f->name; f++) {
			if (!refers_to(f, e))
				continue;
			buf_reset(&sql);
			long long count;
			if (f->type == F_REF) {
				buf_printf(&sql, "SELECT count(*) FROM %s WHERE org_id = ? AND %s = ?",
					   other->table, f->name);
				count = count_query(st, buf_str(&sql), org, id, 1);
			} else {
				buf_printf(&sql, "SELECT count(*) FROM %s WHERE to_id = ?", f->link_table);
				count = count_query(st, buf_str(&sql), id, 0, 0);
			}
			if (count < 0) {
				buf_free(&sql);
				return STORE_ERROR;
			}
			if (count > 0)
				(*refs)[(*n)++] = (struct store_refs){ other, f, count };
		}
	}
	buf_free(&sql);
	/* A role held on this very record. */
	const struct entity *ra = &entity_role_assignments;
	sqlite3_stmt *s = sq_prepare(st, "SELECT count(*) FROM role_assignments"
					 " WHERE org_id = ? AND record_entity = ? AND record_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_text(s, 2, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		int rc = sq_fail(st, "references");
		sqlite3_reset(s);
		return rc;
	}
	long long count = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (count > 0)
		(*refs)[(*n)++] = (struct store_refs){ ra, entity_field(ra, "record_id"), count };
	return STORE_OK;
}

/* ---- lookups by name ------------------------------------------------- */

static int parse_id(const char *text, long long *id)
{
	const char *p = text;
	if (*p == '#')
		p++;
	if (!*p)
		return 0;
	long long v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 1000000000000000LL)
			return 0;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return 1;
}

int store_resolve(struct store *st, const struct entity *e, long long org, const char *text,
		  long long *ids, size_t max, size_t *n)
{
	*n = 0;
	long long id;
	if (parse_id(text, &id)) {
		if (store_exists(st, e, org, id)) {
			if (max)
				ids[0] = id;
			*n = 1;
		}
		return STORE_OK;
	}
	struct buf sql = BUF_INIT, folded = BUF_INIT;
	text_fold(&folded, text, strlen(text));
	/* An e-mail address is looked up on its own, through the index
	 * (addresses are stored in lower case); a name by its folded form. */
	int by_email = entity_field(e, "email") != NULL && strchr(text, '@');
	if (by_email)
		buf_printf(&sql, "SELECT id FROM %s WHERE org_id = ? AND email = lower(?) ORDER BY id LIMIT 1000",
			   e->table);
	else
		buf_printf(&sql, "SELECT id FROM %s WHERE org_id = ? AND fold(%s) = ? ORDER BY id LIMIT 1000",
			   e->table, e->title_field);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s) {
		buf_free(&folded);
		return STORE_ERROR;
	}
	sqlite3_bind_int64(s, 1, org);
	if (by_email)
		sqlite3_bind_text(s, 2, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_text(s, 2, buf_str(&folded), -1, SQLITE_TRANSIENT);
	buf_free(&folded);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n < max)
			ids[*n] = sqlite3_column_int64(s, 0);
		(*n)++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? STORE_OK : sq_fail(st, "resolve");
}

int store_choices(struct store *st, struct arena *a, const struct entity *e, long long org,
		  long long limit, struct jval **choices, long long *total)
{
	*total = store_count(st, e, org);
	*choices = jv_arr(a);
	if (*total > limit)
		return STORE_OK; /* too many to choose from: the caller asks for text */
	struct buf sql = BUF_INIT;
	/* By name, or by a number that orders them (severity levels). */
	const struct field *order = e->default_sort ? entity_field(e, e->default_sort) : NULL;
	if (order && order->type == F_INT)
		buf_printf(&sql, "SELECT id, %s FROM %s WHERE org_id = ? ORDER BY %s, id LIMIT ?", e->title_field, e->table,
			   order->name);
	else
		buf_printf(&sql, "SELECT id, %s FROM %s WHERE org_id = ? ORDER BY %s COLLATE sv, id LIMIT ?",
			   e->title_field, e->table, e->title_field);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, limit);
	return id_labels(st, a, s, *choices, "choices");
}

const char *store_title(struct store *st, struct arena *a, const struct entity *e, long long org,
			long long id)
{
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT %s FROM %s WHERE org_id = ? AND id = ?", e->title_field, e->table);
	sqlite3_stmt *s = sq_prepare(st, buf_str(&sql));
	buf_free(&sql);
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, id);
	const char *t = sqlite3_step(s) == SQLITE_ROW ? sq_col_text(a, s, 0) : NULL;
	sqlite3_reset(s);
	return t;
}

/* ---- units ------------------------------------------------------------ */

int store_unit_chain(struct store *st, struct arena *a, long long org, long long unit,
		     long long **chain, size_t *n)
{
	*chain = arena_alloc_array(a, UNIT_MAX_DEPTH, sizeof **chain);
	*n = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT parent_id FROM units WHERE org_id = ? AND id = ?");
	if (!s)
		return STORE_ERROR;
	int rc = STORE_OK;
	while (unit) {
		for (size_t i = 0; i < *n; i++)
			if ((*chain)[i] == unit)
				goto out; /* a cycle: stop */
		/* Deeper than units may be placed (units_validate refuses it):
		 * the chain would be cut, and with it a scope or a cycle check. */
		if (!ALWAYS(*n < UNIT_MAX_DEPTH)) {
			snprintf(st->err, sizeof st->err, "unit %lld: more than %d levels", unit, UNIT_MAX_DEPTH);
			rc = STORE_ERROR;
			goto out;
		}
		(*chain)[(*n)++] = unit;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, org);
		sqlite3_bind_int64(s, 2, unit);
		int step = sqlite3_step(s);
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			rc = sq_fail(st, "unit chain");
			goto out;
		}
		unit = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	}
out:
	sqlite3_reset(s); /* else it holds a read transaction open */
	return rc;
}

int store_unit_height(struct store *st, long long org, long long unit, int *height)
{
	/* Walked no deeper than the limit (and so through a cycle, should
	 * one exist, only that far). */
	sqlite3_stmt *s = sq_prepare(st, "WITH RECURSIVE below(id, d) AS (SELECT ?2, 0"
					 " UNION ALL SELECT u.id, below.d + 1 FROM units u JOIN below"
					 " ON u.parent_id = below.id WHERE u.org_id = ?1 AND below.d < ?3)"
					 " SELECT max(d) FROM below");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, org);
	sqlite3_bind_int64(s, 2, unit);
	sqlite3_bind_int(s, 3, UNIT_MAX_DEPTH);
	int rc = sqlite3_step(s) == SQLITE_ROW ? STORE_OK : sq_fail(st, "unit height");
	if (rc == STORE_OK)
		*height = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc;
}

int store_unit_is_within(struct store *st, long long org, long long unit, long long ancestor)
{
	struct arena *a = arena_new();
	long long *chain;
	size_t n;
	int within = 0;
	if (store_unit_chain(st, a, org, unit, &chain, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++)
			if (chain[i] == ancestor)
				within = 1;
	arena_free(a);
	return within;
}
