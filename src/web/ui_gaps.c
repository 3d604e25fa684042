/*
 * ui_gaps.c: the gap list — the web page (/gaps), its CSV and XLSX exports
 * (/gaps.csv, /gaps.xlsx) and the API (GET /api/v1/gaps), all filtered,
 * sorted and paged the same way, from the rows kept per change
 * (store/derived.h). Every gap shown is about a record of an entity the
 * reader may read; names of other records (the agreement, the process,
 * the person expected to act) only when the reader may read those too.
 */
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "io/xlsx.h"
#include "model/gaps.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

#define GAPS_PAGE 50

/* The k-th entity gaps are about (in the order of the kinds), or NULL
 * past the last: the filter's choices and what ?entity= accepts. */
static const char *gap_entity(size_t k)
{
	for (int kind = 0; kind < GAP_KIND_COUNT; kind++) {
		const char *e = gap_kind_entity((enum gap_kind)kind);
		int seen = 0;
		for (int before = 0; before < kind && !seen; before++)
			seen = strcmp(gap_kind_entity((enum gap_kind)before), e) == 0;
		if (!seen && k-- == 0)
			return e;
	}
	return NULL;
}

static const char *const sort_codes[] = { [GAP_SORT_KIND] = "kind", [GAP_SORT_NAME] = "name",
					  [GAP_SORT_SINCE] = "since", [GAP_SORT_DUE] = "due" };

/* A positive id from the query, 0 when absent, -1 when malformed. */
static long long query_id(struct request *r, const char *name)
{
	return recview_query_id(r, name);
}

/* The gap query of the request: kind, entity, unit_id, person_id, sort,
 * page, limit. 0, or -1 with errs filled. */
static int gap_query_parse(struct request *r, struct gap_query *q, char *today, struct verrors *errs)
{
	memset(q, 0, sizeof *q);
	q->kind = -1;
	q->page = 1;
	q->limit = GAPS_PAGE;
	clock_today(today);
	q->today = today;
	q->readable = page_readable(r);
	const char *kind = req_query(r, "kind");
	if (kind && *kind && (q->kind = gap_kind_from_code(kind)) < 0)
		verr_add(errs, "kind", T(r, "There is no such kind of gap."));
	const char *entity = req_query(r, "entity");
	if (entity && *entity) {
		for (size_t i = 0; gap_entity(i) && !q->entity; i++)
			if (strcmp(gap_entity(i), entity) == 0)
				q->entity = gap_entity(i);
		if (!q->entity)
			verr_add(errs, "entity", T(r, "Gaps are not kept for that kind of record."));
	}
	q->unit_id = query_id(r, "unit_id");
	if (q->unit_id < 0 || (q->unit_id && !store_exists(r->st, &entity_units, r->org_id, q->unit_id)))
		verr_add(errs, "unit_id", T(r, "There is no such unit."));
	const char *person = req_query(r, "person_id");
	int no_one = person && strcmp(person, "none") == 0;
	q->person_id = no_one ? 0 : query_id(r, "person_id");
	/* Someone who may not read people may still ask for their own. */
	struct rctx c = page_rctx(r);
	const struct entity *pe = &entity_people;
	if (q->person_id < 0 ||
	    (q->person_id > 0 && q->person_id != r->actor.person_id &&
	     (!record_allows(&c, pe, A_READ, NULL) || !store_exists(r->st, pe, r->org_id, q->person_id))))
		verr_add(errs, "person_id", T(r, "There is no such person."));
	if (no_one)
		q->person_id = GAP_NO_PERSON;
	const char *sort = req_query(r, "sort");
	if (sort && *sort) {
		q->desc = *sort == '-';
		const char *name = sort + q->desc;
		int found = -1;
		for (int i = 0; i < (int)(sizeof sort_codes / sizeof *sort_codes); i++)
			if (strcmp(sort_codes[i], name) == 0)
				found = i;
		if (found < 0)
			verr_add(errs, "sort", T(r, "The list cannot be sorted on that."));
		else
			q->sort = (enum gap_sort)found;
	}
	const char *page = req_query(r, "page");
	if (page && (q->page = recview_query_id(r, "page")) <= 0) {
		verr_add(errs, "page", T(r, "The page must be a whole number of at least 1."));
		q->page = 1;
	}
	const char *limit = req_query(r, "limit");
	if (limit && ((q->limit = recview_query_id(r, "limit")) <= 0 || q->limit > LIST_MAX_LIMIT)) {
		verr_add(errs, "limit", arena_printf(r->a, T(r, "The limit must be a whole number from 1 to %d."),
						     LIST_MAX_LIMIT));
		q->limit = GAPS_PAGE;
	}
	return errs->n ? -1 : 0;
}

/* The query string of q with one parameter replaced (value NULL: left out),
 * for links that keep the other filters. */
static const char *gap_href(struct request *r, const char *path, const struct gap_query *q, const char *name,
			    const char *value)
{
	struct arena *a = r->a;
	struct buf b = BUF_INIT;
	const char *kind = q->kind >= 0 ? gap_kind_code((enum gap_kind)q->kind) : NULL;
	const char *sort = q->sort != GAP_SORT_KIND || q->desc
				   ? arena_printf(a, "%s%s", q->desc ? "-" : "", sort_codes[q->sort])
				   : NULL;
	const char *unit = q->unit_id ? arena_printf(a, "%lld", q->unit_id) : NULL;
	const char *person = q->person_id == GAP_NO_PERSON ? "none"
			     : q->person_id ? arena_printf(a, "%lld", q->person_id) : NULL;
	const struct {
		const char *name, *value;
	} params[] = { { "kind", kind }, { "entity", q->entity }, { "unit_id", unit }, { "person_id", person },
		       { "sort", sort } };
	for (size_t i = 0; i < sizeof params / sizeof *params; i++) {
		const char *v = strcmp(params[i].name, name) == 0 ? value : params[i].value;
		if (v && *v)
			buf_printf(&b, "%c%s=%s", b.len ? '&' : '?', params[i].name, recview_urlencode(a, v));
	}
	if (strcmp(name, "page") == 0 && value)
		buf_printf(&b, "%cpage=%s", b.len ? '&' : '?', value);
	const char *out = arena_printf(a, "%s%s", path, buf_str(&b));
	buf_free(&b);
	return out;
}

/* Where a gap leads: its record (the organisation's own: the list). */
static const char *gap_target(struct request *r, const struct gap_item *g)
{
	const struct entity *e = entity_find(g->entity);
	if (!e)
		return "/";
	return g->id ? recview_href(r, e, g->id) : arena_printf(r->a, "/%s", e->name);
}

struct jval *gap_item_ctx(struct request *r, const struct gap_item *g)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "message", gaps_message(a, r->lang, g));
	jv_set_str(a, o, "href", gap_target(r, g));
	jv_set_str(a, o, "kind", gaps_kind_label(r->lang, g->kind));
	if (g->unit_name)
		jv_set_str(a, o, "unit", g->unit_name);
	if (g->person_name) {
		jv_set_str(a, o, "person", g->person_name);
		jv_set_str(a, o, "person_href", arena_printf(a, "/gaps?person_id=%lld", g->person_id));
	}
	jv_set_str(a, o, "since", g->since ? arena_strndup(a, g->since, 10) : "");
	return o;
}

/* The filter form's choices into ctx, q's selected: kinds (with their
 * counts), kinds of record, units, and who is expected to act. */
static void gap_filters_ctx(struct request *r, struct jval *ctx, const struct gap_query *q,
			    const long long counts[GAP_KIND_COUNT])
{
	struct arena *a = r->a;
	struct jval *kinds = jv_set(ctx, "kinds", jv_arr(a));
	struct jval *o = jv_push(kinds, jv_obj(a));
	jv_set_str(a, o, "value", "");
	jv_set_str(a, o, "label", T(r, "All kinds"));
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		if (!counts[k] && k != q->kind)
			continue;
		o = jv_push(kinds, jv_obj(a));
		jv_set_str(a, o, "value", gap_kind_code((enum gap_kind)k));
		jv_set_str(a, o, "label", arena_printf(a, "%s (%lld)", gaps_kind_label(r->lang, (enum gap_kind)k), counts[k]));
		if (k == q->kind)
			jv_set_bool(a, o, "selected", 1);
	}
	struct jval *ents = jv_set(ctx, "entities", jv_arr(a));
	o = jv_push(ents, jv_obj(a));
	jv_set_str(a, o, "value", "");
	jv_set_str(a, o, "label", T(r, "All records"));
	for (size_t i = 0; gap_entity(i); i++) {
		const struct entity *e = entity_find(gap_entity(i));
		struct rctx c = page_rctx(r);
		if (!e || !record_allows(&c, e, A_READ, NULL))
			continue;
		o = jv_push(ents, jv_obj(a));
		jv_set_str(a, o, "value", e->name);
		jv_set_str(a, o, "label", T(r, e->plural));
		if (q->entity && strcmp(q->entity, e->name) == 0)
			jv_set_bool(a, o, "selected", 1);
	}
	struct jval *choices = NULL;
	long long nunits = 0;
	store_choices(r->st, a, &entity_units, r->org_id, 1000, &choices, &nunits);
	struct jval *units = jv_set(ctx, "units", jv_arr(a));
	o = jv_push(units, jv_obj(a));
	jv_set_str(a, o, "value", "");
	jv_set_str(a, o, "label", T(r, "The whole organisation"));
	for (const struct jval *u = choices ? choices->first : NULL; u; u = u->next) {
		o = jv_push(units, jv_obj(a));
		long long id = jv_get_int(u, "id", 0);
		jv_set_str(a, o, "value", arena_printf(a, "%lld", id));
		jv_set_str(a, o, "label", jv_get_str(u, "label"));
		if (id == q->unit_id)
			jv_set_bool(a, o, "selected", 1);
	}
	/* Who is expected to act: anyone, the reader, no one named, or the
	 * person chosen by a click on a name in the list (a list of every
	 * person would be thousands of options). */
	struct jval *who = jv_set(ctx, "persons", jv_arr(a));
	struct person_choice {
		const char *value, *label;
		long long id;
	} opts[4];
	size_t nopts = 0;
	opts[nopts++] = (struct person_choice){ "", T(r, "Anyone"), 0 };
	if (r->actor.person_id)
		opts[nopts++] = (struct person_choice){ arena_printf(a, "%lld", r->actor.person_id), T(r, "Me"),
						   r->actor.person_id };
	if (q->person_id > 0 && q->person_id != r->actor.person_id) {
		const char *name = store_title(r->st, a, &entity_people, r->org_id, q->person_id);
		opts[nopts++] = (struct person_choice){ arena_printf(a, "%lld", q->person_id),
						   name ? name : T(r, "(not shown)"), q->person_id };
	}
	opts[nopts++] = (struct person_choice){ "none", T(r, "No one named"), GAP_NO_PERSON };
	for (size_t i = 0; i < nopts; i++) {
		o = jv_push(who, jv_obj(a));
		jv_set_str(a, o, "value", opts[i].value);
		jv_set_str(a, o, "label", opts[i].label);
		jv_set_str(a, o, "id", arena_printf(a, "person-%zu", i));
		if (opts[i].id == q->person_id)
			jv_set_bool(a, o, "checked", 1);
	}
}

/* ---- the page --------------------------------------------------------------- */

void h_gaps(struct request *r)
{
	struct arena *a = r->a;
	struct gap_query q;
	char today[11];
	struct verrors errs = { 0 };
	if (gap_query_parse(r, &q, today, &errs) != 0) {
		page_error(r, 400, errs.items[0].message);
		return;
	}
	long long counts[GAP_KIND_COUNT];
	struct gap_item *items;
	size_t n;
	long long total;
	if (store_gap_counts(r->st, r->org_id, q.readable, today, counts) != STORE_OK ||
	    store_gap_list(r->st, a, r->org_id, &q, &items, &n, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *ctx = page_ctx(r, q.kind >= 0 ? gaps_kind_label(r->lang, (enum gap_kind)q.kind) : T(r, "Gaps"));
	gap_filters_ctx(r, ctx, &q, counts);
	struct jval *o;

	/* Column headings that sort. */
	static const struct {
		enum gap_sort sort;
		const char *label;
	} cols[] = { { GAP_SORT_NAME, N_("Gap") }, { GAP_SORT_KIND, N_("Kind of gap") }, { GAP_SORT_SINCE, N_("Since") } };
	struct jval *heads = jv_set(ctx, "columns", jv_arr(a));
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		o = jv_push(heads, jv_obj(a));
		jv_set_str(a, o, "label", T(r, cols[i].label));
		int on = q.sort == cols[i].sort;
		if (on)
			jv_set_str(a, o, "aria_sort", q.desc ? "descending" : "ascending");
		jv_set_str(a, o, "sort_href",
			   gap_href(r, "/gaps", &q, "sort",
				    arena_printf(a, "%s%s", on && !q.desc ? "-" : "", sort_codes[cols[i].sort])));
	}
	struct jval *rows = jv_set(ctx, "gaps", jv_arr(a));
	for (size_t i = 0; i < n; i++)
		jv_push(rows, gap_item_ctx(r, &items[i]));
	jv_set_int(a, ctx, "total", total);
	jv_set_bool(a, ctx, "empty", total == 0);
	jv_set_str(a, ctx, "csv_href", gap_href(r, "/gaps.csv", &q, "page", NULL));
	jv_set_str(a, ctx, "xlsx_href", gap_href(r, "/gaps.xlsx", &q, "page", NULL));
	if (q.page > 1)
		jv_set_str(a, ctx, "prev_href", gap_href(r, "/gaps", &q, "page", arena_printf(a, "%lld", q.page - 1)));
	if (q.page * q.limit < total)
		jv_set_str(a, ctx, "next_href", gap_href(r, "/gaps", &q, "page", arena_printf(a, "%lld", q.page + 1)));
	page_render(r, 200, "gaps", ctx);
}

/* ---- exports --------------------------------------------------------------------- */

/* One export under way: where rows go. */
struct gap_export {
	struct request *r;
	struct xlsx *x;         /* NULL: CSV */
	size_t ncol;
	struct arena *scratch;  /* a row's cells, reset after each */
};

static const char *const export_names[] = { "kind", "entity", "id", "name", "message", "related_entity", "related_id",
					    "unit_id", "unit", "person_id", "person", "due", "since" };

static int export_gap(void *ctx, const struct gap_item *g)
{
	struct gap_export *w = ctx;
	struct request *r = w->r;
	/* Cells in the request's arena would pile up: a row's own strings
	 * live in a scratch arena. */
	struct arena *scratch = w->scratch;
	arena_reset(scratch);
	const char *v[] = {
		gap_kind_code(g->kind), g->entity, arena_printf(scratch, "%lld", g->id), g->name,
		gaps_message(scratch, r->lang, g), g->other_entity,
		g->other_entity ? arena_printf(scratch, "%lld", g->other_id) : NULL,
		g->unit_id ? arena_printf(scratch, "%lld", g->unit_id) : NULL, g->unit_name,
		g->person_id ? arena_printf(scratch, "%lld", g->person_id) : NULL, g->person_name, g->due,
		g->since ? arena_strndup(scratch, g->since, 10) : NULL,
	};
	if (w->x) {
		xlsx_row(w->x, 0);
		for (size_t k = 0; k < w->ncol; k++)
			xlsx_cell_str(w->x, v[k]);
		return 0;
	}
	struct buf *out = &r->res.body;
	for (size_t k = 0; k < w->ncol; k++) {
		if (k)
			buf_add(out, ",", 1);
		csv_write_field(out, v[k] ? v[k] : "", ',');
	}
	buf_add(out, "\r\n", 2);
	res_spill(r, 0);
	return 0;
}

static void gaps_export(struct request *r, int xlsx)
{
	struct gap_query q;
	char today[11];
	struct verrors errs = { 0 };
	if (gap_query_parse(r, &q, today, &errs) != 0) {
		page_problem(r, 400, NULL, &errs);
		return;
	}
	static const char *const labels[] = { N_("Kind of gap"), N_("Record type"), N_("Number"), N_("Name"), N_("Gap"),
					      N_("Related record type"), N_("Related number"), N_("Unit number"), N_("Unit"),
					      N_("Person number"), N_("Expected to act"), N_("Due"), N_("Since") };
	struct gap_export w = { r, xlsx ? xlsx_new(T(r, "Gaps")) : NULL, sizeof export_names / sizeof *export_names,
				arena_new() };
	struct buf *out = &r->res.body;
	res_start(r, 200, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8");
	if (w.x) {
		xlsx_row(w.x, 1);
		for (size_t i = 0; i < w.ncol; i++)
			xlsx_cell_str(w.x, T(r, labels[i]));
	} else {
		for (size_t i = 0; i < w.ncol; i++) {
			if (i)
				buf_add(out, ",", 1);
			csv_write_field(out, export_names[i], ',');
		}
		buf_add(out, "\r\n", 2);
	}
	/* One walk over every gap, a row at a time, spilled to a file as the
	 * file grows: an export of any size holds a row and a megabyte. */
	int rc = store_gap_each(r->st, r->org_id, &q, export_gap, &w);
	arena_free(w.scratch);
	int frc = 0;
	if (w.x && rc == STORE_OK)
		frc = xlsx_finish_to(w.x, page_write, r); /* frees x */
	else if (w.x)
		xlsx_free(w.x);
	if (rc != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	if (frc != 0 || !spool_ok(&r->res.spool)) {
		page_file_failed(r);
		return;
	}
	res_header(r, "Content-Disposition",
		   arena_printf(r->a, "attachment; filename=\"gaps-%s.%s\"", today, xlsx ? "xlsx" : "csv"));
}

void h_gaps_csv(struct request *r)
{
	gaps_export(r, 0);
}

void h_gaps_xlsx(struct request *r)
{
	gaps_export(r, 1);
}

/* ---- the API ------------------------------------------------------------------------ */

void api_gaps(struct request *r)
{
	struct arena *a = r->a;
	struct gap_query q;
	char today[11];
	struct verrors errs = { 0 };
	if (gap_query_parse(r, &q, today, &errs) != 0) {
		page_problem(r, 400, NULL, &errs);
		return;
	}
	struct gap_item *items;
	size_t n;
	long long total;
	if (store_gap_list(r->st, a, r->org_id, &q, &items, &n, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *arr = jv_arr(a);
	for (size_t i = 0; i < n; i++)
		jv_push(arr, gaps_json(a, r->lang, &items[i]));
	struct jval *o = jv_obj(a);
	jv_set(o, "items", arr);
	jv_set_int(a, o, "total", total);
	jv_set_int(a, o, "page", q.page);
	jv_set_int(a, o, "limit", q.limit);
	page_json(r, 200, o);
}

/* ---- the overview's and a record's gaps -------------------------------------------------- */

int gaps_overview_ctx(struct request *r, struct jval *ctx, size_t first)
{
	struct arena *a = r->a;
	char today[11];
	clock_today(today);
	long long counts[GAP_KIND_COUNT], sum = 0;
	struct gap_query q = { .kind = -1, .readable = page_readable(r), .page = 1, .limit = (long long)first,
			       .today = today };
	struct gap_item *items;
	size_t n;
	if (store_gap_counts(r->st, r->org_id, q.readable, today, counts) != STORE_OK ||
	    store_gap_list(r->st, a, r->org_id, &q, &items, &n, NULL) != STORE_OK)
		return -1;
	struct jval *kinds = jv_set(ctx, "gap_kinds", jv_arr(a));
	for (int k = 0; k < GAP_KIND_COUNT; k++) {
		/* Only kinds about records the reader may read. */
		const char *e = gap_kind_entity((enum gap_kind)k);
		int shown = 0;
		for (size_t i = 0; q.readable[i] && !shown; i++)
			shown = strcmp(q.readable[i], e) == 0 ||
				(k == GAP_ANALYSIS_OVERDUE && strcmp(q.readable[i], "information-assets") == 0);
		if (!shown)
			continue;
		struct jval *o = jv_push(kinds, jv_obj(a));
		jv_set_str(a, o, "label", gaps_kind_label(r->lang, (enum gap_kind)k));
		jv_set_int(a, o, "count", counts[k]);
		jv_set_str(a, o, "href", arena_printf(a, "/gaps?kind=%s", gap_kind_code((enum gap_kind)k)));
		if (!counts[k])
			jv_set_bool(a, o, "none", 1);
		sum += counts[k];
	}
	jv_set_int(a, ctx, "gap_total", sum);
	/* The list filtered from here: the form, the reader's own, the files. */
	gap_filters_ctx(r, ctx, &q, counts);
	if (r->actor.person_id) {
		struct gap_query mine = q;
		mine.person_id = r->actor.person_id;
		mine.limit = 1;
		struct gap_item *one;
		size_t none;
		long long n_mine;
		if (store_gap_list(r->st, a, r->org_id, &mine, &one, &none, &n_mine) != STORE_OK)
			return -1;
		jv_set_int(a, ctx, "gap_mine", n_mine);
		jv_set_str(a, ctx, "gap_mine_href", arena_printf(a, "/gaps?person_id=%lld", r->actor.person_id));
	}
	jv_set_str(a, ctx, "gap_csv_href", "/gaps.csv");
	jv_set_str(a, ctx, "gap_xlsx_href", "/gaps.xlsx");
	struct jval *top = jv_set(ctx, "gaps", jv_arr(a));
	for (size_t i = 0; i < n; i++)
		jv_push(top, gap_item_ctx(r, &items[i]));
	return 0;
}

struct jval *gaps_of_record(struct request *r, const struct entity *e, long long id)
{
	struct arena *a = r->a;
	struct jval *out = jv_arr(a);
	char today[11];
	clock_today(today);
	struct gap_query q = { .kind = -1, .entity = e->name, .record_id = id, .readable = page_readable(r),
			       .page = 1, .limit = 100, .today = today };
	struct gap_item *items;
	size_t n;
	if (store_gap_list(r->st, a, r->org_id, &q, &items, &n, NULL) != STORE_OK)
		return out;
	for (size_t i = 0; i < n; i++)
		jv_push(out, jv_str(a, gaps_message(a, r->lang, &items[i])));
	return out;
}
