/*
 * test_access: the permission rules in src/core/access.c — every grant kind
 * (G_ALL, G_SCOPED, G_OWNED) against every assignment scope (organisation,
 * unit, record), the entity-level question (obj NULL), creation, people
 * without a person id, unknown roles and the role code table. See
 * docs/permissions.md for the semantics being checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/access.h"
#include "model/entity.h"

/* ---- helpers ------------------------------------------------------------ */

/* A record as the access rules see it: its owner fields by name. */
struct fake_rec {
	long long owner_id;
	long long administrator_id;
};

static int owner_calls;

static int fake_owns(const void *rec, const char *field, long long person)
{
	const struct fake_rec *r = rec;
	owner_calls++;
	if (strcmp(field, "owner_id") == 0)
		return r->owner_id == person;
	if (strcmp(field, "administrator_id") == 0)
		return r->administrator_id == person;
	/* Read through a reference: the record's system's owner, say. */
	if (strcmp(field, "system_id.owner_id") == 0)
		return r->owner_id == person;
	return 0; /* a field the test never declares */
}

/* An object of entity "systems" with id, unit chain and owners. */
static struct access_object obj_of(const char *entity, long long id, const long long *units,
				   size_t nunits, const struct fake_rec *rec)
{
	struct access_object o = {
		.entity = entity, .id = id, .units = units, .nunits = nunits,
		.owns = rec ? fake_owns : NULL, .rec = rec,
	};
	return o;
}

static struct assignment org_as(enum role r)
{
	return (struct assignment){ .role = r, .scope = S_ORG };
}

static struct assignment unit_as(enum role r, long long unit)
{
	return (struct assignment){ .role = r, .scope = S_UNIT, .unit_id = unit };
}

static struct assignment record_as(enum role r, const char *entity, long long id)
{
	return (struct assignment){ .role = r, .scope = S_RECORD, .entity = entity, .record_id = id };
}

static int allows(const struct grant *g, long long person, const struct assignment *as, size_t n,
		  unsigned action, const struct access_object *obj)
{
	struct access_subject who = { .person_id = person, .as = as, .n = n };
	return access_allows(g, &who, action, obj);
}

/* Unit tree used throughout: 1 (root) > 2 > 3, and 1 > 4. A record in
 * unit 3 carries the chain {3, 2, 1}; in unit 4 the chain {4, 1}. */
static const long long chain3[] = { 3, 2, 1 };
static const long long chain4[] = { 4, 1 };
static const long long chain2[] = { 2, 1 };

/* ---- G_ALL -------------------------------------------------------------- */

static void test_all_ignores_scope(void **state)
{
	(void)state;
	static const struct grant g[] = {
		{ ROLE_AUDITOR, A_READ, G_ALL, NULL },
		{ ROLE_NONE, 0, G_ALL, NULL },
	};
	struct fake_rec rec = { 0, 0 };
	struct access_object in3 = obj_of("systems", 10, chain3, 3, &rec);
	struct access_object nounit = obj_of("systems", 11, NULL, 0, &rec);
	struct assignment as[3] = {
		org_as(ROLE_AUDITOR), unit_as(ROLE_AUDITOR, 4), record_as(ROLE_AUDITOR, "systems", 99),
	};
	/* Whatever the scope of the assignment, G_ALL reaches every record. */
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(allows(g, 7, &as[i], 1, A_READ, &in3), 1);
		assert_int_equal(allows(g, 7, &as[i], 1, A_READ, &nounit), 1);
		assert_int_equal(allows(g, 7, &as[i], 1, A_READ, NULL), 1);
		/* ... but only for the actions granted. */
		assert_int_equal(allows(g, 7, &as[i], 1, A_UPDATE, &in3), 0);
		assert_int_equal(allows(g, 7, &as[i], 1, A_DELETE, &in3), 0);
		assert_int_equal(allows(g, 7, &as[i], 1, A_CREATE, NULL), 0);
	}
	/* Another role gets nothing from this grant. */
	struct assignment other = org_as(ROLE_EMPLOYEE);
	assert_int_equal(allows(g, 7, &other, 1, A_READ, &in3), 0);
	assert_int_equal(allows(g, 7, &other, 1, A_READ, NULL), 0);
}

static void test_all_create(void **state)
{
	(void)state;
	static const struct grant g[] = {
		{ ROLE_COORDINATOR, A_ALL, G_ALL, NULL },
		{ ROLE_NONE, 0, G_ALL, NULL },
	};
	struct assignment as = unit_as(ROLE_COORDINATOR, 4);
	/* A new record (id 0) anywhere, even outside the assignment's unit. */
	struct access_object fresh = obj_of("systems", 0, chain3, 3, NULL);
	struct access_object fresh_nounit = obj_of("systems", 0, NULL, 0, NULL);
	assert_int_equal(allows(g, 1, &as, 1, A_CREATE, &fresh), 1);
	assert_int_equal(allows(g, 1, &as, 1, A_CREATE, &fresh_nounit), 1);
	assert_int_equal(allows(g, 1, &as, 1, A_CREATE, NULL), 1);
	assert_int_equal(allows(g, 0, &as, 1, A_DELETE, &fresh), 1);
}

/* ---- every record (access_allows_every) ---------------------------------- */

/* "Every record" is what a list decides once for all its rows: G_ALL
 * whatever the scope, G_SCOPED only on the whole organisation, G_OWNED
 * never (what a person owns is decided record by record). */
static void test_every_record(void **state)
{
	(void)state;
	static const struct grant g[] = {
		{ ROLE_AUDITOR, A_READ, G_ALL, NULL },
		{ ROLE_MANAGER, A_READ, G_SCOPED, NULL },
		{ ROLE_SYSTEM_OWNER, A_READ, G_OWNED, "owner_id" },
		{ ROLE_NONE, 0, G_ALL, NULL },
	};
	struct access_subject who = { .person_id = 7 };
	struct assignment as[] = {
		record_as(ROLE_AUDITOR, "systems", 3), org_as(ROLE_MANAGER), unit_as(ROLE_MANAGER, 4),
		org_as(ROLE_SYSTEM_OWNER), org_as(ROLE_EMPLOYEE),
	};
	static const int every[] = { 1, 1, 0, 0, 0 };
	static const int some[] = { 1, 1, 1, 1, 0 };
	for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
		who.as = &as[i];
		who.n = 1;
		assert_int_equal(access_allows_every(g, &who, A_READ), every[i]);
		/* Never more than "some record" answers. */
		assert_int_equal(access_allows(g, &who, A_READ, NULL), some[i]);
		assert_int_equal(access_allows_every(g, &who, A_UPDATE), 0);
	}
	/* A unit-scoped manager with an organisation-wide one reads all. */
	who.as = &as[1];
	who.n = 2;
	assert_int_equal(access_allows_every(g, &who, A_READ), 1);
	assert_int_equal(access_allows_every(NULL, &who, A_READ), 0);
	assert_int_equal(access_allows_every(g, NULL, A_READ), 0);
}

/* ---- G_SCOPED ----------------------------------------------------------- */

static const struct grant scoped[] = {
	{ ROLE_MANAGER, A_READ, G_ALL, NULL },
	{ ROLE_MANAGER, A_CREATE | A_UPDATE | A_DELETE, G_SCOPED, NULL },
	{ ROLE_NONE, 0, G_ALL, NULL },
};

static void test_scoped_org(void **state)
{
	(void)state;
	struct assignment as = org_as(ROLE_MANAGER);
	struct access_object in3 = obj_of("systems", 5, chain3, 3, NULL);
	struct access_object nounit = obj_of("systems", 6, NULL, 0, NULL);
	struct access_object fresh = obj_of("systems", 0, NULL, 0, NULL);
	/* Organisation-wide: every record, with or without a unit. */
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &in3), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_DELETE, &nounit), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_CREATE, &fresh), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_CREATE, NULL), 1);
}

static void test_scoped_unit(void **state)
{
	(void)state;
	struct assignment as = unit_as(ROLE_MANAGER, 2);
	struct access_object in3 = obj_of("systems", 5, chain3, 3, NULL);
	struct access_object in2 = obj_of("systems", 6, chain2, 2, NULL);
	struct access_object in4 = obj_of("systems", 7, chain4, 2, NULL);
	static const long long root[] = { 1 };
	struct access_object in1 = obj_of("systems", 8, root, 1, NULL);
	struct access_object nounit = obj_of("systems", 9, NULL, 0, NULL);

	/* The unit itself and everything below it. */
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &in2), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &in3), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_DELETE, &in3), 1);
	/* Not a sibling, not the parent, not a record without a unit. */
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &in4), 0);
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &in1), 0);
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &nounit), 0);
	/* Reading is G_ALL for managers: everything. */
	assert_int_equal(allows(scoped, 1, &as, 1, A_READ, &in4), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_READ, &nounit), 1);

	/* Creating: the new record's unit decides. */
	struct access_object new3 = obj_of("systems", 0, chain3, 3, NULL);
	struct access_object new4 = obj_of("systems", 0, chain4, 2, NULL);
	struct access_object new_nounit = obj_of("systems", 0, NULL, 0, NULL);
	assert_int_equal(allows(scoped, 1, &as, 1, A_CREATE, &new3), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_CREATE, &new4), 0);
	assert_int_equal(allows(scoped, 1, &as, 1, A_CREATE, &new_nounit), 0);
	/* Entity level: a unit assignment may create somewhere. */
	assert_int_equal(allows(scoped, 1, &as, 1, A_CREATE, NULL), 1);

	/* Only the chain counts, not the numeric relation of ids. */
	struct assignment as3 = unit_as(ROLE_MANAGER, 3);
	assert_int_equal(allows(scoped, 1, &as3, 1, A_UPDATE, &in2), 0);
	assert_int_equal(allows(scoped, 1, &as3, 1, A_UPDATE, &in3), 1);
}

static void test_scoped_record(void **state)
{
	(void)state;
	struct assignment as = record_as(ROLE_MANAGER, "systems", 42);
	struct access_object s42 = obj_of("systems", 42, chain3, 3, NULL);
	struct access_object s43 = obj_of("systems", 43, chain3, 3, NULL);
	struct access_object p42 = obj_of("processes", 42, chain3, 3, NULL);
	struct access_object fresh = obj_of("systems", 0, chain3, 3, NULL);
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &s42), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_DELETE, &s42), 1);
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &s43), 0);
	/* Same number, other entity. */
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &p42), 0);
	/* A record scope never covers a record being created, not even a
	 * malformed one naming record 0. */
	assert_int_equal(allows(scoped, 1, &as, 1, A_CREATE, &fresh), 0);
	struct assignment zero = record_as(ROLE_MANAGER, "systems", 0);
	assert_int_equal(allows(scoped, 1, &zero, 1, A_CREATE, &fresh), 0);
	assert_int_equal(allows(scoped, 1, &zero, 1, A_UPDATE, &fresh), 0);
	/* A record assignment without its entity grants nothing. */
	struct assignment broken = record_as(ROLE_MANAGER, NULL, 42);
	assert_int_equal(allows(scoped, 1, &broken, 1, A_UPDATE, &s42), 0);
	/* An object without entity name is never matched by a record scope. */
	struct access_object anon = obj_of(NULL, 42, chain3, 3, NULL);
	assert_int_equal(allows(scoped, 1, &as, 1, A_UPDATE, &anon), 0);
}

static void test_several_assignments(void **state)
{
	(void)state;
	/* Any one assignment that covers the record is enough. */
	struct assignment as[3] = {
		unit_as(ROLE_MANAGER, 4),
		record_as(ROLE_MANAGER, "systems", 42),
		unit_as(ROLE_EMPLOYEE, 2),
	};
	struct access_object in3 = obj_of("systems", 5, chain3, 3, NULL);
	struct access_object in4 = obj_of("systems", 6, chain4, 2, NULL);
	struct access_object s42 = obj_of("systems", 42, chain3, 3, NULL);
	assert_int_equal(allows(scoped, 1, as, 3, A_UPDATE, &in4), 1);
	assert_int_equal(allows(scoped, 1, as, 3, A_UPDATE, &s42), 1);
	/* Unit 2 is held, but as employee, which has no scoped grant. */
	assert_int_equal(allows(scoped, 1, as, 3, A_UPDATE, &in3), 0);
	/* No assignments: nothing. */
	assert_int_equal(allows(scoped, 1, as, 0, A_READ, &in3), 0);
	assert_int_equal(allows(scoped, 1, NULL, 0, A_READ, NULL), 0);
}

/* ---- G_OWNED ------------------------------------------------------------ */

static const struct grant owned[] = {
	{ ROLE_SYSTEM_OWNER, A_READ, G_ALL, NULL },
	{ ROLE_SYSTEM_OWNER, A_CREATE | A_UPDATE | A_DELETE, G_OWNED, "owner_id" },
	{ ROLE_SYSTEM_ADMIN, A_UPDATE, G_OWNED, "administrator_id" },
	{ ROLE_NONE, 0, G_ALL, NULL },
};

static void test_owned_org_scope(void **state)
{
	(void)state;
	struct assignment as = org_as(ROLE_SYSTEM_OWNER);
	struct fake_rec mine = { .owner_id = 7, .administrator_id = 8 };
	struct fake_rec theirs = { .owner_id = 9, .administrator_id = 7 };
	struct fake_rec nobody = { 0, 0 };
	struct access_object o_mine = obj_of("systems", 1, chain3, 3, &mine);
	struct access_object o_theirs = obj_of("systems", 2, chain3, 3, &theirs);
	struct access_object o_nobody = obj_of("systems", 3, NULL, 0, &nobody);

	owner_calls = 0;
	assert_int_equal(allows(owned, 7, &as, 1, A_UPDATE, &o_mine), 1);
	assert_true(owner_calls > 0);
	assert_int_equal(allows(owned, 7, &as, 1, A_DELETE, &o_mine), 1);
	/* Administrator of "theirs", but the system owner grant looks at
	 * owner_id only. An organisation-wide assignment adds nothing. */
	assert_int_equal(allows(owned, 7, &as, 1, A_UPDATE, &o_theirs), 0);
	assert_int_equal(allows(owned, 7, &as, 1, A_UPDATE, &o_nobody), 0);
	/* Reading is G_ALL. */
	assert_int_equal(allows(owned, 7, &as, 1, A_READ, &o_theirs), 1);

	/* The system administrator grant looks at administrator_id. */
	struct assignment adm = org_as(ROLE_SYSTEM_ADMIN);
	assert_int_equal(allows(owned, 7, &adm, 1, A_UPDATE, &o_theirs), 1);
	assert_int_equal(allows(owned, 7, &adm, 1, A_UPDATE, &o_mine), 0);
	assert_int_equal(allows(owned, 8, &adm, 1, A_UPDATE, &o_mine), 1);
	/* ... and only for the actions it names. */
	assert_int_equal(allows(owned, 7, &adm, 1, A_DELETE, &o_theirs), 0);
	assert_int_equal(allows(owned, 7, &adm, 1, A_READ, &o_theirs), 0);

	/* Without an owner callback the owner is unknown: nothing. */
	struct access_object no_cb = obj_of("systems", 1, chain3, 3, NULL);
	assert_int_equal(allows(owned, 7, &as, 1, A_UPDATE, &no_cb), 0);
}

static void test_owned_unit_and_record_scope(void **state)
{
	(void)state;
	struct fake_rec theirs = { .owner_id = 9 };
	struct fake_rec mine = { .owner_id = 7 };
	struct access_object in3 = obj_of("systems", 1, chain3, 3, &theirs);
	struct access_object in4 = obj_of("systems", 2, chain4, 2, &theirs);
	struct access_object mine4 = obj_of("systems", 3, chain4, 2, &mine);

	/* A unit scope adds the records inside it. */
	struct assignment u2 = unit_as(ROLE_SYSTEM_OWNER, 2);
	assert_int_equal(allows(owned, 7, &u2, 1, A_UPDATE, &in3), 1);
	assert_int_equal(allows(owned, 7, &u2, 1, A_UPDATE, &in4), 0);
	/* Ownership still counts outside the unit. */
	assert_int_equal(allows(owned, 7, &u2, 1, A_UPDATE, &mine4), 1);

	/* A record scope adds that record. */
	struct assignment r2 = record_as(ROLE_SYSTEM_OWNER, "systems", 2);
	assert_int_equal(allows(owned, 7, &r2, 1, A_UPDATE, &in4), 1);
	assert_int_equal(allows(owned, 7, &r2, 1, A_UPDATE, &in3), 0);
	assert_int_equal(allows(owned, 7, &r2, 1, A_UPDATE, &mine4), 1);
}

static void test_owned_never_creates(void **state)
{
	(void)state;
	struct fake_rec mine = { .owner_id = 7 };
	struct access_object fresh_mine = obj_of("systems", 0, chain3, 3, &mine);
	struct assignment scopes[3] = {
		org_as(ROLE_SYSTEM_OWNER), unit_as(ROLE_SYSTEM_OWNER, 2),
		record_as(ROLE_SYSTEM_OWNER, "systems", 0),
	};
	for (size_t i = 0; i < 3; i++) {
		/* The grant lists A_CREATE, but G_OWNED can never create: not
		 * a record naming the person, not one inside a unit scope, not
		 * at entity level. */
		assert_int_equal(allows(owned, 7, &scopes[i], 1, A_CREATE, &fresh_mine), 0);
		assert_int_equal(allows(owned, 7, &scopes[i], 1, A_CREATE, NULL), 0);
		/* At entity level it may update some record. */
		assert_int_equal(allows(owned, 7, &scopes[i], 1, A_UPDATE, NULL), 1);
	}
	/* The real registry: a system owner cannot create systems, an
	 * information owner cannot create information assets. */
	struct assignment so = org_as(ROLE_SYSTEM_OWNER), io = org_as(ROLE_INFO_OWNER);
	assert_int_equal(allows(entity_systems.grants, 7, &so, 1, A_CREATE, NULL), 0);
	assert_int_equal(allows(entity_systems.grants, 7, &so, 1, A_UPDATE, NULL), 1);
	assert_int_equal(allows(entity_information_assets.grants, 7, &io, 1, A_CREATE, NULL), 0);
	assert_int_equal(allows(entity_information_assets.grants, 7, &io, 1, A_UPDATE, NULL), 1);
}

static void test_handover(void **state)
{
	(void)state;
	static const struct grant g[] = {
		{ ROLE_COORDINATOR, A_ALL, G_ALL, NULL },
		{ ROLE_MANAGER, A_WRITE, G_SCOPED, NULL },
		{ ROLE_SYSTEM_OWNER, A_UPDATE, G_OWNED, "owner_id" },
		{ ROLE_SYSTEM_ADMIN, A_UPDATE, G_OWNED, "administrator_id" },
		{ ROLE_AUDITOR, A_READ, G_ALL, NULL },
		{ ROLE_NONE, 0, G_ALL, NULL },
	};
	struct fake_rec rec = { .owner_id = 7, .administrator_id = 7 };
	struct access_object o = obj_of("systems", 1, chain3, 3, &rec);
	/* Owning a record, by either field and through any scope, gives the
	 * update but never the handover. */
	struct assignment owners[] = {
		org_as(ROLE_SYSTEM_OWNER), org_as(ROLE_SYSTEM_ADMIN), unit_as(ROLE_SYSTEM_OWNER, 2),
		record_as(ROLE_SYSTEM_ADMIN, "systems", 1),
	};
	for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++) {
		assert_int_equal(allows(g, 7, &owners[i], 1, A_UPDATE, &o), 1);
		assert_int_equal(allows(g, 7, &owners[i], 1, A_HANDOVER, &o), 0);
		assert_int_equal(allows(g, 7, &owners[i], 1, A_HANDOVER, NULL), 0);
	}
	/* A wider role does, inside its scope; reading alone does not. */
	struct assignment coord = org_as(ROLE_COORDINATOR), m2 = unit_as(ROLE_MANAGER, 2),
			  m4 = unit_as(ROLE_MANAGER, 4), aud = org_as(ROLE_AUDITOR);
	assert_int_equal(allows(g, 9, &coord, 1, A_HANDOVER, &o), 1);
	assert_int_equal(allows(g, 9, &m2, 1, A_HANDOVER, &o), 1);
	assert_int_equal(allows(g, 9, &m4, 1, A_HANDOVER, &o), 0);
	assert_int_equal(allows(g, 9, &aud, 1, A_HANDOVER, &o), 0);
	/* The owner fields are those a G_OWNED grant keys on. */
	assert_int_equal(access_owner_field(g, "owner_id"), 1);
	assert_int_equal(access_owner_field(g, "administrator_id"), 1);
	assert_int_equal(access_owner_field(g, "unit_id"), 0);
	assert_int_equal(access_owner_field(g, NULL), 0);
	assert_int_equal(access_owner_field(NULL, "owner_id"), 0);
	assert_int_equal(access_owner_field(entity_information_assets.grants, "owner_id"), 1);
	assert_int_equal(access_owner_field(entity_risk_analyses.grants, "risk_owner_id"), 1);
}

static void test_owned_through_reference_creates(void **state)
{
	(void)state;
	static const struct grant g[] = {
		{ ROLE_INFO_OWNER, A_WRITE, G_OWNED, "owner_id" },
		{ ROLE_SYSTEM_OWNER, A_WRITE, G_OWNED, "system_id.owner_id" },
		{ ROLE_NONE, 0, G_ALL, NULL },
	};
	struct fake_rec of_mine = { .owner_id = 7 }, of_theirs = { .owner_id = 9 };
	struct access_object fresh_mine = obj_of("risk-analyses", 0, NULL, 0, &of_mine);
	struct access_object fresh_theirs = obj_of("risk-analyses", 0, NULL, 0, &of_theirs);
	struct assignment so = org_as(ROLE_SYSTEM_OWNER), io = org_as(ROLE_INFO_OWNER);
	/* A record whose owner is read on the record it refers to (an
	 * analysis of a system the person owns) may be created ... */
	assert_int_equal(allows(g, 7, &so, 1, A_CREATE, NULL), 1);
	assert_int_equal(allows(g, 7, &so, 1, A_CREATE, &fresh_mine), 1);
	assert_int_equal(allows(g, 7, &so, 1, A_CREATE, &fresh_theirs), 0);
	assert_int_equal(allows(g, 7, &so, 1, A_UPDATE, &fresh_mine), 1);
	/* ... naming oneself in a plain owner field creates nothing. */
	assert_int_equal(allows(g, 7, &io, 1, A_CREATE, NULL), 0);
	assert_int_equal(allows(g, 7, &io, 1, A_CREATE, &fresh_mine), 0);
	assert_int_equal(allows(g, 7, &io, 1, A_UPDATE, &fresh_mine), 1);
	/* The registry: a system owner may start an analysis; an information
	 * owner keeps those she is risk owner of but starts none. */
	const struct grant *an = entity_risk_analyses.grants;
	assert_int_equal(allows(an, 7, &so, 1, A_CREATE, NULL), 1);
	assert_int_equal(allows(an, 7, &io, 1, A_CREATE, NULL), 0);
	assert_int_equal(allows(an, 7, &io, 1, A_UPDATE, NULL), 1);
}

static void test_names_owner(void **state)
{
	(void)state;
	struct fake_rec rec = { .owner_id = 7, .administrator_id = 8 };
	struct access_object o = obj_of("systems", 1, chain3, 3, &rec);
	/* The owners named, for the actions their grants give, whatever
	 * roles they hold: 7 owns (update, delete), 8 administers (update). */
	assert_int_equal(access_names_owner(owned, A_UPDATE, &o, 7), 1);
	assert_int_equal(access_names_owner(owned, A_UPDATE, &o, 8), 1);
	assert_int_equal(access_names_owner(owned, A_DELETE, &o, 7), 1);
	assert_int_equal(access_names_owner(owned, A_DELETE, &o, 8), 0);
	assert_int_equal(access_names_owner(owned, A_UPDATE, &o, 9), 0);
	/* No person, no owner callback, no grants: no one. */
	assert_int_equal(access_names_owner(owned, A_UPDATE, &o, 0), 0);
	struct access_object blind = obj_of("systems", 1, chain3, 3, NULL);
	assert_int_equal(access_names_owner(owned, A_UPDATE, &blind, 7), 0);
	assert_int_equal(access_names_owner(NULL, A_UPDATE, &o, 7), 0);
	assert_int_equal(access_names_owner(owned, A_UPDATE, NULL, 7), 0);
}

static void test_owned_person_zero(void **state)
{
	(void)state;
	struct assignment as = org_as(ROLE_SYSTEM_OWNER);
	/* An account tied to no person owns nothing, not even records whose
	 * owner field is empty (0). */
	struct fake_rec nobody = { 0, 0 };
	struct access_object o = obj_of("systems", 1, chain3, 3, &nobody);
	assert_int_equal(allows(owned, 0, &as, 1, A_UPDATE, &o), 0);
	struct fake_rec someone = { 7, 7 };
	struct access_object o2 = obj_of("systems", 2, chain3, 3, &someone);
	assert_int_equal(allows(owned, 0, &as, 1, A_UPDATE, &o2), 0);
	/* But a unit scope still covers the unit's records. */
	struct assignment u = unit_as(ROLE_SYSTEM_OWNER, 3);
	assert_int_equal(allows(owned, 0, &u, 1, A_UPDATE, &o), 1);
	/* And G_ALL/G_SCOPED grants do not care about the person. */
	struct assignment m = org_as(ROLE_MANAGER);
	assert_int_equal(allows(scoped, 0, &m, 1, A_UPDATE, &o), 1);
}

static void test_owned_unknown_field(void **state)
{
	(void)state;
	static const struct grant g[] = {
		{ ROLE_INFO_OWNER, A_UPDATE, G_OWNED, "responsible_id" },
		{ ROLE_INFO_OWNER, A_DELETE, G_OWNED, NULL },
		{ ROLE_NONE, 0, G_ALL, NULL },
	};
	struct assignment as = org_as(ROLE_INFO_OWNER);
	struct fake_rec r = { 7, 7 };
	struct access_object o = obj_of("information-assets", 1, NULL, 0, &r);
	/* fake_owns names no one in a field it does not know. */
	assert_int_equal(allows(g, 7, &as, 1, A_UPDATE, &o), 0);
	/* A G_OWNED grant without an owner field gives nothing on records. */
	assert_int_equal(allows(g, 7, &as, 1, A_DELETE, &o), 0);
}

/* ---- edge cases --------------------------------------------------------- */

static void test_null_arguments(void **state)
{
	(void)state;
	struct assignment as = org_as(ROLE_ADMIN);
	struct access_subject who = { 1, &as, 1 };
	assert_int_equal(access_allows(NULL, &who, A_READ, NULL), 0);
	assert_int_equal(access_allows(scoped, NULL, A_READ, NULL), 0);
	/* An empty grant table allows nothing. */
	static const struct grant none[] = { { ROLE_NONE, 0, G_ALL, NULL } };
	assert_int_equal(access_allows(none, &who, A_READ, NULL), 0);
}

static void test_unknown_roles(void **state)
{
	(void)state;
	/* ROLE_NONE ends the grant table: an assignment of ROLE_NONE never
	 * matches, nor one of a role with no grant. */
	struct assignment as[2] = { org_as(ROLE_NONE), org_as(ROLE_AUDITOR) };
	struct access_object o = obj_of("systems", 1, chain3, 3, NULL);
	assert_int_equal(allows(scoped, 1, as, 2, A_READ, &o), 0);
	assert_int_equal(allows(scoped, 1, as, 2, A_READ, NULL), 0);
	/* Grants after the terminator are not looked at. */
	static const struct grant g[] = {
		{ ROLE_NONE, A_ALL, G_ALL, NULL },
		{ ROLE_AUDITOR, A_ALL, G_ALL, NULL },
	};
	assert_int_equal(allows(g, 1, as, 2, A_READ, &o), 0);

	assert_null(access_role_code(ROLE_NONE));
	assert_null(access_role_code(ROLE_COUNT));
	assert_null(access_role_code((enum role)99));
	assert_int_equal(access_role_from_code(NULL), ROLE_NONE);
	assert_int_equal(access_role_from_code(""), ROLE_NONE);
	assert_int_equal(access_role_from_code("superuser"), ROLE_NONE);
	/* Codes are exact: no case folding, no prefixes, no padding. */
	assert_int_equal(access_role_from_code("Admin"), ROLE_NONE);
	assert_int_equal(access_role_from_code("admi"), ROLE_NONE);
	assert_int_equal(access_role_from_code("admin "), ROLE_NONE);
	assert_int_equal(access_role_from_code("system"), ROLE_NONE);
}

static void test_role_codes(void **state)
{
	(void)state;
	static const struct {
		enum role r;
		const char *code, *label;
	} want[] = {
		{ ROLE_ADMIN, "admin", "Administrator" },
		{ ROLE_COORDINATOR, "coordinator", "Information security coordinator" },
		{ ROLE_SECURITY_CHIEF, "security_chief", "Security manager" },
		{ ROLE_IT_CHIEF, "it_chief", "IT manager" },
		{ ROLE_DPO, "dpo", "Data protection officer" },
		{ ROLE_MANAGER, "manager", "Chief executive / head of administration" },
		{ ROLE_INFO_OWNER, "information_owner", "Information owner" },
		{ ROLE_SYSTEM_OWNER, "system_owner", "System owner" },
		{ ROLE_SYSTEM_ADMIN, "system_administrator", "System administrator" },
		{ ROLE_ELECTED, "elected", "Elected official" },
		{ ROLE_EMPLOYEE, "employee", "Employee" },
		{ ROLE_AUDITOR, "auditor", "Auditor" },
	};
	assert_int_equal(sizeof want / sizeof want[0], 12);
	assert_int_equal(ROLE_COUNT, 13);
	for (size_t i = 0; i < 12; i++) {
		assert_string_equal(access_role_code(want[i].r), want[i].code);
		assert_int_equal(access_role_from_code(want[i].code), want[i].r);
		/* The label lives in the registry, where forms and lists find it. */
		const struct field *f = entity_field(&entity_role_assignments, "role");
		assert_string_equal(field_option_label(f, want[i].code), want[i].label);
	}
	/* ...and the registry offers exactly the roles access knows. */
	size_t options = 0;
	for (const struct option *o = entity_field(&entity_role_assignments, "role")->options; o->value; o++) {
		assert_int_not_equal(access_role_from_code(o->value), ROLE_NONE);
		options++;
	}
	assert_int_equal(options, 12);
	/* Every role round-trips, codes are unique. */
	for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
		const char *code = access_role_code((enum role)r);
		assert_non_null(code);
		assert_int_equal(access_role_from_code(code), r);
		for (int q = r + 1; q < ROLE_COUNT; q++)
			assert_string_not_equal(code, access_role_code((enum role)q));
	}
	/* The role-assignment form offers exactly these codes. */
	const struct field *f = entity_field(&entity_role_assignments, "role");
	assert_non_null(f);
	size_t n = 0;
	for (const struct option *o = f->options; o->value; o++, n++)
		assert_int_not_equal(access_role_from_code(o->value), ROLE_NONE);
	assert_int_equal(n, 12);
}

/* ---- the registry's grants, as docs/permissions.md states them ------- */

static void test_registry_matrix(void **state)
{
	(void)state;
	const struct grant *sys = entity_systems.grants;
	const struct grant *units = entity_units.grants;
	const struct grant *roles = entity_role_assignments.grants;
	const struct grant *users = entity_users.grants;
	const struct grant *people = entity_people.grants;
	struct fake_rec rec = { 0, 0 };
	struct access_object s = obj_of("systems", 1, chain3, 3, &rec);

	struct assignment admin = org_as(ROLE_ADMIN);
	struct assignment it = org_as(ROLE_IT_CHIEF);
	struct assignment sec = org_as(ROLE_SECURITY_CHIEF);
	struct assignment emp = org_as(ROLE_EMPLOYEE);
	struct assignment coord = org_as(ROLE_COORDINATOR);
	struct assignment elected = org_as(ROLE_ELECTED);

	assert_int_equal(allows(sys, 1, &admin, 1, A_DELETE, &s), 1);
	assert_int_equal(allows(sys, 1, &it, 1, A_DELETE, &s), 1);
	assert_int_equal(allows(sys, 1, &sec, 1, A_READ, &s), 1);
	assert_int_equal(allows(sys, 1, &sec, 1, A_UPDATE, &s), 0);
	assert_int_equal(allows(sys, 1, &emp, 1, A_READ, &s), 1);
	assert_int_equal(allows(sys, 1, &emp, 1, A_CREATE, NULL), 0);
	/* IT manager reads units but does not change them. */
	assert_int_equal(allows(units, 1, &it, 1, A_READ, NULL), 1);
	assert_int_equal(allows(units, 1, &it, 1, A_UPDATE, NULL), 0);
	/* Role assignments: only the administrator changes them; the
	 * coordinator reads; the IT manager does not even read. */
	assert_int_equal(allows(roles, 1, &admin, 1, A_CREATE, NULL), 1);
	assert_int_equal(allows(roles, 1, &coord, 1, A_READ, NULL), 1);
	assert_int_equal(allows(roles, 1, &coord, 1, A_CREATE, NULL), 0);
	assert_int_equal(allows(roles, 1, &it, 1, A_READ, NULL), 0);
	/* Accounts are never deleted, not even by the administrator. */
	assert_int_equal(allows(users, 1, &admin, 1, A_UPDATE, NULL), 1);
	assert_int_equal(allows(users, 1, &admin, 1, A_DELETE, NULL), 0);
	assert_int_equal(allows(users, 1, &coord, 1, A_READ, NULL), 0);
	/* Elected officials do not see people. */
	assert_int_equal(allows(people, 1, &elected, 1, A_READ, NULL), 0);
	assert_int_equal(allows(units, 1, &elected, 1, A_READ, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_ignores_scope),
		cmocka_unit_test(test_all_create),
		cmocka_unit_test(test_scoped_org),
		cmocka_unit_test(test_scoped_unit),
		cmocka_unit_test(test_scoped_record),
		cmocka_unit_test(test_several_assignments),
		cmocka_unit_test(test_owned_org_scope),
		cmocka_unit_test(test_owned_unit_and_record_scope),
		cmocka_unit_test(test_owned_never_creates),
		cmocka_unit_test(test_handover),
		cmocka_unit_test(test_owned_through_reference_creates),
		cmocka_unit_test(test_names_owner),
		cmocka_unit_test(test_owned_person_zero),
		cmocka_unit_test(test_owned_unknown_field),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_unknown_roles),
		cmocka_unit_test(test_role_codes),
		cmocka_unit_test(test_every_record),
		cmocka_unit_test(test_registry_matrix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
