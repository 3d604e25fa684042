/*
 * incident_stats.c: the incident statistics (model/incident_stats.h).
 *
 * One walk over the period's incidents on a covering index
 * (store/incident_stats.h) counts everything but the deadlines; a second
 * walk reads only the incidents that call for reports (a few per cent) and
 * applies core/deadline.h to each with the first report of each kind, as
 * model/incident.c incident_deadlines does for one incident (the same
 * facts, with the organisation's zone read once rather than per incident).
 * Nothing is kept between requests but the page cache (web/cache.h): a
 * year of a large municipality's incidents is counted in a few
 * milliseconds (bench/README.md, "Incidents (issue 13)").
 */
#include "model/incident_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "model/entity.h"
#include "model/incident.h"
#include "store/incident_stats.h"
#include "util/check.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* ---- the period ------------------------------------------------------------ */

/* "YYYY-MM" into *y, *m; 0 or -1. */
static int parse_month(const char *s, int *y, int *m)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	return *y >= 1970 && *y <= 2999 && *m >= 1 && *m <= 12 ? 0 : -1;
}

static int month_index(int y, int m)
{
	return y * 12 + (m - 1);
}

static void month_text(int index, char out[8])
{
	unsigned y = (unsigned)(index / 12) % 10000u, m = (unsigned)(index % 12) + 1u;
	out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
	out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10), out[7] = 0;
}

int incident_stats_period(struct rctx *c, const char *from, const char *to, struct incident_stats *s,
			  struct verrors *errs, int lang)
{
	const struct tzone *z = record_zone(c);
	char now[TS_LOCAL_LEN];
	ts_to_local(z, clock_unix(), now);
	int y, m, fy, fm, ty, tm;
	now[7] = 0;
	parse_month(now, &y, &m);
	int bad = 0;
	if (to && *to) {
		if (parse_month(to, &ty, &tm) != 0) {
			verr_add(errs, "to", tr(lang, "Give the month as YYYY-MM, for example 2026-01."));
			bad = 1;
		}
	} else {
		ty = y, tm = m;
	}
	if (from && *from) {
		if (parse_month(from, &fy, &fm) != 0) {
			verr_add(errs, "from", tr(lang, "Give the month as YYYY-MM, for example 2026-01."));
			bad = 1;
		}
	} else if (!bad) {
		int i = month_index(ty, tm) - (STATS_DEFAULT_MONTHS - 1);
		fy = i / 12, fm = i % 12 + 1;
	}
	if (bad)
		return -1;
	int fi = month_index(fy, fm), ti = month_index(ty, tm);
	if (fi > ti) {
		verr_add(errs, "from", tr(lang, "The first month is after the last month."));
		return -1;
	}
	if (ti - fi + 1 > STATS_MAX_MONTHS) {
		verr_add(errs, "from", tr(lang, "Choose a period of at most 120 months."));
		return -1;
	}
	month_text(fi, s->from);
	month_text(ti, s->to);
	return 0;
}

/* ---- counting ---------------------------------------------------------------- */

struct walk {
	struct incident_stats *s;
	const char **bounds; /* nmonths + 1 instants, stored form */
	long long *triage, *close;
	size_t ntriage, nclose, captriage, capclose;
};

/* The index of id in g[0..n-1) (the last is "none"), n - 1 when none. */
static size_t group_of(const struct stats_group *g, size_t n, long long id)
{
	if (id)
		for (size_t i = 0; i + 1 < n; i++)
			if (g[i].id == id)
				return i;
	return n - 1;
}

static void push(long long **v, size_t *n, size_t *cap, long long x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = x;
}

static long long instant(const char *s)
{
	long long t;
	return s && *s && ts_parse(s, &t) == 0 ? t : 0;
}

static int count_row(void *ctx, const struct incident_stat_row *row)
{
	struct walk *w = ctx;
	struct incident_stats *s = w->s;
	if (!row->aware_at)
		return 0;
	/* The month: the last bound at or before aware_at. */
	size_t lo = 0, hi = s->nmonths;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(w->bounds[mid], row->aware_at) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	s->total++;
	s->month_total[lo]++;
	s->by_cat[lo * s->ncat + group_of(s->cat, s->ncat, row->category_id)]++;
	s->by_sev[lo * s->nsev + group_of(s->sev, s->nsev, row->severity_id)]++;
	for (size_t i = 0; i < s->nchannel; i++)
		if (row->channel && strcmp(row->channel, s->channel[i]) == 0) {
			s->channel_count[i]++;
			break;
		}
	if (row->supplier)
		s->supplier++;
	long long aware = instant(row->aware_at);
	long long t = instant(row->triaged_at);
	/* Awareness moved later than triage counts as triaged at once. */
	if (t)
		push(&w->triage, &w->ntriage, &w->captriage, t > aware ? t - aware : 0);
	else
		s->triage.waiting++;
	t = instant(row->closed_at);
	if (t)
		push(&w->close, &w->nclose, &w->capclose, t > aware ? t - aware : 0);
	else
		s->close.waiting++;
	return 0;
}

struct dwalk {
	struct incident_stats *s;
	const struct tzone *tz;
	long long now;
};

/* The deadlines of one incident: the facts of model/incident.c
 * incident_deadlines, the first report of each kind counting as sent. */
static int count_deadlines(void *ctx, const struct incident_deadline_row *row)
{
	struct dwalk *w = ctx;
	struct deadline_facts f = {
		.aware_at = instant(row->aware_at),
		.significant = row->significance && strcmp(row->significance, "significant") == 0,
		.personal_data_breach = row->pd_breach && strcmp(row->pd_breach, "yes_report") == 0,
		.handled_at = (row->status && (strcmp(row->status, "closed") == 0 || strcmp(row->status, "not_incident") == 0)) || (row->handled_at && *row->handled_at)
				      ? instant(row->handled_at)
				      : 0,
		.notification_sent = instant(row->sent[DL_NIS2_NOTIFICATION]),
		.now = w->now,
		.tz = w->tz,
	};
	if (!f.aware_at)
		return 0;
	struct deadline d[DL_KIND_COUNT];
	size_t n = deadline_compute(&f, d);
	for (size_t i = 0; i < n; i++) {
		struct stats_deadline *o = &w->s->deadlines[d[i].kind];
		long long sent = instant(row->sent[d[i].kind]);
		if (sent && d[i].due_at && sent > d[i].due_at)
			o->late++;
		else if (sent)
			o->met++;
		else if (d[i].due_at && d[i].due_at < f.now)
			o->overdue++;
		else
			o->pending++;
	}
	return 0;
}

static void duration(struct stats_duration *d, long long *v, size_t n)
{
	stats_sort(v, n);
	d->count = (long long)n;
	d->median_h = stats_quantile(v, n, 0.5) / 3600.0;
	d->p90_h = stats_quantile(v, n, 0.9) / 3600.0;
}

/* The organisation's categories (by name) or severities (by level), each
 * with its name in lang, and "none" last. */
static int load_groups(struct rctx *c, int lang, const struct entity *e, struct stats_group **g, size_t *n)
{
	struct list_query q = { .page = 1, .limit = 0 };
	struct jval *rows;
	if (store_list(c->st, c->a, e, c->who->org_id, &q, &rows, NULL) != STORE_OK)
		return STORE_ERROR;
	*n = 1;
	for (const struct jval *r = rows->first; r; r = r->next)
		(*n)++;
	*g = arena_alloc_array(c->a, *n, sizeof **g);
	size_t i = 0;
	for (const struct jval *r = rows->first; r; r = r->next, i++) {
		(*g)[i].id = jv_get_int(r, "id", 0);
		(*g)[i].name = incident_default_text(lang, jv_get_str(r, "name"));
		(*g)[i].level = jv_get_int(r, "level", 0);
	}
	return STORE_OK;
}

int incident_stats_compute(struct rctx *c, int lang, struct incident_stats *s)
{
	struct arena *a = c->a;
	const struct tzone *z = record_zone(c);
	s->zone = z->name;
	int fy, fm, ty, tm;
	if (!ALWAYS(parse_month(s->from, &fy, &fm) == 0 && parse_month(s->to, &ty, &tm) == 0))
		return STORE_ERROR;
	int fi = month_index(fy, fm), ti = month_index(ty, tm);
	s->nmonths = (size_t)(ti - fi + 1);
	s->months = arena_alloc_array(a, s->nmonths, sizeof *s->months);
	s->month_total = arena_alloc_array(a, s->nmonths, sizeof *s->month_total);
	/* Each month from local midnight on its first day, as a stored instant. */
	const char **bounds = arena_alloc_array(a, s->nmonths + 1, sizeof *bounds);
	for (size_t i = 0; i <= s->nmonths; i++) {
		char m[8], local[20], at[TS_LEN];
		month_text(fi + (int)i, m);
		if (i < s->nmonths)
			memcpy(s->months[i], m, 8);
		snprintf(local, sizeof local, "%s-01T00:00", m);
		long long t = 0;
		ts_from_local(z, local, &t);
		ts_format(t, at);
		bounds[i] = arena_strdup(a, at);
	}
	int rc = load_groups(c, lang, &entity_incident_categories, &s->cat, &s->ncat);
	if (rc == STORE_OK)
		rc = load_groups(c, lang, &entity_incident_severities, &s->sev, &s->nsev);
	if (rc != STORE_OK)
		return rc;
	s->by_cat = arena_alloc_array(a, s->nmonths * s->ncat, sizeof *s->by_cat);
	s->by_sev = arena_alloc_array(a, s->nmonths * s->nsev, sizeof *s->by_sev);
	const struct field *cf = entity_field(&entity_incidents, "channel");
	s->nchannel = 0;
	for (const struct option *o = cf ? cf->options : NULL; o && o->value; o++)
		s->nchannel++;
	s->channel = arena_alloc_array(a, s->nchannel + 1, sizeof *s->channel);
	s->channel_name = arena_alloc_array(a, s->nchannel + 1, sizeof *s->channel_name);
	s->channel_count = arena_alloc_array(a, s->nchannel + 1, sizeof *s->channel_count);
	for (size_t i = 0; i < s->nchannel; i++) {
		s->channel[i] = cf->options[i].value;
		s->channel_name[i] = tr(lang, cf->options[i].label);
	}

	struct list_query limit = { 0 };
	record_list_restrict(c, &entity_incidents, &limit);
	s->restricted = limit.restricted;
	struct walk w = { .s = s, .bounds = bounds };
	rc = store_incident_stats_each(c->st, c->who->org_id, bounds[0], bounds[s->nmonths], &limit, count_row, &w);
	if (rc == STORE_OK) {
		duration(&s->triage, w.triage, w.ntriage);
		duration(&s->close, w.close, w.nclose);
	}
	free(w.triage);
	free(w.close);
	if (rc != STORE_OK)
		return rc;
	for (int k = 0; k < DL_KIND_COUNT; k++)
		s->deadlines[k].kind = k;
	struct dwalk dw = { s, z, clock_unix() };
	return store_incident_deadlines_each(c->st, c->who->org_id, bounds[0], bounds[s->nmonths], &limit,
					     count_deadlines, &dw);
}

/* ---- JSON -------------------------------------------------------------------- */

static struct jval *share(struct arena *a, long long part, long long whole)
{
	double x = stats_share(part, whole);
	return x < 0 ? jv_null(a) : jv_num(a, round(x * 10000) / 10000);
}

static struct jval *hours(struct arena *a, const struct stats_duration *d, double h)
{
	return d->count ? jv_num(a, round(h * 100) / 100) : jv_null(a);
}

static struct jval *groups_json(struct rctx *c, int lang, const struct stats_group *g, size_t n,
				const long long *by, size_t nmonths, int levels)
{
	struct arena *a = c->a;
	struct jval *arr = jv_arr(a);
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(arr, jv_obj(a));
		jv_set(o, "id", g[i].id ? jv_int(a, g[i].id) : jv_null(a));
		if (levels)
			jv_set(o, "level", g[i].id ? jv_int(a, g[i].level) : jv_null(a));
		jv_set_str(a, o, "name", g[i].name ? g[i].name : tr(lang, levels ? N_("No severity") : N_("No category")));
		long long total = 0;
		for (size_t m = 0; m < nmonths; m++)
			total += by[m * n + i];
		jv_set_int(a, o, "total", total);
	}
	return arr;
}

static struct jval *duration_json(struct arena *a, const struct stats_duration *d)
{
	struct jval *o = jv_obj(a);
	jv_set_int(a, o, "count", d->count);
	jv_set_int(a, o, "waiting", d->waiting);
	jv_set(o, "median_hours", hours(a, d, d->median_h));
	jv_set(o, "p90_hours", hours(a, d, d->p90_h));
	return o;
}

struct jval *incident_stats_json(struct rctx *c, int lang, const struct incident_stats *s)
{
	struct arena *a = c->a;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "from", s->from);
	jv_set_str(a, o, "to", s->to);
	jv_set_str(a, o, "time_zone", s->zone);
	jv_set_bool(a, o, "restricted", s->restricted);
	jv_set_int(a, o, "total", s->total);
	jv_set(o, "categories", groups_json(c, lang, s->cat, s->ncat, s->by_cat, s->nmonths, 0));
	jv_set(o, "severities", groups_json(c, lang, s->sev, s->nsev, s->by_sev, s->nmonths, 1));
	struct jval *months = jv_set(o, "months", jv_arr(a));
	for (size_t m = 0; m < s->nmonths; m++) {
		struct jval *mo = jv_push(months, jv_obj(a));
		jv_set_str(a, mo, "month", s->months[m]);
		jv_set_int(a, mo, "total", s->month_total[m]);
		struct jval *cats = jv_set(mo, "categories", jv_arr(a));
		for (size_t i = 0; i < s->ncat; i++)
			jv_push(cats, jv_int(a, s->by_cat[m * s->ncat + i]));
		struct jval *sevs = jv_set(mo, "severities", jv_arr(a));
		for (size_t i = 0; i < s->nsev; i++)
			jv_push(sevs, jv_int(a, s->by_sev[m * s->nsev + i]));
	}
	jv_set(o, "time_to_triage", duration_json(a, &s->triage));
	jv_set(o, "time_to_close", duration_json(a, &s->close));
	struct jval *ch = jv_set(o, "channels", jv_arr(a));
	for (size_t i = 0; i < s->nchannel; i++) {
		struct jval *x = jv_push(ch, jv_obj(a));
		jv_set_str(a, x, "channel", s->channel[i]);
		jv_set_str(a, x, "name", s->channel_name[i]);
		jv_set_int(a, x, "count", s->channel_count[i]);
		jv_set(x, "share", share(a, s->channel_count[i], s->total));
	}
	struct jval *sup = jv_set(o, "supplier", jv_obj(a));
	jv_set_int(a, sup, "count", s->supplier);
	jv_set(sup, "share", share(a, s->supplier, s->total));
	struct jval *dl = jv_set(o, "deadlines", jv_arr(a));
	for (int k = 0; k < DL_KIND_COUNT; k++) {
		const struct stats_deadline *d = &s->deadlines[k];
		struct jval *x = jv_push(dl, jv_obj(a));
		const char *code = deadline_kind_code((enum deadline_kind)k);
		const struct field *kf = entity_field(&entity_incident_reports, "kind");
		const char *label = kf ? field_option_label(kf, code) : NULL;
		jv_set_str(a, x, "kind", code);
		jv_set_str(a, x, "name", label ? tr(lang, label) : code);
		jv_set_int(a, x, "met", d->met);
		jv_set_int(a, x, "late", d->late);
		jv_set_int(a, x, "overdue", d->overdue);
		jv_set_int(a, x, "pending", d->pending);
		jv_set(x, "met_share", share(a, d->met, d->met + d->late + d->overdue));
	}
	return o;
}
