/*
 * test_registry: the entity registry (src/model/) held against the schema
 * the migrations make, and against itself — so that a field without its
 * column, a reference to a table that is not there, a missing link table
 * or a search index left out fails `make check`, not a user.
 *
 * For every entity: its table with id, org_id, created_at, updated_at and
 * search; every field a column of the type its kind is stored as (text or
 * integer), a reference a foreign key to the table of the entity it names,
 * several references a link table (from_id, to_id) with both foreign keys;
 * the trigram search index and its three triggers. The names the registry
 * gives as fields (title, unit, scope, sort, tree, active, title prefix)
 * are fields of the right kind. And the route table: what kept pages read
 * are entities or derived areas.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/entity.h"
#include "store/store.h"
#include "web/http.h"

static char dir[64], path[128];
static sqlite3 *db;

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/tillit-registry-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/test.db", dir);
	struct store *st;
	char err[256];
	int applied;
	if (store_open(path, 1, &st, err, sizeof err) != STORE_OK || store_migrate(st, &applied, err, sizeof err) != STORE_OK)
		return -1;
	store_close(st);
	return sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	sqlite3_close(db);
	char p[160];
	static const char *const files[] = { "test.db", "test.db-wal", "test.db-shm" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

/* The declared type of column col of table, "" when there is no such
 * column (into type[32]). */
static void column_type(const char *table, const char *col, char type[32])
{
	type[0] = 0;
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT type FROM pragma_table_info('%s') WHERE name = ?", table);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, col, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(type, 32, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* 1 when table's column col is a foreign key to target's id. */
static int foreign_key(const char *table, const char *col, const char *target)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_foreign_key_list('%s') WHERE \"from\" = ? AND \"table\" = ?",
		 table);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, col, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, target, -1, SQLITE_STATIC);
	int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return n > 0;
}

static int exists(const char *type, const char *name)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?", -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return n > 0;
}

static int failures;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "registry: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	failures++;
}

static const char *stored_as(enum ftype t)
{
	switch (t) {
	case F_INT:
	case F_BOOL:
	case F_REF:
		return "INTEGER";
	case F_REFS:
		return NULL;
	default:
		return "TEXT";
	}
}

static void expect_column(const struct entity *e, const char *col, const char *type)
{
	char have[32];
	column_type(e->table, col, have);
	if (!*have)
		problem("%s: no column %s in table %s", e->name, col, e->table);
	else if (strcmp(have, type) != 0)
		problem("%s.%s: declared %s, stored as %s", e->name, col, type, have);
}

/* name names a field of e (of kind want, or any kind when want < 0). */
static void expect_field(const struct entity *e, const char *what, const char *name, int want)
{
	if (!name)
		return;
	if (strcmp(name, "id") == 0 && strcmp(what, "unit_field") == 0)
		return;
	const struct field *f = entity_field(e, name);
	if (!f)
		problem("%s: %s \"%s\" is not one of its fields", e->name, what, name);
	else if (want >= 0 && f->type != (enum ftype)want)
		problem("%s: %s \"%s\" is not of the kind it must be", e->name, what, name);
}

static void check_entity(const struct entity *e)
{
	if (!exists("table", e->table)) {
		problem("%s: no table %s", e->name, e->table);
		return;
	}
	expect_column(e, "id", "INTEGER");
	expect_column(e, "org_id", "INTEGER");
	expect_column(e, "created_at", "TEXT");
	expect_column(e, "updated_at", "TEXT");
	expect_column(e, "search", "TEXT");
	for (const struct field *f = e->fields; f->name; f++) {
		if ((f->type == F_REF || f->type == F_REFS) && !f->ref) {
			problem("%s.%s: a reference that names no entity", e->name, f->name);
			continue;
		}
		if (f->type == F_REFS) {
			if (!f->link_table || !exists("table", f->link_table)) {
				problem("%s.%s: no link table %s", e->name, f->name, f->link_table ? f->link_table : "(none named)");
				continue;
			}
			if (!foreign_key(f->link_table, "from_id", e->table))
				problem("%s.%s: %s.from_id is not a key of %s", e->name, f->name, f->link_table, e->table);
			if (!foreign_key(f->link_table, "to_id", f->ref->table))
				problem("%s.%s: %s.to_id is not a key of %s", e->name, f->name, f->link_table, f->ref->table);
			continue;
		}
		expect_column(e, f->name, stored_as(f->type));
		if (f->type == F_REF && !foreign_key(e->table, f->name, f->ref->table))
			problem("%s.%s: not a foreign key to %s", e->name, f->name, f->ref->table);
		if (f->type == F_ENUM && !f->options)
			problem("%s.%s: a choice without options", e->name, f->name);
	}
	/* The search index, kept by triggers (migration 0002's pattern). */
	char name[96];
	snprintf(name, sizeof name, "%s_fts", e->table);
	if (!exists("table", name))
		problem("%s: no search index %s", e->name, name);
	static const char *const triggers[] = { "insert", "delete", "update" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "%s_fts_%s", e->table, triggers[i]);
		if (!exists("trigger", name))
			problem("%s: no trigger %s", e->name, name);
	}
	expect_field(e, "title_field", e->title_field, -1);
	expect_field(e, "unit_field", e->unit_field, F_REF);
	expect_field(e, "scope_via", e->scope_via, F_REF);
	expect_field(e, "default_sort", e->default_sort, -1);
	expect_field(e, "tree_parent", e->tree_parent, F_REF);
	expect_field(e, "title_prefix", e->title_prefix, F_REF);
	expect_field(e, "active_field", e->active_field, F_BOOL);
	if (e->tree_parent && entity_field(e, e->tree_parent) && entity_field(e, e->tree_parent)->ref != e)
		problem("%s: tree_parent does not refer to the entity itself", e->name);
}

static void test_registry_matches_schema(void **state)
{
	(void)state;
	failures = 0;
	size_t n = 0;
	for (size_t i = 0; entity_all[i]; i++, n++) {
		check_entity(entity_all[i]);
		for (size_t k = 0; k < i; k++)
			if (strcmp(entity_all[k]->name, entity_all[i]->name) == 0)
				problem("%s: declared twice", entity_all[i]->name);
	}
	assert_true(n >= 20);
	assert_int_equal(failures, 0);
}

/* The checks above can fail: a table the registry names that the schema
 * does not have is found. */
static void test_checks_can_fail(void **state)
{
	(void)state;
	static const struct field fields[] = {
		{ .name = "name", .type = F_TEXT, .label = "Name" },
		{ .name = "owner_id", .type = F_REF, .label = "Owner", .ref = &entity_people },
		{ .name = "nothing_ids", .type = F_REFS, .label = "Nothing", .ref = &entity_units, .link_table = "no_such_links" },
		{ 0 },
	};
	const struct entity ghost = { .name = "ghosts", .table = "systems", .fields = fields, .title_field = "title" };
	failures = 0;
	check_entity(&ghost);
	/* systems.owner_id is there, nothing_ids' link table and the title
	 * field are not. */
	assert_int_equal(failures, 2);
	const struct entity gone = { .name = "gone", .table = "no_such_table", .fields = fields, .title_field = "name" };
	failures = 0;
	check_entity(&gone);
	assert_int_equal(failures, 1);
}

/* Every entity can be named in a sentence ("Enheten X har lagts till"),
 * and every one a user creates has a title for its form and says what to
 * do when its list is empty. */
static void test_entity_words(void **state)
{
	(void)state;
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity *e = entity_all[i];
		if (!e->the)
			fail_msg("%s: no .the", e->name);
		if (!e->no_create && !e->new_title)
			fail_msg("%s: no .new_title", e->name);
		if (!e->no_create && !e->singleton && !e->empty)
			fail_msg("%s: no .empty", e->name);
	}
}

static void test_routes(void **state)
{
	(void)state;
	char err[256] = "";
	int rc = router_check(err, sizeof err);
	if (rc)
		fprintf(stderr, "routes: %s\n", err);
	assert_int_equal(rc, 0);
}

/* Each panel is a bit of its own: two panels sharing a value draw one
 * entity's panel on another's pages (a training session showed a
 * governing document's draft version). */
static void test_panels_distinct(void **state)
{
	(void)state;
	static const unsigned panels[] = { PANEL_CLASSIFICATION, PANEL_SYSTEM_CLASS, PANEL_SOA, PANEL_ANALYSES, PANEL_CADENCE,
					   PANEL_PASSWORD, PANEL_INCIDENT, PANEL_IMPACT, PANEL_FINDING, PANEL_ATTENDANCE,
					   PANEL_DOCUMENT, PANEL_DOC_VERSION };
	unsigned seen = 0;
	for (size_t i = 0; i < sizeof panels / sizeof *panels; i++) {
		assert_int_equal(panels[i] & (panels[i] - 1), 0); /* one bit */
		assert_int_equal(seen & panels[i], 0);
		seen |= panels[i];
	}
	/* And no two entities that are not the same kind of record share
	 * the training and the documents panels. */
	for (size_t i = 0; entity_all[i]; i++) {
		unsigned p = entity_all[i]->panels;
		assert_false((p & PANEL_ATTENDANCE) && (p & (PANEL_DOCUMENT | PANEL_DOC_VERSION)));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_matches_schema),
		cmocka_unit_test(test_panels_distinct),
		cmocka_unit_test(test_checks_can_fail),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_entity_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
