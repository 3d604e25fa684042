/*
 * auth.c: who is asking. Bearer tokens for the API, session cookies for the
 * browser, the login form with its throttling, logout and the CSRF check.
 *
 * Login throttling: after 5 failed attempts for one account, or 20 from one
 * address, within 15 minutes, further attempts are refused (429) until the
 * window has passed. Failures are kept in the database so that a restart
 * does not reset them. Each attempt is counted as a failure before its
 * password is checked (and taken back when the password is right), in one
 * write transaction with the check, so parallel guesses are all counted.
 * `tillit user unlock` and `tillit user enable` clear an account's.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/account.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/url.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/recview.h"

#define SESSION_SECONDS (8 * 3600)
#define THROTTLE_WINDOW (15 * 60)
#define THROTTLE_ACCOUNT 5
#define THROTTLE_ADDRESS 20

static int load_user(struct request *r, long long user_id, const char *via)
{
	if (store_user_by_id(r->st, r->a, user_id, &r->user) != STORE_OK || r->user.disabled)
		return 0;
	struct assignment *as = NULL;
	size_t n = 0;
	if (r->user.person_id &&
	    store_assignments(r->st, r->a, r->user.org_id, r->user.person_id, &as, &n) != STORE_OK)
		return 0;
	r->authed = 1;
	r->lang = r->user.lang;
	r->org_id = r->user.org_id;
	r->actor = (struct actor){
		.user_id = r->user.id, .username = r->user.username, .via = via,
		.org_id = r->user.org_id, .person_id = r->user.person_id, .lang = r->user.lang,
		.as = as, .nas = n,
	};
	return 1;
}

void auth_identify(struct request *r)
{
	if (r->authed)
		return;
	const char *authz = req_header(r, "Authorization");
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		char hash[65];
		long long uid;
		account_sha256_hex(authz + 7, hash);
		if (store_token_find(r->st, hash, &uid) == STORE_OK && load_user(r, uid, "api"))
			r->via_token = 1;
		return;
	}
	const char *cookie = req_cookie(r, "tillit_session");
	if (!cookie || strlen(cookie) > 100)
		return;
	char hash[65], now[CLOCK_ISO_LEN];
	account_sha256_hex(cookie, hash);
	clock_now_iso(now);
	long long uid;
	const char *csrf;
	if (store_session_find(r->st, r->a, hash, now, &uid, &csrf) != STORE_OK)
		return;
	if (load_user(r, uid, r->api ? "api" : "ui")) {
		r->session_hash = arena_strdup(r->a, hash);
		r->csrf = csrf;
	}
}

int auth_csrf_ok(struct request *r)
{
	if (!r->csrf)
		return 0;
	const char *given = req_header(r, "X-CSRF-Token");
	if (!given && !r->api)
		given = req_post(r, "_csrf");
	if (!given)
		return 0;
	size_t n = strlen(r->csrf);
	return strlen(given) == n && sodium_memcmp(given, r->csrf, n) == 0;
}

static void set_cookie(struct request *r, const char *name, const char *value, long long max_age,
		       int http_only)
{
	res_header(r, "Set-Cookie",
		   arena_printf(r->a, "%s=%s; Path=/; Max-Age=%lld; SameSite=Lax%s%s", name, value,
				max_age, http_only ? "; HttpOnly" : "", r->secure ? "; Secure" : ""));
}

/* A local path to go to after login (util/url.h url_local_path); anything
 * else becomes "/". */
static const char *safe_next(const char *next)
{
	return url_local_path(next) ? next : "/";
}

static void login_page(struct request *r, int status, const char *error, const char *username)
{
	struct arena *a = r->a;
	/* The login form carries a token that must match a cookie (double
	 * submit), so another site cannot log a visitor in as someone else. */
	const char *pre = req_cookie(r, "tillit_pre");
	if (!pre || strlen(pre) < 20 || strlen(pre) > 100) {
		char tok[ACCOUNT_TOKEN_MAX];
		account_random(tok, NULL);
		pre = arena_strdup(a, tok);
		set_cookie(r, "tillit_pre", pre, 3600, 1);
	}
	struct jval *ctx = page_ctx(r, T(r, "Log in"));
	jv_set_str(a, ctx, "pre", pre);
	const char *next = safe_next(req_query(r, "next") ? req_query(r, "next") : req_post(r, "next"));
	jv_set_str(a, ctx, "next", next);
	/* The language button comes back to this login page, keeping where
	 * the user was going. */
	jv_set_str(a, ctx, "lang_next", strcmp(next, "/") == 0 ? "/login"
				     : arena_printf(a, "/login?next=%s", recview_urlencode(a, next)));
	if (error)
		jv_set_str(a, ctx, "error", error);
	if (username)
		jv_set_str(a, ctx, "username", username);
	jv_set_str(a, ctx, "other_lang", r->lang == LANG_SV ? "en" : "sv");
	jv_set_str(a, ctx, "other_lang_label", r->lang == LANG_SV ? "English" : "Svenska");
	/* Someone without an account who came to report finds the way. */
	if (report_public_open(r))
		jv_set_bool(a, ctx, "public_report", 1);
	page_render(r, status, "login", ctx);
}

void h_login_form(struct request *r)
{
	if (r->authed) {
		res_redirect(r, safe_next(req_query(r, "next")));
		return;
	}
	login_page(r, 200, NULL, NULL);
}

void h_login(struct request *r)
{
	const char *user = req_post(r, "username");
	const char *pw = req_post(r, "password");
	const char *pre = req_post(r, "_pre");
	const char *cookie = req_cookie(r, "tillit_pre");
	if (!pre || !cookie || strlen(pre) != strlen(cookie) ||
	    sodium_memcmp(pre, cookie, strlen(pre)) != 0) {
		login_page(r, 403, T(r, "The login form has expired. Try again."), user);
		return;
	}
	if (!user || !pw || !*user || !*pw || strlen(user) > 64 || strlen(pw) > PASSWORD_MAX) {
		login_page(r, 400, T(r, "Enter your user name and password."), user);
		return;
	}
	char userkey[ACCOUNT_LOGIN_KEY_MAX], addrkey[ACCOUNT_LOGIN_KEY_MAX];
	account_login_key(userkey, "user", user);
	account_login_key(addrkey, "addr", r->remote_addr);
	struct login_key keys[2] = {
		{ .key = userkey, .max = THROTTLE_ACCOUNT },
		{ .key = addrkey, .max = THROTTLE_ADDRESS },
	};
	/* The attempt is counted as failed before the password is checked,
	 * in one transaction with the count, so that guesses sent in parallel
	 * cannot all pass the check; an attempt that cannot be counted is not
	 * tried at all. */
	int allowed;
	if (store_login_attempt(r->st, keys, 2, clock_unix(), THROTTLE_WINDOW, &allowed) != STORE_OK) {
		page_error(r, 503, T(r, "The database is busy. Try again."));
		return;
	}
	if (!allowed) {
		res_header(r, "Retry-After", "900");
		login_page(r, 429, T(r, "Too many failed logins. Wait 15 minutes and try again."), user);
		return;
	}
	struct user u;
	int found = store_user_by_name(r->st, r->a, user, &u) == STORE_OK;
	int ok = account_check_password(found ? u.password_hash : NULL, pw);
	if (!found || !ok || u.disabled) {
		login_page(r, 401, T(r, "Wrong user name or password, or the account is disabled."), user);
		return;
	}
	char token[ACCOUNT_TOKEN_MAX], csrf[ACCOUNT_TOKEN_MAX], hash[65], expires[CLOCK_ISO_LEN];
	account_random(token, NULL);
	account_random(csrf, NULL);
	account_sha256_hex(token, hash);
	clock_iso_in(SESSION_SECONDS, expires);
	if (store_begin(r->st) != STORE_OK) {
		page_error(r, 503, T(r, "The database is busy. Try again."));
		return;
	}
	int rc = store_session_create(r->st, hash, u.id, csrf, expires);
	if (rc == STORE_OK)
		rc = store_login_attempt_forget(r->st, keys, 2);
	if (rc == STORE_OK)
		rc = store_login_failures_clear(r->st, userkey, NULL);
	if (rc == STORE_OK) {
		struct audit_actor who = { u.id, u.username, "ui" };
		struct jval *changes = jv_obj(r->a);
		jv_set_str(r->a, changes, "address", r->remote_addr);
		rc = store_audit_append(r->st, u.org_id, &who, "users", u.id, "login", changes);
	}
	if (rc == STORE_OK)
		rc = store_commit(r->st);
	if (rc != STORE_OK) {
		store_rollback(r->st);
		page_error(r, 500, T(r, "Logging in failed. Try again."));
		return;
	}
	set_cookie(r, "tillit_session", token, SESSION_SECONDS, 1);
	set_cookie(r, "tillit_pre", "", 0, 1);
	res_redirect(r, safe_next(req_post(r, "next")));
}

void h_logout(struct request *r)
{
	if (r->session_hash)
		store_session_delete(r->st, r->session_hash);
	set_cookie(r, "tillit_session", "", 0, 1);
	res_redirect(r, "/login");
}

/* Language choice before logging in (a cookie); logged-in users choose it
 * on their account page. */
void h_lang(struct request *r)
{
	const char *lang = req_post(r, "lang");
	int l = lang ? i18n_lang_from_code(lang) : -1;
	if (l >= 0)
		set_cookie(r, "tillit_lang", i18n_lang_code(l), 365LL * 86400, 0);
	res_redirect(r, safe_next(req_post(r, "next")));
}
