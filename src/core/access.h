/*
 * access: who may do what to which record. Pure rules over plain data: the
 * registry declares grants per entity (model/), the web layer gathers the
 * user's role assignments and the record's facts, and this decides.
 *
 * A role is held on a scope: the whole organisation, one unit (and every
 * unit below it), or one record. A grant gives a role some actions on an
 * entity, limited in one of three ways:
 *   G_ALL     every record, whatever the assignment's scope;
 *   G_SCOPED  records inside the assignment's scope: an organisation-wide
 *             assignment covers every record, a unit assignment the records
 *             whose owning unit is that unit or below it, a record
 *             assignment that one record;
 *   G_OWNED   records whose owner field (grant.owner_field) names the
 *             user's person, plus records inside a unit or record scope of
 *             the assignment (an organisation-wide assignment adds nothing).
 *             The owner field may be read through a reference: "system_id.
 *             owner_id" is the owner_id of the record system_id names.
 * Only G_ALL and G_SCOPED grants can create, and a scoped create needs the
 * new record's unit inside the scope — except for a record that belongs to
 * another (access_object.via_parent), which a G_OWNED grant on the owner
 * of that other record may also create, and a record whose owner is read
 * through a reference (an analysis of a system the person owns): that too
 * is a change to a record the person owns.
 *
 * The owner fields (those a G_OWNED grant keys on) say who holds an own
 * right, so changing one is asked as an action of its own, A_HANDOVER: an
 * update right gives it, except a G_OWNED one. Whoever a record names does
 * not change who it names; handing over is done by a wider role.
 */
#ifndef TILLIT_ACCESS_H
#define TILLIT_ACCESS_H

#include <stddef.h>

enum role {
	ROLE_NONE = 0, /* ends grant tables */
	ROLE_ADMIN,
	ROLE_COORDINATOR,   /* informationssäkerhetssamordnare */
	ROLE_SECURITY_CHIEF,
	ROLE_IT_CHIEF,
	ROLE_DPO,           /* dataskyddsombud */
	ROLE_MANAGER,       /* kommundirektör/förvaltningschef */
	ROLE_INFO_OWNER,    /* informationsägare */
	ROLE_SYSTEM_OWNER,  /* systemägare */
	ROLE_SYSTEM_ADMIN,  /* systemförvaltare */
	ROLE_ELECTED,       /* förtroendevald */
	ROLE_EMPLOYEE,      /* medarbetare */
	ROLE_AUDITOR,       /* revisor */
	ROLE_COUNT
};

enum action { A_READ = 1, A_CREATE = 2, A_UPDATE = 4, A_DELETE = 8,
	      A_HANDOVER = 16 /* change an owner field: never in a grant's actions */ };
#define A_WRITE (A_CREATE | A_UPDATE | A_DELETE)
#define A_ALL (A_READ | A_WRITE)

/* G_FLAG: records whose yes/no field (grant.owner_field) is yes, whoever
 * holds the role (a data protection officer reads the incidents that
 * involve personal data); never creates. */
enum grant_scope { G_ALL, G_SCOPED, G_OWNED, G_FLAG };

struct grant {
	enum role role;
	unsigned actions;
	enum grant_scope scope;
	const char *owner_field; /* G_OWNED: field holding the owner's person id */
};

enum scope_kind { S_ORG, S_UNIT, S_RECORD };

struct assignment {
	enum role role;
	enum scope_kind scope;
	long long unit_id;   /* S_UNIT */
	const char *entity;  /* S_RECORD: entity name */
	long long record_id; /* S_RECORD */
};

struct access_subject {
	long long person_id; /* 0 when the account is tied to no person */
	const struct assignment *as;
	size_t n;
};

struct access_object {
	const char *entity;
	long long id; /* 0 for a record being created */
	/* The record's owning unit first, then its ancestors up to the root;
	 * empty when the record has no unit. For a unit: the unit itself. */
	const long long *units;
	size_t nunits;
	/* 1 when the owner field (a person, or a list of people) names
	 * person; a field "ref.field" is read on the record ref names. */
	int (*owns)(const void *rec, const char *field, long long person);
	/* 1 when the yes/no field of a G_FLAG grant is yes on the record. */
	int (*flag)(const void *rec, const char *field);
	const void *rec;
	/* 1 when entity/id/units/owner describe the record this one belongs
	 * to (a classification's information asset): creating such a record
	 * is a change to one that exists, so a G_OWNED grant may create. */
	int via_parent;
	/* With via_parent: no record in particular — may who act on some
	 * record of the entity (as obj NULL does for other entities)? */
	int any;
};

/*
 * 1 when who may perform action on obj under grants, else 0. With obj NULL
 * the question is whether who may perform action on at least some record of
 * the entity (used to show a list, a "New" button or to reject early).
 */
int access_allows(const struct grant *grants, const struct access_subject *who,
		  unsigned action, const struct access_object *obj);

/* 1 when obj names person in the owner field of a G_OWNED grant giving
 * action, whatever roles the person holds: the owners a record names, who
 * decide on it (a classification, an analysis) with an account or without. */
int access_names_owner(const struct grant *grants, unsigned action, const struct access_object *obj,
		       long long person);

/* 1 when field is an owner field of grants: one a G_OWNED grant keys on. */
int access_owner_field(const struct grant *grants, const char *field);

/*
 * 1 when who may perform action on every record under grants, whatever
 * the record: a G_ALL grant, or a G_SCOPED grant held on the whole
 * organisation. access_allows with obj NULL answers "some record"; this
 * answers "each record", so that a caller can decide once for a whole
 * list instead of once per row.
 */
int access_allows_every(const struct grant *grants, const struct access_subject *who,
			unsigned action);

/* Role code as stored ("system_owner") and back; NULL/ROLE_NONE if unknown.
 * (Role names are the registry's: the options of the role field.) */
const char *access_role_code(enum role r);
enum role access_role_from_code(const char *code);

#endif
