/*
 * router.c: the route table and what runs before every handler —
 * language, authentication, the login requirement, CSRF and the security
 * headers (put on first, so that a handler's headers cannot push them out). A route says what it needs (like cgit's cmd table); handlers
 * never see a request that has not passed these checks.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/entity.h"
#include "model/wheel.h"
#include "util/i18n.h"
#include "web/cache.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

enum {
	R_PUBLIC = 1, /* no login needed */
	R_API = 2,    /* JSON: problem+json errors, bearer tokens */
	R_CACHE = 4,  /* kept for repeated reads (web/cache.h): the page
			 depends on nothing but the tables it reads and who
			 reads it */
};

struct route {
	const char *method;
	const char *pattern;
	handler_fn fn;
	unsigned flags;
	/* With R_CACHE: the tables and derived areas the page reads,
	 * NULL-terminated; NULL: the route's entity and every entity its
	 * fields refer to (a list). */
	const char *const *reads;
	/* What the page needs, checked before the handler runs (cgit's
	 * page table): action (A_READ, A_CREATE, ...) on some record of
	 * entity — the route's own ({entity}, a singleton's path) when
	 * entity is NULL. 0: the handler decides alone (pages of several
	 * entities, one's own account). The handler still checks each
	 * record. */
	const struct entity *entity;
	unsigned action;
};

/* What the common pages read, for their kept responses. */
#define READS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define GAP_NAMES "gaps", "agreements", "processes", "requirements", "risk-triggers", "units"
static const char *const *const overview_reads =
	READS("systems", "information-assets", "processes", "units", "suppliers", "agreements", "incidents", GAP_NAMES);
static const char *const *const gap_reads = READS(GAP_NAMES);
/* "Mina uppgifter": the person's records, drafts, gaps and plan entries. */
#define TASK_NAMES "systems", "information-assets", "classifications", "risk-analyses", "risks", "measures", \
	"action-plan-items", "plan", "people", GAP_NAMES, "incidents", "incident-notices", "training-sessions", "trainings", \
	"training", "document-acks", "governing-documents", "document-versions", "access-reviews", "access-review-accounts"
static const char *const *const tasks_reads = READS(TASK_NAMES);
/* The start page is the overview or the reader's tasks. */
static const char *const *const start_reads = READS("suppliers", TASK_NAMES);
static const char *const *const picture_reads = READS("picture", "risks", "risk-analyses", "risk-methods", "units");
static const char *const *const plan_reads =
	READS("plan", "measures", "risks", "action-plan-items", "requirements", "systems");
static const char *const *const system_plan_reads =
	READS("systems", "action-plan-items", "requirements", "coverage", "units", "suppliers", "information-assets",
	      "classifications", "system-classifications");
static const char *const *const soa_reads = READS("soa-entries", "requirements", "coverage", "systems", "evidence");
/* The incident statistics: the incidents, their reports, the lists they
 * are counted by and the organisation's time zone. */
static const char *const *const incident_stats_reads =
	READS("incidents", "incident-reports", "incident-categories", "incident-severities", "organisation");
/* Training coverage: the kept training_state rows (their own generation,
 * moved by store/sqlite_derived_training.c when a person's rows change),
 * the gaps it lists and the units it names. */
static const char *const *const training_reads = READS("training", "gaps", "units", "role-assignments");

/* The annual wheel (ui_wheel.c): the due dates kept with the gaps, the
 * exercises, the recurring activities and the names of the people. */
static const char *const *const org_requirement_reads =
	READS("requirements", "organisation-assessments", "people", "governing-documents", "exercises", "training-sessions",
	      "meeting-decisions");
static const char *const *const wheel_reads = READS(WHEEL_READ_NAMES, "people");

/* Patterns: literal segments, {entity} (a registry entity with pages of its
 * own), {id} (a positive number), {param} (any one segment). First match
 * wins, so literal routes come before {entity} ones. */
/* A route: every member named, so that those a route leaves out are
 * plainly zero. */
#define ROUTE(m, p, f, fl, ...) { .method = (m), .pattern = (p), .fn = (f), .flags = (fl), __VA_ARGS__ }

static const struct route routes[] = {
	ROUTE("GET", "/healthz", h_healthz, R_PUBLIC | R_API),
	ROUTE("GET", "/static/{param}", h_static, R_PUBLIC),
	ROUTE("GET", "/login", h_login_form, R_PUBLIC),
	ROUTE("POST", "/login", h_login, R_PUBLIC),
	ROUTE("POST", "/logout", h_logout, 0),
	ROUTE("POST", "/lang", h_lang, R_PUBLIC),
	ROUTE("GET", "/", h_dashboard, R_CACHE, .reads = start_reads),
	ROUTE("GET", "/overview", h_overview, R_CACHE, .reads = overview_reads),
	ROUTE("GET", "/tasks", h_tasks, R_CACHE, .reads = tasks_reads),
	ROUTE("GET", "/gaps", h_gaps, R_CACHE, .reads = gap_reads),
	ROUTE("GET", "/gaps.csv", h_gaps_csv, 0),
	ROUTE("GET", "/gaps.xlsx", h_gaps_xlsx, 0),
	ROUTE("GET", "/audit", h_audit, 0),
	ROUTE("GET", "/account", h_account, 0),
	ROUTE("POST", "/account", h_account_save, 0),
	ROUTE("POST", "/account/password", h_account_password, 0),
	ROUTE("POST", "/account/tokens", h_token_create, 0),
	ROUTE("POST", "/account/tokens/{id}/revoke", h_token_revoke, 0),
	ROUTE("GET", "/organisation", h_org_show, 0, .action = A_READ),
	ROUTE("GET", "/organisation/edit", h_org_edit, 0, .action = A_UPDATE),
	ROUTE("POST", "/organisation", h_org_update, 0, .action = A_UPDATE),
	ROUTE("GET", "/organisation/history", h_history, 0, .action = A_READ),
	ROUTE("GET", "/users/{id}/password", h_user_password_form, 0, .entity = &entity_users, .action = A_UPDATE),
	ROUTE("POST", "/users/{id}/password", h_user_password, 0, .entity = &entity_users, .action = A_UPDATE),
	ROUTE("GET", "/admin/mail", h_mail_admin, 0),
	ROUTE("POST", "/admin/mail/test", h_mail_test, 0),

	ROUTE("GET", "/report", h_report_form, 0),
	ROUTE("POST", "/report", h_report, 0),
	ROUTE("GET", "/report/mine", h_report_mine, 0),
	/* Public reporting (ui_report.c): 404 unless the organisation has it
	 * on; the status pages answer to the follow secret alone. */
	ROUTE("GET", "/rapportera", h_public_report_form, R_PUBLIC),
	ROUTE("POST", "/rapportera", h_public_report, R_PUBLIC),
	ROUTE("GET", "/rapportera/status/{param}", h_public_report_status, R_PUBLIC),
	ROUTE("POST", "/api/v1/public/reports", api_public_report, R_PUBLIC | R_API),
	ROUTE("GET", "/api/v1/public/reports/{param}", api_public_report_status, R_PUBLIC | R_API),
	/* Calendar feeds (ui_wheel.c): the secret token is the credential. */
	ROUTE("GET", "/calendar/{param}", h_calendar_feed, R_PUBLIC),

	ROUTE("GET", "/api/v1/openapi.json", api_openapi, R_PUBLIC | R_API),
	ROUTE("GET", "/api/v1/gaps", api_gaps, R_API | R_CACHE, .reads = gap_reads),
	ROUTE("GET", "/api/v1/me", api_me, R_API),
	ROUTE("GET", "/api/v1/organisation", api_organisation, R_API, .action = A_READ),
	ROUTE("PATCH", "/api/v1/organisation", api_organisation_update, R_API, .action = A_UPDATE),
	ROUTE("GET", "/api/v1/incidents/{id}/notices", api_incident_notices, R_API, .entity = &entity_incidents, .action = A_READ),
	ROUTE("GET", "/api/v1/mail", api_mail, R_API),
	ROUTE("GET", "/api/v1/incidents/statistics", api_incident_stats, R_API | R_CACHE, .reads = incident_stats_reads, .entity = &entity_incidents, .action = A_READ),
	ROUTE("GET", "/api/v1/training/coverage", api_training_coverage, R_API | R_CACHE, .reads = training_reads),
	ROUTE("POST", "/api/v1/training-sessions/{id}/attendance", api_training_attendance, R_API, .entity = &entity_training_sessions, .action = A_UPDATE),
	ROUTE("POST", "/api/v1/meetings/{id}/fill-agenda", api_meeting_fill_agenda, R_API, .entity = &entity_meetings, .action = A_UPDATE),
	ROUTE("POST", "/api/v1/calendar-feeds", api_calendar_feed_create, R_API),
	ROUTE("GET", "/api/v1/wheel", api_wheel, R_API | R_CACHE, .reads = wheel_reads),
	ROUTE("POST", "/api/v1/governing-documents/{id}/acknowledgement-requests", api_doc_ask, R_API, .entity = &entity_governing_documents, .action = A_UPDATE),
	ROUTE("GET", "/api/v1/governing-documents/{id}/acknowledgements", api_doc_coverage, R_API, .entity = &entity_governing_documents, .action = A_READ),
	ROUTE("POST", "/api/v1/document-versions/{id}/acknowledge", api_doc_ack, R_API, .entity = &entity_document_versions, .action = A_READ),
	ROUTE("PUT", "/api/v1/document-versions/{id}/file", api_doc_file_upload, R_API, .entity = &entity_document_versions, .action = A_UPDATE),
	ROUTE("GET", "/api/v1/acknowledgements", api_my_acks, R_API),
	ROUTE("POST", "/api/v1/access-reviews/{id}/accounts", api_access_review_accounts, R_API, .entity = &entity_access_review_accounts, .action = A_CREATE),
	ROUTE("POST", "/api/v1/access-reviews/{id}/decisions", api_access_review_decisions, R_API, .entity = &entity_access_review_accounts, .action = A_UPDATE),
	ROUTE("GET", "/api/v1/{entity}", api_list, R_API | R_CACHE, .action = A_READ),
	ROUTE("POST", "/api/v1/{entity}", api_create, R_API, .action = A_CREATE),
	ROUTE("GET", "/api/v1/{entity}/{id}", api_get, R_API, .action = A_READ),
	ROUTE("PATCH", "/api/v1/{entity}/{id}", api_update, R_API, .action = A_UPDATE),
	ROUTE("DELETE", "/api/v1/{entity}/{id}", api_delete, R_API, .action = A_DELETE),
	ROUTE("GET", "/api/v1/{entity}/{id}/history", api_history, R_API, .action = A_READ),

	ROUTE("GET", "/systems/{id}/plan", h_system_plan, R_CACHE, .reads = system_plan_reads, .entity = &entity_plan_items, .action = A_READ),
	ROUTE("POST", "/systems/{id}/plan", h_system_plan_save, 0, .entity = &entity_plan_items, .action = A_UPDATE),
	ROUTE("GET", "/incidents/{id}/report", h_incident_report, 0, .entity = &entity_incident_reports, .action = A_CREATE),
	ROUTE("POST", "/incidents/{id}/report", h_incident_report_save, 0, .entity = &entity_incident_reports, .action = A_CREATE),
	ROUTE("GET", "/systems/{id}/procurement", h_procurement, 0, .entity = &entity_requirements, .action = A_READ),
	ROUTE("GET", "/systems/{id}/procurement.xlsx", h_procurement_xlsx, 0, .entity = &entity_requirements, .action = A_READ),
	ROUTE("GET", "/systems/{id}/procurement.pdf", h_procurement_pdf, 0, .entity = &entity_requirements, .action = A_READ),
	ROUTE("GET", "/risk-analyses/{id}/import", h_risk_import_form, 0, .entity = &entity_risks, .action = A_CREATE),
	ROUTE("GET", "/risk-analyses/{id}/report", h_risk_report, 0, .entity = &entity_risk_analyses, .action = A_READ),
	ROUTE("GET", "/risk-analyses/{id}/report.pdf", h_risk_report_pdf, 0, .entity = &entity_risk_analyses, .action = A_READ),
	ROUTE("POST", "/risk-analyses/{id}/import", h_risk_import, 0, .entity = &entity_risks, .action = A_CREATE),
	ROUTE("GET", "/risk", h_risk_overview, R_CACHE, .reads = picture_reads, .entity = &entity_risks, .action = A_READ),
	ROUTE("GET", "/action-plan", h_action_plan, R_CACHE, .reads = plan_reads),
	ROUTE("GET", "/soa", h_soa_index, R_CACHE, .reads = soa_reads, .entity = &entity_soa_entries, .action = A_READ),
	ROUTE("GET", "/soa/{param}", h_soa, R_CACHE, .reads = soa_reads, .entity = &entity_soa_entries, .action = A_READ),
	ROUTE("POST", "/soa-entries/{id}/evidence", h_evidence_upload, 0, .entity = &entity_soa_entries, .action = A_UPDATE),
	ROUTE("GET", "/evidence/{id}", h_evidence_get, 0, .entity = &entity_soa_entries, .action = A_READ),
	ROUTE("POST", "/evidence/{id}/delete", h_evidence_delete, 0, .entity = &entity_soa_entries, .action = A_UPDATE),
	ROUTE("POST", "/governing-documents/{id}/ask", h_doc_ask, 0, .entity = &entity_governing_documents, .action = A_UPDATE),
	ROUTE("POST", "/document-versions/{id}/acknowledge", h_doc_ack, 0, .entity = &entity_document_versions, .action = A_READ),
	ROUTE("POST", "/document-versions/{id}/file", h_doc_file_upload, 0, .entity = &entity_document_versions, .action = A_UPDATE),
	ROUTE("GET", "/document-versions/{id}/file", h_doc_file_get, 0, .entity = &entity_document_versions, .action = A_READ),
	ROUTE("POST", "/incident-notices/{id}/read", h_notice_read, 0),
	ROUTE("GET", "/incidents/statistics", h_incident_stats, R_CACHE, .reads = incident_stats_reads, .entity = &entity_incidents, .action = A_READ),
	ROUTE("GET", "/incidents/statistics.csv", h_incident_stats_csv, 0, .entity = &entity_incidents, .action = A_READ),
	ROUTE("GET", "/incidents/statistics.xlsx", h_incident_stats_xlsx, 0, .entity = &entity_incidents, .action = A_READ),
	ROUTE("GET", "/training/coverage", h_training_coverage, R_CACHE, .reads = training_reads),
	ROUTE("POST", "/training-sessions/{id}/attendance", h_training_attendance, 0, .entity = &entity_training_sessions, .action = A_UPDATE),
	ROUTE("GET", "/goals/indicators", h_goals_overview, 0, .entity = &entity_goals, .action = A_READ),
	ROUTE("POST", "/meetings/{id}/fill-agenda", h_meeting_fill_agenda, 0, .entity = &entity_meetings, .action = A_UPDATE),
	ROUTE("POST", "/meetings/{id}/minutes", h_minutes_upload, 0, .entity = &entity_meetings, .action = A_UPDATE),
	ROUTE("GET", "/minutes/{id}", h_minutes_get, 0, .entity = &entity_meetings, .action = A_READ),
	ROUTE("POST", "/minutes/{id}/delete", h_minutes_delete, 0, .entity = &entity_meetings, .action = A_UPDATE),
	ROUTE("POST", "/organisation-assessments/{id}/files", h_assessment_file_upload, 0, .entity = &entity_org_assessments, .action = A_UPDATE),
	ROUTE("GET", "/assessment-files/{id}", h_assessment_file_get, 0, .entity = &entity_org_assessments, .action = A_READ),
	ROUTE("POST", "/assessment-files/{id}/delete", h_assessment_file_delete, 0, .entity = &entity_org_assessments, .action = A_UPDATE),
	ROUTE("GET", "/organisation-requirements", h_org_requirements, R_CACHE, .reads = org_requirement_reads),
	ROUTE("GET", "/wheel", h_wheel, R_CACHE, .reads = wheel_reads),
	ROUTE("GET", "/wheel/calendar", h_wheel_feeds, 0),
	ROUTE("POST", "/wheel/calendar", h_wheel_feed_create, 0),
	ROUTE("POST", "/wheel/calendar/{id}/revoke", h_wheel_feed_revoke, 0),
	ROUTE("GET", "/access-reviews/{id}/accounts", h_access_review, 0, .entity = &entity_access_reviews, .action = A_READ),
	ROUTE("POST", "/access-reviews/{id}/accounts", h_access_review_save, 0, .entity = &entity_access_review_accounts, .action = A_UPDATE),
	ROUTE("POST", "/access-reviews/{id}/accounts/import", h_access_review_import, 0, .entity = &entity_access_review_accounts, .action = A_CREATE),
	ROUTE("GET", "/{entity}", h_list, R_CACHE, .action = A_READ),
	ROUTE("POST", "/{entity}", h_create, 0, .action = A_CREATE),
	ROUTE("GET", "/{entity}/new", h_new, 0, .action = A_CREATE),
	ROUTE("GET", "/{entity}/export.csv", h_export_csv, 0, .action = A_READ),
	ROUTE("GET", "/{entity}/export.xlsx", h_export_xlsx, 0, .action = A_READ),
	ROUTE("GET", "/{entity}/import", h_import_form, 0, .action = A_CREATE),
	ROUTE("POST", "/{entity}/import", h_import, 0, .action = A_CREATE),
	ROUTE("POST", "/{entity}/import/confirm", h_import_confirm, 0, .action = A_CREATE),
	ROUTE("GET", "/{entity}/{id}", h_show, 0, .action = A_READ),
	ROUTE("POST", "/{entity}/{id}", h_update, 0, .action = A_UPDATE),
	ROUTE("GET", "/{entity}/{id}/edit", h_edit, 0, .action = A_UPDATE),
	ROUTE("GET", "/{entity}/{id}/delete", h_delete_form, 0, .action = A_DELETE),
	ROUTE("POST", "/{entity}/{id}/delete", h_delete, 0, .action = A_DELETE),
	ROUTE("GET", "/{entity}/{id}/history", h_history, 0, .action = A_READ),
	ROUTE("GET", "/{entity}/{id}/decide", h_decide_form, 0, .action = A_UPDATE),
	ROUTE("POST", "/{entity}/{id}/decide", h_decide, 0, .action = A_UPDATE),
	{ .method = NULL }
};

#define MAX_SEGMENTS 8

static size_t split(struct arena *a, const char *path, const char **seg)
{
	size_t n = 0;
	const char *p = path;
	while (*p == '/')
		p++;
	while (*p && n < MAX_SEGMENTS) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		seg[n++] = arena_strndup(a, p, len);
		if (!end)
			break;
		p = end + 1;
		if (!*p)
			seg[n++] = ""; /* a trailing slash is a segment of its own */
	}
	return n;
}

static int parse_id(const char *s, long long *id)
{
	if (!*s || strlen(s) > 15)
		return 0;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	*id = v;
	return v > 0;
}

/* Does path match pattern? Fills the route parameters of r when it does. */
static int match(struct request *r, const char *pattern, const char **seg, size_t nseg)
{
	const char *pseg[MAX_SEGMENTS];
	size_t np = split(r->a, pattern, pseg);
	if (np != nseg)
		return 0;
	const struct entity *e = NULL;
	long long id = 0;
	const char *param = NULL;
	for (size_t i = 0; i < np; i++) {
		if (strcmp(pseg[i], "{entity}") == 0) {
			e = entity_find(seg[i]);
			if (!e || e->singleton)
				return 0;
		} else if (strcmp(pseg[i], "{id}") == 0) {
			if (!parse_id(seg[i], &id))
				return 0;
		} else if (strcmp(pseg[i], "{param}") == 0) {
			if (!*seg[i])
				return 0;
			param = seg[i];
		} else if (strcmp(pseg[i], seg[i]) != 0) {
			return 0;
		}
	}
	/* A singleton's own pages (/organisation, /api/v1/organisation) name
	 * it by its literal segment. */
	size_t lit = np > 2 && strcmp(pseg[0], "api") == 0 ? 2 : 0;
	const struct entity *single = !e && np > lit ? entity_find(pseg[lit]) : NULL;
	if (single && single->singleton)
		e = single;
	r->entity = e;
	r->id = id;
	r->param = param;
	return 1;
}

static void initial_lang(struct request *r)
{
	const char *cookie = req_cookie(r, "tillit_lang");
	int l = cookie ? i18n_lang_from_code(cookie) : -1;
	r->lang = l >= 0 ? l : i18n_lang_from_accept(req_header(r, "Accept-Language"));
}

static int unsafe_method(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* A web form whose urlencoded body util/url refuses (a malformed escape, a
 * NUL) or that has too many fields: refused before any handler, so that
 * no handler mistakes it for a form without those fields. The API reads
 * JSON, and multipart uploads are read by the handlers that take them. */
static int bad_form(struct request *r)
{
	if (r->api || !unsafe_method(r->method) || r->body_len == 0)
		return 0;
	const char *ct = req_header(r, "Content-Type");
	if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return 0;
	return req_form(r) == NULL;
}

/* May the reader do what the route needs (its declared action on some
 * record of its entity)? */
static int allowed(struct request *r, const struct route *rt)
{
	const struct entity *e = rt->entity ? rt->entity : r->entity;
	if (!rt->action || !e || !r->authed)
		return 1;
	struct rctx c = page_rctx(r);
	return record_allows(&c, e, rt->action, NULL) != 0;
}

/* Run a cacheable route: from the kept response when it is current, else
 * the handler, whose response is then kept. */
static void cached(struct request *r, const struct route *rt)
{
	/* The page after saving carries a message for the one who saved
	 * (page_flash): made for that request alone, never kept or served
	 * from what another request kept. */
	if (req_query(r, "done")) {
		rt->fn(r);
		return;
	}
	const char *names[24];
	size_t n = 0;
	if (rt->reads) {
		while (rt->reads[n] && n < sizeof names / sizeof *names)
			names[n] = rt->reads[n], n++;
	} else if (r->entity) {
		/* A list: its entity, and the names of what its records
		 * refer to. */
		names[n++] = r->entity->name;
		for (const struct field *f = r->entity->fields; f->name && n < sizeof names / sizeof *names; f++)
			if ((f->type == F_REF || f->type == F_REFS) && f->ref)
				names[n++] = f->ref->name;
	}
	struct cache_ticket t;
	if (cache_serve(r, names, n, &t))
		return;
	rt->fn(r);
	cache_keep(r, &t);
}

/* Find the route for r and run it, or answer why not. */
static void route(struct request *r)
{
	if (r->bad_url) {
		/* The path may not even be what the client meant: no route. */
		r->api = strncmp(r->path, "/api/", 5) == 0;
		auth_identify(r);
		page_error(r, 400, T(r, "The address is malformed (a per cent sign not followed by two "
					"hexadecimal digits, or a NUL character)."));
		return;
	}
	const char *seg[MAX_SEGMENTS + 1];
	size_t nseg = split(r->a, r->path, seg);
	const struct route *found = NULL;
	struct buf allow = BUF_INIT;
	int is_api = strncmp(r->path, "/api/", 5) == 0;
	r->api = is_api;
	for (const struct route *rt = routes; rt->pattern; rt++) {
		if (!match(r, rt->pattern, seg, nseg))
			continue;
		int same = strcmp(rt->method, r->method) == 0 ||
			   (strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0);
		if (same) {
			found = rt;
			r->action = rt->action;
			break;
		}
		if (!strstr(buf_str(&allow), rt->method))
			buf_printf(&allow, "%s%s", allow.len ? ", " : "", rt->method);
	}
	if (!found) {
		auth_identify(r);
		if (allow.len) {
			res_header(r, "Allow", arena_strdup(r->a, buf_str(&allow)));
			page_error(r, 405, T(r, "This address does not accept that method."));
		} else {
			page_not_found(r);
		}
		buf_free(&allow);
		return;
	}
	buf_free(&allow);
	/* match() ran on later routes while looking for an Allow list; run it
	 * again for the route chosen. */
	match(r, found->pattern, seg, nseg);
	r->api = (found->flags & R_API) != 0;

	auth_identify(r);
	if (r->body_too_large) {
		page_error(r, 413, T(r, "The request is too large. Forms may be at most 1 MiB and uploaded files at most 10 MiB."));
	} else if (r->body_busy) {
		page_busy(r);
	} else if (bad_form(r)) {
		page_error(r, 400, T(r, "The form data is malformed (a per cent sign not followed by two "
					"hexadecimal digits, a NUL character, or too many fields). Nothing was saved."));
	} else if (!(found->flags & R_PUBLIC) && !r->authed) {
		if (r->api) {
			res_header(r, "WWW-Authenticate", "Bearer realm=\"tillit\"");
			page_error(r, 401, T(r, "Log in or send an API token (Authorization: Bearer ...)."));
		} else {
			res_redirect(r, strcmp(r->path, "/") == 0
						? "/login"
						: arena_printf(r->a, "/login?next=%s", recview_urlencode(r->a, r->path)));
		}
	} else if (unsafe_method(r->method) && r->authed && !r->via_token && !auth_csrf_ok(r)) {
		page_error(r, 403, T(r, "The form has expired or did not come from Tillit. Reload the page and try again."));
	} else if (!allowed(r, found)) {
		page_forbidden(r);
	} else if (found->flags & R_CACHE) {
		cached(r, found);
	} else {
		found->fn(r);
	}
}

void router_handle(struct request *r)
{
	initial_lang(r);
	router_respond(r, route);
}

/* s for a log line: at most 200 bytes, control characters as '?', so that
 * an escaped newline in a path cannot forge a line of its own. */
static const char *log_text(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s ? s : "");
	if (strlen(out) > 200)
		out[200] = 0;
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return out;
}

void router_respond(struct request *r, handler_fn fn)
{
	page_security_headers(r);
	fn(r);
	if (r->res.headers_lost == 0)
		return;
	/* A header that does not fit is a bug in the handler (the check in
	 * res_header() has failed). Which header was lost cannot matter: the
	 * response is wrong, so it becomes a 500 rather than going out short. */
	fprintf(stderr, "tillit: %s %s: %zu response headers did not fit; answered 500\n",
		log_text(r->a, r->method), log_text(r->a, r->path), r->res.headers_lost);
	r->res.nheaders = 0;
	r->res.headers_lost = 0;
	page_security_headers(r);
	page_error(r, 500, T(r, "Tillit could not put this response together. The error has been logged."));
}

void router_pages(void (*fn)(const char *pattern, void *arg), void *arg)
{
	for (const struct route *rt = routes; rt->pattern; rt++)
		if (strcmp(rt->method, "GET") == 0 && !(rt->flags & (R_PUBLIC | R_API)))
			fn(rt->pattern, arg);
}

int router_check(char *err, size_t errlen)
{
	static const char *const areas[] = { "gaps", "coverage", "picture", "plan", "evidence", "training", "document-acks" };
	for (const struct route *rt = routes; rt->pattern; rt++) {
		if ((rt->flags & R_CACHE) && strcmp(rt->method, "GET") != 0) {
			snprintf(err, errlen, "%s %s: only GET routes are kept", rt->method, rt->pattern);
			return -1;
		}
		if ((rt->flags & R_CACHE) && !rt->reads && !strstr(rt->pattern, "{entity}")) {
			snprintf(err, errlen, "%s: a kept route without {entity} must say what it reads", rt->pattern);
			return -1;
		}
		if (rt->action && !rt->entity && !strstr(rt->pattern, "{entity}") && !strstr(rt->pattern, "organisation")) {
			snprintf(err, errlen, "%s: an action needs an entity", rt->pattern);
			return -1;
		}
		for (size_t i = 0; rt->reads && rt->reads[i]; i++) {
			int known = entity_find(rt->reads[i]) != NULL;
			for (size_t k = 0; k < sizeof areas / sizeof *areas && !known; k++)
				known = strcmp(areas[k], rt->reads[i]) == 0;
			if (!known) {
				snprintf(err, errlen, "%s reads \"%s\", which is neither an entity nor a derived area",
					 rt->pattern, rt->reads[i]);
				return -1;
			}
		}
	}
	return 0;
}
