/*
 * test_record: src/model/record.c with a real database in a temporary
 * directory — input parsing per field type (text and JSON), validation
 * (required, unique, inactive people, the entities' own rules), the
 * permission check, and create/update/delete with their audit entries.
 *
 * Messages come from tr(). i18n_init is not called (until the last test,
 * which needs the Swedish catalogue), so tr() returns the English msgid and
 * the expected texts below are the msgids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/access.h"
#include "model/entity.h"
#include "model/record.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/json.h"

/* ---- fixture ------------------------------------------------------------ */

struct fx {
	char dir[64];
	char path[128];
	struct store *st;
	struct arena *a;
	long long org;
	struct actor cli;
	struct rctx c; /* trusted, as the command line */
	struct verrors errs;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/tillit-record-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	char err[256];
	int applied;
	if (store_open(f->path, 1, &f->st, err, sizeof err) != STORE_OK ||
	    store_migrate(f->st, &applied, err, sizeof err) != STORE_OK ||
	    store_org_create(f->st, "Örebro kommun", "municipality", &f->org) != STORE_OK) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	f->a = arena_new();
	f->cli = (struct actor){ .username = "cli:test", .via = "cli", .org_id = f->org,
				 .lang = LANG_EN, .trusted = 1 };
	f->c = (struct rctx){ .st = f->st, .a = f->a, .who = &f->cli };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	arena_free(f->a);
	DIR *d = opendir(f->dir);
	if (d) {
		struct dirent *de;
		char p[512];
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
				snprintf(p, sizeof p, "%s/%s", f->dir, de->d_name);
				unlink(p);
			}
		closedir(d);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static const struct entity *E(const char *name)
{
	const struct entity *e = entity_find(name);
	assert_non_null(e);
	return e;
}

static const struct field *F(const char *entity, const char *field)
{
	const struct field *f = entity_field(E(entity), field);
	assert_non_null(f);
	return f;
}

static void clear(struct verrors *v)
{
	memset(v, 0, sizeof *v);
}

/* Parse text for entity.field, expecting success; returns the value. */
static struct jval *ok_text(struct fx *f, const char *entity, const char *field, const char *text)
{
	struct verrors errs = { 0 };
	struct jval *v = record_value_from_text(&f->c, E(entity), F(entity, field), text, &errs);
	if (!v)
		fail_msg("%s.%s \"%s\": %s", entity, field, text ? text : "(null)",
			 errs.n ? errs.items[0].message : "no message");
	assert_int_equal(errs.n, 0);
	return v;
}

/* Parse text, expecting exactly the error msg for the field. */
static void bad_text(struct fx *f, const char *entity, const char *field, const char *text,
		     const char *msg)
{
	struct verrors errs = { 0 };
	struct jval *v = record_value_from_text(&f->c, E(entity), F(entity, field), text, &errs);
	if (v)
		fail_msg("%s.%s \"%s\" was accepted", entity, field, text);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.items[0].field, field);
	assert_string_equal(errs.items[0].message, msg);
}

static void expect_str(const struct jval *v, const char *want)
{
	assert_non_null(v);
	assert_int_equal(v->type, J_STR);
	assert_string_equal(v->s, want);
}

static void expect_int(const struct jval *v, long long want)
{
	assert_non_null(v);
	assert_int_equal(v->type, J_INT);
	assert_int_equal(v->i, want);
}

static void expect_bool(const struct jval *v, int want)
{
	assert_non_null(v);
	assert_int_equal(v->type, J_BOOL);
	assert_int_equal(v->b, want);
}

static void expect_null(const struct jval *v)
{
	assert_non_null(v);
	assert_int_equal(v->type, J_NULL);
}

static const char *ids_text(struct fx *f, const struct jval *arr)
{
	assert_non_null(arr);
	assert_int_equal(arr->type, J_ARR);
	return record_value_text(f->a, NULL, arr);
}

/* Create through record_create with context c, expecting success. */
static long long create(struct fx *f, struct rctx *c, const char *entity, const struct jval *in)
{
	(void)f;
	struct verrors errs = { 0 };
	long long id = 0;
	int rc = record_create(c, E(entity), in, &id, &errs);
	if (rc != REC_OK)
		fail_msg("create %s: %d %s%s%s", entity, rc, errs.n && errs.items[0].field ? errs.items[0].field : "",
			 errs.n ? ": " : "", errs.n ? errs.items[0].message : "");
	assert_true(id > 0);
	return id;
}

static long long unit(struct fx *f, const char *name, long long parent)
{
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", name);
	if (parent)
		jv_set_int(f->a, in, "parent_id", parent);
	return create(f, &f->c, "units", in);
}

static long long person(struct fx *f, const char *name, const char *email)
{
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", name);
	if (email)
		jv_set_str(f->a, in, "email", email);
	return create(f, &f->c, "people", in);
}

static long long asset(struct fx *f, const char *name)
{
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", name);
	return create(f, &f->c, "information-assets", in);
}

static long long sys(struct fx *f, const char *name, long long unit_id, long long owner)
{
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", name);
	if (unit_id)
		jv_set_int(f->a, in, "unit_id", unit_id);
	if (owner)
		jv_set_int(f->a, in, "owner_id", owner);
	return create(f, &f->c, "systems", in);
}

static struct jval *get(struct fx *f, const char *entity, long long id)
{
	struct jval *row = NULL;
	assert_int_equal(store_get(f->st, f->a, E(entity), f->org, id, &row), STORE_OK);
	return row;
}

static struct jval *one(struct fx *f, const char *key, struct jval *v)
{
	struct jval *o = jv_obj(f->a);
	jv_set(o, key, v);
	return o;
}

/* The audit entries of one record, newest first. */
static struct jval *history(struct fx *f, const char *entity, long long id, long long *total)
{
	struct jval *rows;
	assert_int_equal(store_audit_list(f->st, f->a, f->org, entity, id, 1, 100, &rows, total), STORE_OK);
	return rows;
}

static struct jval *parse(struct fx *f, const char *json)
{
	struct json_error jerr;
	struct jval *v = json_parse(f->a, json, strlen(json), &jerr);
	if (!v)
		fail_msg("bad test JSON %s: %s", json, jerr.msg);
	return v;
}

/* ---- text input ---------------------------------------------------------- */

static void test_text(void **state)
{
	struct fx *f = *state;
	expect_str(ok_text(f, "systems", "name", "  Procapita \t\n"), "Procapita");
	expect_str(ok_text(f, "systems", "name", "Tab\tinside"), "Tab\tinside");
	expect_null(ok_text(f, "systems", "name", ""));
	expect_null(ok_text(f, "systems", "name", "   \t "));
	expect_null(ok_text(f, "systems", "name", NULL));

	/* The maximum counts characters, not bytes: 200 "ä" are 400 bytes. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_puts(&b, "ä");
	struct jval *v = ok_text(f, "systems", "name", buf_str(&b));
	assert_int_equal(v->len, 400);
	buf_puts(&b, "ö");
	bad_text(f, "systems", "name", buf_str(&b), "Use at most 200 characters (now 201).");
	/* Surrounding space does not count. */
	buf_reset(&b);
	buf_puts(&b, "   ");
	for (int i = 0; i < 200; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "   ");
	assert_int_equal(ok_text(f, "systems", "name", buf_str(&b))->len, 200);
	buf_free(&b);

	/* Control characters; line breaks only in long text. */
	bad_text(f, "systems", "name", "a\x01" "b", "The text contains control characters.");
	bad_text(f, "systems", "name", "a\x7f" "b", "The text contains control characters.");
	bad_text(f, "systems", "name", "two\nlines", "The text contains control characters.");
	bad_text(f, "systems", "name", "cr\rhere", "The text contains control characters.");
	expect_str(ok_text(f, "systems", "purpose", "two\r\nlines\n\tindented"), "two\r\nlines\n\tindented");
	bad_text(f, "systems", "purpose", "bell\x07", "The text contains control characters.");
	bad_text(f, "systems", "purpose", "esc\x1b[0m", "The text contains control characters.");
	/* Not UTF-8. */
	bad_text(f, "systems", "name", "caf\xe9", "The text is not valid UTF-8.");
	bad_text(f, "systems", "name", "\xc3\x28", "The text is not valid UTF-8.");
	/* A minimum (user names: at least 2 characters). */
	bad_text(f, "users", "username", "a", "Use at least 2 characters.");
	bad_text(f, "users", "username", " å ", "Use at least 2 characters.");
	expect_str(ok_text(f, "users", "username", "åa"), "åa");
}

static void test_int(void **state)
{
	struct fx *f = *state;
	expect_int(ok_text(f, "systems", "users_count", "42"), 42);
	expect_int(ok_text(f, "systems", "users_count", " 7 "), 7);
	expect_int(ok_text(f, "systems", "users_count", "+5"), 5);
	expect_int(ok_text(f, "systems", "users_count", "0"), 0);
	expect_int(ok_text(f, "systems", "users_count", "10000000"), 10000000);
	expect_null(ok_text(f, "systems", "users_count", ""));
	expect_null(ok_text(f, "systems", "users_count", "  "));
	bad_text(f, "systems", "users_count", "-1", "Enter a number from 0 to 10000000.");
	bad_text(f, "systems", "users_count", "10000001", "Enter a number from 0 to 10000000.");
	bad_text(f, "systems", "users_count", "abc", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "1.5", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "1 000", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "12abc", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "-", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "0x10", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "99999999999999999999", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "１２", "Enter a whole number.");
	bad_text(f, "systems", "users_count", "4\x01", "The text contains control characters.");
	/* The largest record number JavaScript can hold. */
	expect_int(ok_text(f, "role-assignments", "record_id", "9007199254740991"), 9007199254740991LL);
	bad_text(f, "role-assignments", "record_id", "9007199254740992",
		 "Enter a number from 1 to 9007199254740991.");
	bad_text(f, "role-assignments", "record_id", "0", "Enter a number from 1 to 9007199254740991.");
}

static void test_bool(void **state)
{
	struct fx *f = *state;
	static const char *const yes[] = { "1", "true", "TRUE", "on", "yes", "Yes", "ja", "JA", "Ja", "j", "y", "x", " ja " };
	static const char *const no[] = { "0", "false", "off", "no", "NO", "nej", "Nej", "NEJ", "n", "", "  " };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		expect_bool(ok_text(f, "systems", "ot", yes[i]), 1);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		expect_bool(ok_text(f, "systems", "ot", no[i]), 0);
	expect_bool(ok_text(f, "systems", "ot", NULL), 0);
	bad_text(f, "systems", "ot", "maybe", "Answer yes or no.");
	bad_text(f, "systems", "ot", "2", "Answer yes or no.");
	bad_text(f, "systems", "ot", "jaa", "Answer yes or no.");
}

static void test_enum(void **state)
{
	struct fx *f = *state;
	expect_str(ok_text(f, "systems", "lifecycle", "in_use"), "in_use");
	expect_str(ok_text(f, "systems", "lifecycle", " retired "), "retired");
	expect_null(ok_text(f, "systems", "lifecycle", ""));
	/* Labels only with allow_names. */
	bad_text(f, "systems", "lifecycle", "In use", "Choose one of the listed values.");
	bad_text(f, "systems", "lifecycle", "IN_USE", "Choose one of the listed values.");
	bad_text(f, "systems", "lifecycle", "gone", "Choose one of the listed values.");
	f->c.allow_names = 1;
	expect_str(ok_text(f, "systems", "lifecycle", "In use"), "in_use");
	expect_str(ok_text(f, "systems", "lifecycle", "in use"), "in_use");
	expect_str(ok_text(f, "systems", "lifecycle", "  RETIRED "), "retired");
	expect_str(ok_text(f, "systems", "support_hours", "Around the clock (24/7)"), "always");
	expect_str(ok_text(f, "role-assignments", "role", "System owner"), "system_owner");
	expect_str(ok_text(f, "role-assignments", "role", "system_administrator"), "system_administrator");
	/* The whole label, not a part of it. */
	bad_text(f, "systems", "lifecycle", "use", "Choose one of the listed values.");
	bad_text(f, "systems", "lifecycle", "IN_USE", "Choose one of the listed values.");
	/* A label of another field's options is no match. */
	bad_text(f, "systems", "lifecycle", "Office hours", "Choose one of the listed values.");
	f->c.allow_names = 0;
}

static void test_date(void **state)
{
	struct fx *f = *state;
	expect_str(ok_text(f, "agreements", "end_date", "2024-02-29"), "2024-02-29");
	expect_str(ok_text(f, "agreements", "end_date", " 2025-12-31 "), "2025-12-31");
	expect_null(ok_text(f, "agreements", "end_date", ""));
	bad_text(f, "agreements", "end_date", "2025-02-29", "Enter a date as YYYY-MM-DD.");
	bad_text(f, "agreements", "end_date", "31/12/2025", "Enter a date as YYYY-MM-DD.");
	bad_text(f, "agreements", "end_date", "2025-1-1", "Enter a date as YYYY-MM-DD.");
	bad_text(f, "agreements", "end_date", "2025-12-31T00:00", "Enter a date as YYYY-MM-DD.");
}

static void test_email(void **state)
{
	struct fx *f = *state;
	expect_str(ok_text(f, "people", "email", " Anna.Berg@Kommun.SE "), "anna.berg@kommun.se");
	expect_str(ok_text(f, "people", "email", "a+b@x.se"), "a+b@x.se");
	expect_null(ok_text(f, "people", "email", ""));
	static const char *const bad[] = {
		"anna", "anna@", "@kommun.se", "anna@kommun", "anna@kommun.", "anna@.se",
		"a@b@c.se", "a b@c.se", "a@b.se,c@d.se", "a@b.se;c@d.se", "<a@b.se>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		bad_text(f, "people", "email", bad[i], "Enter an e-mail address such as name@kommun.se.");
	/* At most 254 characters. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 245; i++)
		buf_putc(&b, 'a');
	buf_puts(&b, "@kommun.se"); /* 255 */
	bad_text(f, "people", "email", buf_str(&b), "Enter an e-mail address such as name@kommun.se.");
	buf_free(&b);
}

static void test_ref(void **state)
{
	struct fx *f = *state;
	long long anna = person(f, "Anna Öberg", "anna@kommun.se");
	long long e1 = person(f, "Erik Svensson", NULL);
	long long e2 = person(f, "Erik Svensson", "erik@kommun.se");
	char t[64];

	snprintf(t, sizeof t, "#%lld", anna);
	expect_int(ok_text(f, "systems", "owner_id", t), anna);
	snprintf(t, sizeof t, "#%lld Anna Öberg", anna);
	expect_int(ok_text(f, "systems", "owner_id", t), anna);
	/* The number decides, whatever the label says. */
	snprintf(t, sizeof t, "#%lld Someone Else", e1);
	expect_int(ok_text(f, "systems", "owner_id", t), e1);
	snprintf(t, sizeof t, "%lld", e2);
	expect_int(ok_text(f, "systems", "owner_id", t), e2);
	snprintf(t, sizeof t, "  %lld  ", e2);
	expect_int(ok_text(f, "systems", "owner_id", t), e2);
	expect_null(ok_text(f, "systems", "owner_id", ""));
	bad_text(f, "systems", "owner_id", "#999", "There is no Person number 999.");
	bad_text(f, "systems", "owner_id", "999", "There is no Person number 999.");
	bad_text(f, "systems", "owner_id", "0", "Give the number of an existing record.");
	bad_text(f, "systems", "owner_id", "-3", "Give the number of an existing record.");
	bad_text(f, "systems", "owner_id", "#", "Give the number of an existing record.");
	bad_text(f, "systems", "owner_id", "#1x", "Give the number of an existing record.");
	/* Names only with allow_names. */
	bad_text(f, "systems", "owner_id", "Anna Öberg", "Give the number of an existing record.");
	/* A person's number is not a unit's. */
	snprintf(t, sizeof t, "#%lld", e2);
	bad_text(f, "systems", "unit_id", t, arena_printf(f->a, "There is no Unit number %lld.", e2));

	f->c.allow_names = 1;
	expect_int(ok_text(f, "systems", "owner_id", "anna oberg"), anna);
	expect_int(ok_text(f, "systems", "owner_id", "ANNA ÖBERG"), anna);
	expect_int(ok_text(f, "systems", "owner_id", "Anna@Kommun.se"), anna);
	expect_int(ok_text(f, "systems", "owner_id", "erik@kommun.se"), e2);
	snprintf(t, sizeof t, "#%lld", e1);
	expect_int(ok_text(f, "systems", "owner_id", t), e1);
	snprintf(t, sizeof t, "%lld", e1);
	expect_int(ok_text(f, "systems", "owner_id", t), e1);
	bad_text(f, "systems", "owner_id", "Erik Svensson",
		 arena_printf(f->a, "Several records are called \"Erik Svensson\": give the number (e.g. #%lld) instead.", e1));
	bad_text(f, "systems", "owner_id", "Nobody", "No Person is called \"Nobody\".");
	bad_text(f, "systems", "owner_id", "nobody@kommun.se", "No Person is called \"nobody@kommun.se\".");
	bad_text(f, "systems", "unit_id", "Anna Öberg", "No Unit is called \"Anna Öberg\".");
	f->c.allow_names = 0;
}

static void test_refs(void **state)
{
	struct fx *f = *state;
	long long a1 = asset(f, "Ärenden");
	long long a2 = asset(f, "Akter");
	long long a3 = asset(f, "Akter");
	char t[128], want[64];

	snprintf(t, sizeof t, "#%lld; #%lld", a2, a1);
	snprintf(want, sizeof want, "%lld;%lld", a2, a1);
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", t)), want);
	snprintf(t, sizeof t, "%lld\n%lld\r\n%lld", a1, a2, a3);
	snprintf(want, sizeof want, "%lld;%lld;%lld", a1, a2, a3);
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", t)), want);
	/* The same record twice is a slip to point out, not to tidy away:
	 * once, by its name, however many times it recurs. */
	snprintf(t, sizeof t, "%lld\n%lld\r\n%lld;%lld", a1, a2, a1, a1);
	bad_text(f, "systems", "information_asset_ids", t, "\"Ärenden\" is in the list twice. List each record only once.");
	snprintf(t, sizeof t, ";; %lld ;  ; \n", a3);
	snprintf(want, sizeof want, "%lld", a3);
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", t)), want);
	snprintf(t, sizeof t, "#%lld Ärenden; #%lld Akter", a1, a2);
	snprintf(want, sizeof want, "%lld;%lld", a1, a2);
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", t)), want);
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", "")), "");
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", " ; ")), "");
	/* One bad item spoils the list, and each bad item is reported. */
	struct verrors errs = { 0 };
	snprintf(t, sizeof t, "%lld;999;998", a1);
	assert_null(record_value_from_text(&f->c, E("systems"), F("systems", "information_asset_ids"), t, &errs));
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.items[0].field, "information_asset_ids");
	assert_string_equal(errs.items[0].message, "There is no Information asset number 999.");
	assert_string_equal(errs.items[1].message, "There is no Information asset number 998.");

	f->c.allow_names = 1;
	snprintf(want, sizeof want, "%lld", a1);
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", "arenden")), want);
	/* "Akter" names two assets. */
	bad_text(f, "systems", "information_asset_ids", "Ärenden; Akter",
		 arena_printf(f->a, "Several records are called \"Akter\": give the number (e.g. #%lld) instead.", a2));
	snprintf(t, sizeof t, "Ärenden\n#%lld", a3);
	snprintf(want, sizeof want, "%lld;%lld", a1, a3);
	assert_string_equal(ids_text(f, ok_text(f, "systems", "information_asset_ids", t)), want);
	/* A name and a number for the same record are the same record. */
	snprintf(t, sizeof t, "Ärenden\n#%lld Ärenden", a1);
	bad_text(f, "systems", "information_asset_ids", t, "\"Ärenden\" is in the list twice. List each record only once.");
	f->c.allow_names = 0;
}

/* ---- JSON input -------------------------------------------------------- */

static void test_from_json(void **state)
{
	struct fx *f = *state;
	long long anna = person(f, "Anna", NULL);
	long long a1 = asset(f, "Journal");
	struct verrors errs = { 0 };
	struct jval *out = NULL;
	char body[512];

	snprintf(body, sizeof body,
		 "{\"id\": 77, \"created_at\": \"x\", \"updated_at\": \"y\", \"name\": \"  Procapita \","
		 " \"owner_id\": %lld, \"ot\": true, \"users_count\": 12, \"lifecycle\": \"retired\","
		 " \"information_asset_ids\": [%lld], \"purpose\": null, \"administrator_id\": null,"
		 " \"depends_on_ids\": null}",
		 anna, a1);
	assert_int_equal(record_from_json(&f->c, E("systems"), parse(f, body), &out, &errs), 0);
	assert_int_equal(errs.n, 0);
	/* Only the members given; read-only echoes ignored. */
	assert_int_equal(out->len, 9);
	assert_null(jv_get(out, "id"));
	assert_null(jv_get(out, "created_at"));
	expect_str(jv_get(out, "name"), "Procapita");
	expect_int(jv_get(out, "owner_id"), anna);
	expect_bool(jv_get(out, "ot"), 1);
	expect_int(jv_get(out, "users_count"), 12);
	expect_str(jv_get(out, "lifecycle"), "retired");
	snprintf(body, sizeof body, "%lld", a1);
	assert_string_equal(ids_text(f, jv_get(out, "information_asset_ids")), body);
	/* null: empty; for links an empty list. */
	expect_null(jv_get(out, "purpose"));
	expect_null(jv_get(out, "administrator_id"));
	assert_string_equal(ids_text(f, jv_get(out, "depends_on_ids")), "");

	/* Unknown fields and wrong types: one error each, keyed by member. */
	static const struct {
		const char *body, *field, *msg;
	} bad[] = {
		{ "{\"colour\": \"red\"}", "colour", "Unknown field." },
		{ "{\"password_hash\": \"x\"}", "password_hash", "Unknown field." },
		{ "{\"name\": 5}", "name", "Expected text." },
		{ "{\"name\": [\"a\"]}", "name", "Expected text." },
		{ "{\"lifecycle\": true}", "lifecycle", "Expected text." },
		{ "{\"ot\": \"yes\"}", "ot", "Expected true or false." },
		{ "{\"ot\": 1}", "ot", "Expected true or false." },
		{ "{\"ot\": null}", "ot", "Expected true or false." },
		{ "{\"users_count\": \"5\"}", "users_count", "Expected a whole number." },
		{ "{\"users_count\": 1.5}", "users_count", "Expected a whole number." },
		{ "{\"users_count\": -2}", "users_count", "Enter a number from 0 to 10000000." },
		{ "{\"owner_id\": \"1\"}", "owner_id", "Expected a whole number." },
		{ "{\"owner_id\": 999}", "owner_id", "There is no Person number 999." },
		{ "{\"information_asset_ids\": \"1;2\"}", "information_asset_ids", "Expected a list of record numbers." },
		{ "{\"information_asset_ids\": [\"1\"]}", "information_asset_ids", "Expected a list of record numbers." },
		{ "{\"information_asset_ids\": [1.5]}", "information_asset_ids", "Expected a list of record numbers." },
		{ "{\"information_asset_ids\": [999]}", "information_asset_ids", "There is no Information asset number 999." },
		/* JSON takes enum values, never labels, even with allow_names. */
		{ "{\"lifecycle\": \"In use\"}", "lifecycle", "Choose one of the listed values." },
		{ "{\"name\": \"a\\u0001b\"}", "name", "The text contains control characters." },
	};
	f->c.allow_names = 1;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		clear(&errs);
		out = NULL;
		if (record_from_json(&f->c, E("systems"), parse(f, bad[i].body), &out, &errs) != -1)
			fail_msg("accepted: %s", bad[i].body);
		assert_int_equal(errs.n, 1);
		assert_string_equal(errs.items[0].field, bad[i].field);
		assert_string_equal(errs.items[0].message, bad[i].msg);
		assert_null(jv_get(out, bad[i].field));
		/* allow_names is restored afterwards. */
		assert_int_equal(f->c.allow_names, 1);
	}
	/* The same record twice in a JSON list, too. */
	clear(&errs);
	snprintf(body, sizeof body, "{\"information_asset_ids\": [%lld, %lld]}", a1, a1);
	assert_int_equal(record_from_json(&f->c, E("systems"), parse(f, body), &out, &errs), -1);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.items[0].field, "information_asset_ids");
	assert_string_equal(errs.items[0].message, "\"Journal\" is in the list twice. List each record only once.");
	/* Several problems at once, the good members kept. */
	clear(&errs);
	assert_int_equal(record_from_json(&f->c, E("systems"), parse(f, "{\"a\": 1, \"name\": \"ok\", \"b\": 2}"), &out, &errs), -1);
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.items[0].field, "a");
	assert_string_equal(errs.items[1].field, "b");
	expect_str(jv_get(out, "name"), "ok");
	f->c.allow_names = 0;
	/* The body must be an object. */
	clear(&errs);
	assert_int_equal(record_from_json(&f->c, E("systems"), parse(f, "[1]"), &out, &errs), -1);
	assert_int_equal(errs.n, 1);
	assert_null(errs.items[0].field);
	assert_string_equal(errs.items[0].message, "The body must be a JSON object.");
	clear(&errs);
	assert_int_equal(record_from_json(&f->c, E("systems"), NULL, &out, &errs), -1);
	assert_int_equal(errs.n, 1);
	/* An empty object is fine. */
	clear(&errs);
	assert_int_equal(record_from_json(&f->c, E("systems"), parse(f, "{}"), &out, &errs), 0);
	assert_int_equal(out->len, 0);
}

static void test_value_text(void **state)
{
	struct fx *f = *state;
	const struct field *fl = F("systems", "ot");
	assert_string_equal(record_value_text(f->a, fl, jv_bool(f->a, 1)), "1");
	assert_string_equal(record_value_text(f->a, fl, jv_bool(f->a, 0)), "0");
	assert_string_equal(record_value_text(f->a, fl, jv_null(f->a)), "");
	assert_string_equal(record_value_text(f->a, fl, NULL), "");
	assert_string_equal(record_value_text(f->a, fl, jv_int(f->a, -12)), "-12");
	assert_string_equal(record_value_text(f->a, fl, jv_str(f->a, "x y")), "x y");
	struct jval *arr = jv_arr(f->a);
	assert_string_equal(record_value_text(f->a, fl, arr), "");
	jv_push(arr, jv_int(f->a, 3));
	jv_push(arr, jv_int(f->a, 1));
	assert_string_equal(record_value_text(f->a, fl, arr), "3;1");
}

/* ---- create, update, delete ---------------------------------------------- */

static void test_create_defaults_and_audit(void **state)
{
	struct fx *f = *state;
	long long a1 = asset(f, "Journal");
	long long gen = store_generation(f->st);
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Procapita");
	struct jval *links = jv_arr(f->a);
	jv_push(links, jv_int(f->a, a1));
	jv_set(in, "information_asset_ids", links);
	jv_set_int(f->a, in, "users_count", 0);
	long long id = create(f, &f->c, "systems", in);
	assert_int_equal(store_generation(f->st), gen + 1);

	struct jval *row = get(f, "systems", id);
	/* Defaults from the registry. */
	assert_string_equal(jv_get_str(row, "lifecycle"), "in_use");
	expect_bool(jv_get(row, "ot"), 0);
	expect_bool(jv_get(row, "after_hours_agreement"), 0);
	expect_null(jv_get(row, "hosting"));
	expect_null(jv_get(row, "owner_id"));
	expect_int(jv_get(row, "users_count"), 0);

	/* One entry, [null, value] per field given or defaulted. */
	long long total;
	struct jval *h = history(f, "systems", id, &total);
	assert_int_equal(total, 1);
	struct jval *e = h->first;
	assert_string_equal(jv_get_str(e, "action"), "create");
	assert_string_equal(jv_get_str(e, "username"), "cli:test");
	assert_string_equal(jv_get_str(e, "via"), "cli");
	struct jval *ch = jv_get(e, "changes");
	assert_int_equal(ch->len, 6);
	struct jval *p = jv_get(ch, "name");
	assert_int_equal(p->len, 2);
	expect_null(p->first);
	expect_str(p->last, "Procapita");
	p = jv_get(ch, "lifecycle");
	expect_null(p->first);
	expect_str(p->last, "in_use");
	p = jv_get(ch, "ot");
	expect_null(p->first);
	expect_bool(p->last, 0);
	p = jv_get(ch, "after_hours_agreement");
	expect_bool(p->last, 0);
	p = jv_get(ch, "users_count");
	expect_null(p->first);
	expect_int(p->last, 0);
	/* Links: [[], [ids]]. */
	p = jv_get(ch, "information_asset_ids");
	assert_int_equal(p->first->type, J_ARR);
	assert_int_equal(p->first->len, 0);
	assert_int_equal(p->last->len, 1);
	expect_int(p->last->first, a1);
	/* Empty fields are not listed. */
	assert_null(jv_get(ch, "purpose"));
	assert_null(jv_get(ch, "owner_id"));
	assert_null(jv_get(ch, "depends_on_ids"));

	/* A person: the defaults kind "employee", active yes. */
	long long pid = person(f, "Pia", NULL);
	row = get(f, "people", pid);
	assert_string_equal(jv_get_str(row, "kind"), "employee");
	expect_bool(jv_get(row, "active"), 1);
	/* Defaults for a form. */
	struct jval *d = record_defaults(&f->c, E("units"));
	assert_string_equal(jv_get_str(d, "kind"), "department");
	expect_null(jv_get(d, "name"));
	d = record_defaults(&f->c, E("systems"));
	assert_int_equal(jv_get(d, "information_asset_ids")->type, J_ARR);
	expect_bool(jv_get(d, "ot"), 0);
	/* A date that defaults to "today": the day the form is opened, in
	 * the server's time zone, as the clock says. */
	char today[11];
	clock_today(today);
	d = record_defaults(&f->c, E("classifications"));
	assert_string_equal(jv_get_str(d, "classified_on"), today);
	expect_null(jv_get(d, "decided_on"));
	d = record_defaults(&f->c, E("risk-analyses"));
	assert_string_equal(jv_get_str(d, "analysed_on"), today);
}

static void test_update_changes_only(void **state)
{
	struct fx *f = *state;
	long long anna = person(f, "Anna", NULL);
	long long id = sys(f, "Procapita", 0, anna);
	long long gen = store_generation(f->st);
	struct jval *before = get(f, "systems", id);
	const char *updated = jv_get_str(before, "updated_at");
	struct verrors errs = { 0 };

	usleep(2000);
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Procapita VoO");
	jv_set(in, "owner_id", jv_null(f->a));
	assert_int_equal(record_update(&f->c, E("systems"), id, in, &errs), REC_OK);
	assert_int_equal(errs.n, 0);
	assert_int_equal(store_generation(f->st), gen + 1);
	long long total;
	struct jval *h = history(f, "systems", id, &total);
	assert_int_equal(total, 2);
	struct jval *e = h->first;
	assert_string_equal(jv_get_str(e, "action"), "update");
	struct jval *ch = jv_get(e, "changes");
	assert_int_equal(ch->len, 2);
	expect_str(jv_get(ch, "name")->first, "Procapita");
	expect_str(jv_get(ch, "name")->last, "Procapita VoO");
	expect_int(jv_get(ch, "owner_id")->first, anna);
	expect_null(jv_get(ch, "owner_id")->last);
	struct jval *row = get(f, "systems", id);
	assert_string_equal(jv_get_str(row, "name"), "Procapita VoO");
	expect_null(jv_get(row, "owner_id"));
	assert_string_equal(jv_get_str(row, "lifecycle"), "in_use");
	assert_true(strcmp(jv_get_str(row, "updated_at"), updated) > 0);
	updated = jv_get_str(row, "updated_at");

	/* The same values again: no write, no entry. */
	usleep(2000);
	gen = store_generation(f->st);
	in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Procapita VoO");
	jv_set_str(f->a, in, "lifecycle", "in_use");
	jv_set(in, "owner_id", jv_null(f->a));
	jv_set_bool(f->a, in, "ot", 0);
	jv_set(in, "information_asset_ids", jv_arr(f->a));
	assert_int_equal(record_update(&f->c, E("systems"), id, in, &errs), REC_OK);
	assert_int_equal(store_generation(f->st), gen);
	history(f, "systems", id, &total);
	assert_int_equal(total, 2);
	assert_string_equal(jv_get_str(get(f, "systems", id), "updated_at"), updated);
	/* Nothing at all. */
	assert_int_equal(record_update(&f->c, E("systems"), id, jv_obj(f->a), &errs), REC_OK);
	assert_int_equal(store_generation(f->st), gen);

	/* A record that does not exist. */
	assert_int_equal(record_update(&f->c, E("systems"), id + 100, in, &errs), REC_NOTFOUND);
	assert_int_equal(errs.n, 0);
}

static void test_update_links_in_any_order(void **state)
{
	struct fx *f = *state;
	long long a1 = asset(f, "A1"), a2 = asset(f, "A2"), a3 = asset(f, "A3");
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "S");
	struct jval *l = jv_set(in, "information_asset_ids", jv_arr(f->a));
	jv_push(l, jv_int(f->a, a2));
	jv_push(l, jv_int(f->a, a1));
	long long id = create(f, &f->c, "systems", in);
	long long gen = store_generation(f->st);
	struct verrors errs = { 0 };

	/* The same set in another order is no change. */
	in = jv_obj(f->a);
	l = jv_set(in, "information_asset_ids", jv_arr(f->a));
	jv_push(l, jv_int(f->a, a2));
	jv_push(l, jv_int(f->a, a1));
	assert_int_equal(record_update(&f->c, E("systems"), id, in, &errs), REC_OK);
	assert_int_equal(store_generation(f->st), gen);

	/* A real change is recorded once, as the sets before and after. */
	jv_push(l, jv_int(f->a, a3));
	assert_int_equal(record_update(&f->c, E("systems"), id, in, &errs), REC_OK);
	assert_int_equal(store_generation(f->st), gen + 1);
	long long total;
	struct jval *ch = jv_get(history(f, "systems", id, &total)->first, "changes");
	assert_int_equal(ch->len, 1);
	struct jval *p = jv_get(ch, "information_asset_ids");
	assert_string_equal(ids_text(f, p->first), arena_printf(f->a, "%lld;%lld", a1, a2));
	assert_int_equal(p->last->len, 3);
	assert_string_equal(ids_text(f, jv_get(get(f, "systems", id), "information_asset_ids")),
			    arena_printf(f->a, "%lld;%lld;%lld", a1, a2, a3));
}

static void test_delete(void **state)
{
	struct fx *f = *state;
	long long p = person(f, "Per", NULL);
	long long a1 = asset(f, "Journal");
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "S1");
	jv_set_int(f->a, in, "owner_id", p);
	struct jval *l = jv_set(in, "information_asset_ids", jv_arr(f->a));
	jv_push(l, jv_int(f->a, a1));
	long long s1 = create(f, &f->c, "systems", in);
	long long s2 = sys(f, "S2", 0, p);
	long long gen = store_generation(f->st);
	struct verrors errs = { 0 };

	/* Still referred to: refused, nothing written, the reason given. */
	assert_int_equal(record_delete(&f->c, E("information-assets"), a1, &errs), REC_CONFLICT);
	assert_int_equal(errs.n, 1);
	assert_null(errs.items[0].field);
	assert_string_equal(errs.items[0].message, "Still referred to by 1 System (Information processed).");
	clear(&errs);
	assert_int_equal(record_delete(&f->c, E("people"), p, &errs), REC_CONFLICT);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.items[0].message, "Still referred to by 2 Systems (System owner).");
	assert_int_equal(store_generation(f->st), gen);
	assert_int_equal(store_exists(f->st, E("people"), f->org, p), 1);

	/* Once free, deleted with one entry holding [value, null]. */
	clear(&errs);
	assert_int_equal(record_delete(&f->c, E("systems"), s1, &errs), REC_OK);
	assert_int_equal(store_generation(f->st), gen + 1);
	long long total;
	struct jval *h = history(f, "systems", s1, &total);
	assert_int_equal(total, 2);
	assert_string_equal(jv_get_str(h->first, "action"), "delete");
	struct jval *ch = jv_get(h->first, "changes");
	expect_str(jv_get(ch, "name")->first, "S1");
	expect_null(jv_get(ch, "name")->last);
	expect_int(jv_get(ch, "owner_id")->first, p);
	assert_int_equal(jv_get(ch, "information_asset_ids")->first->len, 1);
	assert_int_equal(jv_get(ch, "information_asset_ids")->last->type, J_ARR);
	assert_int_equal(jv_get(ch, "information_asset_ids")->last->len, 0);
	assert_null(jv_get(ch, "purpose"));
	assert_int_equal(store_exists(f->st, E("systems"), f->org, s1), 0);
	assert_int_equal(record_delete(&f->c, E("information-assets"), a1, &errs), REC_OK);
	clear(&errs);
	assert_int_equal(record_delete(&f->c, E("people"), p, &errs), REC_CONFLICT);
	assert_string_equal(errs.items[0].message, "Still referred to by 1 System (System owner).");
	clear(&errs);
	assert_int_equal(record_delete(&f->c, E("systems"), s2, &errs), REC_OK);
	assert_int_equal(record_delete(&f->c, E("people"), p, &errs), REC_OK);
	assert_int_equal(record_delete(&f->c, E("people"), p, &errs), REC_NOTFOUND);
	assert_int_equal(errs.n, 0);
	/* Some entities are never deleted. */
	long long uid = 0;
	in = jv_obj(f->a);
	jv_set_str(f->a, in, "username", "anna");
	uid = create(f, &f->c, "users", in);
	assert_int_equal(record_delete(&f->c, E("users"), uid, &errs), REC_FORBIDDEN);
	assert_int_equal(record_delete(&f->c, E("organisation"), f->org, &errs), REC_FORBIDDEN);
	assert_int_equal(record_create(&f->c, E("organisation"), jv_obj(f->a), &uid, &errs), REC_FORBIDDEN);
	/* Every change so far verifies. */
	long long checked;
	struct audit_problem prob;
	assert_int_equal(store_audit_verify(f->st, &checked, &prob), STORE_OK);
	assert_int_equal(checked, store_generation(f->st));
}

static void test_required_and_unique(void **state)
{
	struct fx *f = *state;
	long long gen = store_generation(f->st);
	long long count = store_count(f->st, E("systems"), f->org);
	struct verrors errs = { 0 };
	long long id = 0;
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "purpose", "No name");
	assert_int_equal(record_create(&f->c, E("systems"), in, &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "name"), "This field is required.");
	assert_null(verr_get(&errs, "purpose"));
	assert_int_equal(errs.n, 1);
	assert_int_equal(store_generation(f->st), gen);
	assert_int_equal(store_count(f->st, E("systems"), f->org), count);
	/* A required enum defaults; set to null it is missing. */
	clear(&errs);
	jv_set_str(f->a, in, "name", "Named");
	jv_set(in, "lifecycle", jv_null(f->a));
	assert_int_equal(record_create(&f->c, E("systems"), in, &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "lifecycle"), "This field is required.");
	/* Agreements need a supplier and a kind. */
	clear(&errs);
	assert_int_equal(record_create(&f->c, E("agreements"), one(f, "name", jv_str(f->a, "A")), &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "supplier_id"), "This field is required.");
	assert_string_equal(verr_get(&errs, "kind"), "This field is required.");
	assert_int_equal(errs.n, 2);
	/* Clearing a required field on update. */
	long long s = sys(f, "Kept", 0, 0);
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("systems"), s, one(f, "name", jv_null(f->a)), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "name"), "This field is required.");
	assert_string_equal(jv_get_str(get(f, "systems", s), "name"), "Kept");

	/* Unique e-mail addresses among people. */
	long long anna = person(f, "Anna", "anna@kommun.se");
	clear(&errs);
	in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Anna II");
	jv_set_str(f->a, in, "email", "anna@kommun.se");
	assert_int_equal(record_create(&f->c, E("people"), in, &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "email"), "Another record already has this value.");
	/* Keeping one's own value is fine. */
	clear(&errs);
	in = jv_obj(f->a);
	jv_set_str(f->a, in, "email", "anna@kommun.se");
	jv_set_str(f->a, in, "title", "Chef");
	assert_int_equal(record_update(&f->c, E("people"), anna, in, &errs), REC_OK);
	/* Many people without an address are fine. */
	person(f, "No mail 1", NULL);
	person(f, "No mail 2", NULL);
	/* User names are unique too. */
	create(f, &f->c, "users", one(f, "username", jv_str(f->a, "anna")));
	clear(&errs);
	assert_int_equal(record_create(&f->c, E("users"), one(f, "username", jv_str(f->a, "anna")), &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "username"), "Another record already has this value.");
	/* verr_get on nothing. */
	assert_null(verr_get(&errs, "nope"));
	assert_null(verr_get(&errs, NULL));
	assert_null(verr_get(NULL, "name"));
}

static void test_verrors_limit(void **state)
{
	struct fx *f = *state;
	struct verrors *v = calloc(1, sizeof *v);
	for (int i = 0; i < VERR_MAX + 5; i++)
		verr_add(v, "f", "m");
	assert_int_equal(v->n, VERR_MAX);
	/* The ones left out are counted, so the list is known to be cut. */
	assert_int_equal(v->truncated, 5);
	assert_int_equal(verr_total(v), VERR_MAX + 5);
	assert_string_equal(verr_more(LANG_EN), "There are more errors than shown here.");
	/* Warnings only, but some never seen: nothing to confirm past. */
	clear(v);
	for (int i = 0; i < VERR_MAX; i++)
		verr_confirm(v, "f", "w");
	assert_true(verr_confirmable(v));
	verr_confirm(v, "f", "w");
	assert_false(verr_confirmable(v));

	/* A body read into a list that is already full still reports its
	 * errors, though none more fit. */
	clear(v);
	for (int i = 0; i < VERR_MAX; i++)
		verr_add(v, "f", "m");
	struct jval *out = NULL;
	assert_int_equal(record_from_json(&f->c, E("systems"), parse(f, "{\"colour\": \"red\"}"), &out, v), -1);
	assert_int_equal(v->n, VERR_MAX);
	assert_int_equal(v->truncated, 1);
	/* A body of more unknown members than the list holds: all counted. */
	clear(v);
	struct buf body = BUF_INIT;
	buf_putc(&body, '{');
	for (int i = 0; i < VERR_MAX + 50; i++)
		buf_printf(&body, "%s\"x%d\": 1", i ? ", " : "", i);
	buf_putc(&body, '}');
	assert_int_equal(record_from_json(&f->c, E("systems"), parse(f, buf_str(&body)), &out, v), -1);
	assert_int_equal(verr_total(v), VERR_MAX + 50);
	buf_free(&body);
	free(v);
}

static void test_inactive_person(void **state)
{
	struct fx *f = *state;
	long long per = person(f, "Per Olsson", NULL);
	long long pia = person(f, "Pia", NULL);
	long long s = sys(f, "Owned by Per", 0, per);
	struct verrors errs = { 0 };
	assert_int_equal(record_update(&f->c, E("people"), per, one(f, "active", jv_bool(f->a, 0)), &errs), REC_OK);

	/* Not newly given responsibility... */
	long long id;
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "New");
	jv_set_int(f->a, in, "owner_id", per);
	assert_int_equal(record_create(&f->c, E("systems"), in, &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "owner_id"),
			    "Per Olsson is inactive and cannot be given new responsibilities.");
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("systems"), s, one(f, "administrator_id", jv_int(f->a, per)), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "administrator_id"),
			    "Per Olsson is inactive and cannot be given new responsibilities.");
	clear(&errs);
	in = jv_obj(f->a);
	jv_set_int(f->a, in, "person_id", per);
	jv_set_str(f->a, in, "role", "system_owner");
	assert_int_equal(record_create(&f->c, E("role-assignments"), in, &id, &errs), REC_INVALID);
	assert_non_null(verr_get(&errs, "person_id"));
	/* ... but what they already hold stays, and the record can change. */
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("systems"), s, one(f, "name", jv_str(f->a, "Renamed")), &errs), REC_OK);
	assert_int_equal(jv_get_int(get(f, "systems", s), "owner_id", 0), per);
	/* Handing over to an active person works. */
	assert_int_equal(record_update(&f->c, E("systems"), s, one(f, "owner_id", jv_int(f->a, pia)), &errs), REC_OK);
	/* And back again is refused. */
	assert_int_equal(record_update(&f->c, E("systems"), s, one(f, "owner_id", jv_int(f->a, per)), &errs), REC_INVALID);
}

static void test_unit_cycle_rule(void **state)
{
	struct fx *f = *state;
	long long a = unit(f, "A", 0);
	long long b = unit(f, "B", a);
	long long c = unit(f, "C", b);
	struct verrors errs = { 0 };
	static const char msg[] = "A unit cannot be placed under itself or under one of its own sub-units.";
	assert_int_equal(record_update(&f->c, E("units"), a, one(f, "parent_id", jv_int(f->a, c)), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "parent_id"), msg);
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("units"), a, one(f, "parent_id", jv_int(f->a, b)), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "parent_id"), msg);
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("units"), a, one(f, "parent_id", jv_int(f->a, a)), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "parent_id"), msg);
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("units"), b, one(f, "parent_id", jv_int(f->a, c)), &errs), REC_INVALID);
	assert_int_equal(jv_get_int(get(f, "units", a), "parent_id", -1), -1);
	/* Moving up or sideways is fine. */
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("units"), c, one(f, "parent_id", jv_int(f->a, a)), &errs), REC_OK);
	assert_int_equal(record_update(&f->c, E("units"), b, one(f, "parent_id", jv_null(f->a)), &errs), REC_OK);
	/* Now B is a root and C sits under A: B under C is fine. */
	assert_int_equal(record_update(&f->c, E("units"), b, one(f, "parent_id", jv_int(f->a, c)), &errs), REC_OK);
	assert_int_equal(errs.n, 0);
	assert_int_equal(store_unit_is_within(f->st, f->org, b, a), 1);
}

static void test_system_self_dependency(void **state)
{
	struct fx *f = *state;
	long long a = sys(f, "A", 0, 0);
	long long b = sys(f, "B", 0, 0);
	struct verrors errs = { 0 };
	struct jval *deps = jv_arr(f->a);
	jv_push(deps, jv_int(f->a, b));
	jv_push(deps, jv_int(f->a, a));
	assert_int_equal(record_update(&f->c, E("systems"), a, one(f, "depends_on_ids", deps), &errs), REC_INVALID);
	assert_int_equal(errs.n, 1);
	assert_string_equal(verr_get(&errs, "depends_on_ids"), "Choose another system: a system cannot depend on itself.");
	assert_int_equal(jv_get(get(f, "systems", a), "depends_on_ids")->len, 0);
	/* Two systems may need each other. */
	clear(&errs);
	deps = jv_arr(f->a);
	jv_push(deps, jv_int(f->a, b));
	assert_int_equal(record_update(&f->c, E("systems"), a, one(f, "depends_on_ids", deps), &errs), REC_OK);
	deps = jv_arr(f->a);
	jv_push(deps, jv_int(f->a, a));
	assert_int_equal(record_update(&f->c, E("systems"), b, one(f, "depends_on_ids", deps), &errs), REC_OK);
}

static void test_unit_depth_rule(void **state)
{
	struct fx *f = *state;
	char name[16];
	long long chain[UNIT_MAX_DEPTH + 1] = { 0 };
	for (int i = 1; i <= UNIT_MAX_DEPTH; i++) {
		snprintf(name, sizeof name, "X%d", i);
		chain[i] = unit(f, name, chain[i - 1]);
	}
	/* One level more is refused, with the limit named. */
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "X65");
	jv_set_int(f->a, in, "parent_id", chain[UNIT_MAX_DEPTH]);
	struct verrors errs = { 0 };
	long long id = 0;
	assert_int_equal(record_create(&f->c, E("units"), in, &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "parent_id"),
			    "Units can be nested at most 64 levels deep; placed here, the deepest would be at level 65.");
	/* A unit with ten levels below it fits under level 53, not 54. */
	long long sub = unit(f, "Y1", 0), y = sub;
	for (int i = 2; i <= 11; i++) {
		snprintf(name, sizeof name, "Y%d", i);
		y = unit(f, name, y);
	}
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("units"), sub, one(f, "parent_id", jv_int(f->a, chain[54])), &errs),
			 REC_INVALID);
	assert_string_equal(verr_get(&errs, "parent_id"),
			    "Units can be nested at most 64 levels deep; placed here, the deepest would be at level 65.");
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("units"), sub, one(f, "parent_id", jv_int(f->a, chain[53])), &errs),
			 REC_OK);
	/* And the cycle rule still holds at depth. */
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("units"), chain[1], one(f, "parent_id", jv_int(f->a, y)), &errs),
			 REC_INVALID);
	assert_string_equal(verr_get(&errs, "parent_id"),
			    "A unit cannot be placed under itself or under one of its own sub-units.");
}

static void test_agreement_dates(void **state)
{
	struct fx *f = *state;
	long long supplier = create(f, &f->c, "suppliers", one(f, "name", jv_str(f->a, "Leverantör")));
	struct verrors errs = { 0 };
	long long id;
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Avtal");
	jv_set_int(f->a, in, "supplier_id", supplier);
	jv_set_str(f->a, in, "kind", "sla");
	jv_set_str(f->a, in, "start_date", "2025-01-01");
	jv_set_str(f->a, in, "end_date", "2024-12-31");
	assert_int_equal(record_create(&f->c, E("agreements"), in, &id, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "end_date"), "The end date is before the start date.");
	/* The same day is fine, as is one date alone. */
	clear(&errs);
	jv_set_str(f->a, in, "end_date", "2025-01-01");
	id = create(f, &f->c, "agreements", in);
	/* An update checks the record as it would be stored. */
	assert_int_equal(record_update(&f->c, E("agreements"), id, one(f, "end_date", jv_str(f->a, "2024-06-30")), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "end_date"), "The end date is before the start date.");
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("agreements"), id, one(f, "start_date", jv_null(f->a)), &errs), REC_OK);
	assert_int_equal(record_update(&f->c, E("agreements"), id, one(f, "end_date", jv_str(f->a, "2024-06-30")), &errs), REC_OK);
	assert_int_equal(record_update(&f->c, E("agreements"), id, one(f, "start_date", jv_str(f->a, "2024-07-01")), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "end_date"), "The end date is before the start date.");
}

static void test_role_scope_rules(void **state)
{
	struct fx *f = *state;
	long long p = person(f, "Pia", NULL);
	long long u = unit(f, "Skola", 0);
	long long s = sys(f, "Unikum", u, 0);
	struct {
		const char *scope;
		long long unit;
		const char *entity;
		long long record;
		const char *field, *msg;
	} cases[] = {
		{ "unit", 0, NULL, 0, "unit_id", "Choose the unit the role applies to." },
		{ "org", u, NULL, 0, "unit_id", "A unit is only given when the role applies to a unit." },
		{ "record", u, "systems", s, "unit_id", "A unit is only given when the role applies to a unit." },
		{ "record", 0, NULL, s, "record_entity", "Choose the kind of record the role applies to." },
		{ "record", 0, "systems", 0, "record_id", "Give the number of the record the role applies to." },
		{ "record", 0, "systems", s + 1000, "record_id", "There is no such record." },
		{ "record", 0, "processes", s, "record_id", "There is no such record." },
		{ "org", 0, "systems", 0, "record_id", "A record is only given when the role applies to one record." },
		{ "unit", u, NULL, s, "record_id", "A record is only given when the role applies to one record." },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct verrors errs = { 0 };
		struct jval *in = jv_obj(f->a);
		jv_set_int(f->a, in, "person_id", p);
		jv_set_str(f->a, in, "role", "manager");
		jv_set_str(f->a, in, "scope", cases[i].scope);
		if (cases[i].unit)
			jv_set_int(f->a, in, "unit_id", cases[i].unit);
		if (cases[i].entity)
			jv_set_str(f->a, in, "record_entity", cases[i].entity);
		if (cases[i].record)
			jv_set_int(f->a, in, "record_id", cases[i].record);
		long long id;
		if (record_create(&f->c, E("role-assignments"), in, &id, &errs) != REC_INVALID)
			fail_msg("case %zu accepted", i);
		const char *got = verr_get(&errs, cases[i].field);
		if (!got || strcmp(got, cases[i].msg) != 0)
			fail_msg("case %zu: %s: got \"%s\", want \"%s\"", i, cases[i].field, got ? got : "(none)", cases[i].msg);
	}
	/* The consistent forms. */
	struct jval *in = jv_obj(f->a);
	jv_set_int(f->a, in, "person_id", p);
	jv_set_str(f->a, in, "role", "manager");
	create(f, &f->c, "role-assignments", in); /* scope defaults to org */
	jv_set_str(f->a, in, "scope", "unit");
	jv_set_int(f->a, in, "unit_id", u);
	create(f, &f->c, "role-assignments", in);
	in = jv_obj(f->a);
	jv_set_int(f->a, in, "person_id", p);
	jv_set_str(f->a, in, "role", "system_owner");
	jv_set_str(f->a, in, "scope", "record");
	jv_set_str(f->a, in, "record_entity", "systems");
	jv_set_int(f->a, in, "record_id", s);
	long long ra = create(f, &f->c, "role-assignments", in);
	/* The assignments as access checks see them. */
	struct assignment *as;
	size_t n;
	assert_int_equal(store_assignments(f->st, f->a, f->org, p, &as, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(as[0].scope, S_ORG);
	assert_int_equal(as[1].scope, S_UNIT);
	assert_int_equal(as[1].unit_id, u);
	assert_int_equal(as[2].scope, S_RECORD);
	assert_int_equal(as[2].record_id, s);
	/* A record with a role on it cannot be deleted. */
	struct verrors errs = { 0 };
	assert_int_equal(record_delete(&f->c, E("systems"), s, &errs), REC_CONFLICT);
	assert_string_equal(errs.items[0].message, "Still referred to by 1 Role assignment (Record number).");
	clear(&errs);
	/* Changing the scope of an existing assignment is checked as well. */
	assert_int_equal(record_update(&f->c, E("role-assignments"), ra, one(f, "scope", jv_str(f->a, "org")), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "record_id"), "A record is only given when the role applies to one record.");
}

/* ---- permissions ------------------------------------------------------ */

static void test_permission_system_owner(void **state)
{
	struct fx *f = *state;
	long long u = unit(f, "IT", 0);
	long long sara = person(f, "Sara", NULL);
	long long olle = person(f, "Olle", NULL);
	long long mine = sys(f, "Mine", u, sara);
	long long theirs = sys(f, "Theirs", u, olle);
	struct jval *ra = jv_obj(f->a);
	jv_set_int(f->a, ra, "person_id", sara);
	jv_set_str(f->a, ra, "role", "system_owner");
	create(f, &f->c, "role-assignments", ra);

	struct assignment *held;
	size_t nheld;
	assert_int_equal(store_assignments(f->st, f->a, f->org, sara, &held, &nheld), STORE_OK);
	assert_int_equal(nheld, 1);
	struct actor who = { .user_id = 5, .username = "sara", .via = "ui", .org_id = f->org,
			     .person_id = sara, .lang = LANG_EN, .as = held, .nas = nheld };
	struct rctx c = { .st = f->st, .a = f->a, .who = &who };
	struct verrors errs = { 0 };
	long long gen = store_generation(f->st);

	/* Their own system: yes, recorded under their name. */
	assert_int_equal(record_update(&c, E("systems"), mine, one(f, "purpose", jv_str(f->a, "Mail")), &errs), REC_OK);
	assert_int_equal(store_generation(f->st), gen + 1);
	long long total;
	struct jval *h = history(f, "systems", mine, &total);
	assert_string_equal(jv_get_str(h->first, "username"), "sara");
	assert_string_equal(jv_get_str(h->first, "via"), "ui");
	/* Another's: no, and nothing changes. */
	assert_int_equal(record_update(&c, E("systems"), theirs, one(f, "purpose", jv_str(f->a, "Mail")), &errs), REC_FORBIDDEN);
	assert_int_equal(errs.n, 0);
	assert_null(jv_get_str(get(f, "systems", theirs), "purpose"));
	/* Never create or delete. */
	long long id;
	assert_int_equal(record_create(&c, E("systems"), one(f, "name", jv_str(f->a, "New")), &id, &errs), REC_FORBIDDEN);
	assert_int_equal(record_delete(&c, E("systems"), mine, &errs), REC_FORBIDDEN);
	/* Giving the system away, or naming its administrator, is a handover
	 * for a wider role: refused with a word on the field. */
	static const char handover[] = "You cannot change who is named here. Ask the information security coordinator or the head of the unit to hand it over.";
	assert_int_equal(record_update(&c, E("systems"), mine, one(f, "owner_id", jv_int(f->a, olle)), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "owner_id"), handover);
	clear(&errs);
	assert_int_equal(record_update(&c, E("systems"), mine, one(f, "administrator_id", jv_int(f->a, olle)), &errs), REC_INVALID);
	assert_int_equal(errs.n, 1);
	assert_string_equal(verr_get(&errs, "administrator_id"), handover);
	clear(&errs);
	assert_int_equal(jv_get_int(get(f, "systems", mine), "owner_id", 0), sara);
	assert_int_equal(jv_get_int(get(f, "systems", mine), "administrator_id", 0), 0);
	assert_int_equal(store_generation(f->st), gen + 1);
	/* Reading: everything. */
	assert_int_equal(record_allows(&c, E("systems"), A_READ, get(f, "systems", theirs)), 1);
	assert_int_equal(record_allows(&c, E("systems"), A_UPDATE, get(f, "systems", theirs)), 0);
	assert_int_equal(record_allows(&c, E("systems"), A_UPDATE, get(f, "systems", mine)), 1);
	assert_int_equal(record_allows(&c, E("systems"), A_UPDATE, NULL), 1);
	assert_int_equal(record_allows(&c, E("systems"), A_CREATE, NULL), 0);
	/* Other entities: read only. */
	assert_int_equal(record_update(&c, E("units"), u, one(f, "name", jv_str(f->a, "X")), &errs), REC_FORBIDDEN);
	assert_int_equal(record_allows(&c, E("role-assignments"), A_READ, NULL), 0);
	/* Nothing for someone without assignments; everything for the
	 * command line. */
	struct actor nobody = { .username = "x", .via = "ui", .org_id = f->org, .person_id = sara };
	struct rctx cn = { .st = f->st, .a = f->a, .who = &nobody };
	assert_int_equal(record_allows(&cn, E("systems"), A_READ, NULL), 0);
	assert_int_equal(record_update(&cn, E("systems"), mine, one(f, "purpose", jv_str(f->a, "X")), &errs), REC_FORBIDDEN);
	assert_int_equal(record_allows(&f->c, E("role-assignments"), A_DELETE, NULL), 1);
	/* The system administrator of a system may change it. */
	assert_int_equal(record_update(&f->c, E("systems"), theirs, one(f, "administrator_id", jv_int(f->a, sara)), &errs), REC_OK);
	struct assignment adm = { .role = ROLE_SYSTEM_ADMIN, .scope = S_ORG };
	who.as = &adm;
	who.nas = 1;
	assert_int_equal(record_update(&c, E("systems"), theirs, one(f, "purpose", jv_str(f->a, "Mail")), &errs), REC_OK);
	assert_int_equal(record_update(&c, E("systems"), mine, one(f, "purpose", jv_str(f->a, "X")), &errs), REC_FORBIDDEN);
	/* The administrator cannot make themselves the owner, which would
	 * keep the system in their reach. */
	assert_int_equal(record_update(&c, E("systems"), theirs, one(f, "owner_id", jv_int(f->a, sara)), &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "owner_id"), handover);
	clear(&errs);
	assert_int_equal(jv_get_int(get(f, "systems", theirs), "owner_id", 0), olle);
	/* Neither can a system owner whose role is on the record itself. */
	struct assignment on_rec = { .role = ROLE_SYSTEM_OWNER, .scope = S_RECORD, .entity = "systems", .record_id = theirs };
	who.as = &on_rec;
	assert_int_equal(record_update(&c, E("systems"), theirs, one(f, "purpose", jv_str(f->a, "Post")), &errs), REC_OK);
	assert_int_equal(record_update(&c, E("systems"), theirs, one(f, "owner_id", jv_int(f->a, sara)), &errs), REC_INVALID);
	clear(&errs);
	/* The coordinator hands over. */
	struct assignment coord = { .role = ROLE_COORDINATOR, .scope = S_ORG };
	who.as = &coord;
	assert_int_equal(record_update(&c, E("systems"), theirs, one(f, "owner_id", jv_int(f->a, sara)), &errs), REC_OK);
	assert_int_equal(jv_get_int(get(f, "systems", theirs), "owner_id", 0), sara);
}

/* The organisation's risk method, 2 × 2. */
static long long risk_method(struct fx *f)
{
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Metod");
	jv_set_str(f->a, in, "likelihood_scale", "Låg: sällan\nHög: ofta");
	jv_set_str(f->a, in, "consequence_scale", "Liten: lite\nStor: mycket");
	jv_set_str(f->a, in, "bands", "1-2 Låg #2e7d32\n3-4 Hög #c62828");
	return create(f, &f->c, "risk-methods", in);
}

static struct jval *analysis_of(struct fx *f, const char *scope, long long system, long long unit_id)
{
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "title", "Riskanalys");
	jv_set_str(f->a, in, "scope", scope);
	jv_set_str(f->a, in, "analysed_on", "2026-03-01");
	if (system)
		jv_set_int(f->a, in, "system_id", system);
	if (unit_id)
		jv_set_int(f->a, in, "unit_id", unit_id);
	return in;
}

static void test_permission_system_owner_analyses(void **state)
{
	struct fx *f = *state;
	risk_method(f);
	long long u = unit(f, "IT", 0);
	long long sara = person(f, "Sara", NULL);
	long long olle = person(f, "Olle", NULL);
	long long mine = sys(f, "Mine", u, sara);
	long long theirs = sys(f, "Theirs", u, olle);
	struct assignment so = { .role = ROLE_SYSTEM_OWNER, .scope = S_ORG };
	struct actor who = { .user_id = 5, .username = "sara", .via = "api", .org_id = f->org,
			     .person_id = sara, .lang = LANG_EN, .as = &so, .nas = 1 };
	struct rctx c = { .st = f->st, .a = f->a, .who = &who };
	struct verrors errs = { 0 };
	long long id, risk, other;

	/* An analysis of their own system, with its risks: yes, whoever is
	 * named risk owner. */
	struct jval *in = analysis_of(f, "system", mine, 0);
	jv_set_int(f->a, in, "risk_owner_id", olle);
	assert_int_equal(record_create(&c, E("risk-analyses"), in, &id, &errs), REC_OK);
	struct jval *k = jv_obj(f->a);
	jv_set_int(f->a, k, "analysis_id", id);
	jv_set_str(f->a, k, "title", "Avbrott");
	jv_set_int(f->a, k, "likelihood", 1);
	jv_set_int(f->a, k, "consequence", 2);
	assert_int_equal(record_create(&c, E("risks"), k, &risk, &errs), REC_OK);
	assert_int_equal(record_update(&c, E("risk-analyses"), id, one(f, "summary", jv_str(f->a, "Klar")), &errs), REC_OK);
	/* Of another's system: no, and nothing is written. */
	assert_int_equal(record_create(&c, E("risk-analyses"), analysis_of(f, "system", theirs, 0), &other, &errs), REC_FORBIDDEN);
	other = create(f, &f->c, "risk-analyses", analysis_of(f, "system", theirs, 0));
	assert_int_equal(record_update(&c, E("risk-analyses"), other, one(f, "summary", jv_str(f->a, "x")), &errs), REC_FORBIDDEN);
	/* Nor moving theirs to their own system, or their own away. */
	assert_int_equal(record_update(&c, E("risk-analyses"), other, one(f, "system_id", jv_int(f->a, mine)), &errs), REC_FORBIDDEN);
	assert_int_equal(record_update(&c, E("risk-analyses"), id, one(f, "system_id", jv_int(f->a, theirs)), &errs), REC_FORBIDDEN);
	assert_int_equal(jv_get_int(get(f, "risk-analyses", id), "system_id", 0), mine);
	/* An analysis of a unit or the infrastructure names no system, so
	 * naming their own does not let them start one. */
	assert_int_equal(record_create(&c, E("risk-analyses"), analysis_of(f, "infrastructure", mine, 0), &other, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "system_id"),
			    "Leave the system empty, or choose a system as the scope: only an analysis of a system names one.");
	clear(&errs);
	assert_int_equal(record_create(&c, E("risk-analyses"), analysis_of(f, "unit", 0, u), &other, &errs), REC_FORBIDDEN);
	/* The risk owner they named is an owner field: theirs to set when
	 * starting, a wider role's to change afterwards. */
	assert_int_equal(record_update(&c, E("risk-analyses"), id, one(f, "risk_owner_id", jv_int(f->a, sara)), &errs), REC_INVALID);
	assert_non_null(verr_get(&errs, "risk_owner_id"));
	clear(&errs);
	/* The risk owner they named keeps the analysis too (through the
	 * plain risk_owner_id grant). */
	struct actor olle_as = who;
	olle_as.person_id = olle;
	olle_as.username = "olle";
	struct rctx co = { .st = f->st, .a = f->a, .who = &olle_as };
	assert_int_equal(record_update(&co, E("risk-analyses"), id, one(f, "summary", jv_str(f->a, "y")), &errs), REC_OK);
	assert_int_equal(record_update(&co, E("risks"), risk, one(f, "title", jv_str(f->a, "Brand")), &errs), REC_OK);
	/* Owning the system is the system owner role's: an information owner
	 * named as the system's owner starts nothing. */
	struct assignment io = { .role = ROLE_INFO_OWNER, .scope = S_ORG };
	who.as = &io;
	assert_int_equal(record_create(&c, E("risk-analyses"), analysis_of(f, "system", mine, 0), &other, &errs), REC_FORBIDDEN);
}

/* Decisions stay: even the command line cannot delete them. */
static void test_decisions_kept(void **state)
{
	struct fx *f = *state;
	risk_method(f);
	long long anna = person(f, "Anna", NULL);
	long long a1 = asset(f, "Akter");
	long long s1 = sys(f, "Diarium", 0, anna);
	struct verrors owner_errs = { 0 };
	assert_int_equal(record_update(&f->c, E("information-assets"), a1, one(f, "owner_id", jv_int(f->a, anna)), &owner_errs), REC_OK);
	struct jval *in = parse(f, "{\"classified_on\": \"2026-01-10\", \"confidentiality\": 0, \"integrity\": 0,"
				   " \"availability\": 0, \"traceability\": 0, \"status\": \"decided\","
				   " \"decided_on\": \"2026-01-10\"}");
	jv_set_int(f->a, in, "asset_id", a1);
	jv_set_int(f->a, in, "decided_by_id", anna);
	long long decided = create(f, &f->c, "classifications", in);
	jv_set_str(f->a, in, "status", "draft");
	long long draft = create(f, &f->c, "classifications", in);
	struct jval *d = parse(f, "{\"availability\": 2, \"reason\": \"Beroenden\", \"decided_on\": \"2026-01-10\"}");
	jv_set_int(f->a, d, "system_id", s1);
	long long decision = create(f, &f->c, "system-classifications", d);
	struct jval *an = analysis_of(f, "system", s1, 0);
	jv_set_int(f->a, an, "risk_owner_id", anna);
	long long ra_draft = create(f, &f->c, "risk-analyses", an);
	jv_set_str(f->a, an, "status", "decided");
	jv_set_int(f->a, an, "decided_by_id", anna);
	jv_set_str(f->a, an, "decided_on", "2026-01-10");
	long long ra = create(f, &f->c, "risk-analyses", an);

	static const struct {
		const char *entity, *msg;
	} kept[] = {
		{ "classifications", "A decided classification stays as it was decided. Make a new classification instead." },
		{ "system-classifications", "A classification decision stays as the system's history. Make a new decision instead: the latest one counts." },
		{ "risk-analyses", "A decided risk analysis stays as history. Make a new analysis instead." },
	};
	long long ids[] = { decided, decision, ra };
	long long gen = store_generation(f->st);
	for (size_t i = 0; i < 3; i++) {
		struct verrors errs = { 0 };
		assert_int_equal(record_delete(&f->c, E(kept[i].entity), ids[i], &errs), REC_CONFLICT);
		assert_int_equal(errs.n, 1);
		assert_null(errs.items[0].field);
		assert_string_equal(errs.items[0].message, kept[i].msg);
		clear(&errs);
		assert_int_equal(record_deletable(&f->c, E(kept[i].entity), get(f, kept[i].entity, ids[i]), &errs), 0);
		assert_int_equal(errs.n, 1);
		get(f, kept[i].entity, ids[i]);
	}
	assert_int_equal(store_generation(f->st), gen);
	/* Nor do they change once decided: a system decision once it names
	 * who decided, a risk once its residual risk is accepted. */
	jv_set_int(f->a, d, "decided_by_id", anna);
	long long named = create(f, &f->c, "system-classifications", d);
	struct jval *k = parse(f, "{\"title\": \"Brand\", \"likelihood\": 2, \"consequence\": 2, \"residual_likelihood\": 1,"
				  " \"residual_consequence\": 1, \"accepted_on\": \"2026-01-10\"}");
	jv_set_int(f->a, k, "analysis_id", ra);
	jv_set_int(f->a, k, "accepted_by_id", anna);
	long long accepted = create(f, &f->c, "risks", k);
	static const struct {
		const char *entity, *field, *msg;
	} fixed[] = {
		{ "classifications", "participants", "A decided classification stays as it was decided. Make a new classification instead." },
		{ "system-classifications", "reason", "A classification decision stays as the system's history. Make a new decision instead: the latest one counts." },
		{ "risk-analyses", "summary", "A decided risk analysis stays as history. Make a new analysis instead." },
		{ "risks", "title", "An accepted risk stays as it was accepted. Analyse it again in a new analysis." },
	};
	long long fixed_ids[] = { decided, named, ra, accepted };
	gen = store_generation(f->st);
	for (size_t i = 0; i < 4; i++) {
		struct verrors errs = { 0 };
		assert_int_equal(record_update(&f->c, E(fixed[i].entity), fixed_ids[i], one(f, fixed[i].field, jv_str(f->a, "Ändrat")), &errs), REC_INVALID);
		assert_int_equal(errs.n, 1);
		assert_null(errs.items[0].field);
		assert_string_equal(errs.items[0].message, fixed[i].msg);
		assert_int_equal(record_decided(E(fixed[i].entity), get(f, fixed[i].entity, fixed_ids[i])), 1);
	}
	assert_int_equal(store_generation(f->st), gen);
	assert_int_equal(record_decided(E("system-classifications"), get(f, "system-classifications", decision)), 0);
	assert_int_equal(record_decided(E("classifications"), get(f, "classifications", draft)), 0);
	/* Drafts, and entities without such a rule, go. */
	struct verrors errs = { 0 };
	assert_int_equal(record_deletable(&f->c, E("classifications"), get(f, "classifications", draft), &errs), 1);
	assert_int_equal(record_delete(&f->c, E("classifications"), draft, &errs), REC_OK);
	assert_int_equal(record_delete(&f->c, E("risk-analyses"), ra_draft, &errs), REC_OK);
	assert_int_equal(record_deletable(&f->c, E("systems"), get(f, "systems", s1), &errs), 1);
	assert_int_equal(errs.n, 0);
}

/* Give person role (org-wide, or on unit when unit_id is not 0). */
static void give_role(struct fx *f, long long who, const char *role, long long unit_id)
{
	struct jval *ra = jv_obj(f->a);
	jv_set_int(f->a, ra, "person_id", who);
	jv_set_str(f->a, ra, "role", role);
	if (unit_id) {
		jv_set_str(f->a, ra, "scope", "unit");
		jv_set_int(f->a, ra, "unit_id", unit_id);
	}
	create(f, &f->c, "role-assignments", ra);
}

/* Create entity from in with field set to person: the message on field,
 * or NULL when it was created. */
static const char *decided_by(struct fx *f, const char *entity, struct jval *in, const char *field, long long who)
{
	struct verrors errs = { 0 };
	long long id;
	jv_set_int(f->a, in, field, who);
	int rc = record_create(&f->c, E(entity), in, &id, &errs);
	if (rc == REC_OK)
		return NULL;
	assert_int_equal(rc, REC_INVALID);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.items[0].field, field);
	return errs.items[0].message;
}

static void test_deciders(void **state)
{
	struct fx *f = *state;
	risk_method(f);
	long long u = unit(f, "Socialtjänst", 0), elsewhere = unit(f, "Teknik", 0);
	long long owner = person(f, "Ägare", NULL), sysowner = person(f, "Systemägare", NULL);
	long long stranger = person(f, "Främling", NULL), coord = person(f, "Samordnare", NULL);
	long long chief = person(f, "Förvaltningschef", NULL), far = person(f, "Annan chef", NULL);
	long long io = person(f, "Annan informationsägare", NULL);
	give_role(f, coord, "coordinator", 0);
	give_role(f, chief, "manager", u);
	give_role(f, far, "manager", elsewhere);
	give_role(f, io, "information_owner", 0);
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Journaler");
	jv_set_int(f->a, in, "unit_id", u);
	jv_set_int(f->a, in, "owner_id", owner);
	long long a1 = create(f, &f->c, "information-assets", in);
	long long s1 = sys(f, "Journalsystem", u, sysowner);

	/* A classification: its information owner (no role needed), or a
	 * role that may change the asset's classifications. */
	struct jval *cls = parse(f, "{\"classified_on\": \"2026-01-10\", \"confidentiality\": 0, \"integrity\": 0,"
				    " \"availability\": 0, \"traceability\": 0, \"status\": \"decided\","
				    " \"decided_on\": \"2026-01-10\"}");
	jv_set_int(f->a, cls, "asset_id", a1);
	static const char cls_msg[] = "%s may not decide this classification. Name the information owner, or someone whose role lets them change the asset's classifications.";
	assert_null(decided_by(f, "classifications", cls, "decided_by_id", owner));
	assert_null(decided_by(f, "classifications", cls, "decided_by_id", coord));
	assert_null(decided_by(f, "classifications", cls, "decided_by_id", chief));
	assert_string_equal(decided_by(f, "classifications", cls, "decided_by_id", stranger), arena_printf(f->a, cls_msg, "Främling"));
	assert_string_equal(decided_by(f, "classifications", cls, "decided_by_id", far), arena_printf(f->a, cls_msg, "Annan chef"));
	assert_string_equal(decided_by(f, "classifications", cls, "decided_by_id", io), arena_printf(f->a, cls_msg, "Annan informationsägare"));
	assert_string_equal(decided_by(f, "classifications", cls, "decided_by_id", sysowner), arena_printf(f->a, cls_msg, "Systemägare"));
	/* A draft names no decision yet. */
	jv_set_str(f->a, cls, "status", "draft");
	assert_null(decided_by(f, "classifications", cls, "decided_by_id", stranger));

	/* A system decision: the system owner, or a wider role. */
	struct jval *dec = parse(f, "{\"availability\": 2, \"reason\": \"Beroenden\", \"decided_on\": \"2026-01-10\"}");
	jv_set_int(f->a, dec, "system_id", s1);
	static const char dec_msg[] = "%s may not make this decision. Name the system owner, or someone whose role lets them decide on the system's classification.";
	assert_null(decided_by(f, "system-classifications", dec, "decided_by_id", sysowner));
	assert_null(decided_by(f, "system-classifications", dec, "decided_by_id", chief));
	assert_string_equal(decided_by(f, "system-classifications", dec, "decided_by_id", owner), arena_printf(f->a, dec_msg, "Ägare"));
	/* Checked when the name is given (a decision recorded without one is
	 * decided by naming who decided), not on every change. */
	struct verrors errs = { 0 };
	jv_set(dec, "decided_by_id", jv_null(f->a));
	long long d1 = create(f, &f->c, "system-classifications", dec);
	assert_int_equal(record_update(&f->c, E("system-classifications"), d1, one(f, "reason", jv_str(f->a, "Fler beroenden")), &errs), REC_OK);
	assert_int_equal(record_update(&f->c, E("system-classifications"), d1, one(f, "decided_by_id", jv_int(f->a, stranger)), &errs), REC_INVALID);
	assert_string_equal(errs.items[0].field, "decided_by_id");
	clear(&errs);
	assert_int_equal(record_update(&f->c, E("system-classifications"), d1, one(f, "decided_by_id", jv_int(f->a, sysowner)), &errs), REC_OK);

	/* An analysis: its risk owner, the system's owner (who keeps it), or a
	 * wider role. */
	struct jval *an = analysis_of(f, "system", s1, 0);
	jv_set_int(f->a, an, "risk_owner_id", owner);
	jv_set_str(f->a, an, "status", "decided");
	jv_set_str(f->a, an, "decided_on", "2026-01-10");
	static const char an_msg[] = "%s may not decide this analysis. Name the risk owner, or someone whose role lets them change the analysis.";
	assert_null(decided_by(f, "risk-analyses", an, "decided_by_id", owner));
	assert_null(decided_by(f, "risk-analyses", an, "decided_by_id", sysowner));
	assert_null(decided_by(f, "risk-analyses", an, "decided_by_id", coord));
	assert_string_equal(decided_by(f, "risk-analyses", an, "decided_by_id", io), arena_printf(f->a, an_msg, "Annan informationsägare"));
	/* Deciding a draft later is checked too. */
	jv_set_str(f->a, an, "status", "draft");
	jv_del(an, "decided_by_id");
	jv_del(an, "decided_on");
	long long ra = create(f, &f->c, "risk-analyses", an);
	struct jval *decide = parse(f, "{\"status\": \"decided\", \"decided_on\": \"2026-01-10\"}");
	jv_set_int(f->a, decide, "decided_by_id", stranger);
	assert_int_equal(record_update(&f->c, E("risk-analyses"), ra, decide, &errs), REC_INVALID);
	assert_string_equal(verr_get(&errs, "decided_by_id"), arena_printf(f->a, an_msg, "Främling"));
	clear(&errs);

	/* A risk's acceptance: its own risk owner, the analysis's, or a wider
	 * role. */
	struct jval *k = parse(f, "{\"title\": \"Dataläcka\", \"likelihood\": 1, \"consequence\": 2, \"residual_likelihood\": 1,"
				  " \"residual_consequence\": 1, \"accepted_on\": \"2026-01-10\"}");
	jv_set_int(f->a, k, "analysis_id", ra);
	static const char k_msg[] = "%s may not accept this risk. Name the risk owner, or someone whose role lets them change the analysis.";
	assert_null(decided_by(f, "risks", k, "accepted_by_id", owner));
	assert_null(decided_by(f, "risks", k, "accepted_by_id", coord));
	assert_string_equal(decided_by(f, "risks", k, "accepted_by_id", far), arena_printf(f->a, k_msg, "Annan chef"));
	assert_string_equal(decided_by(f, "risks", k, "accepted_by_id", stranger), arena_printf(f->a, k_msg, "Främling"));
	jv_set_int(f->a, k, "risk_owner_id", stranger);
	assert_null(decided_by(f, "risks", k, "accepted_by_id", stranger));
}

/* To accept a risk is decided with its analysis. */
static void test_accept_treatment(void **state)
{
	struct fx *f = *state;
	risk_method(f);
	long long owner = person(f, "Riskägare", NULL);
	struct jval *an = analysis_of(f, "infrastructure", 0, 0);
	jv_set_int(f->a, an, "risk_owner_id", owner);
	long long ra = create(f, &f->c, "risk-analyses", an);
	struct jval *k = parse(f, "{\"title\": \"Avbrott\", \"likelihood\": 1, \"consequence\": 1,"
				  " \"treatment\": \"accept\", \"treatment_reason\": \"Litet\"}");
	jv_set_int(f->a, k, "analysis_id", ra);
	/* A draft's risk to be accepted needs no acceptance yet ... */
	long long risk = create(f, &f->c, "risks", k);
	/* ... but the analysis is not decided while it has none. */
	struct jval *decide = parse(f, "{\"status\": \"decided\", \"decided_on\": \"2026-03-02\"}");
	jv_set_int(f->a, decide, "decided_by_id", owner);
	struct verrors errs = { 0 };
	assert_int_equal(record_update(&f->c, E("risk-analyses"), ra, decide, &errs), REC_INVALID);
	assert_int_equal(errs.n, 1);
	assert_string_equal(verr_get(&errs, "status"),
			    "The risk \"Avbrott\" is to be accepted, but no one has accepted it. Record who accepted it and when, or change its treatment, before the analysis is decided.");
	clear(&errs);
	/* Reduced instead, it may be accepted later (the gap meanwhile). */
	assert_int_equal(record_update(&f->c, E("risks"), risk, one(f, "treatment", jv_str(f->a, "reduce")), &errs), REC_OK);
	assert_int_equal(record_update(&f->c, E("risk-analyses"), ra, decide, &errs), REC_OK);
	/* In a decided analysis, to accept names who, when and what. */
	assert_int_equal(record_update(&f->c, E("risks"), risk, one(f, "treatment", jv_str(f->a, "accept")), &errs), REC_INVALID);
	assert_int_equal(errs.n, 3);
	assert_string_equal(verr_get(&errs, "accepted_by_id"),
			    "Name who accepted the risk: in a decided analysis, a risk to be accepted needs its acceptance.");
	assert_string_equal(verr_get(&errs, "accepted_on"), "Give the date the residual risk was accepted.");
	assert_non_null(verr_get(&errs, "residual_likelihood"));
	clear(&errs);
	struct jval *accept = parse(f, "{\"treatment\": \"accept\", \"residual_likelihood\": 1, \"residual_consequence\": 1,"
				       " \"accepted_on\": \"2026-03-02\"}");
	jv_set_int(f->a, accept, "accepted_by_id", owner);
	assert_int_equal(record_update(&f->c, E("risks"), risk, accept, &errs), REC_OK);
	/* Other treatments in a decided analysis go without. */
	jv_set_str(f->a, k, "treatment", "avoid");
	create(f, &f->c, "risks", k);
}

static void test_permission_manager_unit(void **state)
{
	struct fx *f = *state;
	long long kommun = unit(f, "Kommun", 0);
	long long social = unit(f, "Social", kommun);
	long long hemtjanst = unit(f, "Hemtjänst", social);
	long long skola = unit(f, "Skola", kommun);
	long long in_sub = sys(f, "In subtree", hemtjanst, 0);
	long long outside = sys(f, "Outside", skola, 0);
	long long nounit = sys(f, "No unit", 0, 0);
	struct assignment as = { .role = ROLE_MANAGER, .scope = S_UNIT, .unit_id = social };
	struct actor who = { .user_id = 9, .username = "chef", .via = "api", .org_id = f->org,
			     .person_id = 0, .lang = LANG_EN, .as = &as, .nas = 1 };
	struct rctx c = { .st = f->st, .a = f->a, .who = &who };
	struct verrors errs = { 0 };
	long long id;

	/* Create inside the subtree: the unit itself or below. */
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "New in Hemtjänst");
	jv_set_int(f->a, in, "unit_id", hemtjanst);
	assert_int_equal(record_create(&c, E("systems"), in, &id, &errs), REC_OK);
	jv_set_int(f->a, in, "unit_id", social);
	assert_int_equal(record_create(&c, E("systems"), in, &id, &errs), REC_OK);
	long long count = store_count(f->st, E("systems"), f->org);
	/* Not outside it, not above it, not without a unit. */
	jv_set_int(f->a, in, "unit_id", skola);
	assert_int_equal(record_create(&c, E("systems"), in, &id, &errs), REC_FORBIDDEN);
	jv_set_int(f->a, in, "unit_id", kommun);
	assert_int_equal(record_create(&c, E("systems"), in, &id, &errs), REC_FORBIDDEN);
	jv_del(in, "unit_id");
	assert_int_equal(record_create(&c, E("systems"), in, &id, &errs), REC_FORBIDDEN);
	assert_int_equal(errs.n, 0);
	assert_int_equal(store_count(f->st, E("systems"), f->org), count);

	/* Update inside: yes; moving within the subtree: yes. */
	assert_int_equal(record_update(&c, E("systems"), in_sub, one(f, "purpose", jv_str(f->a, "Care")), &errs), REC_OK);
	assert_int_equal(record_update(&c, E("systems"), in_sub, one(f, "unit_id", jv_int(f->a, social)), &errs), REC_OK);
	/* Moving out of the subtree: no. */
	assert_int_equal(record_update(&c, E("systems"), in_sub, one(f, "unit_id", jv_int(f->a, skola)), &errs), REC_FORBIDDEN);
	assert_int_equal(record_update(&c, E("systems"), in_sub, one(f, "unit_id", jv_null(f->a)), &errs), REC_FORBIDDEN);
	assert_int_equal(jv_get_int(get(f, "systems", in_sub), "unit_id", 0), social);
	/* Records outside: read, never write. */
	assert_int_equal(record_update(&c, E("systems"), outside, one(f, "purpose", jv_str(f->a, "X")), &errs), REC_FORBIDDEN);
	assert_int_equal(record_update(&c, E("systems"), nounit, one(f, "purpose", jv_str(f->a, "X")), &errs), REC_FORBIDDEN);
	/* Nor pulled into the subtree. */
	assert_int_equal(record_update(&c, E("systems"), outside, one(f, "unit_id", jv_int(f->a, social)), &errs), REC_FORBIDDEN);
	assert_int_equal(record_delete(&c, E("systems"), outside, &errs), REC_FORBIDDEN);
	assert_int_equal(record_allows(&c, E("systems"), A_READ, get(f, "systems", outside)), 1);
	/* Delete inside. */
	assert_int_equal(record_delete(&c, E("systems"), in_sub, &errs), REC_OK);
	/* Suppliers belong to no unit: read only for managers. */
	assert_int_equal(record_create(&c, E("suppliers"), one(f, "name", jv_str(f->a, "S")), &id, &errs), REC_FORBIDDEN);
}

static void test_permission_manager_units(void **state)
{
	struct fx *f = *state;
	long long kommun = unit(f, "Kommun", 0);
	long long social = unit(f, "Social", kommun);
	long long hemtjanst = unit(f, "Hemtjänst", social);
	long long skola = unit(f, "Skola", kommun);
	struct assignment as = { .role = ROLE_MANAGER, .scope = S_UNIT, .unit_id = social };
	struct actor who = { .user_id = 9, .username = "chef", .via = "ui", .org_id = f->org,
			     .lang = LANG_EN, .as = &as, .nas = 1 };
	struct rctx c = { .st = f->st, .a = f->a, .who = &who };
	struct verrors errs = { 0 };
	long long id;

	/* New units below their own. */
	struct jval *in = jv_obj(f->a);
	jv_set_str(f->a, in, "name", "Äldreboende");
	jv_set_int(f->a, in, "parent_id", hemtjanst);
	assert_int_equal(record_create(&c, E("units"), in, &id, &errs), REC_OK);
	long long aldre = id;
	jv_set_int(f->a, in, "parent_id", skola);
	assert_int_equal(record_create(&c, E("units"), in, &id, &errs), REC_FORBIDDEN);
	jv_del(in, "parent_id");
	assert_int_equal(record_create(&c, E("units"), in, &id, &errs), REC_FORBIDDEN);
	/* Renaming inside, the unit of the assignment included: yes. */
	assert_int_equal(record_update(&c, E("units"), hemtjanst, one(f, "name", jv_str(f->a, "Hemtjänsten")), &errs), REC_OK);
	assert_int_equal(record_update(&c, E("units"), social, one(f, "code", jv_str(f->a, "SOC")), &errs), REC_OK);
	assert_int_equal(record_update(&c, E("units"), kommun, one(f, "code", jv_str(f->a, "KS")), &errs), REC_FORBIDDEN);
	assert_int_equal(record_update(&c, E("units"), skola, one(f, "name", jv_str(f->a, "X")), &errs), REC_FORBIDDEN);
	/* Moving within the subtree: yes. */
	assert_int_equal(record_update(&c, E("units"), aldre, one(f, "parent_id", jv_int(f->a, social)), &errs), REC_OK);
	/* Moving a unit out of the subtree: no. */
	assert_int_equal(record_update(&c, E("units"), aldre, one(f, "parent_id", jv_int(f->a, skola)), &errs), REC_FORBIDDEN);
	assert_int_equal(record_update(&c, E("units"), hemtjanst, one(f, "parent_id", jv_null(f->a)), &errs), REC_FORBIDDEN);
	assert_int_equal(jv_get_int(get(f, "units", aldre), "parent_id", 0), social);
	assert_int_equal(jv_get_int(get(f, "units", hemtjanst), "parent_id", 0), social);
	/* Pulling a unit from outside in: no. */
	assert_int_equal(record_update(&c, E("units"), skola, one(f, "parent_id", jv_int(f->a, social)), &errs), REC_FORBIDDEN);
}

static void test_caller_transaction(void **state)
{
	struct fx *f = *state;
	long long gen = store_generation(f->st);
	struct rctx c = f->c;
	c.in_tx = 1;
	assert_int_equal(store_begin(f->st), STORE_OK);
	long long a = create(f, &c, "units", one(f, "name", jv_str(f->a, "A")));
	create(f, &c, "units", one(f, "name", jv_str(f->a, "B")));
	/* A failure leaves the caller's transaction open and usable. */
	struct verrors errs = { 0 };
	long long id;
	assert_int_equal(record_create(&c, E("units"), one(f, "kind", jv_str(f->a, "other")), &id, &errs), REC_INVALID);
	assert_int_equal(store_generation(f->st), gen + 2);
	assert_int_equal(store_exists(f->st, E("units"), f->org, a), 1);
	store_rollback(f->st);
	assert_int_equal(store_generation(f->st), gen);
	assert_int_equal(store_exists(f->st, E("units"), f->org, a), 0);
	/* Committed by the caller. */
	assert_int_equal(store_begin(f->st), STORE_OK);
	create(f, &c, "units", one(f, "name", jv_str(f->a, "C")));
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_generation(f->st), gen + 1);
	long long checked;
	struct audit_problem p;
	assert_int_equal(store_audit_verify(f->st, &checked, &p), STORE_OK);
}

/* Last: loads the catalogues, after which tr() translates. */
static void test_swedish_labels(void **state)
{
	struct fx *f = *state;
	char err[256] = "";
	if (i18n_init(err, sizeof err) != 0)
		fail_msg("i18n_init: %s", err);
	f->c.allow_names = 1;
	/* Swedish labels, as a Swedish spreadsheet would have them ... */
	expect_str(ok_text(f, "systems", "lifecycle", "I drift"), "in_use");
	expect_str(ok_text(f, "systems", "lifecycle", "i drift"), "in_use");
	expect_str(ok_text(f, "systems", "lifecycle", "AVVECKLAT"), "retired");
	expect_str(ok_text(f, "systems", "support_hours", "Kontorstid"), "office");
	/* ... and English ones still. */
	expect_str(ok_text(f, "systems", "lifecycle", "In use"), "in_use");
	expect_str(ok_text(f, "systems", "support_hours", "office hours"), "office");
	f->c.allow_names = 0;
	bad_text(f, "systems", "lifecycle", "I drift", "Choose one of the listed values.");
	/* Messages in the actor's language. */
	f->cli.lang = LANG_SV;
	struct verrors errs = { 0 };
	assert_null(record_value_from_text(&f->c, E("systems"), F("systems", "lifecycle"), "kanske", &errs));
	assert_int_equal(errs.n, 1);
	assert_string_not_equal(errs.items[0].message, "Choose one of the listed values.");
	assert_string_equal(errs.items[0].message, tr(LANG_SV, "Choose one of the listed values."));
	f->cli.lang = LANG_EN;
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_text),
		T(test_int),
		T(test_bool),
		T(test_enum),
		T(test_date),
		T(test_email),
		T(test_ref),
		T(test_refs),
		T(test_from_json),
		T(test_value_text),
		T(test_create_defaults_and_audit),
		T(test_update_changes_only),
		T(test_update_links_in_any_order),
		T(test_delete),
		T(test_required_and_unique),
		cmocka_unit_test_setup_teardown(test_verrors_limit, setup, teardown),
		T(test_inactive_person),
		T(test_unit_cycle_rule),
		T(test_system_self_dependency),
		T(test_unit_depth_rule),
		T(test_agreement_dates),
		T(test_role_scope_rules),
		T(test_permission_system_owner),
		T(test_permission_system_owner_analyses),
		T(test_decisions_kept),
		T(test_deciders),
		T(test_accept_treatment),
		T(test_permission_manager_unit),
		T(test_permission_manager_units),
		T(test_caller_transaction),
		T(test_swedish_labels), /* must stay last: it initialises i18n */
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
