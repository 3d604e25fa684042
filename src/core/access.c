#include "core/access.h"

#include <string.h>

/* The codes roles are stored and exchanged as. Their names, for people to
 * read, are in the registry (model/inventory.c, the role field's options). */
static const char *const role_codes[ROLE_COUNT] = {
	[ROLE_NONE] = NULL,
	[ROLE_ADMIN] = "admin",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_SECURITY_CHIEF] = "security_chief",
	[ROLE_IT_CHIEF] = "it_chief",
	[ROLE_DPO] = "dpo",
	[ROLE_MANAGER] = "manager",
	[ROLE_INFO_OWNER] = "information_owner",
	[ROLE_SYSTEM_OWNER] = "system_owner",
	[ROLE_SYSTEM_ADMIN] = "system_administrator",
	[ROLE_ELECTED] = "elected",
	[ROLE_EMPLOYEE] = "employee",
	[ROLE_AUDITOR] = "auditor",
};

const char *access_role_code(enum role r)
{
	return r > ROLE_NONE && r < ROLE_COUNT ? role_codes[r] : NULL;
}

enum role access_role_from_code(const char *code)
{
	if (!code)
		return ROLE_NONE;
	for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++)
		if (strcmp(role_codes[r], code) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

/* Is the record inside the assignment's unit or record scope? */
static int in_scope(const struct assignment *as, const struct access_object *obj)
{
	switch (as->scope) {
	case S_ORG:
		return 1;
	case S_UNIT:
		for (size_t i = 0; i < obj->nunits; i++)
			if (obj->units[i] == as->unit_id)
				return 1;
		return 0;
	case S_RECORD:
		return obj->id != 0 && as->entity && obj->entity &&
		       strcmp(as->entity, obj->entity) == 0 && as->record_id == obj->id;
	}
	return 0;
}

/* Is the grant's owner read on another record, through a reference? */
static int owner_via_ref(const struct grant *g)
{
	return g->owner_field && strchr(g->owner_field, '.');
}

static int grant_covers(const struct grant *g, const struct assignment *as,
			const struct access_subject *who, unsigned action,
			const struct access_object *obj)
{
	if (g->scope == G_OWNED && action == A_CREATE && !(obj && obj->via_parent) && !owner_via_ref(g))
		return 0;
	/* A flag is on a record that exists: it reaches a new record only
	 * as a part of one it flags (a flagged incident's timeline entry). */
	if (g->scope == G_FLAG && action == A_CREATE && !(obj && obj->via_parent))
		return 0;
	if (!obj || obj->any)
		return 1; /* "some record": every grant reaches at least one */
	switch (g->scope) {
	case G_ALL:
		return 1;
	case G_SCOPED:
		return in_scope(as, obj);
	case G_OWNED:
		if (as->scope != S_ORG && in_scope(as, obj))
			return 1;
		return who->person_id != 0 && obj->owns && g->owner_field &&
		       obj->owns(obj->rec, g->owner_field, who->person_id);
	case G_FLAG:
		return obj->flag && g->owner_field && obj->flag(obj->rec, g->owner_field);
	}
	return 0;
}

int access_allows(const struct grant *grants, const struct access_subject *who,
		  unsigned action, const struct access_object *obj)
{
	if (!grants || !who)
		return 0;
	/* A handover is an update that no own right reaches. */
	unsigned want = action == A_HANDOVER ? A_UPDATE : action;
	for (const struct grant *g = grants; g->role != ROLE_NONE; g++) {
		if (!(g->actions & want) || (action == A_HANDOVER && g->scope == G_OWNED))
			continue;
		for (size_t i = 0; i < who->n; i++) {
			if (who->as[i].role != g->role)
				continue;
			if (grant_covers(g, &who->as[i], who, want, obj))
				return 1;
		}
	}
	return 0;
}

int access_owner_field(const struct grant *grants, const char *field)
{
	for (const struct grant *g = grants; g && field && g->role != ROLE_NONE; g++)
		if (g->scope == G_OWNED && g->owner_field && strcmp(g->owner_field, field) == 0)
			return 1;
	return 0;
}

int access_names_owner(const struct grant *grants, unsigned action, const struct access_object *obj,
		       long long person)
{
	if (!grants || !obj || !obj->owns || !person)
		return 0;
	for (const struct grant *g = grants; g->role != ROLE_NONE; g++)
		if (g->scope == G_OWNED && (g->actions & action) && g->owner_field &&
		    obj->owns(obj->rec, g->owner_field, person))
			return 1;
	return 0;
}

int access_allows_every(const struct grant *grants, const struct access_subject *who,
			unsigned action)
{
	if (!grants || !who)
		return 0;
	for (const struct grant *g = grants; g->role != ROLE_NONE; g++) {
		if (!(g->actions & action) || g->scope == G_OWNED || g->scope == G_FLAG)
			continue;
		for (size_t i = 0; i < who->n; i++)
			if (who->as[i].role == g->role &&
			    (g->scope == G_ALL || who->as[i].scope == S_ORG))
				return 1;
	}
	return 0;
}
