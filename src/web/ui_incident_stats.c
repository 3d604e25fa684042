/*
 * ui_incident_stats.c: the incident statistics (issue 13, item 8) —
 * /incidents/statistics as a page with charts (inline SVG, no script),
 * each with the same figures in a table beside it; the tables as CSV
 * (/incidents/statistics.csv) and XLSX (/incidents/statistics.xlsx); and
 * GET /api/v1/incidents/statistics. The figures are counted by
 * model/incident_stats.h; the routes are kept in the page cache until an
 * incident, a report or the lists they are counted by change.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "io/csv.h"
#include "io/xlsx.h"
#include "model/incident_stats.h"
#include "util/i18n.h"
#include "util/spool.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

#define CHART_W 640
#define BAR_FILL "#1d70b8" /* 5.2:1 against white */

/* The statistics of the period asked for (?from=&to=), or 0 with the
 * answer given: 400 with the reasons in errs (the page shows them in its
 * form; other callers answer problem+json), 500 when the store fails. */
static int load(struct request *r, struct incident_stats *s, struct verrors *errs, int page)
{
	struct rctx c = page_rctx(r);
	memset(s, 0, sizeof *s);
	if (incident_stats_period(&c, req_query(r, "from"), req_query(r, "to"), s, errs, r->lang) != 0) {
		if (!page)
			page_problem(r, 400, T(r, "The period is not valid."), errs);
		return 0;
	}
	if (incident_stats_compute(&c, r->lang, s) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return 0;
	}
	return 1;
}

static const char *percent(struct request *r, long long part, long long whole)
{
	double x = stats_share(part, whole);
	return x < 0 ? "–" : arena_printf(r->a, "%s %%", page_decimal(r, x * 100, 0));
}

static const char *hours_text(struct request *r, const struct stats_duration *d, double h)
{
	return d->count ? page_decimal(r, h, 1) : "–";
}

static const char *group_name(struct request *r, const struct stats_group *g, int severity)
{
	if (!g->id)
		return T(r, severity ? N_("No severity") : N_("No category"));
	return severity ? arena_printf(r->a, "%lld %s", g->level, g->name) : g->name;
}

/* ---- charts ------------------------------------------------------------------------ */

/* A coordinate as SVG writes it (a point, whatever the language). */
static const char *svgnum(struct arena *a, double x)
{
	return arena_printf(a, "%.1f", x);
}

struct bar {
	const char *label;
	double value;
	const char *text;
};

/* A horizontal bar chart: each bar under its label, its figure written
 * after it, so that neither colour nor length alone carries a value. */
static struct jval *hbars(struct request *r, const char *id, const char *caption, const char *summary,
			  const struct bar *b, size_t n)
{
	struct arena *a = r->a;
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i].value > max)
			max = b[i].value;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "id", id);
	jv_set_str(a, o, "caption", caption);
	jv_set_str(a, o, "summary", summary);
	jv_set_int(a, o, "width", CHART_W);
	jv_set_int(a, o, "height", (long long)(n * 44 + 8));
	jv_set_str(a, o, "fill", BAR_FILL);
	struct jval *bars = jv_set(o, "bars", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *x = jv_push(bars, jv_obj(a));
		long long top = (long long)i * 44;
		long long w = max > 0 ? (long long)llround(b[i].value / max * 480) : 0;
		jv_set_str(a, x, "label", b[i].label);
		jv_set_int(a, x, "ly", top + 16);
		jv_set_int(a, x, "by", top + 22);
		jv_set_int(a, x, "bw", w);
		jv_set_int(a, x, "tx", w + 8);
		jv_set_int(a, x, "ty", top + 36);
		jv_set_str(a, x, "text", b[i].text);
	}
	return o;
}

/* Incidents per month as columns, each month's figure above its column
 * where there is room, the month under it (every k-th when many). */
static struct jval *month_chart(struct request *r, const struct incident_stats *s, const char *summary)
{
	struct arena *a = r->a;
	long long max = 0;
	for (size_t m = 0; m < s->nmonths; m++)
		if (s->month_total[m] > max)
			max = s->month_total[m];
	const double left = 8, plot = CHART_W - 16, base = 190, tall = 160;
	double slot = plot / (double)s->nmonths;
	size_t every = slot >= 48 ? 1 : (size_t)ceil(48 / slot);
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "id", "months-chart");
	jv_set_str(a, o, "caption", T(r, "Incidents per month"));
	jv_set_str(a, o, "summary", summary);
	jv_set_int(a, o, "width", CHART_W);
	jv_set_int(a, o, "height", 220);
	jv_set_str(a, o, "fill", BAR_FILL);
	jv_set_int(a, o, "base", (long long)base);
	jv_set_int(a, o, "right", CHART_W - 8);
	struct jval *cols = jv_set(o, "columns", jv_arr(a));
	for (size_t m = 0; m < s->nmonths; m++) {
		struct jval *x = jv_push(cols, jv_obj(a));
		double h = max ? (double)s->month_total[m] / (double)max * tall : 0;
		double x0 = left + slot * (double)m;
		jv_set_str(a, x, "x", svgnum(a, x0 + slot * 0.15));
		jv_set_str(a, x, "w", svgnum(a, slot * 0.7));
		jv_set_str(a, x, "y", svgnum(a, base - h));
		jv_set_str(a, x, "h", svgnum(a, h));
		jv_set_str(a, x, "cx", svgnum(a, x0 + slot / 2));
		jv_set_str(a, x, "ty", svgnum(a, base - h - 4));
		if (slot >= 22)
			jv_set_str(a, x, "count", page_int(r, s->month_total[m]));
		if (m % every == 0)
			jv_set_str(a, x, "label", s->months[m]);
	}
	return o;
}

/* ---- the page ------------------------------------------------------------------------ */

static const char *period_text(struct request *r, const struct incident_stats *s)
{
	return strcmp(s->from, s->to) == 0 ? s->from : arena_printf(r->a, "%s – %s", s->from, s->to);
}

/* A table: { caption, head: [..], rows: [{ head, cells: [..] }] }. */
static struct jval *table(struct request *r, const char *caption, struct jval **head)
{
	struct jval *t = jv_obj(r->a);
	jv_set_str(r->a, t, "caption", caption);
	*head = jv_set(t, "head", jv_arr(r->a));
	jv_set(t, "rows", jv_arr(r->a));
	return t;
}

static struct jval *table_row(struct request *r, struct jval *t, const char *head)
{
	struct jval *row = jv_push(jv_get(t, "rows"), jv_obj(r->a));
	jv_set_str(r->a, row, "head", head);
	jv_set(row, "cells", jv_arr(r->a));
	return jv_get(row, "cells");
}

static void cell(struct request *r, struct jval *cells, const char *text)
{
	jv_push(cells, jv_str(r->a, text));
}

/* Months down, the groups (categories or severities) across, totals last. */
static struct jval *month_table(struct request *r, const struct incident_stats *s, const char *caption,
				const struct stats_group *g, size_t n, const long long *by, int severity)
{
	struct jval *head;
	struct jval *t = table(r, caption, &head);
	jv_push(head, jv_str(r->a, T(r, "Month")));
	for (size_t i = 0; i < n; i++)
		jv_push(head, jv_str(r->a, group_name(r, &g[i], severity)));
	jv_push(head, jv_str(r->a, T(r, "Total")));
	for (size_t m = 0; m < s->nmonths; m++) {
		struct jval *cells = table_row(r, t, s->months[m]);
		for (size_t i = 0; i < n; i++)
			cell(r, cells, page_int(r, by[m * n + i]));
		cell(r, cells, page_int(r, s->month_total[m]));
	}
	struct jval *cells = table_row(r, t, T(r, "Total"));
	for (size_t i = 0; i < n; i++) {
		long long sum = 0;
		for (size_t m = 0; m < s->nmonths; m++)
			sum += by[m * n + i];
		cell(r, cells, page_int(r, sum));
	}
	cell(r, cells, page_int(r, s->total));
	return t;
}

/* A group's totals over the period as a chart and a table beside it. */
static void group_section(struct request *r, struct jval *sec, const struct incident_stats *s, const char *id,
			  const char *caption, const struct stats_group *g, size_t n, const long long *by, int severity)
{
	struct arena *a = r->a;
	struct bar *bars = arena_alloc_array(a, n, sizeof *bars);
	struct jval *head;
	struct jval *t = table(r, caption, &head);
	jv_push(head, jv_str(a, severity ? T(r, "Severity") : T(r, "Category")));
	jv_push(head, jv_str(a, T(r, "Incidents")));
	jv_push(head, jv_str(a, T(r, "Share")));
	long long top = -1;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		long long sum = 0;
		for (size_t m = 0; m < s->nmonths; m++)
			sum += by[m * n + i];
		bars[i].label = group_name(r, &g[i], severity);
		bars[i].value = (double)sum;
		bars[i].text = arena_printf(a, "%s (%s)", page_int(r, sum), percent(r, sum, s->total));
		struct jval *cells = table_row(r, t, bars[i].label);
		cell(r, cells, page_int(r, sum));
		cell(r, cells, percent(r, sum, s->total));
		if (sum > top)
			top = sum, at = i;
	}
	const char *summary = s->total ? arena_printf(a, T(r, "%s incidents in all; the most, %s, in %s."),
						    page_int(r, s->total), page_int(r, top), bars[at].label)
				       : T(r, "No incidents in the period.");
	jv_set(sec, "chart", hbars(r, id, caption, summary, bars, n));
	jv_set(sec, "table", t);
}

static long long channel_count(const struct incident_stats *s, const char *code)
{
	for (size_t i = 0; i < s->nchannel; i++)
		if (strcmp(s->channel[i], code) == 0)
			return s->channel_count[i];
	return 0;
}

static struct jval *section(struct request *r, struct jval *sections, const char *id, const char *heading)
{
	struct jval *o = jv_push(sections, jv_obj(r->a));
	jv_set_str(r->a, o, "id", id);
	jv_set_str(r->a, o, "heading", heading);
	return o;
}

static void page_body(struct request *r, struct jval *ctx, const struct incident_stats *s)
{
	struct arena *a = r->a;
	struct jval *sections = jv_set(ctx, "sections", jv_arr(a));

	/* Per month. */
	struct jval *sec = section(r, sections, "per-month", T(r, "Incidents per month"));
	long long top = -1;
	size_t at = 0;
	for (size_t m = 0; m < s->nmonths; m++)
		if (s->month_total[m] > top)
			top = s->month_total[m], at = m;
	const char *summary = s->total ? arena_printf(a, T(r, "%s incidents in all; the most, %s, in %s."),
						    page_int(r, s->total), page_int(r, top), s->months[at])
				       : T(r, "No incidents in the period.");
	jv_set(sec, "months", month_chart(r, s, summary));
	jv_set(sec, "table", month_table(r, s, T(r, "Incidents per month by category"), s->cat, s->ncat, s->by_cat, 0));
	jv_set(sec, "table2", month_table(r, s, T(r, "Incidents per month by severity"), s->sev, s->nsev, s->by_sev, 1));

	sec = section(r, sections, "by-category", T(r, "By category"));
	group_section(r, sec, s, "category-chart", T(r, "Incidents by category"), s->cat, s->ncat, s->by_cat, 0);
	sec = section(r, sections, "by-severity", T(r, "By severity"));
	group_section(r, sec, s, "severity-chart", T(r, "Incidents by severity"), s->sev, s->nsev, s->by_sev, 1);

	/* Time to triage and to close. */
	sec = section(r, sections, "times", T(r, "Time to triage and to close"));
	jv_set_str(a, sec, "intro", T(r, "Hours from when the organisation became aware of an incident until it was triaged (its status left New) and until it was closed. Half the incidents took at most the median; nine in ten at most the 90th percentile."));
	const struct { const char *label; const struct stats_duration *d; } times[] = {
		{ T(r, "To triage"), &s->triage }, { T(r, "To close"), &s->close } };
	struct bar tb[4];
	struct jval *head;
	struct jval *t = table(r, T(r, "Time to triage and to close, in hours"), &head);
	jv_push(head, jv_str(a, T(r, "Step")));
	jv_push(head, jv_str(a, T(r, "Incidents")));
	jv_push(head, jv_str(a, T(r, "Median, hours")));
	jv_push(head, jv_str(a, T(r, "90th percentile, hours")));
	jv_push(head, jv_str(a, T(r, "Not yet")));
	for (size_t i = 0; i < 2; i++) {
		const struct stats_duration *d = times[i].d;
		struct jval *cells = table_row(r, t, times[i].label);
		cell(r, cells, page_int(r, d->count));
		cell(r, cells, hours_text(r, d, d->median_h));
		cell(r, cells, hours_text(r, d, d->p90_h));
		cell(r, cells, page_int(r, d->waiting));
		tb[i * 2] = (struct bar){ arena_printf(a, "%s: %s", times[i].label, T(r, "median")), d->median_h,
					  arena_printf(a, "%s h", hours_text(r, d, d->median_h)) };
		tb[i * 2 + 1] = (struct bar){ arena_printf(a, "%s: %s", times[i].label, T(r, "90th percentile")), d->p90_h,
					      arena_printf(a, "%s h", hours_text(r, d, d->p90_h)) };
	}
	jv_set(sec, "chart", hbars(r, "times-chart", T(r, "Time to triage and to close, in hours"),
				   arena_printf(a, T(r, "Median to triage %s hours, to close %s hours."),
						hours_text(r, &s->triage, s->triage.median_h),
						hours_text(r, &s->close, s->close.median_h)),
				   tb, 4));
	jv_set(sec, "table", t);

	/* How incidents came to be known. */
	sec = section(r, sections, "channels", T(r, "How incidents came to be known"));
	struct bar *cb = arena_alloc_array(a, s->nchannel + 1, sizeof *cb);
	t = table(r, T(r, "Incidents by how they came to be known"), &head);
	jv_push(head, jv_str(a, T(r, "How it came to be known")));
	jv_push(head, jv_str(a, T(r, "Incidents")));
	jv_push(head, jv_str(a, T(r, "Share")));
	for (size_t i = 0; i < s->nchannel; i++) {
		struct jval *cells = table_row(r, t, s->channel_name[i]);
		cell(r, cells, page_int(r, s->channel_count[i]));
		cell(r, cells, percent(r, s->channel_count[i], s->total));
		cb[i] = (struct bar){ s->channel_name[i], (double)s->channel_count[i],
				      arena_printf(a, "%s (%s)", page_int(r, s->channel_count[i]),
						   percent(r, s->channel_count[i], s->total)) };
	}
	jv_set(sec, "chart", hbars(r, "channels-chart", T(r, "Incidents by how they came to be known"),
				   s->total ? arena_printf(a, T(r, "Reported by staff: %s; found by monitoring: %s."),
							   percent(r, channel_count(s, "staff"), s->total),
							   percent(r, channel_count(s, "monitoring"), s->total))
					    : T(r, "No incidents in the period."),
				   cb, s->nchannel));
	jv_set(sec, "table", t);

	/* Suppliers. */
	sec = section(r, sections, "suppliers", T(r, "Supplier incidents"));
	jv_set_str(a, sec, "intro", T(r, "Incidents where a supplier was involved (the incident names a supplier)."));
	t = table(r, T(r, "Incidents with and without a supplier"), &head);
	jv_push(head, jv_str(a, T(r, "Supplier involved")));
	jv_push(head, jv_str(a, T(r, "Incidents")));
	jv_push(head, jv_str(a, T(r, "Share")));
	struct jval *cells = table_row(r, t, T(r, "A supplier involved"));
	cell(r, cells, page_int(r, s->supplier));
	cell(r, cells, percent(r, s->supplier, s->total));
	cells = table_row(r, t, T(r, "No supplier involved"));
	cell(r, cells, page_int(r, s->total - s->supplier));
	cell(r, cells, percent(r, s->total - s->supplier, s->total));
	struct bar sb[2] = {
		{ T(r, "A supplier involved"), (double)s->supplier,
		  arena_printf(a, "%s (%s)", page_int(r, s->supplier), percent(r, s->supplier, s->total)) },
		{ T(r, "No supplier involved"), (double)(s->total - s->supplier),
		  arena_printf(a, "%s (%s)", page_int(r, s->total - s->supplier), percent(r, s->total - s->supplier, s->total)) },
	};
	jv_set(sec, "chart", hbars(r, "suppliers-chart", T(r, "Supplier incidents"),
				   arena_printf(a, T(r, "A supplier was involved in %s of the incidents."),
						percent(r, s->supplier, s->total)),
				   sb, 2));
	jv_set(sec, "table", t);

	/* Report deadlines. */
	sec = section(r, sections, "deadlines", T(r, "Report deadlines met"));
	jv_set_str(a, sec, "intro", T(r, "For each report with a deadline under the Cybersecurity Act or GDPR: how often the first report of the kind was sent by its deadline. Counted over the incidents of the period assessed significant or as a personal data breach to report."));
	struct bar db[DL_KIND_COUNT];
	size_t ndb = 0;
	t = table(r, T(r, "Reports sent in time, late and not sent"), &head);
	jv_push(head, jv_str(a, T(r, "Report")));
	jv_push(head, jv_str(a, T(r, "In time")));
	jv_push(head, jv_str(a, T(r, "Late")));
	jv_push(head, jv_str(a, T(r, "Not sent, overdue")));
	jv_push(head, jv_str(a, T(r, "Not yet due")));
	jv_push(head, jv_str(a, T(r, "Share in time")));
	const struct field *kf = entity_field(&entity_incident_reports, "kind");
	for (int k = 0; k < DL_KIND_COUNT; k++) {
		const struct stats_deadline *d = &s->deadlines[k];
		const char *code = deadline_kind_code((enum deadline_kind)k);
		const char *label = kf ? field_option_label(kf, code) : NULL;
		const char *name = label ? T(r, label) : code;
		long long due = d->met + d->late + d->overdue;
		cells = table_row(r, t, name);
		cell(r, cells, page_int(r, d->met));
		cell(r, cells, page_int(r, d->late));
		cell(r, cells, page_int(r, d->overdue));
		cell(r, cells, page_int(r, d->pending));
		cell(r, cells, percent(r, d->met, due));
		db[ndb++] = (struct bar){ name, due ? (double)d->met / (double)due * 100 : 0,
					  due ? arena_printf(a, "%s (%s / %s)", percent(r, d->met, due), page_int(r, d->met),
							     page_int(r, due))
					      : T(r, "none due") };
	}
	jv_set(sec, "chart", hbars(r, "deadlines-chart", T(r, "Share of reports sent in time"),
				   T(r, "The share of each report sent by its deadline; the figures are in the table."), db, ndb));
	jv_set(sec, "table", t);
}

static void stats_links(struct request *r, struct jval *ctx, const struct incident_stats *s)
{
	const char *qs = arena_printf(r->a, "?from=%s&to=%s", s->from, s->to);
	jv_set_str(r->a, ctx, "csv_href", arena_printf(r->a, "/incidents/statistics.csv%s", qs));
	jv_set_str(r->a, ctx, "xlsx_href", arena_printf(r->a, "/incidents/statistics.xlsx%s", qs));
	jv_set_str(r->a, ctx, "api_href", arena_printf(r->a, "/api/v1/incidents/statistics%s", qs));
}

void h_incident_stats(struct request *r)
{
	struct incident_stats s;
	struct verrors errs = { 0 };
	int ok = load(r, &s, &errs, 1);
	if (!ok && !errs.n)
		return;
	struct jval *ctx = page_ctx(r, T(r, "Incident statistics"));
	struct arena *a = r->a;
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	jv_set_str(a, ctx, "from", ok ? s.from : from ? from : "");
	jv_set_str(a, ctx, "to", ok ? s.to : to ? to : "");
	if (!ok) {
		page_set_errors(r, ctx, &errs, NULL);
		page_render(r, 400, "incident_stats", ctx);
		return;
	}
	jv_set_str(a, ctx, "period", period_text(r, &s));
	jv_set_str(a, ctx, "zone", s.zone);
	jv_set_str(a, ctx, "total", page_int(r, s.total));
	jv_set_bool(a, ctx, "restricted", s.restricted);
	stats_links(r, ctx, &s);
	page_body(r, ctx, &s);
	page_render(r, 200, "incident_stats", ctx);
}

/* ---- CSV and XLSX ------------------------------------------------------------------ */

/* Every figure as one row of the same columns (a "long" table that
 * spreadsheets filter and pivot): table, month, code, item, count, share,
 * hours. */
struct out {
	struct request *r;
	struct xlsx *x;
};

static void out_row(struct out *o, const char *table_code, const char *month, const char *code, const char *item,
		    const char *count, const char *share, const char *hours)
{
	const char *v[7] = { table_code, month, code, item, count, share, hours };
	if (o->x) {
		xlsx_row(o->x, 0);
		for (size_t i = 0; i < 7; i++) {
			if (i >= 4 && v[i] && *v[i])
				xlsx_cell_num(o->x, strtod(v[i], NULL));
			else
				xlsx_cell_str(o->x, v[i]);
		}
		return;
	}
	struct buf *b = &o->r->res.body;
	for (size_t i = 0; i < 7; i++) {
		if (i)
			buf_add(b, ",", 1);
		csv_write_field(b, v[i] ? v[i] : "", ',');
	}
	buf_add(b, "\r\n", 2);
}

static const char *num(struct arena *a, long long n)
{
	return arena_printf(a, "%lld", n);
}

static const char *frac(struct arena *a, long long part, long long whole)
{
	double x = stats_share(part, whole);
	return x < 0 ? "" : arena_printf(a, "%.4f", x);
}

static void out_groups(struct out *o, const struct incident_stats *s, const char *code,
		       const struct stats_group *g, size_t n, const long long *by, int severity)
{
	struct request *r = o->r;
	for (size_t m = 0; m < s->nmonths; m++)
		for (size_t i = 0; i < n; i++)
			out_row(o, code, s->months[m], g[i].id ? num(r->a, g[i].id) : "", group_name(r, &g[i], severity),
				num(r->a, by[m * n + i]), frac(r->a, by[m * n + i], s->month_total[m]), "");
}

static void out_duration(struct out *o, const char *code, const struct stats_duration *d)
{
	struct arena *a = o->r->a;
	out_row(o, code, "", "count", T(o->r, "Incidents"), num(a, d->count), "", "");
	out_row(o, code, "", "waiting", T(o->r, "Not yet"), num(a, d->waiting), "", "");
	out_row(o, code, "", "median", T(o->r, "median"), "", "", d->count ? arena_printf(a, "%.2f", d->median_h) : "");
	out_row(o, code, "", "p90", T(o->r, "90th percentile"), "", "", d->count ? arena_printf(a, "%.2f", d->p90_h) : "");
}

static void stats_export(struct request *r, int xlsx)
{
	struct incident_stats s;
	struct verrors errs = { 0 };
	if (!load(r, &s, &errs, 0))
		return;
	struct arena *a = r->a;
	static const char *const names[] = { "table", "month", "code", "item", "count", "share", "hours" };
	static const char *const labels[] = { N_("Table"), N_("Month"), N_("Code"), N_("Item"), N_("Incidents"),
					      N_("Share"), N_("Hours") };
	struct out o = { r, xlsx ? xlsx_new(T(r, "Incident statistics")) : NULL };
	res_start(r, 200, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8");
	if (o.x) {
		xlsx_row(o.x, 1);
		for (size_t i = 0; i < 7; i++)
			xlsx_cell_str(o.x, T(r, labels[i]));
		xlsx_col_width(o.x, 3, 40);
	} else {
		for (size_t i = 0; i < 7; i++) {
			if (i)
				buf_add(&r->res.body, ",", 1);
			csv_write_field(&r->res.body, names[i], ',');
		}
		buf_add(&r->res.body, "\r\n", 2);
	}
	for (size_t m = 0; m < s.nmonths; m++)
		out_row(&o, "month", s.months[m], "", T(r, "Incidents"), num(a, s.month_total[m]), "", "");
	out_groups(&o, &s, "category", s.cat, s.ncat, s.by_cat, 0);
	out_groups(&o, &s, "severity", s.sev, s.nsev, s.by_sev, 1);
	out_duration(&o, "time_to_triage", &s.triage);
	out_duration(&o, "time_to_close", &s.close);
	for (size_t i = 0; i < s.nchannel; i++)
		out_row(&o, "channel", "", s.channel[i], s.channel_name[i], num(a, s.channel_count[i]),
			frac(a, s.channel_count[i], s.total), "");
	out_row(&o, "supplier", "", "supplier", T(r, "A supplier involved"), num(a, s.supplier),
		frac(a, s.supplier, s.total), "");
	const struct field *kf = entity_field(&entity_incident_reports, "kind");
	for (int k = 0; k < DL_KIND_COUNT; k++) {
		const struct stats_deadline *d = &s.deadlines[k];
		const char *code = deadline_kind_code((enum deadline_kind)k);
		const char *label = kf ? field_option_label(kf, code) : NULL;
		const char *name = label ? T(r, label) : code;
		long long due = d->met + d->late + d->overdue;
		const char *what[] = { "met", "late", "overdue", "pending" };
		const long long n[] = { d->met, d->late, d->overdue, d->pending };
		for (size_t i = 0; i < 4; i++)
			out_row(&o, arena_printf(a, "deadline_%s", what[i]), "", code, name, num(a, n[i]),
				i == 0 ? frac(a, d->met, due) : "", "");
	}
	int frc = 0;
	if (o.x)
		frc = xlsx_finish_to(o.x, page_write, r); /* frees x */
	if (frc != 0 || !spool_ok(&r->res.spool)) {
		page_file_failed(r);
		return;
	}
	res_header(r, "Content-Disposition",
		   arena_printf(a, "attachment; filename=\"incident-statistics-%s-%s.%s\"", s.from, s.to,
				xlsx ? "xlsx" : "csv"));
}

void h_incident_stats_csv(struct request *r)
{
	stats_export(r, 0);
}

void h_incident_stats_xlsx(struct request *r)
{
	stats_export(r, 1);
}

void api_incident_stats(struct request *r)
{
	struct incident_stats s;
	struct verrors errs = { 0 };
	if (!load(r, &s, &errs, 0))
		return;
	struct rctx c = page_rctx(r);
	page_json(r, 200, incident_stats_json(&c, r->lang, &s));
}
