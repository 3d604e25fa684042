/*
 * ui_incident.c: what an incident's page shows beside its fields — the
 * secrecy marking, the report deadlines with the time left, the timeline —
 * and the page that writes a report's text for the recipient and records
 * it as sent. The records themselves are the registry's (model/incident.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/deadline.h"
#include "model/catalogue.h"
#include "model/escalation.h"
#include "model/incident.h"
#include "model/record.h"
#include "model/visible.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* How many open incidents of each status "Mina uppgifter" lists. */
#define INCIDENT_TASKS_SHOWN 10

/* The reports recorded for incident id, oldest first (NULL on error). */
static struct jval *reports_of(struct request *r, long long id)
{
	struct list_query q = { .page = 1, .limit = 0, .nfilters = 1 };
	q.filters[0].f = entity_field(&entity_incident_reports, "incident_id");
	q.filters[0].value = arena_printf(r->a, "%lld", id);
	q.sort = entity_field(&entity_incident_reports, "sent_at");
	struct jval *rows;
	return store_list(r->st, r->a, &entity_incident_reports, r->org_id, &q, &rows, NULL) == STORE_OK ? rows : NULL;
}

/* "2 dygn 5 tim", "3 tim 20 min", "12 min": a span in words short
 * enough for a table cell (no plural forms needed in either language). */
static const char *span_words(struct request *r, long long seconds)
{
	long long m = seconds / 60, h = m / 60, d = h / 24;
	if (d >= 2)
		return arena_printf(r->a, T(r, "%lld d %lld h"), d, h % 24);
	if (h >= 1)
		return arena_printf(r->a, T(r, "%lld h %lld min"), h, m % 60);
	return arena_printf(r->a, T(r, "%lld min"), m < 1 ? 1 : m);
}

static const char *kind_label(struct request *r, int kind)
{
	const struct field *f = entity_field(&entity_incident_reports, "kind");
	const char *l = field_option_label(f, deadline_kind_code(kind));
	return l ? T(r, l) : deadline_kind_code(kind);
}

static void incident_panel(struct request *r, const struct jval *row, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	struct jval *p = jv_set(ctx, "incident", jv_obj(a));
	const char *secrecy = jv_get_str(row, "secrecy_basis");
	if (secrecy && *secrecy)
		jv_set_str(a, p, "secrecy", secrecy);
	struct jval *reports = reports_of(r, id);
	struct incident_deadline d[DL_KIND_COUNT];
	size_t n = 0;
	incident_deadlines(&c, row, reports, d, &n);
	long long now = clock_unix();
	/* A part of this incident, as its grants decide (scope_via). */
	struct jval *part = jv_obj(a);
	jv_set_int(a, part, "incident_id", id);
	int can_report = record_allows(&c, &entity_incident_reports, A_CREATE, part);
	int can_event = record_allows(&c, &entity_incident_events, A_CREATE, part);
	struct jval *list = jv_set(p, "deadlines", jv_arr(a));
	for (size_t i = 0; i < n; i++) {
		struct jval *o = jv_push(list, jv_obj(a));
		jv_set_str(a, o, "label", kind_label(r, d[i].kind));
		if (d[i].due_at) {
			char due[TS_LEN];
			ts_format(d[i].due_at, due);
			jv_set_str(a, o, "due", recview_time(r, arena_strdup(a, due)));
		} else {
			jv_set_str(a, o, "due", T(r, "One month after handling ends"));
		}
		if (d[i].sent_at) {
			jv_set_str(a, o, "sent", recview_time(r, d[i].sent_at));
			if (d[i].reference)
				jv_set_str(a, o, "reference", d[i].reference);
			long long sent;
			if (d[i].due_at && ts_parse(d[i].sent_at, &sent) == 0 && sent > d[i].due_at)
				jv_set_str(a, o, "late", arena_printf(a, T(r, "Sent %s late"), span_words(r, sent - d[i].due_at)));
		} else if (d[i].overdue) {
			jv_set_bool(a, o, "overdue", 1);
			jv_set_str(a, o, "left", arena_printf(a, T(r, "Overdue by %s"), span_words(r, now - d[i].due_at)));
		} else if (d[i].due_at) {
			jv_set_str(a, o, "left", arena_printf(a, T(r, "%s left"), span_words(r, d[i].due_at - now)));
			if (d[i].due_at - now < 6 * 3600)
				jv_set_bool(a, o, "soon", 1);
		}
		if (can_report)
			jv_set_str(a, o, "text_href", arena_printf(a, "/incidents/%lld/report?kind=%s", id,
								   deadline_kind_code(d[i].kind)));
	}
	if (!n)
		jv_set_str(a, p, "none", T(r, "No report deadlines: the incident is not assessed as significant under the Cybersecurity Act, nor as a personal data breach to report to IMY."));
	if (can_report)
		jv_set_str(a, p, "report_href", arena_printf(a, "/incidents/%lld/report", id));
	if (can_event)
		jv_set_str(a, p, "event_href",
			   recview_with_return(r, arena_printf(a, "/incident-events/new?incident_id=%lld", id)));
	/* What it affects, with the classification that says how much. */
	struct affected_row *aff;
	size_t naff;
	struct visible *vis = recview_visible(r);
	struct jval *affected = jv_set(p, "affected", jv_arr(a));
	if (store_incident_affected(r->st, a, r->org_id, id, &aff, &naff) == STORE_OK)
		for (size_t i = 0; i < naff; i++) {
			const struct entity *te = aff[i].system ? &entity_systems : &entity_information_assets;
			struct jval *o = jv_push(affected, jv_obj(a));
			jv_set_str(a, o, "kind", T(r, te->label));
			if (visible_record(vis, te, aff[i].id)) {
				jv_set_str(a, o, "name", aff[i].name);
				jv_set_str(a, o, "href", recview_href(r, te, aff[i].id));
			} else {
				jv_set_str(a, o, "name", visible_hidden(r->lang));
			}
			struct buf b = BUF_INIT;
			for (int k = 0; k < ASPECT_COUNT; k++)
				if (aff[i].lv.v[k] != LEVEL_UNSET)
					buf_printf(&b, "%s%s %d", b.len ? " · " : "", aspect_code((enum aspect)k), aff[i].lv.v[k]);
			jv_set_str(a, o, "levels", b.len ? arena_strdup(a, buf_str(&b)) : T(r, "Not classified"));
			buf_free(&b);
		}

	struct jval *m = jv_obj(a);
	jv_set_int(a, m, "incident_id", id);
	if (record_allows(&c, &entity_measures, A_CREATE, m))
		jv_set_str(a, p, "measure_href",
			   recview_with_return(r, arena_printf(a, "/measures/new?incident_id=%lld", id)));

	/* Who was told, by which rule, and whether the e-mail arrived. */
	struct jval *notices = jv_arr(a);
	if (escalation_notices(r->st, a, r->org_id, id, notices) == STORE_OK && notices->first) {
		struct jval *nl = jv_set(p, "notices", jv_arr(a));
		for (struct jval *nt = notices->first; nt; nt = nt->next) {
			struct jval *o = jv_push(nl, jv_obj(a));
			long long pid = jv_get_int(nt, "person_id", 0);
			jv_set_str(a, o, "person", visible_record(vis, &entity_people, pid) && jv_get_str(nt, "person")
							   ? jv_get_str(nt, "person") : visible_hidden(r->lang));
			jv_set_str(a, o, "rule", jv_get_str(nt, "rule") ? jv_get_str(nt, "rule") : "");
			jv_set_str(a, o, "at", recview_time(r, jv_get_str(nt, "created_at")));
			const char *st = jv_get_str(nt, "mail_status");
			const char *err = jv_get_str(nt, "mail_error");
			jv_set_str(a, o, "status", !st ? T(r, "No e-mail")
						   : strcmp(st, "sent") == 0 ? T(r, "E-mail delivered")
						   : strcmp(st, "failed") == 0 ? T(r, "E-mail failed")
						   : strcmp(st, "retrying") == 0 ? T(r, "E-mail waiting to be retried")
										 : T(r, "E-mail queued"));
			if (st && strcmp(st, "failed") == 0)
				jv_set_bool(a, o, "failed", 1);
			if (err && *err)
				jv_set_str(a, o, "error", T(r, err));
		}
	}

	/* The timeline, in order. */
	struct list_query q = { .page = 1, .limit = 200, .nfilters = 1 };
	q.filters[0].f = entity_field(&entity_incident_events, "incident_id");
	q.filters[0].value = arena_printf(a, "%lld", id);
	q.sort = entity_field(&entity_incident_events, "at");
	struct jval *events;
	struct jval *tl = jv_set(p, "timeline", jv_arr(a));
	const struct field *kf = entity_field(&entity_incident_events, "kind");
	const struct field *bf = entity_field(&entity_incident_events, "author_id");
	if (record_allows(&c, &entity_incident_events, A_READ, part))
		jv_set_str(a, p, "timeline_href", arena_printf(a, "/incident-events?incident_id=%lld", id));
	if (record_allows(&c, &entity_incident_events, A_READ, part) &&
	    store_list(r->st, a, &entity_incident_events, r->org_id, &q, &events, NULL) == STORE_OK)
		for (struct jval *e = events->first; e; e = e->next) {
			struct jval *o = jv_push(tl, jv_obj(a));
			jv_set_str(a, o, "at", recview_time(r, jv_get_str(e, "at")));
			jv_set_str(a, o, "kind", recview_text(r, kf, e));
			jv_set_str(a, o, "text", jv_get_str(e, "description"));
			jv_set_str(a, o, "by", recview_text(r, bf, e));
		}
}

void incident_panels(struct request *r, const struct entity *e, const struct jval *row, struct jval *ctx)
{
	if (e->panels & PANEL_INCIDENT)
		incident_panel(r, row, ctx);
}

/* The report page for incident row: the kinds, and with kind the text
 * for its recipient and the form that records it as sent; posted and errs
 * when a recording was refused (the form keeps what was written). */
static void report_page(struct request *r, const struct jval *row, const char *kind, int posted,
			const struct verrors *errs)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	const struct field *kf = entity_field(&entity_incident_reports, "kind");
	if (!kind || !field_option_label(kf, kind))
		kind = NULL;
	struct jval *ctx = page_ctx(r, T(r, "Write a report"));
	jv_set_str(a, ctx, "incident_title", recview_title(r, &entity_incidents, row));
	jv_set_str(a, ctx, "incident_href", arena_printf(a, "/incidents/%lld", id));
	jv_set_int(a, ctx, "incident_id", id);
	jv_set_str(a, ctx, "action", arena_printf(a, "/incidents/%lld/report", id));
	struct jval *kinds = jv_set(ctx, "kinds", jv_arr(a));
	for (const struct option *o = kf->options; o->value; o++) {
		struct jval *k = jv_push(kinds, jv_obj(a));
		jv_set_str(a, k, "label", T(r, o->label));
		jv_set_str(a, k, "href", arena_printf(a, "/incidents/%lld/report?kind=%s", id, o->value));
		if (kind && strcmp(kind, o->value) == 0)
			jv_set_bool(a, k, "current", 1);
	}
	if (kind) {
		/* The organisation's recipient of that kind of report. */
		static const struct {
			const char *prefix, *recipient;
		} to[] = { { "nis2_", "nis2" }, { "gdpr_", "gdpr" }, { "police_", "police" } };
		const char *rk = NULL;
		for (size_t i = 0; i < sizeof to / sizeof *to && !rk; i++)
			if (strncmp(kind, to[i].prefix, strlen(to[i].prefix)) == 0)
				rk = to[i].recipient;
		struct jval *recipient = NULL;
		if (rk) {
			struct list_query q = { .page = 1, .limit = 1, .nfilters = 2 };
			q.filters[0].f = entity_field(&entity_report_recipients, "kind");
			q.filters[0].value = rk;
			q.filters[1].f = entity_field(&entity_report_recipients, "active");
			q.filters[1].value = "1";
			struct jval *rows;
			if (store_list(r->st, a, &entity_report_recipients, r->org_id, &q, &rows, NULL) == STORE_OK)
				recipient = rows->first;
		}
		jv_set_str(a, ctx, "kind", kind);
		jv_set_str(a, ctx, "kind_label", T(r, field_option_label(kf, kind)));
		const char *name = recipient ? incident_default_text(r->lang, jv_get_str(recipient, "name")) : NULL;
		if (name)
			jv_set_str(a, ctx, "recipient", name);
		const char *addr = recipient ? jv_get_str(recipient, "address") : NULL;
		if (addr) {
			jv_set_str(a, ctx, "recipient_address", addr);
			/* An e-service's address is a link (only https: nothing else
			 * a recipient's address might hold). */
			if (strncmp(addr, "https://", 8) == 0 && !strpbrk(addr, " \"<>"))
				jv_set_str(a, ctx, "recipient_url", addr);
		}
		char now[TS_LOCAL_LEN];
		ts_to_local_input(recview_zone(r), clock_unix() / 60 * 60, now);
		/* What the user wrote, when a recording was refused. */
		const char *body = posted ? req_post(r, "body") : NULL;
		jv_set_str(a, ctx, "text", body ? body : incident_report_text(&c, r->lang, row, kind, recipient));
		jv_set_str(a, ctx, "sent_to", posted && req_post(r, "recipient") ? req_post(r, "recipient") : name ? name : "");
		jv_set_str(a, ctx, "now", posted && req_post(r, "sent_at") ? req_post(r, "sent_at") : arena_strdup(a, now));
		jv_set_str(a, ctx, "reference", posted && req_post(r, "reference") ? req_post(r, "reference") : "");
		for (size_t i = 0; errs && i < errs->n; i++)
			if (errs->items[i].field)
				jv_set_str(a, ctx, arena_printf(a, "error_%s", errs->items[i].field), errs->items[i].message);
	}
	const char *secrecy = jv_get_str(row, "secrecy_basis");
	if (secrecy && *secrecy)
		jv_set_str(a, ctx, "secrecy", secrecy);
	page_set_errors(r, ctx, errs, &entity_incident_reports);
	page_render(r, errs && errs->n ? 422 : 200, "incident_report", ctx);
}

/* The incident of the path, when the reader may record its reports:
 * 1, else 0 with the answer given. */
static int report_incident(struct request *r, struct jval **row)
{
	r->entity = &entity_incidents;
	if (!recview_load(r, row))
		return 0;
	struct rctx c = page_rctx(r);
	struct jval *part = jv_obj(r->a);
	jv_set_int(r->a, part, "incident_id", jv_get_int(*row, "id", 0));
	if (!record_allows(&c, &entity_incident_reports, A_CREATE, part)) {
		page_forbidden(r);
		return 0;
	}
	return 1;
}

/* GET /incidents/{id}/report?kind=K: the text of a report of kind K for
 * its recipient, to copy into the authority's e-service, and the form
 * that records it as sent. */
void h_incident_report(struct request *r)
{
	struct jval *row;
	if (report_incident(r, &row))
		report_page(r, row, req_query(r, "kind"), 0, NULL);
}

/* POST /incidents/{id}/report: the report recorded as sent; refused, the
 * page again with what was written and why. */
void h_incident_report_save(struct request *r)
{
	struct jval *row;
	if (!report_incident(r, &row))
		return;
	struct arena *a = r->a;
	const struct entity *e = &entity_incident_reports;
	struct rctx c = page_rctx(r);
	long long id = jv_get_int(row, "id", 0);
	struct verrors errs = { 0 };
	struct jval *in = jv_obj(a);
	jv_set_int(a, in, "incident_id", id);
	static const char *const posted[] = { "kind", "sent_at", "recipient", "reference", "body" };
	for (size_t i = 0; i < sizeof posted / sizeof *posted; i++) {
		const struct field *f = entity_field(e, posted[i]);
		struct jval *v = record_value_from_text(&c, e, f, req_post(r, posted[i]) ? req_post(r, posted[i]) : "", &errs);
		if (v)
			jv_set(in, posted[i], v);
	}
	record_require(&c, e, in, &errs);
	long long rid = 0;
	int rc = errs.n ? REC_INVALID : record_create(&c, e, in, &rid, &errs);
	if (rc == REC_INVALID) {
		report_page(r, row, req_post(r, "kind"), 1, &errs);
		return;
	}
	if (rc != REC_OK) {
		page_error(r, rc == REC_FORBIDDEN ? 403 : 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	const struct field *kf = entity_field(e, "kind");
	const char *kl = field_option_label(kf, req_post(r, "kind"));
	page_flash_set(r, "report", arena_printf(a, T(r, "Recorded as sent: %s."), kl ? T(r, kl) : ""));
	res_redirect(r, recview_done(r, arena_printf(a, "/incidents/%lld", id), "report"));
}

/* The open incidents of one status, oldest awareness first, into arr
 * (each with its next report deadline and the time left); *total how many
 * there are. -1 when the store fails. */
static int open_incidents(struct request *r, const char *status, struct jval *arr, long long *total)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	struct list_query q = { .page = 1, .limit = INCIDENT_TASKS_SHOWN, .nfilters = 1 };
	q.filters[0].f = entity_field(&entity_incidents, "status");
	q.filters[0].value = status;
	q.sort = entity_field(&entity_incidents, "aware_at");
	struct jval *rows;
	if (store_list(r->st, a, &entity_incidents, r->org_id, &q, &rows, total) != STORE_OK)
		return -1;
	long long now = clock_unix();
	for (struct jval *row = rows->first; row; row = row->next) {
		long long id = jv_get_int(row, "id", 0);
		struct jval *o = jv_push(arr, jv_obj(a));
		const char *receipt = jv_get_str(row, "receipt");
		jv_set_str(a, o, "name", arena_printf(a, "%s%s%s", receipt ? receipt : "", receipt ? ": " : "",
						      jv_get_str(row, "title")));
		jv_set_str(a, o, "href", recview_href(r, &entity_incidents, id));
		jv_set_str(a, o, "aware", recview_time(r, jv_get_str(row, "aware_at")));
		struct incident_deadline d[DL_KIND_COUNT];
		size_t n = 0;
		incident_deadlines(&c, row, reports_of(r, id), d, &n);
		/* The first report not sent with a known deadline. */
		const struct incident_deadline *next = NULL;
		for (size_t i = 0; i < n; i++)
			if (!d[i].sent_at && d[i].due_at && (!next || d[i].due_at < next->due_at))
				next = &d[i];
		if (!next)
			continue;
		jv_set_str(a, o, "next", kind_label(r, next->kind));
		if (next->due_at < now) {
			jv_set_bool(a, o, "overdue", 1);
			jv_set_str(a, o, "left", arena_printf(a, T(r, "Overdue by %s"), span_words(r, now - next->due_at)));
		} else {
			jv_set_str(a, o, "left", arena_printf(a, T(r, "%s left"), span_words(r, next->due_at - now)));
		}
	}
	return 0;
}

int incident_tasks(struct request *r, struct jval *ctx, long long *count)
{
	*count = 0;
	struct rctx c = page_rctx(r);
	struct access_subject who = { r->actor.person_id, r->actor.as, r->actor.nas };
	if (!c.who->trusted && !access_allows_every(entity_incidents.grants, &who, A_UPDATE))
		return 0;
	long long n_new = 0, n_handling = 0;
	struct jval *fresh = jv_set(ctx, "incidents_new", jv_arr(r->a));
	struct jval *handling = jv_set(ctx, "incidents_handling", jv_arr(r->a));
	if (open_incidents(r, "new", fresh, &n_new) != 0 || open_incidents(r, "handling", handling, &n_handling) != 0)
		return -1;
	jv_set_int(r->a, ctx, "incidents_new_total", n_new);
	jv_set_int(r->a, ctx, "incidents_handling_total", n_handling);
	if (n_new || n_handling)
		jv_set_bool(r->a, ctx, "incidents_open", 1);
	/* The time left changes by the minute: this page is not kept. */
	r->no_keep = 1;
	*count = n_new;
	return 0;
}
