/*
 * main.c: the command line. Each command is a row in the table below with
 * its own --help text; all of them work on a database file given by --db.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/export.h"
#include "io/import.h"
#include "io/mail.h"
#include "model/account.h"
#include "model/catalogue.h"
#include "model/entity.h"
#include "model/derived.h"
#include "model/record.h"
#include "store/derived.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/mailaddr.h"
#include "util/xalloc.h"
#include "view/view.h"
#include "model/wheel.h"
#include "web/http.h"
#include "web/server.h"

#define VERSION "0.1.0"

/* ---- options ---------------------------------------------------------- */

struct opts {
	int argc;
	char **argv;
	int help;
};

/* The value of --name (as "--name V" or "--name=V"), or NULL. */
static const char *opt(struct opts *o, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < o->argc; i++) {
		const char *a = o->argv[i];
		if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
			continue;
		if (a[2 + n] == '=')
			return a + 3 + n;
		if (a[2 + n] == 0 && i + 1 < o->argc)
			return o->argv[i + 1];
	}
	return NULL;
}

/* The value of --name as a whole number from min to max, def when it is
 * not given; -1 after a message when it is something else. */
static long num_opt(struct opts *o, const char *name, long def, long min, long max)
{
	const char *v = opt(o, name);
	if (!v)
		return def;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max) {
		fprintf(stderr, "tillit: --%s is a whole number from %ld to %ld\n", name, min, max);
		return -1;
	}
	return n;
}

static int flag(struct opts *o, const char *name)
{
	for (int i = 0; i < o->argc; i++)
		if (strncmp(o->argv[i], "--", 2) == 0 && strcmp(o->argv[i] + 2, name) == 0)
			return 1;
	return 0;
}

/* Reject options the command does not know, so a typo is not ignored. */
static int check_opts(struct opts *o, const char *const *known, const char *const *flags)
{
	for (int i = 0; i < o->argc; i++) {
		const char *a = o->argv[i];
		if (strncmp(a, "--", 2) != 0) {
			fprintf(stderr, "tillit: unexpected argument '%s' (see --help)\n", a);
			return 0;
		}
		const char *name = a + 2;
		size_t n = strcspn(name, "=");
		int ok = 0;
		for (size_t k = 0; known && known[k] && !ok; k++)
			if (strlen(known[k]) == n && strncmp(known[k], name, n) == 0) {
				ok = 1;
				if (!name[n])
					i++; /* its value */
			}
		for (size_t k = 0; flags && flags[k] && !ok; k++)
			ok = strcmp(flags[k], name) == 0;
		if (!ok) {
			fprintf(stderr, "tillit: unknown option '%s' (see --help)\n", a);
			return 0;
		}
	}
	return 1;
}

static struct store *open_db(struct opts *o, int create)
{
	const char *db = opt(o, "db");
	if (!db) {
		fprintf(stderr, "tillit: --db FILE is required\n");
		return NULL;
	}
	if (!create && access(db, F_OK) != 0) {
		fprintf(stderr, "tillit: %s does not exist (create it with 'tillit init --db %s')\n", db, db);
		return NULL;
	}
	struct store *st;
	char err[512];
	if (store_open(db, create, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", err);
		return NULL;
	}
	int applied;
	if (store_migrate(st, &applied, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", err);
		store_close(st);
		return NULL;
	}
	return st;
}

/* The command line acts with every right; the audit trail names it. */
static struct actor cli_actor(struct store *st)
{
	static char name[80];
	const char *user = getenv("USER");
	snprintf(name, sizeof name, "cli:%s", user && *user ? user : "unknown");
	return (struct actor){ .username = name, .via = "cli", .org_id = store_default_org(st),
			       .lang = LANG_EN, .trusted = 1 };
}

static void print_errors(const struct verrors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		fprintf(stderr, "tillit: %s%s%s\n", errs->items[i].field ? errs->items[i].field : "",
			errs->items[i].field ? ": " : "", errs->items[i].message);
	if (errs->truncated)
		fprintf(stderr, "tillit: %s\n", verr_more(LANG_EN));
}

/* ---- init ------------------------------------------------------------- */

static int create_user(struct store *st, struct arena *a, const char *username, const char *person_name,
		       const char *email, const char *role, const char *lang, const char *password,
		       long long person_id)
{
	struct actor who = cli_actor(st);
	/* The person, the role and the account are written in one transaction,
	 * and the password is checked first, so that a refused user leaves
	 * nothing behind. */
	struct rctx c = { .st = st, .a = a, .who = &who, .in_tx = 1 };
	struct verrors errs = { 0 };
	const struct entity *people = &entity_people;
	const char *problem = account_password_problem(password);
	if (problem) {
		fprintf(stderr, "tillit: password: %s\n", problem);
		return 1;
	}
	if (role && access_role_from_code(role) == ROLE_NONE) {
		fprintf(stderr, "tillit: unknown role '%s'\n", role);
		return 2;
	}
	if (store_begin(st) != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", store_errmsg(st));
		return 1;
	}
	if (!person_id && person_name) {
		struct jval *p = jv_obj(a);
		jv_set_str(a, p, "name", person_name);
		if (email)
			jv_set_str(a, p, "email", email);
		if (record_create(&c, people, p, &person_id, &errs) != REC_OK)
			goto fail;
	}
	if (person_id && role) {
		struct jval *ra = jv_obj(a);
		jv_set_int(a, ra, "person_id", person_id);
		jv_set_str(a, ra, "role", role);
		jv_set_str(a, ra, "scope", "org");
		long long id;
		if (record_create(&c, &entity_role_assignments, ra, &id, &errs) != REC_OK)
			goto fail;
	}
	struct jval *u = jv_obj(a);
	jv_set_str(a, u, "username", username);
	if (person_id)
		jv_set_int(a, u, "person_id", person_id);
	jv_set_str(a, u, "lang", lang ? lang : "sv");
	long long uid;
	c.allow_names = 0;
	struct jval *checked = jv_obj(a);
	for (struct jval *m = u->first; m; m = m->next) {
		const struct field *f = entity_field(&entity_users, m->key);
		struct jval *v = record_value_from_json(&c, &entity_users, f, m, &errs);
		if (v)
			jv_set(checked, m->key, v);
	}
	if (errs.n || record_create(&c, &entity_users, checked, &uid, &errs) != REC_OK)
		goto fail;
	if (store_commit(st) != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", store_errmsg(st));
		store_rollback(st);
		return 1;
	}
	c.in_tx = 0;
	if (account_set_password(&c, uid, password, &errs) != REC_OK) {
		print_errors(&errs);
		return 1;
	}
	return 0;
fail:
	print_errors(&errs);
	store_rollback(st);
	return 1;
}

/* Bring the organisation's catalogues (data/) up to date: on init and
 * each time the server starts, so an upgraded binary brings its catalogue. */
static int sync_catalogues(struct store *st)
{
	struct actor who = cli_actor(st);
	who.username = "tillit:catalogue";
	int changed;
	struct catalogue_error err;
	if (catalogue_sync(st, store_default_org(st), &who, &changed, &err) != 0) {
		fprintf(stderr, "tillit: updating the catalogues failed: %s\n", err.msg);
		return 1;
	}
	if (changed)
		printf("Catalogues updated: %d records added or changed.\n", changed);
	return 0;
}

/* Bring the derived state (gaps, coverage, risk picture, action plan) up
 * to the rules of this binary: rebuilt where another version made it. */
static int ensure_derived(struct store *st)
{
	int rebuilt;
	if (derived_ensure(st, &rebuilt) != STORE_OK) {
		fprintf(stderr, "tillit: rebuilding the gaps failed: %s\n", store_errmsg(st));
		return -1;
	}
	if (rebuilt)
		fprintf(stderr, "tillit: gaps and overviews rebuilt for %d organisation(s)\n", rebuilt);
	return 0;
}

static int cmd_init(struct opts *o)
{
	static const char *const known[] = { "db", "org", "org-kind", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	struct store *st = open_db(o, 1);
	if (!st)
		return 1;
	struct arena *a = arena_new();
	int rc = 0;
	if (!store_default_org(st)) {
		long long id;
		const char *kind = opt(o, "org-kind") ? opt(o, "org-kind") : "municipality";
		if (strcmp(kind, "municipality") && strcmp(kind, "federation") && strcmp(kind, "company")) {
			fprintf(stderr, "tillit: --org-kind is municipality, federation or company\n");
			rc = 2;
			goto out;
		}
		const char *name = opt(o, "org") ? opt(o, "org") : "";
		struct actor who = cli_actor(st);
		struct audit_actor aw = { 0, who.username, "cli" };
		struct jval *changes = jv_obj(a);
		record_change(a, changes, "name", NULL, jv_str(a, name));
		record_change(a, changes, "kind", NULL, jv_str(a, kind));
		/* The organisation and its audit entry in one transaction. */
		if (store_begin(st) != STORE_OK || store_org_create(st, name, kind, &id) != STORE_OK ||
		    store_audit_append(st, id, &aw, "organisation", id, "create", changes) != STORE_OK ||
		    store_commit(st) != STORE_OK) {
			fprintf(stderr, "tillit: %s\n", store_errmsg(st));
			store_rollback(st);
			rc = 1;
			goto out;
		}
	}
	if (sync_catalogues(st) != 0) {
		rc = 1;
		goto out;
	}
	struct user u;
	if (store_user_by_name(st, a, "admin", &u) == STORE_NOTFOUND) {
		const char *pw = getenv("TILLIT_ADMIN_PASSWORD");
		char generated[32];
		if (!pw || !*pw) {
			account_generate_password(generated);
			pw = generated;
		}
		const char *problem = account_password_problem(pw);
		if (problem) {
			fprintf(stderr, "tillit: TILLIT_ADMIN_PASSWORD: %s\n", problem);
			rc = 2;
			goto out;
		}
		rc = create_user(st, a, "admin", "Administratör", NULL, "admin", "sv", pw, 0);
		if (rc)
			goto out;
		if (pw == generated)
			printf("Created the administrator: user name 'admin', password '%s'\n"
			       "Write the password down now; it is not shown again.\n", generated);
		else
			printf("Created the administrator 'admin' with the password from TILLIT_ADMIN_PASSWORD.\n");
	}
	if (store_tidy_search(st) != STORE_OK)
		fprintf(stderr, "tillit: tidying the search index failed: %s\n", store_errmsg(st));
	if (ensure_derived(st) != 0) {
		rc = 1;
		goto out;
	}
	printf("%s is ready (schema version %d).\n", store_path(st), store_schema_version(st));
out:
	arena_free(a);
	store_close(st);
	return rc;
}

/* ---- serve ------------------------------------------------------------ */

/* The mail options of serve into mo (docs/admin-guide.md, Mail): 0, or 2
 * after a message. Without --smtp no other --smtp-* option is taken, and
 * nothing is sent. */
static int mail_opts_parse(struct opts *o, struct mail_opts *mo)
{
	static char host[256], from[MAILADDR_MAX + 1];
	static const char *const needs_smtp[] = { "smtp-from", "smtp-user", "smtp-tls", "smtp-ca", "smtp-retry-base",
						  "smtp-max-attempts", NULL };
	memset(mo, 0, sizeof *mo);
	const char *server = opt(o, "smtp");
	if (!server) {
		for (size_t i = 0; needs_smtp[i]; i++)
			if (opt(o, needs_smtp[i])) {
				fprintf(stderr, "tillit: --%s needs --smtp HOST:PORT\n", needs_smtp[i]);
				return 2;
			}
		return 0;
	}
	char err[256];
	if (smtp_parse_server(server, host, sizeof host, &mo->smtp.port, err, sizeof err) != 0) {
		fprintf(stderr, "tillit: %s\n", err);
		return 2;
	}
	mo->configured = 1;
	mo->smtp.host = host;
	snprintf(mo->server, sizeof mo->server, "%s", server);
	const char *tls = opt(o, "smtp-tls") ? opt(o, "smtp-tls") : "starttls";
	if (strcmp(tls, "starttls") == 0)
		mo->smtp.tls = SMTP_TLS_STARTTLS;
	else if (strcmp(tls, "tls") == 0)
		mo->smtp.tls = SMTP_TLS_IMPLICIT;
	else if (strcmp(tls, "off") == 0)
		mo->smtp.tls = SMTP_TLS_OFF;
	else {
		fprintf(stderr, "tillit: --smtp-tls is starttls (the default), tls (port 465) or off\n");
		return 2;
	}
	mo->tls_name = tls;
	const char *f = opt(o, "smtp-from");
	if (!f) {
		char name[200] = "";
		if (gethostname(name, sizeof name - 1) != 0 || !name[0])
			snprintf(name, sizeof name, "localhost");
		snprintf(from, sizeof from, "tillit@%s", name);
		if (!mailaddr_valid(from)) {
			fprintf(stderr, "tillit: the host name does not make a sender address (tillit@%s): give --smtp-from\n",
				name);
			return 2;
		}
	} else if (!mailaddr_valid(f)) {
		fprintf(stderr, "tillit: --smtp-from '%s' is not an e-mail address (give it plain: name@example.se)\n", f);
		return 2;
	} else {
		snprintf(from, sizeof from, "%s", f);
	}
	mo->smtp.from = from;
	mo->smtp.user = opt(o, "smtp-user");
	mo->smtp.password = getenv("TILLIT_SMTP_PASSWORD");
	if (mo->smtp.user && (!*mo->smtp.user || !mo->smtp.password || !*mo->smtp.password)) {
		fprintf(stderr, "tillit: --smtp-user needs a user name, and the password in the environment variable "
				"TILLIT_SMTP_PASSWORD (never on the command line)\n");
		return 2;
	}
	if (!mo->smtp.user && mo->smtp.password && *mo->smtp.password)
		fprintf(stderr, "tillit: TILLIT_SMTP_PASSWORD is set but --smtp-user is not: the password is not used\n");
	if (mo->smtp.user && mo->smtp.tls == SMTP_TLS_OFF)
		fprintf(stderr, "tillit: warning: --smtp-tls off sends the mail password unencrypted\n");
	mo->smtp.ca_file = opt(o, "smtp-ca");
	if (mo->smtp.ca_file && access(mo->smtp.ca_file, R_OK) != 0) {
		fprintf(stderr, "tillit: --smtp-ca %s cannot be read: %s\n", mo->smtp.ca_file, strerror(errno));
		return 2;
	}
	if (mo->smtp.ca_file && mo->smtp.tls == SMTP_TLS_OFF) {
		fprintf(stderr, "tillit: --smtp-ca is for TLS; it means nothing with --smtp-tls off\n");
		return 2;
	}
	mo->smtp.timeout = 120;
	mo->retry_base = num_opt(o, "smtp-retry-base", MAIL_RETRY_BASE, 1, 86400);
	mo->max_attempts = num_opt(o, "smtp-max-attempts", MAIL_MAX_ATTEMPTS, 1, 1000);
	if (mo->retry_base < 0 || mo->max_attempts < 0)
		return 2;
	return 0;
}

static int cmd_serve(struct opts *o)
{
	static const char *const known[] = { "db", "listen", "threads", "max-connections", "per-ip-limit",
					     "idle-timeout", "header-timeout", "body-timeout", "smtp", "smtp-from",
					     "smtp-user", "smtp-tls", "smtp-ca", "smtp-retry-base", "smtp-max-attempts",
					     "base-url", NULL };
	static const char *const flags[] = { "secure-cookies", "trust-proxy", NULL };
	if (!check_opts(o, known, flags))
		return 2;
	static struct mail_opts mo;
	if (mail_opts_parse(o, &mo) != 0)
		return 2;
	/* Links in calendar feeds and reminder mail (web/ui_wheel.c). */
	const char *base = opt(o, "base-url");
	if (base && strncmp(base, "https://", 8) != 0 && strncmp(base, "http://", 7) != 0) {
		fprintf(stderr, "tillit: --base-url is the address people reach Tillit at, e.g. https://tillit.kommun.se\n");
		return 2;
	}
	wheel_set_base_url(base);
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	if (!store_default_org(st)) {
		fprintf(stderr, "tillit: the database has no organisation; run 'tillit init' first\n");
		store_close(st);
		return 1;
	}
	if (sync_catalogues(st) != 0 || ensure_derived(st) != 0) {
		store_close(st);
		return 1;
	}
	/* Statistics as the data is now: a database filled through the web
	 * pages since init has none, or stale ones. */
	if (store_analyze(st) != STORE_OK)
		fprintf(stderr, "tillit: gathering query statistics failed: %s\n", store_errmsg(st));
	store_close(st);
	const char *listen = opt(o, "listen") ? opt(o, "listen") : "127.0.0.1:8080";
	const char *colon = strrchr(listen, ':');
	if (!colon) {
		fprintf(stderr, "tillit: --listen is HOST:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	char host[64];
	const char *h = listen;
	size_t hl = (size_t)(colon - listen);
	if (hl && listen[0] == '[' && listen[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof host) {
		fprintf(stderr, "tillit: bad host in --listen %s\n", listen);
		return 2;
	}
	memcpy(host, h, hl);
	host[hl] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535) {
		fprintf(stderr, "tillit: bad port in --listen %s\n", listen);
		return 2;
	}
	int trust_proxy = flag(o, "trust-proxy");
	long threads = num_opt(o, "threads", 4, 1, 64);
	long max_conns = num_opt(o, "max-connections", 1000, 1, 1000000);
	if (max_conns < 0)
		return 2;
	/* Behind a proxy every connection comes from the proxy's address, so a
	 * limit per address would be a limit on everyone: the proxy limits
	 * per client instead (docs/admin-guide.md). -2: the server's default. */
	long per_ip = num_opt(o, "per-ip-limit", trust_proxy ? 0 : -2, 0, 1000000);
	long idle = num_opt(o, "idle-timeout", 20, 1, 3600);
	long header = num_opt(o, "header-timeout", 20, 1, 3600);
	long body = num_opt(o, "body-timeout", 120, 1, 86400);
	if (threads < 0 || max_conns < 0 || per_ip == -1 || idle < 0 || header < 0 || body < 0)
		return 2;
	if (per_ip > 0 && per_ip >= max_conns) {
		fprintf(stderr, "tillit: --per-ip-limit %ld must be below --max-connections %ld, or one address "
				"could take every connection (0: no limit per address)\n", per_ip, max_conns);
		return 2;
	}
	struct server_opts so = {
		.db_path = opt(o, "db"), .host = host, .port = (int)port, .threads = (int)threads,
		.max_body = 1024 * 1024, .max_upload = 10 * 1024 * 1024,
		.secure_cookies = flag(o, "secure-cookies"), .trust_proxy = trust_proxy,
		.max_connections = (unsigned)max_conns,
		.per_ip_limit = per_ip == -2 ? SERVER_PER_IP_AUTO : (unsigned)per_ip,
		.idle_timeout = (unsigned)idle, .header_timeout = (unsigned)header,
		.body_timeout = (unsigned)body, .mail = &mo,
	};
	return server_run(&so);
}

/* ---- user and token --------------------------------------------------- */

static long long user_id_by_name(struct store *st, struct arena *a, const char *name)
{
	struct user u;
	if (!name || store_user_by_name(st, a, name, &u) != STORE_OK) {
		fprintf(stderr, "tillit: no user '%s'\n", name ? name : "");
		return 0;
	}
	return u.id;
}

static int cmd_user(struct opts *o, const char *sub)
{
	static const char *const known[] = { "db", "user", "name", "email", "person", "role", "lang", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	if (!sub || (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "disable") &&
		     strcmp(sub, "enable") && strcmp(sub, "password") && strcmp(sub, "unlock"))) {
		fprintf(stderr, "tillit: user add|list|disable|enable|unlock|password (see tillit user --help)\n");
		return 2;
	}
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	struct arena *a = arena_new();
	struct actor who = cli_actor(st);
	struct rctx c = { .st = st, .a = a, .who = &who };
	struct verrors errs = { 0 };
	int rc = 0;
	if (strcmp(sub, "list") == 0) {
		struct list_query q = { .limit = 0 };
		struct jval *rows;
		if (store_list(st, a, &entity_users, who.org_id, &q, &rows, NULL) != STORE_OK) {
			rc = 1;
			goto out;
		}
		printf("%-6s %-24s %-6s %-9s %s\n", "id", "username", "lang", "status", "person");
		for (struct jval *r = rows->first; r; r = r->next) {
			const char *person = jv_get_str(jv_get(r, "_labels"), "person_id");
			printf("%-6lld %-24s %-6s %-9s %s\n", jv_get_int(r, "id", 0), jv_get_str(r, "username"),
			       jv_get_str(r, "lang"), jv_truthy(jv_get(r, "disabled")) ? "disabled" : "active",
			       person ? person : "-");
		}
		goto out;
	}
	const char *name = opt(o, "user");
	if (!name) {
		fprintf(stderr, "tillit: --user NAME is required\n");
		rc = 2;
		goto out;
	}
	if (strcmp(sub, "add") == 0) {
		const char *pw = getenv("TILLIT_PASSWORD");
		char generated[32];
		if (!pw || !*pw) {
			account_generate_password(generated);
			pw = generated;
		}
		long long person = opt(o, "person") ? strtoll(opt(o, "person"), NULL, 10) : 0;
		if (person && !store_exists(st, &entity_people, who.org_id, person)) {
			fprintf(stderr, "tillit: no person number %lld\n", person);
			rc = 1;
			goto out;
		}
		rc = create_user(st, a, name, opt(o, "name") ? opt(o, "name") : (person ? NULL : name),
				 opt(o, "email"), opt(o, "role"), opt(o, "lang"), pw, person);
		if (!rc)
			printf(pw == generated ? "Created user '%s' with password '%s'.\n" : "Created user '%s'.\n",
			       name, pw);
		goto out;
	}
	long long uid = user_id_by_name(st, a, name);
	if (!uid) {
		rc = 1;
		goto out;
	}
	if (strcmp(sub, "password") == 0) {
		const char *pw = getenv("TILLIT_PASSWORD");
		char generated[32];
		if (!pw || !*pw) {
			account_generate_password(generated);
			pw = generated;
		}
		if (account_set_password(&c, uid, pw, &errs) != REC_OK) {
			print_errors(&errs);
			rc = 1;
		} else if (pw == generated) {
			printf("New password for '%s': %s\n", name, generated);
		} else {
			printf("Password for '%s' set from TILLIT_PASSWORD.\n", name);
		}
		goto out;
	}
	long long cleared = 0;
	if (strcmp(sub, "unlock") == 0) {
		if (account_unlock(&c, uid, &cleared) != REC_OK) {
			fprintf(stderr, "tillit: %s\n", store_errmsg(st));
			rc = 1;
		} else {
			printf("User '%s' unlocked: %lld failed logins cleared.\n", name, cleared);
		}
		goto out;
	}
	struct jval *in = jv_obj(a);
	jv_set_bool(a, in, "disabled", strcmp(sub, "disable") == 0);
	if (record_update(&c, &entity_users, uid, in, &errs) != REC_OK) {
		print_errors(&errs);
		rc = 1;
		goto out;
	}
	if (strcmp(sub, "disable") == 0)
		store_sessions_delete_user(st, uid);
	/* An account enabled again can log in at once, also when someone
	 * guessed at its password meanwhile. */
	if (strcmp(sub, "enable") == 0 && account_unlock(&c, uid, &cleared) != REC_OK) {
		fprintf(stderr, "tillit: %s\n", store_errmsg(st));
		rc = 1;
		goto out;
	}
	printf("User '%s' %s.\n", name, strcmp(sub, "disable") == 0 ? "disabled" : "enabled");
	if (cleared)
		printf("%lld failed logins cleared.\n", cleared);
out:
	arena_free(a);
	store_close(st);
	return rc;
}

static int cmd_token(struct opts *o, const char *sub)
{
	static const char *const known[] = { "db", "user", "name", "id", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	if (!sub || (strcmp(sub, "create") && strcmp(sub, "revoke") && strcmp(sub, "list"))) {
		fprintf(stderr, "tillit: token create|revoke|list (see tillit token --help)\n");
		return 2;
	}
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	struct arena *a = arena_new();
	struct actor who = cli_actor(st);
	struct rctx c = { .st = st, .a = a, .who = &who };
	int rc = 0;
	if (strcmp(sub, "create") == 0) {
		long long uid = user_id_by_name(st, a, opt(o, "user"));
		if (!uid) {
			rc = 1;
			goto out;
		}
		char token[ACCOUNT_TOKEN_MAX];
		long long id;
		const char *label = opt(o, "name") ? opt(o, "name") : "command line";
		if (account_token_create(&c, uid, label, token, &id) != REC_OK) {
			fprintf(stderr, "tillit: %s\n", store_errmsg(st));
			rc = 1;
			goto out;
		}
		printf("%s\n", token);
		fprintf(stderr, "Token %lld for '%s'. It is shown only now; revoke it with 'tillit token revoke --id %lld'.\n",
			id, opt(o, "user"), id);
	} else if (strcmp(sub, "revoke") == 0) {
		const char *id = opt(o, "id");
		if (!id) {
			fprintf(stderr, "tillit: --id N is required (see 'tillit token list')\n");
			rc = 2;
			goto out;
		}
		int res = account_token_revoke(&c, strtoll(id, NULL, 10));
		if (res != REC_OK) {
			fprintf(stderr, "tillit: no live token %s\n", id);
			rc = 1;
			goto out;
		}
		printf("Token %s revoked.\n", id);
	} else {
		struct jval *rows;
		long long uid = opt(o, "user") ? user_id_by_name(st, a, opt(o, "user")) : 0;
		if (store_token_list(st, a, uid, &rows) != STORE_OK) {
			rc = 1;
			goto out;
		}
		printf("%-6s %-20s %-26s %-26s %s\n", "id", "user", "created", "revoked", "name");
		for (struct jval *r = rows->first; r; r = r->next)
			printf("%-6lld %-20s %-26s %-26s %s\n", jv_get_int(r, "id", 0), jv_get_str(r, "username"),
			       jv_get_str(r, "created_at"),
			       jv_get_str(r, "revoked_at") ? jv_get_str(r, "revoked_at") : "-", jv_get_str(r, "name"));
	}
out:
	arena_free(a);
	store_close(st);
	return rc;
}

/* ---- import / export -------------------------------------------------- */

static const struct entity *entity_opt(struct opts *o)
{
	const char *name = opt(o, "entity");
	const struct entity *e = entity_find(name);
	if (!e) {
		fprintf(stderr, "tillit: --entity is one of:");
		for (size_t i = 0; entity_all[i]; i++)
			fprintf(stderr, " %s", entity_all[i]->name);
		fputc('\n', stderr);
	}
	return e;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "tillit: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > 100u * 1024 * 1024) {
			fprintf(stderr, "tillit: %s is larger than 100 MiB\n", path);
			buf_free(&b);
			if (f != stdin)
				fclose(f);
			return NULL;
		}
	}
	if (f != stdin)
		fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* Import problems or warnings, one per line: "row 3, column name: ...". */
static void print_issues(const struct import_issue *v, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "%s", prefix);
		if (v[i].row)
			fprintf(stderr, "row %zu", v[i].row);
		else
			fprintf(stderr, "file");
		if (v[i].column)
			fprintf(stderr, ", column %s", v[i].column);
		fprintf(stderr, ": %s\n", v[i].message);
	}
}

static int cmd_import(struct opts *o)
{
	static const char *const known[] = { "db", "entity", "file", "user", NULL };
	static const char *const flags[] = { "dry-run", NULL };
	if (!check_opts(o, known, flags))
		return 2;
	const struct entity *e = entity_opt(o);
	if (!e)
		return 2;
	if (!opt(o, "file")) {
		fprintf(stderr, "tillit: --file F.csv is required\n");
		return 2;
	}
	size_t len;
	char *data = read_file(opt(o, "file"), &len);
	if (!data)
		return 1;
	struct store *st = open_db(o, 0);
	if (!st) {
		free(data);
		return 1;
	}
	struct arena *a = arena_new();
	struct actor who = cli_actor(st);
	struct assignment *as = NULL;
	size_t nas = 0;
	if (opt(o, "user")) {
		/* Act as that user, with that user's rights. */
		struct user u;
		if (store_user_by_name(st, a, opt(o, "user"), &u) != STORE_OK || u.disabled) {
			fprintf(stderr, "tillit: no active user '%s'\n", opt(o, "user"));
			arena_free(a);
			store_close(st);
			free(data);
			return 1;
		}
		if (u.person_id)
			store_assignments(st, a, u.org_id, u.person_id, &as, &nas);
		who = (struct actor){ .user_id = u.id, .username = u.username, .via = "import",
				      .org_id = u.org_id, .person_id = u.person_id, .lang = u.lang,
				      .as = as, .nas = nas };
	}
	struct rctx c = { .st = st, .a = a, .who = &who };
	struct import_report rep;
	int dry = flag(o, "dry-run");
	int rc = import_csv(&c, e, data, len, !dry, &rep);
	free(data);
	if (rc == 0 && !dry)
		store_optimize(st);
	if (rc < 0) {
		fprintf(stderr, "tillit: import failed: %s\n", store_errmsg(st));
	} else {
		print_issues(rep.issues, rep.nissues, "");
		print_issues(rep.warnings, rep.nwarnings, "warning: ");
		if (rep.truncated)
			fprintf(stderr, "(more problems not shown)\n");
		printf("%zu rows: %zu to create, %zu to change, %zu unchanged, %zu problems.%s\n", rep.rows,
		       rep.creates, rep.updates, rep.unchanged, rep.found,
		       rc ? " Nothing was written." : dry ? " Dry run: nothing was written." : " Imported.");
	}
	arena_free(a);
	store_close(st);
	return rc == 0 ? 0 : 1;
}

static int cmd_export(struct opts *o)
{
	static const char *const known[] = { "db", "entity", "format", "out", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	const struct entity *e = entity_opt(o);
	if (!e)
		return 2;
	const char *format = opt(o, "format") ? opt(o, "format") : "csv";
	if (strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "json")) {
		fprintf(stderr, "tillit: --format is csv, xlsx or json\n");
		return 2;
	}
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	struct arena *a = arena_new();
	struct list_query q = { .limit = 0, .with_links = 1 };
	struct jval *rows;
	int rc = 0;
	struct buf b = BUF_INIT;
	if (strcmp(format, "json") != 0) {
		struct export *w = export_begin(&b, e, strcmp(format, "xlsx") == 0, LANG_SV, NULL);
		rc = store_list_each(st, e, store_default_org(st), &q, export_row_fn, w);
		if (export_end(w) != 0 && rc == STORE_OK) {
			fprintf(stderr, "tillit: the workbook's temporary file could not be written or read ($TMPDIR)\n");
			buf_free(&b);
			rc = 1;
			goto out;
		}
	} else if ((rc = store_list(st, a, e, store_default_org(st), &q, &rows, NULL)) == STORE_OK) {
		struct jval *doc = jv_obj(a);
		jv_set(doc, "items", rows);
		json_write(&b, doc, JSON_SKIP_PRIVATE | JSON_PRETTY);
		buf_putc(&b, '\n');
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", store_errmsg(st));
		buf_free(&b);
		rc = 1;
		goto out;
	}
	const char *out = opt(o, "out");
	if (!out && strcmp(format, "xlsx") == 0 && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tillit: an XLSX file is binary; give --out FILE\n");
		rc = 2;
	} else {
		FILE *f = out ? fopen(out, "wb") : stdout;
		if (!f || fwrite(b.data, 1, b.len, f) != b.len || (out && fclose(f) != 0)) {
			fprintf(stderr, "tillit: cannot write %s: %s\n", out ? out : "output", strerror(errno));
			rc = 1;
		}
	}
	buf_free(&b);
out:
	arena_free(a);
	store_close(st);
	return rc;
}

/* ---- backup, restore, audit ------------------------------------------- */

static int cmd_backup(struct opts *o)
{
	static const char *const known[] = { "db", "out", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	const char *out = opt(o, "out");
	if (!out) {
		fprintf(stderr, "tillit: --out FILE is required\n");
		return 2;
	}
	if (access(out, F_OK) == 0) {
		fprintf(stderr, "tillit: %s exists; choose a new file name\n", out);
		return 1;
	}
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	char err[512];
	int rc = store_backup(st, out, err, sizeof err);
	store_close(st);
	if (rc != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", err);
		unlink(out);
		return 1;
	}
	printf("Backed up %s to %s.\n", opt(o, "db"), out);
	return 0;
}

static int cmd_restore(struct opts *o)
{
	static const char *const known[] = { "db", "from", NULL };
	static const char *const flags[] = { "force", NULL };
	if (!check_opts(o, known, flags))
		return 2;
	const char *from = opt(o, "from"), *db = opt(o, "db");
	if (!from || !db) {
		fprintf(stderr, "tillit: --db FILE and --from BACKUP are required\n");
		return 2;
	}
	if (access(db, F_OK) == 0 && !flag(o, "force")) {
		fprintf(stderr, "tillit: %s exists; stop the server and add --force to replace it\n", db);
		return 1;
	}
	struct store *src;
	char err[512];
	if (access(from, R_OK) != 0 || store_open(from, 0, &src, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "tillit: cannot open backup %s\n", from);
		return 1;
	}
	long long checked;
	struct audit_problem p;
	if (store_schema_version(src) < 1) {
		fprintf(stderr, "tillit: %s is not a Tillit backup\n", from);
		store_close(src);
		return 1;
	}
	if (store_audit_verify(src, &checked, &p) != STORE_OK) {
		fprintf(stderr, "tillit: the backup's audit trail is not intact (%s); not restoring\n", p.detail);
		store_close(src);
		return 1;
	}
	int rc = store_backup(src, db, err, sizeof err);
	store_close(src);
	if (rc != STORE_OK) {
		fprintf(stderr, "tillit: %s\n", err);
		return 1;
	}
	printf("Restored %s from %s (%lld audit entries verified).\n", db, from, checked);
	return 0;
}

static int cmd_audit(struct opts *o, const char *sub)
{
	static const char *const known[] = { "db", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	if (!sub || strcmp(sub, "verify") != 0) {
		fprintf(stderr, "tillit: audit verify --db FILE\n");
		return 2;
	}
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	long long checked;
	struct audit_problem p;
	int rc = store_audit_verify(st, &checked, &p);
	store_close(st);
	if (rc == STORE_OK) {
		printf("The audit trail is intact: %lld entries verified.\n", checked);
		return 0;
	}
	if (rc == STORE_CONFLICT) {
		printf("The audit trail is NOT intact.\nFirst problem: entry %lld (%s): %s\n", p.id, p.kind, p.detail);
		return 3;
	}
	fprintf(stderr, "tillit: %s\n", store_errmsg(st));
	return 1;
}

/* ---- gaps ------------------------------------------------------------- */

static int cmd_gaps(struct opts *o, const char *sub)
{
	static const char *const known[] = { "db", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	if (!sub || strcmp(sub, "rebuild") != 0) {
		fprintf(stderr, "tillit: gaps rebuild --db FILE\n");
		return 2;
	}
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	long long orgs[1024];
	size_t n;
	int rc = store_org_ids(st, orgs, sizeof orgs / sizeof *orgs, &n);
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		long long t0 = clock_millis(), evaluated = 0;
		rc = derived_rebuild(st, orgs[i], &evaluated);
		if (rc == STORE_OK)
			printf("Organisation %lld: %lld records evaluated in %.1f s.\n", orgs[i], evaluated,
			       (double)(clock_millis() - t0) / 1000.0);
	}
	if (rc != STORE_OK)
		fprintf(stderr, "tillit: %s\n", store_errmsg(st));
	store_close(st);
	return rc == STORE_OK ? 0 : 1;
}

/* ---- mail ------------------------------------------------------------- */

static int cmd_mail(struct opts *o, const char *sub)
{
	static const char *const known[] = { "db", "to", "status", "limit", NULL };
	if (!check_opts(o, known, NULL))
		return 2;
	int test = sub && strcmp(sub, "test") == 0, list = sub && strcmp(sub, "list") == 0;
	if (!test && !list) {
		fprintf(stderr, "tillit: mail test --db FILE --to ADDRESS, or mail list --db FILE [--status S]\n");
		return 2;
	}
	const char *to = opt(o, "to"), *status = opt(o, "status");
	if (test && (!to || !mailaddr_valid(to))) {
		fprintf(stderr, "tillit: --to ADDRESS: an e-mail address to send the test message to\n");
		return 2;
	}
	if (list && status && strcmp(status, "queued") && strcmp(status, "retrying") && strcmp(status, "sent") &&
	    strcmp(status, "failed")) {
		fprintf(stderr, "tillit: --status is queued, retrying, sent or failed\n");
		return 2;
	}
	long limit = num_opt(o, "limit", 100, 1, 500);
	if (limit < 0)
		return 2;
	struct store *st = open_db(o, 0);
	if (!st)
		return 1;
	long long org = store_default_org(st);
	struct arena *a = arena_new();
	int rc = 0;
	if (test) {
		long long id;
		const char *subject = tr(LANG_SV, N_("Test message from Tillit"));
		const char *body = tr(LANG_SV, N_("This is a test message from Tillit. If it has reached you, Tillit can send e-mail."));
		if (store_mail_enqueue(st, org, to, NULL, subject, body, NULL, 0, "tillit mail test", &id) != STORE_OK) {
			fprintf(stderr, "tillit: %s\n", store_errmsg(st));
			rc = 1;
		} else {
			printf("Queued message %lld to %s. A running 'tillit serve --smtp ...' sends it within a few seconds;\n"
			       "see 'tillit mail list --db %s'.\n", id, to, opt(o, "db"));
		}
	} else {
		struct jval *rows;
		long long total;
		if (store_mail_list(st, a, org, status, 1, limit, &rows, &total) != STORE_OK) {
			fprintf(stderr, "tillit: %s\n", store_errmsg(st));
			rc = 1;
		} else {
			printf("%-6s %-9s %-8s %-24s %-30s %s\n", "id", "status", "attempts", "created", "to", "subject");
			for (struct jval *r = rows->first; r; r = r->next) {
				const char *to_addr = jv_get_str(r, "to");
				printf("%-6lld %-9s %-8lld %-24s %-30s %s\n", jv_get_int(r, "id", 0), jv_get_str(r, "status"),
				       jv_get_int(r, "attempts", 0), jv_get_str(r, "created_at"),
				       to_addr ? to_addr : "-", jv_get_str(r, "subject"));
				const char *e = jv_get_str(r, "last_error");
				if (e)
					printf("       %s\n", e);
			}
			printf("%lld message%s%s%s.\n", total, total == 1 ? "" : "s", status ? " with status " : "",
			       status ? status : "");
		}
	}
	arena_free(a);
	store_close(st);
	return rc;
}

/* ---- routes ----------------------------------------------------------- */

/* One page pattern, with {entity} spelt out for every entity that has
 * pages of its own (as the router matches it). */
static void print_page(const char *pattern, void *arg)
{
	(void)arg;
	const char *at = strstr(pattern, "{entity}");
	if (!at) {
		printf("%s\n", pattern);
		return;
	}
	for (size_t i = 0; entity_all[i]; i++)
		if (!entity_all[i]->singleton)
			printf("%.*s%s%s\n", (int)(at - pattern), pattern, entity_all[i]->name, at + 8);
}

static int cmd_routes(struct opts *o, const char *sub)
{
	(void)sub;
	if (!check_opts(o, NULL, NULL))
		return 2;
	router_pages(print_page, NULL);
	return 0;
}

/* ---- the command table ------------------------------------------------ */

struct command {
	const char *name;
	int (*run)(struct opts *o, const char *sub);
	const char *usage;
	const char *help;
};

static int run_init(struct opts *o, const char *s) { (void)s; return cmd_init(o); }
static int run_serve(struct opts *o, const char *s) { (void)s; return cmd_serve(o); }
static int run_import(struct opts *o, const char *s) { (void)s; return cmd_import(o); }
static int run_export(struct opts *o, const char *s) { (void)s; return cmd_export(o); }
static int run_backup(struct opts *o, const char *s) { (void)s; return cmd_backup(o); }
static int run_restore(struct opts *o, const char *s) { (void)s; return cmd_restore(o); }

static const struct command commands[] = {
	{ "init", run_init, "init --db FILE [--org NAME] [--org-kind municipality|federation|company]",
	  "Create the database, or bring an existing one up to date (never removes data).\n"
	  "The first time it also creates the organisation and the administrator 'admin':\n"
	  "with TILLIT_ADMIN_PASSWORD set (at least 12 characters) that is the password,\n"
	  "otherwise one is generated and printed once." },
	{ "serve", run_serve, "serve --db FILE [--listen HOST:PORT] [--threads N] [--secure-cookies] [--trust-proxy] [limits] [--smtp HOST:PORT ...]",
	  "Serve the web application and the API (default 127.0.0.1:8080, 4 threads).\n"
	  "--secure-cookies    mark cookies Secure (Tillit is behind TLS)\n"
	  "--trust-proxy       take the client address and https from X-Forwarded-For/-Proto\n"
	  "limits (a client over one is disconnected; see the administrator guide):\n"
	  "--max-connections   connections at once, all clients together (1000; lowered to what\n"
	  "                    the open-file limit allows)\n"
	  "--per-ip-limit      connections at once from one address (a quarter of the above; 0: no\n"
	  "                    limit, the default with --trust-proxy, where the proxy limits each client)\n"
	  "--idle-timeout      seconds a connection may stay silent (20)\n"
	  "--header-timeout    seconds a client has to send a request's headers, counted from the\n"
	  "                    connection or the previous response, however it trickles them (20)\n"
	  "--body-timeout      seconds a client has to send a request's body (120)\n"
	  "mail (see the administrator guide; without --smtp mail stays queued):\n"
	  "--smtp HOST:PORT    the mail server to send through\n"
	  "--smtp-from ADDR    the sender address (tillit@ this host's name)\n"
	  "--smtp-user NAME    log in as NAME; the password is taken from TILLIT_SMTP_PASSWORD\n"
	  "--smtp-tls MODE     starttls (default), tls (implicit, port 465) or off\n"
	  "--smtp-ca FILE      trust the certificate authorities in FILE (PEM) for the server\n"
	  "--smtp-max-attempts tries before a message is marked failed (12)\n"
	  "--smtp-retry-base S seconds before the first retry, doubled each time up to an hour\n"
	  "                    (60; a few seconds is for testing)\n"
	  "On SIGTERM or SIGINT, requests in flight are finished before it exits." },
	{ "user", cmd_user, "user add|list|disable|enable|unlock|password --db FILE [--user NAME] [options]",
	  "add --user NAME [--name FULL_NAME] [--email E] [--person ID] [--role ROLE] [--lang sv|en]\n"
	  "    Create an account. Without --person a person record is created for it; --role\n"
	  "    gives that person a role for the whole organisation (admin, coordinator,\n"
	  "    security_chief, it_chief, dpo, manager, information_owner, system_owner,\n"
	  "    system_administrator, elected, employee, auditor). The password is taken from\n"
	  "    TILLIT_PASSWORD or generated and printed.\n"
	  "list                         list accounts\n"
	  "disable|enable --user NAME   stop or allow logging in (history is kept); enable\n"
	  "                             also clears the account's failed logins\n"
	  "unlock --user NAME           clear the account's failed logins, which end its\n"
	  "                             15-minute lockout after 5 wrong passwords\n"
	  "password --user NAME         set a new password (TILLIT_PASSWORD or generated)" },
	{ "token", cmd_token, "token create|revoke|list --db FILE [--user NAME] [--name LABEL] [--id N]",
	  "create --user NAME [--name LABEL]  print a new API token (Authorization: Bearer ...)\n"
	  "revoke --id N                      revoke token N\n"
	  "list [--user NAME]                 list tokens" },
	{ "import", run_import, "import --db FILE --entity NAME --file F.csv [--dry-run] [--user NAME]",
	  "Import a CSV file (comma or semicolon, UTF-8 or Windows-1252). Every row is\n"
	  "checked; if any row has a problem, every problem is listed and nothing is\n"
	  "written. A row with an id changes that record, others create records.\n"
	  "--dry-run  check only\n"
	  "--user     act as that user, with that user's rights (default: the command line, all rights)" },
	{ "export", run_export, "export --db FILE --entity NAME [--format csv|xlsx|json] [--out FILE]",
	  "Write every record of an entity (to standard output unless --out is given)." },
	{ "backup", run_backup, "backup --db FILE --out FILE",
	  "Copy the database to a new file, consistently, while the server keeps running." },
	{ "restore", run_restore, "restore --db FILE --from BACKUP [--force]",
	  "Replace the database with a backup, after checking the backup's audit trail.\n"
	  "Stop the server first. --force is needed when FILE exists." },
	{ "audit", cmd_audit, "audit verify --db FILE",
	  "Check the hash chain of the audit trail. Exit 0 when intact; exit 3 and the first\n"
	  "entry that was changed, removed or inserted out of order when not." },
	{ "mail", cmd_mail, "mail test|list --db FILE [--to ADDRESS] [--status queued|retrying|sent|failed]",
	  "test --to ADDRESS   queue a test message; a running 'tillit serve --smtp ...' sends it\n"
	  "list [--status S] [--limit N]\n"
	  "                    the newest messages of the queue and log (100), with their errors" },
	{ "routes", cmd_routes, "routes",
	  "List the pages of the web interface, one pattern a line ({id} a record's number,\n"
	  "{param} any one segment), as the route table has them with each entity spelt out.\n"
	  "The role crawler test checks that every page a role may use is reached by links." },
	{ "gaps", cmd_gaps, "gaps rebuild --db FILE",
	  "Recompute every gap, the SoA's coverage, the risk picture and the joint action\n"
	  "plan from scratch. They are kept up to date with every change; this is for after\n"
	  "data was written around Tillit (a restore of part of a table, a generator) or\n"
	  "to check that what is kept equals what the rules say." },
	{ NULL, NULL, NULL, NULL }
};

static void usage(FILE *f)
{
	fprintf(f, "Tillit %s — information security management for Swedish municipalities\n\n"
		   "usage: tillit COMMAND [options]\n\ncommands:\n", VERSION);
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  tillit %s\n", c->usage);
	fprintf(f, "\n'tillit COMMAND --help' explains a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tillit %s\n", VERSION);
		return 0;
	}
	const struct command *cmd = NULL;
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			cmd = c;
	if (!cmd) {
		fprintf(stderr, "tillit: unknown command '%s'\n\n", argv[1]);
		usage(stderr);
		return 2;
	}
	int first = 2;
	const char *sub = NULL;
	if (argc > 2 && strncmp(argv[2], "--", 2) != 0) {
		sub = argv[2];
		first = 3;
	}
	struct opts o = { argc - first, argv + first, 0 };
	if (flag(&o, "help") || (sub && strcmp(sub, "help") == 0)) {
		printf("usage: tillit %s\n\n%s\n", cmd->usage, cmd->help);
		return 0;
	}
	clock_init();
	char err[512];
	if (account_init() != 0) {
		fprintf(stderr, "tillit: libsodium failed to start\n");
		return 1;
	}
	if (i18n_init(err, sizeof err) != 0 || view_init(err, sizeof err) != 0) {
		fprintf(stderr, "tillit: %s\n", err);
		return 1;
	}
	return cmd->run(&o, sub);
}
