/*
 * derived_control.h: internal control's derived rows (the gap
 * control_not_performed), evaluated in sqlite_derived_control.c; hooked
 * into the walk by sqlite_derived.c.
 */
#ifndef TILLIT_STORE_DERIVED_CONTROL_H
#define TILLIT_STORE_DERIVED_CONTROL_H

#include "store/derived.h"

/* A change of a control point or a control result (n: the entity's name)
 * reaches the control point(s) it names, before and after. */
int dr_reach_control(struct derived_run *run, const char *n, long long id, const struct jval *old,
		     const struct jval *rec);
/* Evaluate control point id: its gap. */
int dr_eval_control_point(struct derived_run *run, long long id);
/* An organisation assessment's gap (org_requirement_overdue). */
int dr_eval_org_assessment(struct derived_run *run, long long id);

#endif
