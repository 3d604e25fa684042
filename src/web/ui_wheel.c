/*
 * ui_wheel.c: the annual wheel (årshjul) and its calendar feeds.
 *
 *   GET    /wheel                      the year month by month (?year=),
 *                                      or as a list (?view=list), filtered
 *                                      by kind (?source=) and to one's own
 *                                      (?mine=1)
 *   GET    /wheel/calendar             one's calendar feeds: make, copy, revoke
 *   POST   /wheel/calendar             make a feed (the URL is shown once)
 *   POST   /wheel/calendar/{id}/revoke revoke one
 *   GET    /api/v1/wheel               the items as JSON (?from=&to=&source=&person=)
 *   POST   /api/v1/calendar-feeds      make a feed: {"person_id": N} or {}
 *   GET    /calendar/{token}.ics       the feed, by its secret token alone
 *
 * Only items the reader may read are shown (model/wheel.h wheel_collect);
 * a feed shows what its maker may read, with the maker's rights as they
 * are when the calendar asks. See docs/annual-wheel.md.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/ics.h"
#include "model/account.h"
#include "model/record.h"
#include "model/visible.h"
#include "model/wheel.h"
#include "store/store.h"
#include "store/wheel.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/json.h"
#include "web/cache.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

/* Items a month shows on the month view (the first by date); past it the
 * month links to its list. */
#define MONTH_SHOWN 8
/* Items per source in the list view, and in the API. */
#define LIST_MAX 200
#define API_MAX 500
/* Items per source in a calendar feed, and the span it covers. */
#define FEED_MAX 2000
#define FEED_PAST_DAYS 90
#define FEED_AHEAD_MONTHS 18
/* Failed feed look-ups per address before it is refused (10 minutes). */
#define FEED_GUESSES 30
#define FEED_WINDOW 600

static const char *const month_names[12] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
	N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

#define absolute wheel_link

/* path as a whole address: with the server's --base-url, else from the
 * request's Host (a calendar program needs the address whole); path
 * itself when neither can be had. */
static const char *whole_url(struct request *r, const char *path)
{
	if (wheel_base_url())
		return absolute(r->a, path);
	const char *host = req_header(r, "Host");
	int ok = host && *host && strlen(host) < 256 && !strpbrk(host, " /\\\"<>");
	return ok ? arena_printf(r->a, "%s://%s%s", r->secure ? "https" : "http", host, path) : path;
}

static int holds(const struct actor *who, int role)
{
	for (size_t i = 0; i < who->nas; i++)
		if ((int)who->as[i].role == role)
			return 1;
	return who->trusted;
}

/* May who make feeds for others and for the organisation? */
static int manages_feeds(const struct actor *who)
{
	return holds(who, ROLE_ADMIN) || holds(who, ROLE_COORDINATOR);
}

/* The year in ?year=, else this one. */
static int year_param(struct request *r)
{
	const char *y = req_query(r, "year");
	char today[11];
	clock_today(today);
	int now = atoi(today);
	if (!y || strlen(y) != 4)
		return now;
	int v = atoi(y);
	return v >= 1900 && v <= 2998 ? v : now;
}

/* What the reader may see of the people a page names, each looked up
 * once. */
#define NAMES_KEPT 64
struct names {
	struct visible *v;
	size_t n;
	struct {
		long long id;
		const char *name;
	} kept[NAMES_KEPT];
};

/* A person's name as the reader may see it, or NULL. */
static const char *person_name(struct request *r, struct names *nm, long long id)
{
	if (!id || !nm)
		return NULL;
	for (size_t i = 0; i < nm->n; i++)
		if (nm->kept[i].id == id)
			return nm->kept[i].name;
	enum visibility vis = visible_entity(nm->v, &entity_people);
	const char *name = vis == VIS_NONE || (vis == VIS_SOME && !visible_record(nm->v, &entity_people, id))
				   ? visible_hidden(r->lang)
				   : store_title(r->st, r->a, &entity_people, r->org_id, id);
	if (nm->n < NAMES_KEPT) {
		nm->kept[nm->n].id = id;
		nm->kept[nm->n++].name = name;
	}
	return name;
}

static const char *date_words(struct request *r, const char *d)
{
	int m = atoi(d + 5), day = atoi(d + 8);
	if (m < 1 || m > 12)
		return d;
	return arena_printf(r->a, "%d %s %.4s", day, T(r, month_names[m - 1]), d);
}

/* One item as the pages and the API show it. */
static struct jval *item_json(struct request *r, struct names *nm, const struct wheel_item *it)
{
	struct arena *a = r->a;
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "date", it->due);
	jv_set_str(a, o, "date_text", date_words(r, it->due));
	jv_set_str(a, o, "source", it->src->code);
	jv_set_str(a, o, "kind", T(r, it->src->label));
	jv_set_str(a, o, "entity", it->src->entity->name);
	jv_set_int(a, o, "record_id", it->id);
	jv_set_str(a, o, "title", it->title);
	jv_set_str(a, o, "href", wheel_item_path(a, it));
	if (it->person_id)
		jv_set_int(a, o, "person_id", it->person_id);
	else
		jv_set(o, "person_id", jv_null(a));
	const char *who = person_name(r, nm, it->person_id);
	if (who)
		jv_set_str(a, o, "person", who);
	if (it->unit_id)
		jv_set_int(a, o, "unit_id", it->unit_id);
	else
		jv_set(o, "unit_id", jv_null(a));
	jv_set_bool(a, o, "overdue", it->overdue);
	return o;
}

/* The kinds to filter by, with the chosen one marked. */
static struct jval *source_options(struct request *r, const char *chosen)
{
	struct jval *opts = jv_arr(r->a);
	for (const struct wheel_source *s = wheel_sources; s->code; s++) {
		struct jval *o = jv_push(opts, jv_obj(r->a));
		jv_set_str(r->a, o, "value", s->code);
		const char *label = T(r, s->label);
		/* Two sources share a label: say which records. */
		if (strcmp(s->code, "system_analyses") == 0 || strcmp(s->code, "asset_analyses") == 0)
			label = arena_printf(r->a, "%s (%s)", label, page_entity_label(r, s->entity, 0));
		jv_set_str(r->a, o, "label", label);
		jv_set_bool(r->a, o, "selected", chosen && strcmp(chosen, s->code) == 0);
	}
	return opts;
}

/* ---- the page ------------------------------------------------------------ */

void h_wheel(struct request *r)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	struct names *nm = arena_alloc_array(a, 1, sizeof *nm);
	nm->v = visible_new(&c);
	nm->n = 0;
	int year = year_param(r);
	const char *source = req_query(r, "source");
	if (source && (!*source || !wheel_source_find(source)))
		source = NULL;
	const char *mine_q = req_query(r, "mine");
	int mine = mine_q && strcmp(mine_q, "1") == 0 && r->actor.person_id;
	const char *view = req_query(r, "view");
	int list = view && strcmp(view, "list") == 0;
	const char *month_q = req_query(r, "month");
	int only_month = 0;
	if (list && month_q && strlen(month_q) == 2)
		only_month = atoi(month_q);
	if (only_month < 1 || only_month > 12)
		only_month = 0;

	struct jval *ctx = page_ctx(r, arena_printf(a, T(r, "Annual wheel %d"), year));
	jv_set_int(a, ctx, "year", year);
	jv_set_int(a, ctx, "prev_year", year - 1);
	jv_set_int(a, ctx, "next_year", year + 1);
	jv_set(ctx, "sources", source_options(r, source));
	jv_set_bool(a, ctx, "mine", mine);
	jv_set_bool(a, ctx, "has_person", r->actor.person_id != 0);
	jv_set_bool(a, ctx, "list", list);
	const char *filter = arena_printf(a, "%s%s%s", source ? "&source=" : "", source ? source : "", mine ? "&mine=1" : "");
	jv_set_str(a, ctx, "filter", filter);
	jv_set_bool(a, ctx, "may_add", record_allows(&c, &entity_recurring_activities, A_CREATE, NULL));
	char today[11];
	clock_today(today);

	struct wheel_query q = { .person = mine ? r->actor.person_id : 0, .source = source };
	if (list) {
		/* Room for any int: the compiler cannot see the year's range. */
		char from[32], to[32];
		snprintf(from, sizeof from, "%04d-%02d-01", year, only_month ? only_month : 1);
		if (only_month) {
			char next[11];
			date_add_months(from, 1, next);
			date_add_days(next, -1, to);
		} else {
			snprintf(to, sizeof to, "%04d-12-31", year);
		}
		q.from = from, q.to = to, q.limit = LIST_MAX;
		struct wheel_item *items;
		size_t n;
		int more;
		if (wheel_collect(&c, &q, &items, &n, &more) != STORE_OK) {
			page_error(r, 500, T(r, "The database could not be read."));
			return;
		}
		struct jval *rows = jv_set(ctx, "items", jv_arr(a));
		for (size_t i = 0; i < n; i++)
			jv_push(rows, item_json(r, nm, &items[i]));
		jv_set_bool(a, ctx, "more", more);
		jv_set_bool(a, ctx, "empty", n == 0);
		if (only_month) {
			char *period = arena_printf(a, "%s %d", T(r, month_names[only_month - 1]), year);
			if (period[0] >= 'a' && period[0] <= 'z')
				period[0] = (char)(period[0] - 'a' + 'A');
			jv_set_str(a, ctx, "period", period);
			jv_set_int(a, ctx, "month", only_month);
		} else {
			jv_set_str(a, ctx, "period", arena_printf(a, "%d", year));
		}
	} else {
		struct jval *months = jv_set(ctx, "months", jv_arr(a));
		size_t total = 0;
		for (int m = 1; m <= 12; m++) {
			char from[32], next[11], to[11];
			snprintf(from, sizeof from, "%04d-%02d-01", year, m);
			date_add_months(from, 1, next);
			date_add_days(next, -1, to);
			q.from = from, q.to = to, q.limit = MONTH_SHOWN;
			struct wheel_item *items;
			size_t n;
			int more;
			if (wheel_collect(&c, &q, &items, &n, &more) != STORE_OK) {
				page_error(r, 500, T(r, "The database could not be read."));
				return;
			}
			struct jval *mo = jv_push(months, jv_obj(a));
			/* A heading: capitalised ("Januari"; Swedish month names
			 * are lower case in running text, and start with an
			 * ASCII letter). */
			char *name = arena_strdup(a, T(r, month_names[m - 1]));
			if (name[0] >= 'a' && name[0] <= 'z')
				name[0] = (char)(name[0] - 'a' + 'A');
			jv_set_str(a, mo, "name", name);
			jv_set_str(a, mo, "key", arena_printf(a, "%02d", m));
			jv_set_bool(a, mo, "current", strncmp(from, today, 7) == 0);
			struct jval *rows = jv_set(mo, "items", jv_arr(a));
			if (n > MONTH_SHOWN) {
				n = MONTH_SHOWN;
				more = 1;
			}
			for (size_t i = 0; i < n; i++)
				jv_push(rows, item_json(r, nm, &items[i]));
			jv_set_bool(a, mo, "more", more);
			jv_set_bool(a, mo, "empty", n == 0);
			total += n;
		}
		jv_set_bool(a, ctx, "empty", total == 0);
	}
	page_render(r, 200, "wheel", ctx);
}

/* ---- the API's list -------------------------------------------------------- */

void api_wheel(struct request *r)
{
	struct rctx c = page_rctx(r);
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	char dfrom[32], dto[32];
	if (!from || !to) {
		int year = year_param(r);
		snprintf(dfrom, sizeof dfrom, "%04d-01-01", year);
		snprintf(dto, sizeof dto, "%04d-12-31", year);
		from = from ? from : dfrom;
		to = to ? to : dto;
	}
	const char *source = req_query(r, "source");
	const char *person = req_query(r, "person");
	struct verrors errs = { 0 };
	if (!date_valid(from))
		verr_add(&errs, "from", T(r, "Give the date as YYYY-MM-DD."));
	if (!date_valid(to))
		verr_add(&errs, "to", T(r, "Give the date as YYYY-MM-DD."));
	if (!errs.n && (date_compare(from, to) > 0 || date_days_between(from, to) > 3 * 366))
		verr_add(&errs, "to", T(r, "The period must end after it starts and be at most three years."));
	if (source && !wheel_source_find(source))
		verr_add(&errs, "source", T(r, "There is no such kind of due date."));
	long long pid = 0;
	if (person && strcmp(person, "me") == 0)
		pid = r->actor.person_id ? r->actor.person_id : -1;
	else if (person && (pid = atoll(person)) <= 0)
		verr_add(&errs, "person", T(r, "Give a person's number, or me."));
	if (errs.n) {
		page_problem(r, 400, T(r, "The query is not valid"), &errs);
		return;
	}
	struct wheel_query q = { .from = from, .to = to, .person = pid, .source = source, .limit = API_MAX };
	struct wheel_item *items;
	size_t n;
	int more;
	if (wheel_collect(&c, &q, &items, &n, &more) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *o = jv_obj(r->a);
	struct jval *arr = jv_set(o, "items", jv_arr(r->a));
	for (size_t i = 0; i < n; i++) {
		struct jval *it = item_json(r, NULL, &items[i]);
		jv_del(it, "date_text");
		jv_push(arr, it);
	}
	jv_set_bool(r->a, o, "truncated", more);
	page_json(r, 200, o);
}

/* ---- making a feed ---------------------------------------------------------- */

enum { FEED_OK = 0, FEED_FORBIDDEN, FEED_INVALID, FEED_FAILED };

/*
 * Make a calendar feed for person (0: the organisation's) named label
 * (NULL: a name from whose it is). The token (43 characters, base64url of
 * 32 random bytes) goes to token; only its SHA-256 is stored.
 */
static int feed_make(struct request *r, long long person, const char *label, long long *id, char token[44],
		     struct verrors *errs)
{
	const struct actor *who = &r->actor;
	if (person ? person != who->person_id && !manages_feeds(who) : !manages_feeds(who))
		return FEED_FORBIDDEN;
	const char *name = NULL;
	if (person) {
		struct jval *row;
		if (store_get(r->st, r->a, &entity_people, r->org_id, person, &row) != STORE_OK) {
			verr_add(errs, "person_id", T(r, "There is no such person."));
			return FEED_INVALID;
		}
		name = jv_get_str(row, "name");
	}
	if (!label || !*label)
		label = arena_printf(r->a, T(r, "Annual wheel: %s"), name ? name : page_org_name(r));
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, 44, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	char hash[65];
	account_sha256_hex(token, hash);
	struct rctx c = page_rctx(r);
	struct jval *in = jv_obj(r->a);
	jv_set_str(r->a, in, "label", label);
	if (person)
		jv_set_int(r->a, in, "person_id", person);
	jv_set_int(r->a, in, "user_id", who->user_id);
	jv_set_str(r->a, in, "token_hash", arena_strdup(r->a, hash));
	if (store_begin(r->st) != STORE_OK)
		return FEED_FAILED;
	/* Permission decided above; Tillit writes the record (feeds are not
	 * made through the generic create, which cannot hand out the token),
	 * audited under the user's name. */
	struct actor tillit;
	struct rctx sub = record_on_behalf(&c, &tillit, NULL);
	sub.seeding = 1;
	int rc = record_create(&sub, &entity_calendar_feeds, in, id, errs);
	if (rc == REC_OK && store_commit(r->st) == STORE_OK)
		return FEED_OK;
	store_rollback(r->st);
	sodium_memzero(token, 44);
	return rc == REC_INVALID ? FEED_INVALID : FEED_FAILED;
}

void api_calendar_feed_create(struct request *r)
{
	struct jval *body;
	if (!api_json_body(r, &body))
		return;
	struct verrors errs = { 0 };
	long long person = 0;
	const struct jval *p = jv_get(body, "person_id");
	if (p && p->type == J_INT && p->i > 0)
		person = p->i;
	else if (p && p->type != J_NULL)
		verr_add(&errs, "person_id", T(r, "Give the person's number, or leave it out for the organisation's feed."));
	const struct jval *l = jv_get(body, "label");
	const char *label = NULL;
	if (l && l->type == J_STR && strlen(l->s) <= 200)
		label = l->s;
	else if (l && l->type != J_NULL)
		verr_add(&errs, "label", T(r, "The name is text of at most 200 characters."));
	for (const struct jval *k = body->first; k; k = k->next)
		if (strcmp(k->key, "person_id") != 0 && strcmp(k->key, "label") != 0)
			verr_add(&errs, arena_strdup(r->a, k->key), T(r, "Unknown field."));
	if (errs.n) {
		page_problem(r, 422, T(r, "The data is not valid"), &errs);
		return;
	}
	long long id = 0;
	char token[44];
	switch (feed_make(r, person, label, &id, token, &errs)) {
	case FEED_OK:
		break;
	case FEED_FORBIDDEN:
		page_forbidden(r);
		return;
	case FEED_INVALID:
		page_problem(r, 422, T(r, "The data is not valid"), &errs);
		return;
	default:
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	struct jval *row;
	if (store_get(r->st, r->a, &entity_calendar_feeds, r->org_id, id, &row) != STORE_OK)
		row = jv_obj(r->a);
	jv_del(row, "token_hash");
	jv_del(row, "user_id");
	const char *path = arena_printf(r->a, "/calendar/%s.ics", token);
	jv_set_str(r->a, row, "url", path);
	jv_set_str(r->a, row, "absolute_url", whole_url(r, path));
	sodium_memzero(token, sizeof token);
	res_header(r, "Location", arena_printf(r->a, "/api/v1/calendar-feeds/%lld", id));
	res_header(r, "Cache-Control", "no-store");
	page_json(r, 201, row);
}

/* ---- the feed page ---------------------------------------------------------- */

static void feeds_page(struct request *r, int status, const char *new_url, const struct verrors *errs)
{
	struct arena *a = r->a;
	struct rctx c = page_rctx(r);
	struct jval *ctx = page_ctx(r, T(r, "Calendar feeds"));
	struct list_query q = { .page = 1, .limit = 100 };
	record_list_restrict(&c, &entity_calendar_feeds, &q);
	struct jval *rows;
	long long total;
	if (store_list(r->st, a, &entity_calendar_feeds, r->org_id, &q, &rows, &total) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	struct jval *feeds = jv_set(ctx, "feeds", jv_arr(a));
	for (struct jval *row = rows->first; row; row = row->next) {
		struct jval *f = jv_push(feeds, jv_obj(a));
		jv_set_int(a, f, "id", jv_get_int(row, "id", 0));
		jv_set_str(a, f, "label", jv_get_str(row, "label"));
		jv_set_str(a, f, "created", recview_time(r, jv_get_str(row, "created_at")));
		jv_set_bool(a, f, "org", !jv_get_int(row, "person_id", 0));
	}
	jv_set_bool(a, ctx, "none", total == 0);
	jv_set_bool(a, ctx, "manages", manages_feeds(&r->actor));
	jv_set_bool(a, ctx, "has_person", r->actor.person_id != 0);
	if (new_url) {
		jv_set_str(a, ctx, "new_url", new_url);
		res_header(r, "Cache-Control", "no-store");
	}
	if (errs)
		page_set_errors(r, ctx, errs, NULL);
	page_render(r, status, "wheel_feeds", ctx);
}

void h_wheel_feeds(struct request *r)
{
	feeds_page(r, 200, NULL, NULL);
}

void h_wheel_feed_create(struct request *r)
{
	const char *whose = req_post(r, "whose");
	const char *label = req_post(r, "label");
	struct verrors errs = { 0 };
	long long person = 0;
	if (whose && strcmp(whose, "mine") == 0)
		person = r->actor.person_id;
	else if (!whose || strcmp(whose, "org") != 0)
		verr_add(&errs, "whose", T(r, "Choose whose due dates the calendar shows."));
	if (whose && strcmp(whose, "mine") == 0 && !person)
		verr_add(&errs, "whose", T(r, "Your account is not linked to a person, so it has no due dates of its own."));
	if (label && strlen(label) > 200)
		verr_add(&errs, "label", T(r, "The name is text of at most 200 characters."));
	if (errs.n) {
		feeds_page(r, 422, NULL, &errs);
		return;
	}
	long long id;
	char token[44];
	switch (feed_make(r, person, label, &id, token, &errs)) {
	case FEED_OK:
		break;
	case FEED_FORBIDDEN:
		page_forbidden(r);
		return;
	case FEED_INVALID:
		feeds_page(r, 422, NULL, &errs);
		return;
	default:
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	const char *path = arena_printf(r->a, "/calendar/%s.ics", token);
	sodium_memzero(token, sizeof token);
	const char *url = whole_url(r, path);
	/* Shown on this response only: never in a redirect's address. */
	feeds_page(r, 201, url, NULL);
}

void h_wheel_feed_revoke(struct request *r)
{
	struct rctx c = page_rctx(r);
	struct verrors errs = { 0 };
	int rc = record_delete(&c, &entity_calendar_feeds, r->id, &errs);
	if (rc == REC_NOTFOUND) {
		page_not_found(r);
		return;
	}
	if (rc == REC_FORBIDDEN) {
		page_forbidden(r);
		return;
	}
	if (rc != REC_OK) {
		page_error(r, 500, T(r, "The change could not be saved. Nothing was changed."));
		return;
	}
	page_flash_set(r, "revoked", T(r, "The calendar feed was revoked. Its address no longer works."));
	res_redirect(r, recview_done(r, "/wheel/calendar", "revoked"));
}

/* ---- the feed itself ---------------------------------------------------------- */

/* Has this address guessed too often? Read only, so that a calendar
 * asking for a valid feed costs no write; only a token that is not found
 * is counted (feed_guessed), like a failed login. */
static int feed_blocked(struct request *r, const char **key)
{
	*key = arena_printf(r->a, "calendar:%s", r->remote_addr ? r->remote_addr : "");
	long long n = 0;
	if (store_feed_guesses(r->st, *key, clock_unix() - FEED_WINDOW, &n) != STORE_OK)
		return 1; /* fails closed */
	return n >= FEED_GUESSES;
}

static void feed_guessed(struct request *r, const char *key)
{
	struct login_key k = { .key = key, .max = FEED_GUESSES };
	int allowed;
	store_login_attempt(r->st, &k, 1, clock_unix(), FEED_WINDOW, &allowed);
}

void h_calendar_feed(struct request *r)
{
	const char *key;
	if (feed_blocked(r, &key)) {
		res_header(r, "Retry-After", arena_printf(r->a, "%d", FEED_WINDOW));
		page_error(r, 429, T(r, "Too many calendar requests from your address. Wait ten minutes and try again."));
		return;
	}
	const char *p = r->param ? r->param : "";
	size_t n = strlen(p);
	struct wheel_feed f;
	struct user u;
	char hash[65];
	if (n != 47 || strcmp(p + 43, ".ics") != 0) {
		feed_guessed(r, key);
		page_not_found(r);
		return;
	}
	char token[44];
	memcpy(token, p, 43);
	token[43] = 0;
	account_sha256_hex(token, hash);
	sodium_memzero(token, sizeof token);
	if (store_feed_by_hash(r->st, r->a, hash, &f) != STORE_OK ||
	    store_user_by_id(r->st, r->a, f.user_id, &u) != STORE_OK || u.disabled || u.org_id != f.org_id) {
		feed_guessed(r, key);
		page_not_found(r);
		return;
	}
	/* The maker's rights, as they are now. */
	struct assignment *as = NULL;
	size_t nas = 0;
	if (u.person_id && store_assignments(r->st, r->a, u.org_id, u.person_id, &as, &nas) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	r->org_id = u.org_id;
	r->lang = u.lang;
	r->actor = (struct actor){ .user_id = u.id, .username = u.username, .via = "calendar", .org_id = u.org_id,
				   .person_id = u.person_id, .lang = u.lang, .as = as, .nas = nas };
	/* From here the request acts as the feed's maker, and a feed made
	 * before is served from what was kept (web/cache.h): the key holds
	 * the path, so the token, and the day; it is valid while the due
	 * dates, the maker's rights and the feeds do not change. A calendar
	 * that sends the ETag back gets 304. */
	r->authed = 1;
	static const char *const feed_reads[] = { WHEEL_READ_NAMES, "calendar-feeds" };
	struct cache_ticket ticket;
	if (cache_serve(r, feed_reads, sizeof feed_reads / sizeof *feed_reads, &ticket))
		return;
	struct rctx c = page_rctx(r);
	c.who = &r->actor;
	char today[11], from[11], to[11];
	clock_today(today);
	date_add_days(today, -FEED_PAST_DAYS, from);
	date_add_months(today, FEED_AHEAD_MONTHS, to);
	struct wheel_query q = { .from = from, .to = to, .person = f.person_id, .limit = FEED_MAX };
	struct wheel_item *items;
	size_t ni;
	int more;
	if (wheel_collect(&c, &q, &items, &ni, &more) != STORE_OK) {
		page_error(r, 500, T(r, "The database could not be read."));
		return;
	}
	long long days = 14;
	store_wheel_reminder_days(r->st, f.org_id, &days);
	char now[CLOCK_ISO_LEN], stamp[17];
	clock_now_iso(now); /* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
	snprintf(stamp, sizeof stamp, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", now, now + 5, now + 8, now + 11, now + 14, now + 17);
	struct buf b = BUF_INIT;
	ics_begin(&b, "-//Tillit//Tillit//SV", f.label ? f.label : "Tillit");
	for (size_t i = 0; i < ni; i++) {
		const struct wheel_item *it = &items[i];
		const char *summary = arena_printf(r->a, "%s: %s", T(r, it->src->label), it->title);
		const char *desc = it->overdue ? T(r, "Overdue.") : NULL;
		struct ics_event ev = { .uid = wheel_item_uid(r->a, f.org_id, it), .date = it->due, .summary = summary,
					.description = desc, .url = whole_url(r, wheel_item_path(r->a, it)),
					.alarm_days = it->overdue ? -1 : (int)days };
		ics_event(&b, &ev, stamp);
	}
	ics_end(&b);
	res_start(r, 200, "text/calendar; charset=utf-8");
	/* The token is the credential: no shared cache keeps the answer, and
	 * no search engine the address. */
	res_header(r, "Cache-Control", "private, no-cache");
	res_header(r, "X-Robots-Tag", "noindex");
	res_header(r, "Content-Disposition", "inline; filename=\"tillit.ics\"");
	res_write(r, b.data, b.len);
	buf_free(&b);
	cache_keep(r, &ticket);
}

/* ---- OpenAPI ------------------------------------------------------------------ */

static struct jval *str_prop(struct arena *a, struct jval *props, const char *name, const char *desc)
{
	struct jval *p = jv_set(props, name, jv_obj(a));
	jv_set_str(a, p, "type", "string");
	if (desc)
		jv_set_str(a, p, "description", desc);
	return p;
}

void wheel_openapi(struct arena *a, struct jval *paths)
{
	/* POST /api/v1/calendar-feeds */
	struct jval *feeds = jv_get(paths, "/api/v1/calendar-feeds");
	if (!feeds)
		feeds = jv_set(paths, "/api/v1/calendar-feeds", jv_obj(a));
	struct jval *post = jv_set(feeds, "post", jv_obj(a));
	jv_set_str(a, post, "summary", "Make a calendar feed");
	jv_set_str(a, post, "operationId", "createCalendarFeed");
	jv_push(jv_set(post, "tags", jv_arr(a)), jv_str(a, "calendar-feeds"));
	jv_set_str(a, post, "description",
		   "person_id: a person's feed (what they are responsible for); left out: the organisation's. Anyone may "
		   "make one for themselves; the administrator and the coordinator for anyone and for the organisation. "
		   "The answer's url carries the secret token, shown this once; DELETE /api/v1/calendar-feeds/{id} "
		   "revokes it. The feed shows what its maker may read.");
	struct jval *schema = jv_obj(a);
	jv_set_str(a, schema, "type", "object");
	struct jval *props = jv_set(schema, "properties", jv_obj(a));
	struct jval *pid = jv_set(props, "person_id", jv_obj(a));
	struct jval *types = jv_set(pid, "type", jv_arr(a));
	jv_push(types, jv_str(a, "integer"));
	jv_push(types, jv_str(a, "null"));
	str_prop(a, props, "label", "The calendar's name");
	struct jval *body = jv_set(post, "requestBody", jv_obj(a));
	jv_set(jv_set(jv_set(body, "content", jv_obj(a)), "application/json", jv_obj(a)), "schema", schema);
	struct jval *resp = jv_set(post, "responses", jv_obj(a));
	struct jval *ok = jv_set(resp, "201", jv_obj(a));
	jv_set_str(a, ok, "description", "The feed, with its url (shown once)");
	struct jval *rs = jv_obj(a);
	jv_set_str(a, rs, "type", "object");
	struct jval *rp = jv_set(rs, "properties", jv_obj(a));
	jv_set_str(a, jv_set(rp, "id", jv_obj(a)), "type", "integer");
	str_prop(a, rp, "url", "/calendar/{token}.ics");
	str_prop(a, rp, "absolute_url", "The whole address: with the server's --base-url, else the request's Host");
	jv_set(jv_set(jv_set(ok, "content", jv_obj(a)), "application/json", jv_obj(a)), "schema", rs);
	static const char *const errs[] = { "400", "403", "415", "422" };
	for (size_t i = 0; i < sizeof errs / sizeof *errs; i++)
		jv_set_str(a, jv_set(resp, errs[i], jv_obj(a)), "description", "Problem (RFC 9457)");

	/* GET /api/v1/wheel */
	struct jval *wheel = jv_set(paths, "/api/v1/wheel", jv_obj(a));
	struct jval *get = jv_set(wheel, "get", jv_obj(a));
	jv_set_str(a, get, "summary", "The annual wheel: due dates in a period");
	jv_set_str(a, get, "operationId", "listWheel");
	jv_push(jv_set(get, "tags", jv_arr(a)), jv_str(a, "wheel"));
	struct jval *params = jv_set(get, "parameters", jv_arr(a));
	static const char *const qp[][2] = {
		{ "from", "First day, YYYY-MM-DD (default: 1 January of ?year= or this year)" },
		{ "to", "Last day, YYYY-MM-DD (at most three years after from)" },
		{ "year", "A year, when from and to are left out" },
		{ "source", "One kind of due date (a source's code)" },
		{ "person", "Only a person's (their number, or me)" },
	};
	for (size_t i = 0; i < sizeof qp / sizeof *qp; i++) {
		struct jval *p = jv_push(params, jv_obj(a));
		jv_set_str(a, p, "name", qp[i][0]);
		jv_set_str(a, p, "in", "query");
		jv_set_str(a, p, "description", qp[i][1]);
		jv_set_str(a, jv_set(p, "schema", jv_obj(a)), "type", "string");
	}
	struct jval *gr = jv_set(get, "responses", jv_obj(a));
	struct jval *g200 = jv_set(gr, "200", jv_obj(a));
	jv_set_str(a, g200, "description", "The items the reader may read, by date: date, source, kind, entity, "
					   "record_id, title, href, person_id, unit_id, overdue; truncated when a "
					   "source had more than 500");
	struct jval *gs = jv_obj(a);
	jv_set_str(a, gs, "type", "object");
	jv_set(jv_set(jv_set(g200, "content", jv_obj(a)), "application/json", jv_obj(a)), "schema", gs);
	jv_set_str(a, jv_set(gr, "400", jv_obj(a)), "description", "Problem (RFC 9457)");
}
