#include "web/page.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "model/entity.h"
#include "model/visible.h"
#include "store/derived.h"
#include "report/pdf.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/url.h"
#include "util/xalloc.h"
#include "view/view.h"
#include "web/handlers.h"
#include "web/recview.h"

const char *T(struct request *r, const char *msgid)
{
	return tr(r->lang, msgid);
}

const char *TC(struct request *r, const char *ctxt, const char *msgid)
{
	return trc(r->lang, ctxt, msgid);
}

struct rctx page_rctx(struct request *r)
{
	return (struct rctx){ .st = r->st, .a = r->a, .who = &r->actor };
}

const char *const *page_readable(struct request *r)
{
	if (r->readable)
		return (const char *const *)r->readable;
	size_t n = 0;
	while (entity_all[n])
		n++;
	r->readable = arena_alloc_array(r->a, n + 1, sizeof *r->readable);
	size_t k = 0;
	r->read_mask = 0;
	/* Every record of the entity: the lists built on this (gaps, counts)
	 * do not decide record by record. */
	for (size_t i = 0; i < n; i++)
		if (visible_entity(recview_visible(r), entity_all[i]) == VIS_ALL) {
			r->readable[k++] = entity_all[i]->name;
			if (i < 64)
				r->read_mask |= 1ULL << i;
		}
	r->readable[k] = NULL;
	return (const char *const *)r->readable;
}

unsigned long long page_read_mask(struct request *r)
{
	page_readable(r);
	return r->read_mask;
}

const char *page_entity_label(struct request *r, const struct entity *e, int plural)
{
	return T(r, plural ? e->plural : e->label);
}

extern const struct grant audit_log_grants[];
extern const struct grant mail_admin_grants[];

/* ---- the menu ----------------------------------------------------------
 * Sections follow the steps of the work (model/entity.h menu_section).
 * Each entity names its section in the registry; the pages that are not an
 * entity's list are declared here, with who may see them. A section shows
 * only what the reader may read, and a section with nothing in it is left
 * out. */

struct menu_page {
	unsigned section; /* enum menu_section */
	int after;        /* 1: after the section's entities, 0: before */
	const char *href;
	const char *label; /* msgid */
	/* Shown to whoever may read some record of either entity (none:
	 * to everyone), or, with audit, to whoever may read the audit trail. */
	const struct entity *reads[2];
	int audit; /* 2: to whoever may see the mail queue (ui_mail.c); 3: to
		      whoever may read training coverage (ui_training.c) */
};

static const struct menu_page menu_pages[] = {
	/* The start page ("/") is one of these two, by role (h_dashboard);
	 * the section leads there. */
	{ MENU_OVERVIEW, 0, "/tasks", N_("My tasks"), { NULL, NULL }, 0 },
	{ MENU_OVERVIEW, 0, "/overview", N_("Organisation overview"), { NULL, NULL }, 0 },
	{ MENU_RISK, 1, "/risk", N_("Risk overview"), { &entity_risks, NULL }, 0 },
	/* After the incident lists: the section leads those who handle
	 * incidents to them, everyone else to the report form. */
	{ MENU_INCIDENTS, 1, "/report", N_("Report an incident"), { NULL, NULL }, 0 },
	{ MENU_INCIDENTS, 1, "/report/mine", N_("My reports"), { NULL, NULL }, 0 },
	{ MENU_INCIDENTS, 1, "/incidents/statistics", N_("Incident statistics"), { &entity_incidents, NULL }, 0 },
	{ MENU_GOVERNANCE, 1, "/training/coverage", N_("Training coverage"), { NULL, NULL }, 3 },
	{ MENU_FOLLOWUP, 0, "/gaps", N_("Gaps"), { NULL, NULL }, 0 },
	{ MENU_FOLLOWUP, 0, "/action-plan", N_("Action plan"), { &entity_measures, &entity_plan_items }, 0 },
	{ MENU_FOLLOWUP, 0, "/soa", N_("Statement of Applicability"), { &entity_soa_entries, NULL }, 0 },
	{ MENU_FOLLOWUP, 0, "/organisation-requirements", N_("Requirements on the organisation"), { &entity_org_assessments, NULL }, 0 },
	{ MENU_FOLLOWUP, 0, "/risk", N_("Risk overview"), { &entity_risks, NULL }, 0 },
	{ MENU_GOVERNANCE, 0, "/wheel", N_("Annual wheel"), { NULL, NULL }, 0 },
	{ MENU_GOVERNANCE, 0, "/goals/indicators", N_("Goals and indicators"), { &entity_goals, NULL }, 0 },
	{ MENU_ADMIN, 1, "/audit", N_("Audit trail"), { NULL, NULL }, 1 },
	{ MENU_ADMIN, 1, "/admin/mail", N_("E-mail"), { NULL, NULL }, 2 },
	{ MENU_NONE, 0, NULL, NULL, { NULL, NULL }, 0 }
};

static int menu_may(struct request *r, struct rctx *c, const struct menu_page *p)
{
	if (p->audit == 3)
		return training_coverage_may(r);
	if (p->audit) {
		struct access_subject subj = { r->actor.person_id, r->actor.as, r->actor.nas };
		return access_allows(p->audit == 2 ? mail_admin_grants : audit_log_grants, &subj, A_READ, NULL);
	}
	if (!p->reads[0])
		return 1;
	for (size_t i = 0; i < 2; i++)
		if (p->reads[i] && record_allows(c, p->reads[i], A_READ, NULL))
			return 1;
	return 0;
}

/* The sections' names (msgids), by enum menu_section. */
static const char *const menu_names[MENU_COUNT] = {
	[MENU_OVERVIEW] = N_("Overview"),
	[MENU_INVENTORY] = N_("Inventory"),
	[MENU_CLASSIFICATION] = N_("Classification"),
	[MENU_RISK] = N_("Risk"),
	[MENU_INCIDENTS] = N_("Incidents"),
	[MENU_CONTINUITY] = N_("Continuity"),
	[MENU_GOVERNANCE] = N_("Governance"),
	[MENU_FOLLOWUP] = N_("Follow-up"),
	[MENU_ADMIN] = N_("Administration"),
};

/* How well href names the page at path: the length of href when path is
 * href or a page below it (/systems/5 under /systems), else 0. */
static size_t menu_match(const char *path, const char *href)
{
	size_t n = strlen(href);
	if (!path)
		return 0;
	if (strcmp(path, href) == 0)
		return n + 1;
	if (n > 1 && strncmp(path, href, n) == 0 && path[n] == '/')
		return n;
	return 0;
}

/* The page the reader is on, as the menu names it: the start page is the
 * reader's tasks or the overview (h_dashboard). */
static const char *menu_here(struct request *r)
{
	if (r->path && strcmp(r->path, "/") == 0)
		return tasks_is_coordinator(r) ? "/overview" : "/tasks";
	return r->path;
}

static void menu_item(struct request *r, struct jval *items, const char *href, const char *label,
		      struct jval **best, size_t *best_len)
{
	struct arena *a = r->a;
	struct jval *o = jv_push(items, jv_obj(a));
	jv_set_str(a, o, "href", href);
	jv_set_str(a, o, "label", label);
	jv_set_bool(a, o, "current", 0);
	size_t m = menu_match(menu_here(r), href);
	if (m > *best_len) {
		*best_len = m;
		*best = o;
	}
}

static void menu_pages_of(struct request *r, struct rctx *c, unsigned section, int after, struct jval *items,
			  struct jval **best, size_t *best_len)
{
	for (const struct menu_page *p = menu_pages; p->href; p++)
		if (p->section == section && p->after == after && menu_may(r, c, p))
			menu_item(r, items, p->href, T(r, p->label), best, best_len);
}

/* The menu: ctx.menu_sections, each { label, href, current, items[] }; the
 * current section is the one with the item that best names the page. */
static void page_menu(struct request *r, struct jval *ctx)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	struct jval *sections = jv_set(ctx, "menu_sections", jv_arr(a));
	struct jval *best = NULL, *best_section = NULL;
	size_t best_len = 0;
	for (unsigned s = MENU_OVERVIEW; s < MENU_COUNT; s++) {
		struct jval *items = jv_arr(a);
		struct jval *before = best;
		menu_pages_of(r, &c, s, 0, items, &best, &best_len);
		for (size_t i = 0; entity_all[i]; i++) {
			const struct entity *e = entity_all[i];
			if (e->menu == s && record_allows(&c, e, A_READ, NULL))
				menu_item(r, items, e->singleton ? recview_href(r, e, 0) : arena_printf(a, "/%s", e->name),
					  page_entity_label(r, e, !e->singleton), &best, &best_len);
		}
		menu_pages_of(r, &c, s, 1, items, &best, &best_len);
		if (!items->len)
			continue;
		struct jval *o = jv_push(sections, jv_obj(a));
		jv_set_str(a, o, "label", T(r, menu_names[s]));
		jv_set_str(a, o, "href", s == MENU_OVERVIEW ? "/" : jv_get_str(items->first, "href"));
		jv_set_bool(a, o, "current", 0);
		jv_set(o, "items", items);
		if (best != before)
			best_section = o;
	}
	if (best) {
		jv_set_bool(a, best, "current", 1);
		jv_set_bool(a, best_section, "current", 1);
	}
}

const char *page_int(struct request *r, long long n)
{
	char b[64];
	return arena_strdup(r->a, i18n_int(r->lang, n, b, sizeof b));
}

const char *page_decimal(struct request *r, double x, int decimals)
{
	char b[96];
	return arena_strdup(r->a, i18n_decimal(r->lang, x, decimals, b, sizeof b));
}

#define FLASH_COOKIE "tillit_flash"

void page_flash_set(struct request *r, const char *done, const char *message)
{
	/* "done LF message": shown only on the page reached with that ?done=,
	 * so a message never lands on a page it was not meant for. */
	const char *v = message ? recview_urlencode(r->a, arena_printf(r->a, "%s\n%s", done, message)) : "";
	res_header(r, "Set-Cookie", arena_printf(r->a, "%s=%s; Path=/; Max-Age=%d; SameSite=Strict; HttpOnly%s",
						 FLASH_COOKIE, v, message ? 60 : 0, r->secure ? "; Secure" : ""));
}

const char *page_flash(struct request *r)
{
	const char *c = req_cookie(r, FLASH_COOKIE);
	const char *done = req_query(r, "done");
	if (!c || !*c || !done || strlen(c) > 3000)
		return NULL;
	size_t n = strlen(c), len;
	char *out = arena_alloc(r->a, n + 1);
	if (url_decode(out, c, n, URL_PATH, &len) != 0 || !text_utf8_valid(out, len))
		return NULL;
	char *nl = strchr(out, '\n');
	if (!nl || (size_t)(nl - out) != strlen(done) || strncmp(out, done, strlen(done)) != 0)
		return NULL;
	return nl + 1;
}

struct jval *page_ctx(struct request *r, const char *title)
{
	struct arena *a = r->a;
	struct jval *ctx = jv_obj(a);
	jv_set_str(a, ctx, "lang", i18n_lang_code(r->lang));
	jv_set_str(a, ctx, "title", title);
	jv_set_str(a, ctx, "path", r->path);
	if (!r->authed)
		return ctx;
	struct jval *user = jv_set(ctx, "user", jv_obj(a));
	jv_set_str(a, user, "username", r->user.username);
	jv_set_int(a, user, "id", r->user.id);
	jv_set_bool(a, user, "account_current", menu_match(r->path, "/account") != 0);
	jv_set_str(a, ctx, "csrf", r->csrf);
	const char *flash = page_flash(r);
	if (flash) {
		jv_set_str(a, ctx, "flash", flash);
		page_flash_set(r, NULL, NULL);
	}
	page_menu(r, ctx);
	return ctx;
}

void page_security_headers(struct request *r)
{
	res_header(r, "Content-Security-Policy",
		   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
		   " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	res_header(r, "X-Content-Type-Options", "nosniff");
	res_header(r, "Referrer-Policy", "same-origin");
	res_header(r, "X-Frame-Options", "DENY");
	if (r->secure)
		res_header(r, "Strict-Transport-Security", "max-age=31536000");
}

void page_render(struct request *r, int status, const char *tmpl, struct jval *ctx)
{
	res_start(r, status, "text/html; charset=utf-8");
	res_header(r, "Cache-Control", "no-store");
	if (view_render(tmpl, ctx, r->lang, &r->res.body) != 0) {
		res_start(r, 500, "text/plain; charset=utf-8");
		buf_printf(&r->res.body, "template %s failed\n", tmpl);
	}
}

void page_json(struct request *r, int status, const struct jval *v)
{
	res_start(r, status, "application/json");
	res_header(r, "Cache-Control", "no-store");
	json_write(&r->res.body, v, JSON_SKIP_PRIVATE);
	buf_putc(&r->res.body, '\n');
}

static const char *status_title(struct request *r, int status)
{
	switch (status) {
	case 400: return T(r, "Bad request");
	case 401: return T(r, "Not logged in");
	case 403: return T(r, "Not allowed");
	case 404: return T(r, "Not found");
	case 405: return T(r, "Method not allowed");
	case 409: return T(r, "Conflict");
	case 413: return T(r, "Too large");
	case 415: return T(r, "Unsupported media type");
	case 422: return T(r, "Invalid data");
	case 429: return T(r, "Too many attempts");
	default: return T(r, "Something went wrong");
	}
}

void page_set_errors(struct request *r, struct jval *ctx, const struct verrors *errs,
		     const struct entity *e)
{
	struct arena *a = r->a;
	if (!errs || !errs->n)
		return;
	struct jval *list = jv_set(ctx, "errors", jv_arr(a));
	for (size_t i = 0; i < errs->n; i++) {
		struct jval *o = jv_push(list, jv_obj(a));
		const char *name = errs->items[i].field;
		const struct field *f = e && name ? entity_field(e, name) : NULL;
		jv_set_str(a, o, "message", errs->items[i].message);
		jv_set_str(a, o, "label", f ? T(r, f->label) : NULL);
		jv_set_str(a, o, "anchor", f ? arena_printf(a, "#f-%s", f->name) : NULL);
	}
	if (errs->truncated)
		jv_set_str(a, jv_push(list, jv_obj(a)), "message", verr_more(r->lang));
}

void page_problem(struct request *r, int status, const char *title, const struct verrors *errs)
{
	struct arena *a = r->a;
	if (!title)
		title = status_title(r, status);
	if (!r->api) {
		struct jval *ctx = page_ctx(r, title);
		jv_set_int(a, ctx, "status", status);
		page_set_errors(r, ctx, errs, NULL);
		page_render(r, status, "error", ctx);
		return;
	}
	struct jval *p = jv_obj(a);
	jv_set_str(a, p, "type", "about:blank");
	jv_set_str(a, p, "title", title);
	jv_set_int(a, p, "status", status);
	if (errs && errs->n) {
		jv_set_str(a, p, "detail", errs->items[0].message);
		struct jval *list = jv_set(p, "errors", jv_arr(a));
		for (size_t i = 0; i < errs->n; i++) {
			struct jval *e = jv_push(list, jv_obj(a));
			if (errs->items[i].field)
				jv_set_str(a, e, "field", errs->items[i].field);
			jv_set_str(a, e, "message", errs->items[i].message);
			if (errs->items[i].confirm)
				jv_set_bool(a, e, "confirmable", 1);
		}
		/* A client must not take a cut list for all there is. */
		if (errs->truncated) {
			jv_set_str(a, jv_push(list, jv_obj(a)), "message", verr_more(r->lang));
			jv_set_bool(a, p, "more_errors", 1);
		}
	}
	res_start(r, status, "application/problem+json");
	res_header(r, "Cache-Control", "no-store");
	json_write(&r->res.body, p, 0);
	buf_putc(&r->res.body, '\n');
}

void page_error(struct request *r, int status, const char *message)
{
	struct verrors errs = { 0 };
	if (message)
		verr_add(&errs, NULL, message);
	page_problem(r, status, NULL, &errs);
}

void page_not_found(struct request *r)
{
	page_error(r, 404, T(r, "There is no such page or record."));
}

/* The information security coordinator's name, or NULL when the
 * organisation has given no one that role. */
static const char *coordinator_name(struct request *r)
{
	const struct entity *ra = &entity_role_assignments;
	struct list_query q = { .page = 1, .limit = 1, .nfilters = 1 };
	q.filters[0].f = entity_field(ra, "role");
	q.filters[0].value = access_role_code(ROLE_COORDINATOR);
	struct jval *rows;
	long long total = 0;
	if (!r->org_id || store_list(r->st, r->a, ra, r->org_id, &q, &rows, &total) != STORE_OK || !rows->first)
		return NULL;
	return store_title(r->st, r->a, &entity_people, r->org_id, jv_get_int(rows->first, "person_id", 0));
}

/* Which roles may do what was asked (reading on GET, changing otherwise)
 * on the route's entity, and whom to ask: a 403 that says what to do. */
void page_forbidden(struct request *r)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, T(r, "Your roles do not allow this."));
	const struct entity *e = r->entity;
	if (e && e->grants && r->authed) {
		/* What the route says it does (a form, a decide page: to
		 * change, though asked for with GET); else the method. */
		int reading = r->action ? r->action == A_READ
					: r->method && (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0);
		unsigned want = reading ? A_READ : A_WRITE;
		const struct field *rf = entity_field(&entity_role_assignments, "role");
		struct buf roles = BUF_INIT;
		/* Per role, in the grants' order, how far its grants reach:
		 * every record (or those of its scope), what it owns, or some
		 * records (a yes/no field: a published document). */
		unsigned scopes[ROLE_COUNT] = { 0 };
		enum role order[ROLE_COUNT];
		size_t norder = 0;
		for (const struct grant *g = e->grants; g->role != ROLE_NONE; g++) {
			if (!(g->actions & want))
				continue;
			if (!scopes[g->role])
				order[norder++] = g->role;
			scopes[g->role] |= 1u << g->scope;
		}
		for (size_t i = 0; i < norder; i++) {
			unsigned sc = scopes[order[i]];
			const char *label = T(r, field_option_label(rf, access_role_code(order[i])));
			if (!(sc & ((1u << G_ALL) | (1u << G_SCOPED))))
				label = arena_printf(r->a, sc & (1u << G_FLAG) ? T(r, "%s (for some records)")
									: T(r, "%s (for what they own)"), label);
			buf_printf(&roles, "%s%s", roles.len ? ", " : "", label);
		}
		if (roles.len)
			buf_printf(&b, " %s", arena_printf(r->a, reading ? T(r, "Roles that may read this: %s.")
								 : T(r, "Roles that may change this: %s."),
							  buf_str(&roles)));
		buf_free(&roles);
	}
	const char *who = r->authed ? coordinator_name(r) : NULL;
	buf_printf(&b, " %s", who ? arena_printf(r->a, T(r, "Ask the information security coordinator, %s, or an "
							 "administrator if you need a role."), who)
				  : T(r, "Ask the information security coordinator or an administrator if you need a role."));
	const char *msg = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	page_error(r, 403, msg);
}

void page_busy(struct request *r)
{
	page_error(r, 503, T(r, "Another file is being uploaded or imported right now. Try again in a minute; "
				"nothing was changed."));
	res_header(r, "Retry-After", "60");
}

int page_heavy(struct request *r, size_t len)
{
	if (len <= HEAVY_BYTES || req_heavy(r))
		return 1;
	page_busy(r);
	return 0;
}

void page_file_failed(struct request *r)
{
	fprintf(stderr, "tillit: %s: the file could not be written to or read from the temporary directory\n",
		r->path ? r->path : "");
	page_error(r, 500, T(r, "The file could not be made: the server could not use its temporary directory. "
				"Try again; if it happens again, tell the administrator."));
}

/* ---- kept page bodies ------------------------------------------------------- */

#define KEPT_BODIES 48

struct kept_body {
	long long org, gen, used;
	int lang;
	char *key, *html;
	size_t len;
};
static struct kept_body kept[KEPT_BODIES];
static long long kept_clock;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static struct kept_body *kept_find(struct request *r, const char *key)
{
	for (size_t i = 0; i < KEPT_BODIES; i++)
		if (kept[i].key && kept[i].org == r->org_id && kept[i].lang == r->lang && strcmp(kept[i].key, key) == 0)
			return &kept[i];
	return NULL;
}

long long page_gen(struct request *r, const char *const *names, size_t n)
{
	long long gens[32], sum = 0;
	if (n > sizeof gens / sizeof *gens || store_generations(r->st, r->org_id, names, n, gens) != STORE_OK)
		return -1;
	for (size_t i = 0; i < n; i++)
		sum += gens[i];
	return sum;
}

int page_body_get(struct request *r, const char *key, long long gen, struct buf *out)
{
	int hit = 0;
	if (gen < 0)
		return 0;
	pthread_mutex_lock(&kept_lock);
	struct kept_body *k = kept_find(r, key);
	if (k && k->gen == gen) {
		buf_add(out, k->html, k->len);
		k->used = ++kept_clock;
		hit = 1;
	}
	pthread_mutex_unlock(&kept_lock);
	return hit;
}

void page_body_put(struct request *r, const char *key, long long gen, const struct buf *body)
{
	if (gen < 0)
		return;
	char *copy = xmalloc(body->len + 1);
	memcpy(copy, buf_str(body), body->len + 1);
	char *kcopy = xstrdup(key);
	pthread_mutex_lock(&kept_lock);
	struct kept_body *k = kept_find(r, key);
	if (!k) {
		k = &kept[0];
		for (size_t i = 1; i < KEPT_BODIES && k->key; i++)
			if (!kept[i].key || kept[i].used < k->used)
				k = &kept[i];
	}
	free(k->key);
	free(k->html);
	*k = (struct kept_body){ r->org_id, gen, ++kept_clock, r->lang, kcopy, copy, body->len };
	pthread_mutex_unlock(&kept_lock);
}

void page_render_body(struct request *r, const char *tmpl, struct jval *ctx, const char *mark,
		      const struct buf *body)
{
	page_render(r, 200, tmpl, ctx);
	const char *at = strstr(buf_str(&r->res.body), mark);
	if (!at) {
		page_error(r, 500, T(r, "Something went wrong"));
		return;
	}
	/* Keep the page's foot aside, cut the page at the mark, add the
	 * body and the foot. */
	struct buf foot = BUF_INIT;
	size_t cut = (size_t)(at - r->res.body.data), tail = cut + strlen(mark);
	buf_add(&foot, r->res.body.data + tail, r->res.body.len - tail);
	r->res.body.len = cut;
	buf_add(&r->res.body, buf_str(body), body->len);
	buf_add(&r->res.body, buf_str(&foot), foot.len);
	buf_free(&foot);
}

const char *page_text_sv_en(struct request *r, const char *const text[2])
{
	if (r->lang == LANG_EN && text[1] && *text[1])
		return text[1];
	return text[0] ? text[0] : "";
}

const char *page_org_name(struct request *r)
{
	struct jval *org;
	const char *name = NULL;
	if (store_get(r->st, r->a, &entity_organisation, r->org_id, r->org_id, &org) == STORE_OK)
		name = jv_get_str(org, "name");
	return name ? name : "";
}

void page_send_pdf(struct request *r, struct pdf *doc, const char *disposition)
{
	struct buf out = BUF_INIT;
	if (pdf_finish(doc, &out) != 0) {
		buf_free(&out);
		page_error(r, 500, T(r, "The PDF could not be made."));
		return;
	}
	res_start(r, 200, "application/pdf");
	res_header(r, "Content-Disposition", disposition);
	res_header(r, "Cache-Control", "no-store");
	buf_add(&r->res.body, out.data, out.len);
	buf_free(&out);
}

void page_spill(void *ctx)
{
	res_spill(ctx, 0);
}

void page_write(void *ctx, const void *data, size_t len)
{
	res_write(ctx, data, len);
}
