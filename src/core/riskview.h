/*
 * riskview: the organisation's risk picture and its one action plan.
 *
 * The current picture is made of the current analyses: the latest of each
 * subject (the same system, process or unit; the shared IT environment;
 * the IT infrastructure), by date of analysis and then by number, draft or
 * decided — an older analysis of the same subject is history. A unit's
 * picture holds the analyses whose unit (the analysis's own, else its
 * system's or process's) is the unit or a unit below it.
 *
 * Over time, every analysis counts in the quarter of its date.
 *
 * The action plan lists what is still to do: every measure planned or in
 * progress, and every action-plan item of a system not retired, for an
 * active requirement, neither fulfilled nor not applicable. It is ordered
 * by due date, earliest (so overdue) first, those without one last, then
 * measures before requirements, then by number.
 *
 * The picture and the plan are kept per change as counts and rows (store:
 * analysis_state, risk_state, risk_heat, risk_quarters, plan_entries; see
 * docs/internals/derived.md); this holds the shapes pages use and the
 * rules on plain values.
 */
#ifndef TILLIT_RISKVIEW_H
#define TILLIT_RISKVIEW_H

#include <stddef.h>

#include "core/risk.h"

/* Counts per likelihood and consequence of the selected risks on a grid of
 * nl x nc levels; risks of a method of another size are counted in
 * other. */
struct riskview_heat {
	long long n[RISK_LEVELS_MAX][RISK_LEVELS_MAX];
	long long total, other;
};

/* Risks by quarter: the number of risks in each of the bands named, and
 * in none of them (other). */
struct riskview_quarter {
	char label[8]; /* "2026 Q3" */
	long long n[RISK_BANDS_MAX];
	long long other, total;
};

/* "2026 Q3" from "2026-08-14" into label[8]; 0, or -1 when the date is not
 * one. */
int riskview_quarter_of(const char *date, char label[8]);

/* The analyses of one subject are ordered by date of analysis (NULL
 * first), then by number; the last is the current one. <0, 0, >0. */
int riskview_analysis_order(const char *date_a, long long id_a, const char *date_b, long long id_b);

enum ap_kind { AP_MEASURE, AP_REQUIREMENT };

/* The due date the action plan files an entry without one under, so that
 * those come last. */
#define AP_NO_DUE "9999-12-31"

/* 1 when an action-plan item is in the plan: its system is not retired,
 * its requirement is active, and it is neither fulfilled nor not
 * applicable. */
int action_plan_item_open(int system_retired, int requirement_active, int assessment_open);

#endif
