/*
 * ui_report.c: reporting an incident, which anyone can do (issue 13 item 1).
 *
 *   GET/POST /report            any logged-in person, whatever their roles
 *   GET      /report/mine       "Mina rapporter": the person's own reports
 *   GET/POST /rapportera        without login, when the organisation has
 *                               public_reporting on (else 404)
 *   POST     /api/v1/public/reports          the same as JSON (no token)
 *   GET      /rapportera/status/{secret}     one report's status, by the
 *   GET      /api/v1/public/reports/{secret} follow secret of its receipt
 *
 * Every report goes through incident_report_create (model/incident.h),
 * which writes only the reporter's fields, with Tillit's authority, and
 * keeps only a hash of the follow secret. What a reporter sees afterwards
 * is the receipt number, when it was received and the status in words:
 * nothing else about that or any other incident. A wrong, guessed or
 * malformed secret gets page_not_found, the same bytes as a page that
 * never existed.
 *
 * Public reports are bounded (REPORT_BODY_MAX, the fields' own maxima)
 * and limited per client address and in all (report_limits), counted in
 * the login throttling table (store_login_attempt, keys "report:...") in
 * the same write transaction as the report itself: a report refused or
 * invalid is not counted and leaves nothing behind, and reports sent in
 * parallel are counted one after the other. See docs/internals/report.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/deadline.h"
#include "model/entity.h"
#include "model/incident.h"
#include "model/visible.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/text.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* A public report's whole body; its text fields have their own maxima
 * (description 8000 characters, contact 300: the incident's fields). */
/* 8,000 characters of Swedish, percent-encoded by a form (å is %C3%A5),
 * with room for the other fields. */
#define REPORT_BODY_MAX (64 * 1024)
/* Reports shown on "Mina rapporter". */
#define MINE_LIMIT 200

/* How many public reports are taken, per client address and in all. */
static const struct report_limit {
	const char *key;   /* "report:<key>:<address>", or "report:<key>" for all */
	int per_address;
	long long max, window; /* at most max reports in window seconds */
} report_limits[] = {
	{ "addr10m", 1, 10, 600 },
	{ "addrday", 1, 40, 86400 },
	{ "all", 0, 30, 60 },
};

/* The status of an incident as its reporter reads it. */
static const struct option reporter_statuses[] = {
	{ "new", NC_("report", "Received, not yet assessed") },
	{ "handling", NC_("report", "Being handled") },
	{ "closed", NC_("report", "Closed") },
	{ "not_incident", NC_("report", "Closed: not treated as an incident") },
	{ 0 }
};

static const char *status_words(struct request *r, const char *status)
{
	for (const struct option *o = reporter_statuses; o->value; o++)
		if (status && strcmp(o->value, status) == 0)
			return T(r, o->label);
	return T(r, reporter_statuses[0].label);
}

/* ---- who reports ------------------------------------------------------- */

/* The organisation the public pages take reports for — the reader's own
 * when logged in, else the installation's first — or 0 when it has
 * public reporting off. */
static long long public_org(struct request *r)
{
	long long org = r->authed ? r->org_id : store_default_org(r->st);
	struct jval *row;
	if (!org || store_get(r->st, r->a, &entity_organisation, org, org, &row) != STORE_OK)
		return 0;
	return jv_truthy(jv_get(row, "public_reporting")) ? org : 0;
}

/* The actor of a public report: no account and no person, also when the
 * reader happens to be logged in (a public report is anonymous). */
static void public_actor(struct request *r, long long org)
{
	r->org_id = org;
	r->zone = NULL;
	r->actor = (struct actor){ .user_id = 0, .username = "public", .via = "public", .org_id = org,
				   .lang = r->lang };
}

/* The organisation a status page reads in: the reader's own when logged
 * in, else the installation's first (public reporting on or off: the
 * follow link of a staff report works too). */
static long long status_org(struct request *r)
{
	return r->authed ? r->org_id : store_default_org(r->st);
}

/* ---- the follow link --------------------------------------------------- */

/* A Host header fit to put in a link: letters, digits and . - : [ ]. */
static int host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;
	if (!n || n > 255)
		return 0;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr(".-:[]", *p)))
			return 0;
	return 1;
}

/* The follow link of secret: absolute from the request's Host (https
 * when the request came over TLS), or the path alone when the request
 * had no usable Host. */
static const char *follow_url(struct request *r, const char *secret)
{
	const char *path = arena_printf(r->a, "/rapportera/status/%s", secret);
	const char *host = req_header(r, "Host");
	if (!host_ok(host))
		return path;
	return arena_printf(r->a, "%s://%s%s", r->secure ? "https" : "http", host, path);
}

/* ---- the input --------------------------------------------------------- */

/* Rename the errors of field from to to (the API's names). */
static void rename_errors(struct verrors *errs, const char *from, const char *to)
{
	for (size_t i = 0; i < errs->n; i++)
		if (errs->items[i].field && strcmp(errs->items[i].field, from) == 0)
			errs->items[i].field = to;
}

/* The value of incident field name from text (the form's), into in. */
static void take_text(struct rctx *c, struct jval *in, const char *name, const char *text, struct verrors *errs)
{
	const struct field *f = entity_field(&entity_incidents, name);
	struct jval *v = record_value_from_text(c, &entity_incidents, f, text ? text : "", errs);
	if (v)
		jv_set(in, name, v);
}

/* yes, no, unknown (or nothing chosen): may personal data be affected? "Not
 * known" counts as possibly, so that the data protection officer sees the
 * report until triage says otherwise. 0 for an answer that is none of
 * these. */
static int personal_answer(const char *v, int *possible)
{
	if (!v || !*v || strcmp(v, "unknown") == 0 || strcmp(v, "yes") == 0) {
		*possible = 1;
		return 1;
	}
	if (strcmp(v, "no") == 0) {
		*possible = 0;
		return 1;
	}
	return 0;
}

/*
 * A reference the reporter chose or typed (form field name, hidden id in
 * _ref_<name>) to a record of t: the id chosen from the suggestions when
 * the reader may read it, else the one record the reader may read whose
 * title the text is. 0 when none: the caller keeps the text in the
 * description, so that what the reporter wrote is never lost and a name
 * that does not match is no error for someone reporting in a hurry.
 */
static long long chosen_ref(struct request *r, const struct entity *t, const char *name, const char **text)
{
	const char *typed = req_post(r, name);
	const char *s = "";
	size_t len = typed ? text_trim(typed, strlen(typed), &s) : 0;
	*text = len ? arena_strndup(r->a, s, len) : NULL;
	if (!len)
		return 0;
	struct visible *vis = recview_visible(r);
	if (visible_entity(vis, t) == VIS_NONE)
		return 0;
	const char *hid = req_post(r, arena_printf(r->a, "_ref_%s", name));
	long long id = hid ? atoll(hid) : 0;
	if (id > 0 && visible_record(vis, t, id)) {
		/* The id stands for the title the suggestion put in the box;
		 * a text changed since then names something else. */
		const char *title = store_title(r->st, r->a, t, r->org_id, id);
		if (title && strcmp(title, *text) == 0)
			return id;
	}
	long long ids[2];
	size_t n = 0;
	if (store_resolve(r->st, t, r->org_id, *text, ids, 2, &n) == STORE_OK && n == 1 && visible_record(vis, t, ids[0]))
		return ids[0];
	return 0;
}

/*
 * The report form as input for incident_report_create (its field names),
 * with errors for what cannot be read. public: the public form (no
 * references to records, whose names are not public; a free text instead).
 */
static struct jval *form_report(struct request *r, struct rctx *c, int public, struct verrors *errs)
{
	struct arena *a = r->a;
	struct jval *in = jv_obj(a);
	if (!req_form(r)) {
		verr_add(errs, NULL, T(r, "The form could not be read."));
		return in;
	}
	take_text(c, in, "title", req_post(r, "title"), errs);
	take_text(c, in, "description", req_post(r, "description"), errs);
	take_text(c, in, "occurred_at", req_post(r, "occurred_at"), errs);
	take_text(c, in, "discovered_at", req_post(r, "discovered_at"), errs);
	take_text(c, in, "reporter_contact", req_post(r, "reporter_contact"), errs);
	if (!verr_get(errs, "description") && !jv_get_str(in, "description"))
		verr_add(errs, "description", T(r, "Describe what happened."));
	if (!verr_get(errs, "discovered_at") && !jv_get_str(in, "discovered_at"))
		verr_add(errs, "discovered_at", T(r, "Give when it was discovered, or as near as you know."));
	int possible;
	if (!personal_answer(req_post(r, "personal_data"), &possible))
		verr_add(errs, "personal_data_possible", T(r, "Choose yes, no or don't know."));
	else
		jv_set_bool(a, in, "personal_data_possible", possible);

	/* What is affected: chosen records, and the words of what matched
	 * none, kept in the description. */
	struct buf unmatched = BUF_INIT;
	if (public) {
		const char *s;
		const char *typed = req_post(r, "affected");
		size_t len = typed ? text_trim(typed, strlen(typed), &s) : 0;
		if (len > 300)
			verr_add(errs, "affected", arena_printf(a, T(r, "Use at most %d characters."), 300));
		else if (len)
			buf_add(&unmatched, s, len);
	} else {
		static const struct {
			const char *name, *field;
			const struct entity *t;
		} refs[] = {
			{ "system", "system_ids", &entity_systems },
			{ "asset", "asset_ids", &entity_information_assets },
		};
		for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
			const char *text;
			long long id = chosen_ref(r, refs[i].t, refs[i].name, &text);
			if (id) {
				struct jval *arr = jv_set(in, refs[i].field, jv_arr(a));
				jv_push(arr, jv_int(a, id));
			} else if (text) {
				if (strlen(text) > 300)
					text = arena_strndup(a, text, 300);
				buf_printf(&unmatched, "%s%s", unmatched.len ? "; " : "", text);
			}
		}
	}
	const char *desc = jv_get_str(in, "description");
	if (unmatched.len && desc)
		jv_set_str(a, in, "description",
			   arena_printf(a, "%s\n\n%s: %s", desc, T(r, "Affected system or information, in the reporter's words"),
					buf_str(&unmatched)));
	buf_free(&unmatched);
	return in;
}

/* The JSON body of POST /api/v1/public/reports as input for
 * incident_report_create; errors under the API's member names. */
static struct jval *json_report(struct request *r, struct rctx *c, const struct jval *body, struct verrors *errs)
{
	static const struct {
		const char *member, *field;
	} members[] = {
		{ "description", "description" }, { "discovered_at", "discovered_at" },
		{ "title", "title" },             { "occurred_at", "occurred_at" },
		{ "contact", "reporter_contact" },
	};
	struct arena *a = r->a;
	struct jval *in = jv_obj(a);
	for (const struct jval *m = body->first; m; m = m->next) {
		int known = strcmp(m->key, "personal_data") == 0;
		for (size_t i = 0; i < sizeof members / sizeof *members && !known; i++)
			known = strcmp(m->key, members[i].member) == 0;
		if (!known)
			verr_add(errs, arena_strdup(a, m->key), T(r, "Unknown member: a report has description, discovered_at, personal_data, contact, title and occurred_at."));
	}
	for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
		const struct jval *v = jv_get(body, members[i].member);
		if (!v)
			continue;
		const struct field *f = entity_field(&entity_incidents, members[i].field);
		struct verrors mine = { 0 };
		struct jval *val = record_value_from_json(c, &entity_incidents, f, v, &mine);
		for (size_t k = 0; k < mine.n; k++)
			verr_add(errs, members[i].member, mine.items[k].message);
		if (val)
			jv_set(in, members[i].field, val);
	}
	if (!verr_get(errs, "description") && !jv_get_str(in, "description"))
		verr_add(errs, "description", T(r, "Describe what happened."));
	if (!verr_get(errs, "discovered_at") && !jv_get_str(in, "discovered_at"))
		verr_add(errs, "discovered_at", T(r, "Give when it was discovered, in RFC 3339 with its offset, e.g. 2026-03-29T13:00:00+02:00."));
	const struct jval *pd = jv_get(body, "personal_data");
	if (pd && pd->type != J_NULL && pd->type != J_BOOL)
		verr_add(errs, "personal_data", T(r, "Expected true, false or null (not known)."));
	else
		jv_set_bool(a, in, "personal_data_possible", !pd || pd->type == J_NULL || pd->b);
	return in;
}

/* ---- taking a report --------------------------------------------------- */

enum { TAKEN = 0, TAKE_INVALID, TAKE_LIMITED, TAKE_FAILED };

/* Count a public report against report_limits inside the caller's
 * transaction: TAKEN, TAKE_LIMITED with *retry (seconds), TAKE_FAILED. */
static int report_count(struct request *r, long long *retry)
{
	long long now = clock_unix();
	for (size_t i = 0; i < sizeof report_limits / sizeof *report_limits; i++) {
		const struct report_limit *l = &report_limits[i];
		struct login_key k = {
			.key = l->per_address ? arena_printf(r->a, "report:%s:%s", l->key, r->remote_addr)
					      : arena_printf(r->a, "report:%s", l->key),
			.max = l->max,
		};
		int allowed = 0;
		if (store_login_attempt(r->st, &k, 1, now, l->window, &allowed) != STORE_OK)
			return TAKE_FAILED;
		if (!allowed) {
			*retry = l->window;
			return TAKE_LIMITED;
		}
	}
	return TAKEN;
}

/*
 * Write the report in (incident_report_create's input) made through
 * channel, counted against the public limits when limited, all in one
 * transaction: nothing is written unless all of it is. TAKEN with *id,
 * receipt and secret; TAKE_INVALID with errs; TAKE_LIMITED with *retry;
 * TAKE_FAILED.
 */
static int report_take(struct request *r, const struct jval *in, const char *channel, int limited, long long *id,
		       char receipt[20], char secret[44], long long *retry, struct verrors *errs)
{
	if (store_begin(r->st) != STORE_OK)
		return TAKE_FAILED;
	int rc = limited ? report_count(r, retry) : TAKEN;
	if (rc == TAKEN) {
		struct rctx c = page_rctx(r);
		c.in_tx = 1;
		int rec = incident_report_create(&c, in, channel, id, receipt, secret, errs);
		rc = rec == REC_OK ? TAKEN : rec == REC_INVALID ? TAKE_INVALID : TAKE_FAILED;
	}
	if (rc == TAKEN && store_commit(r->st) != STORE_OK)
		rc = TAKE_FAILED;
	if (rc != TAKEN) {
		store_rollback(r->st);
		sodium_memzero(secret, 44);
	}
	return rc;
}

static void limited_answer(struct request *r, long long retry)
{
	res_header(r, "Retry-After", arena_printf(r->a, "%lld", retry));
	const char *msg = retry <= 60 ? T(r, "Too many reports are arriving right now. Wait a minute and try again; "
					     "your report was not saved.")
			  : retry <= 600 ? T(r, "Too many reports from your address. Wait ten minutes and try again; "
						 "your report was not saved. If it is urgent, call your IT support.")
					 : T(r, "Too many reports from your address today. Try again tomorrow; your report "
						"was not saved. If it is urgent, call your IT support.");
	page_error(r, 429, msg);
	/* page_error started the response afresh; the header stands. */
}

/* ---- the pages --------------------------------------------------------- */

/* The page's context; for a reader without an account, with the button
 * that switches language (a cookie, as on the login page) and comes back
 * here. */
int report_public_open(struct request *r)
{
	return public_org(r) != 0;
}

static struct jval *report_ctx(struct request *r, const char *title)
{
	struct jval *ctx = page_ctx(r, title);
	/* Whom the report goes to, for someone who came by a link. */
	long long org = r->authed ? r->org_id : store_default_org(r->st);
	const char *org_name = org ? store_title(r->st, r->a, &entity_organisation, org, org) : NULL;
	if (org_name && *org_name)
		jv_set_str(r->a, ctx, "org_name", org_name);
	if (!r->authed) {
		jv_set_str(r->a, ctx, "other_lang", r->lang == LANG_SV ? "en" : "sv");
		jv_set_str(r->a, ctx, "other_lang_label", r->lang == LANG_SV ? "English" : "Svenska");
		jv_set_str(r->a, ctx, "lang_next", r->path);
	}
	return ctx;
}

/* The anonymous form's token, checked against a cookie (double submit, as
 * the login form does): no session is made for someone who reports. */
#define REPORT_COOKIE "tillit_report"

static const char *form_token(struct request *r)
{
	const char *t = req_cookie(r, REPORT_COOKIE);
	if (t && strlen(t) >= 20 && strlen(t) <= 100)
		return t;
	unsigned char raw[24];
	char tok[40];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(tok, sizeof tok, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	t = arena_strdup(r->a, tok);
	res_header(r, "Set-Cookie", arena_printf(r->a, "%s=%s; Path=/rapportera; Max-Age=7200; SameSite=Strict; HttpOnly%s",
						 REPORT_COOKIE, t, r->secure ? "; Secure" : ""));
	return t;
}

static int form_token_ok(struct request *r)
{
	const char *given = req_post(r, "_report");
	const char *cookie = req_cookie(r, REPORT_COOKIE);
	return given && cookie && strlen(given) == strlen(cookie) && strlen(given) >= 20 &&
	       sodium_memcmp(given, cookie, strlen(given)) == 0;
}

/* A reference box with suggestions (tillit.js) when the reader may read
 * records of t, else a plain text box. */
static void ref_box(struct request *r, struct jval *ctx, const char *name, const struct entity *t, const char *label,
		    const char *help)
{
	struct arena *a = r->a;
	struct jval *o = jv_set(ctx, name, jv_obj(a));
	jv_set_str(a, o, "name", name);
	jv_set_str(a, o, "id", arena_printf(a, "f-%s", name));
	jv_set_str(a, o, "label", label);
	jv_set_str(a, o, "help", help);
	const char *v = req_post(r, name);
	jv_set_str(a, o, "value", v ? v : "");
	const char *ids = req_post(r, arena_printf(a, "_ref_%s", name));
	jv_set_str(a, o, "ids", ids ? ids : "");
	if (visible_entity(recview_visible(r), t) != VIS_NONE) {
		jv_set_str(a, o, "suggest", t->name);
		jv_set_str(a, o, "suggest_title", t->title_field);
	}
}

/* The report form (errs: after a failed send, the values posted shown
 * again). */
static void report_form(struct request *r, int public, int status, const struct verrors *errs)
{
	struct arena *a = r->a;
	struct jval *ctx = report_ctx(r, T(r, "Report an incident"));
	jv_set_bool(a, ctx, "public", public);
	jv_set_str(a, ctx, "action", public ? "/rapportera" : "/report");
	if (public)
		jv_set_str(a, ctx, "report_token", form_token(r));
	int posted = errs != NULL;
	static const char *const texts[] = { "title", "description", "occurred_at", "discovered_at", "reporter_contact",
					     "affected" };
	struct jval *values = jv_set(ctx, "v", jv_obj(a));
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *v = posted ? req_post(r, texts[i]) : NULL;
		jv_set_str(a, values, texts[i], v ? v : "");
	}
	if (!posted) {
		char local[TS_LOCAL_LEN];
		ts_to_local_input(recview_zone(r), clock_unix(), local);
		jv_set_str(a, values, "discovered_at", arena_strdup(a, local));
	}
	const char *pd = posted ? req_post(r, "personal_data") : NULL;
	if (pd)
		jv_set_bool(a, ctx, arena_printf(a, "pd_%s", strcmp(pd, "yes") == 0 ? "yes" : strcmp(pd, "no") == 0 ? "no" : "unknown"), 1);
	if (!public) {
		ref_box(r, ctx, "system", &entity_systems, T(r, "Which system"),
			T(r, "If you know: type part of the name and choose among the suggestions, or write it in your own words."));
		ref_box(r, ctx, "asset", &entity_information_assets, T(r, "Which information"),
			T(r, "If you know: for example pupil records or a case file. Type part of the name and choose among the suggestions, or write it in your own words."));
	}
	if (errs) {
		/* The summary links each error to its box; the box says it
		 * too. */
		struct jval *list = jv_set(ctx, "errors", jv_arr(a));
		struct jval *fe = jv_set(ctx, "err", jv_obj(a));
		for (size_t i = 0; i < errs->n; i++) {
			const char *name = errs->items[i].field;
			struct jval *o = jv_push(list, jv_obj(a));
			jv_set_str(a, o, "message", errs->items[i].message);
			if (!name)
				continue;
			const struct field *f = entity_field(&entity_incidents, name);
			jv_set_str(a, o, "label", strcmp(name, "affected") == 0 ? T(r, "Which system or service")
						  : strcmp(name, "personal_data_possible") == 0 ? T(r, "May personal data be affected?")
						  : f ? T(r, f->label) : NULL);
			jv_set_str(a, o, "anchor", arena_printf(a, "#f-%s", name));
			if (!jv_get(fe, name))
				jv_set_str(a, fe, name, errs->items[i].message);
		}
		if (errs->truncated)
			jv_set_str(a, jv_push(list, jv_obj(a)), "message", verr_more(r->lang));
	}
	page_render(r, status, "report", ctx);
}

/* After a report is taken: to its status page, which says thank you and
 * shows the receipt number and the follow link (the page itself) while
 * ?new=1 says it was just sent. A redirect, so that reloading it never
 * sends the report again. */
static void receipt_redirect(struct request *r, const char *secret)
{
	res_redirect(r, arena_printf(r->a, "/rapportera/status/%s?new=1", secret));
}

void h_report_form(struct request *r)
{
	report_form(r, 0, 200, NULL);
}

void h_report(struct request *r)
{
	struct verrors errs = { 0 };
	struct rctx c = page_rctx(r);
	c.allow_names = 0;
	struct jval *in = form_report(r, &c, 0, &errs);
	long long id, retry = 0;
	char receipt[20], secret[44];
	int rc = errs.n ? TAKE_INVALID : report_take(r, in, "staff", 0, &id, receipt, secret, &retry, &errs);
	if (rc == TAKE_INVALID) {
		report_form(r, 0, 422, &errs);
		return;
	}
	if (rc != TAKEN) {
		page_error(r, 500, T(r, "The report could not be saved. Nothing was saved; try again."));
		return;
	}
	receipt_redirect(r, secret);
	sodium_memzero(secret, sizeof secret);
}

void h_report_mine(struct request *r)
{
	struct arena *a = r->a;
	struct jval *ctx = page_ctx(r, T(r, "My reports"));
	struct jval *rows = NULL;
	long long total = 0;
	if (r->actor.person_id) {
		/* Only what the person reported (reported_by_id), whatever
		 * they may otherwise read: the same row filter a reader with
		 * an owner grant gets. */
		const struct entity *e = &entity_incidents;
		struct list_query q = { .page = 1, .limit = MINE_LIMIT, .sort = entity_field(e, "receipt"), .desc = 1,
					.restricted = 1, .person = r->actor.person_id, .own = { "reported_by_id" }, .nown = 1 };
		if (store_list(r->st, a, e, r->org_id, &q, &rows, &total) != STORE_OK) {
			page_error(r, 500, T(r, "The database could not be read."));
			return;
		}
	}
	struct jval *list = jv_set(ctx, "reports", jv_arr(a));
	for (const struct jval *row = rows ? rows->first : NULL; row; row = row->next) {
		struct jval *o = jv_push(list, jv_obj(a));
		jv_set_str(a, o, "receipt", jv_get_str(row, "receipt"));
		jv_set_str(a, o, "title", jv_get_str(row, "title"));
		jv_set_str(a, o, "date", recview_time(r, jv_get_str(row, "created_at")));
		jv_set_str(a, o, "status", status_words(r, jv_get_str(row, "status")));
	}
	if (total > MINE_LIMIT)
		jv_set_str(a, ctx, "more", arena_printf(a, T(r, "The %d most recent of your %s reports are shown."), MINE_LIMIT,
							page_int(r, total)));
	if (!r->actor.person_id)
		jv_set_bool(a, ctx, "no_person", 1);
	page_render(r, 200, "report_mine", ctx);
}

void h_public_report_form(struct request *r)
{
	long long org = public_org(r);
	if (!org) {
		page_not_found(r);
		return;
	}
	public_actor(r, org);
	report_form(r, 1, 200, NULL);
}

/* A public report arriving: 404 while the organisation does not take
 * them, 413 when it is too large (answered here; 0). Else 1, with the
 * request acting for the organisation without an account. */
static int public_begin(struct request *r)
{
	long long org = public_org(r);
	if (!org) {
		page_not_found(r);
		return 0;
	}
	public_actor(r, org);
	if (r->body_len > REPORT_BODY_MAX) {
		page_error(r, 413, T(r, "The report is too large: at most 64 KiB in all, the description at most 8,000 "
					"characters. Nothing was saved."));
		return 0;
	}
	return 1;
}

void h_public_report(struct request *r)
{
	if (!public_begin(r))
		return;
	if (!form_token_ok(r)) {
		struct verrors errs = { 0 };
		verr_add(&errs, NULL, T(r, "The form has expired. Check what you wrote and send it again."));
		report_form(r, 1, 403, &errs);
		return;
	}
	struct verrors errs = { 0 };
	struct rctx c = page_rctx(r);
	struct jval *in = form_report(r, &c, 1, &errs);
	long long id, retry = 0;
	char receipt[20], secret[44];
	int rc = errs.n ? TAKE_INVALID : report_take(r, in, "public", 1, &id, receipt, secret, &retry, &errs);
	switch (rc) {
	case TAKEN:
		receipt_redirect(r, secret);
		sodium_memzero(secret, sizeof secret);
		return;
	case TAKE_INVALID:
		report_form(r, 1, 422, &errs);
		return;
	case TAKE_LIMITED:
		limited_answer(r, retry);
		return;
	default:
		page_error(r, 503, T(r, "The report could not be saved right now. Nothing was saved; try again in a minute."));
	}
}

/* The incident of the follow secret in the path, or 0 (the caller answers
 * page_not_found, whatever the reason). */
static long long followed(struct request *r, struct jval **row)
{
	long long org = status_org(r);
	long long id = org ? incident_by_secret(r->st, org, r->param) : 0;
	if (!id || store_get(r->st, r->a, &entity_incidents, org, id, row) != STORE_OK)
		return 0;
	if (!r->authed) {
		r->org_id = org;
		r->actor.org_id = org;
		r->actor.lang = r->lang;
	}
	return id;
}

void h_public_report_status(struct request *r)
{
	struct jval *row;
	if (!followed(r, &row)) {
		page_not_found(r);
		return;
	}
	struct arena *a = r->a;
	const char *receipt = jv_get_str(row, "receipt");
	const char *fresh = req_query(r, "new");
	int just_sent = fresh && strcmp(fresh, "1") == 0;
	struct jval *ctx = report_ctx(r, just_sent ? T(r, "Your report has been received")
						   : arena_printf(a, T(r, "Report %s"), receipt ? receipt : ""));
	jv_set_str(a, ctx, "receipt", receipt);
	jv_set_str(a, ctx, "received", recview_time(r, jv_get_str(row, "created_at")));
	jv_set_str(a, ctx, "status", status_words(r, jv_get_str(row, "status")));
	if (just_sent) {
		jv_set_bool(a, ctx, "new", 1);
		jv_set_str(a, ctx, "follow_url", follow_url(r, r->param));
		jv_set_bool(a, ctx, "public", !r->authed);
	}
	/* A page someone bookmarks is not one a search engine should keep. */
	res_header(r, "X-Robots-Tag", "noindex");
	page_render(r, 200, "report_status", ctx);
}

/* ---- the API ----------------------------------------------------------- */

void api_public_report(struct request *r)
{
	if (!public_begin(r))
		return;
	struct jval *body;
	if (!api_json_body(r, &body))
		return;
	struct verrors errs = { 0 };
	struct rctx c = page_rctx(r);
	struct jval *in = json_report(r, &c, body, &errs);
	long long id, retry = 0;
	char receipt[20], secret[44];
	int rc = errs.n ? TAKE_INVALID : report_take(r, in, "public", 1, &id, receipt, secret, &retry, &errs);
	switch (rc) {
	case TAKEN: {
		struct jval *o = jv_obj(r->a);
		jv_set_str(r->a, o, "receipt", receipt);
		jv_set_str(r->a, o, "follow_url", follow_url(r, secret));
		sodium_memzero(secret, sizeof secret);
		page_json(r, 201, o);
		return;
	}
	case TAKE_INVALID:
		rename_errors(&errs, "reporter_contact", "contact");
		rename_errors(&errs, "personal_data_possible", "personal_data");
		page_problem(r, 400, T(r, "The report is not valid"), &errs);
		return;
	case TAKE_LIMITED:
		limited_answer(r, retry);
		return;
	default:
		page_error(r, 503, T(r, "The report could not be saved right now. Nothing was saved; try again in a minute."));
	}
}

void api_public_report_status(struct request *r)
{
	struct jval *row;
	if (!followed(r, &row)) {
		page_not_found(r);
		return;
	}
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "receipt", jv_get_str(row, "receipt"));
	long long t;
	char at[TS_LEN];
	const char *created = jv_get_str(row, "created_at");
	if (created && ts_parse(created, &t) == 0) {
		ts_format(t, at);
		created = at;
	}
	jv_set_str(a, o, "received_at", created);
	const char *st = jv_get_str(row, "status");
	jv_set_str(a, o, "status", st && (strcmp(st, "handling") == 0 || strcmp(st, "closed") == 0 ||
					    strcmp(st, "not_incident") == 0) ? st : "new");
	jv_set_str(a, o, "status_text", status_words(r, st));
	page_json(r, 200, o);
}
