/*
 * tasks (store): what one person is expected to see to — the records the
 * person owns or keeps and the drafts waiting for the person's decision —
 * for "Mina uppgifter" (web/ui_tasks.c). Every read is an index range over
 * the person's own records (systems_owner, systems_administrator,
 * information_assets_owner, classifications_asset, risk_analyses_owner,
 * risk_analyses_system, gaps_person,
 * incident_notices_person): nothing is computed for the whole organisation.
 * The person's gaps and plan entries are read with store_gap_list and
 * store_plan_page (store/derived.h).
 */
#ifndef TILLIT_STORE_TASKS_H
#define TILLIT_STORE_TASKS_H

#include <stddef.h>

#include "util/arena.h"

struct store;

enum task_list {
	TASK_SYSTEMS,         /* systems (not retired) the person owns or administers */
	TASK_ASSETS,          /* information assets the person owns */
	TASK_CLASSIFICATIONS, /* draft classifications of assets the person owns */
	TASK_ANALYSES,        /* draft risk analyses naming the person as risk
				 owner, or of a system the person owns */
	TASK_RESIDUAL,        /* risks whose residual risk waits for the person
				 to accept it (the gap residual_risk_not_accepted
				 of which the person is expected to act) */
	TASK_NOTICES,         /* escalation notices the person received about
				 incidents not closed, newest first: id the
				 notice, name "receipt: title", other_id the
				 incident, other the rule's name, date when
				 notified, as 1 when marked read */
};

/* How the person is named on a system (TASK_SYSTEMS). */
enum { TASK_OWNER = 1, TASK_ADMINISTRATOR = 2 };

struct task_row {
	long long id;
	const char *name;   /* the record's name or title */
	long long other_id; /* the classification's asset; the analysis's system
			       (or 0); the risk's analysis */
	const char *other;  /* its name, or NULL */
	const char *date;   /* classified on; analysed on; or NULL */
	int as;             /* TASK_SYSTEMS: TASK_OWNER | TASK_ADMINISTRATOR */
};

/* The first max rows of list which for person, by name (drafts: oldest
 * first), into *out (arena memory); *total: how many there are in all. */
int store_tasks(struct store *st, struct arena *a, long long org, long long person, enum task_list which, size_t max,
		struct task_row **out, size_t *n, long long *total);

#endif
