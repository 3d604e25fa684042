/*
 * riskview: the organisation's risk picture and its one action plan, from
 * the data the gap rules see (core/gaps.h). Pure functions over plain
 * arrays.
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
 */
#ifndef TILLIT_RISKVIEW_H
#define TILLIT_RISKVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/gaps.h"
#include "core/risk.h"

/* Which analyses are current: cur[i] for in->analyses[i] (1 or 0). */
void riskview_current(const struct gap_input *in, char *cur);

/* 1 when unit u is unit or lies below it (unit 0: every unit, and none). */
int riskview_unit_within(const struct gap_input *in, const struct idmap *units, long long u, long long unit);

/* Which risks are in the picture: in[i] for in->risks[i], of a current
 * analysis within unit (0: the whole organisation). Returns how many. */
size_t riskview_select(const struct gap_input *in, long long unit, char *sel);

/* Counts per likelihood and consequence of the selected risks on a grid of
 * nl x nc levels; risks of a method of another size are counted in
 * other. */
struct riskview_heat {
	long long n[RISK_LEVELS_MAX][RISK_LEVELS_MAX];
	long long total, other;
};
void riskview_heat(const struct gap_input *in, const char *sel, int nl, int nc, struct riskview_heat *out);

/* Risks by quarter: for each quarter with an analysis (within unit), the
 * number of its risks in each of the nbands bands named names[] (by the
 * name the risk's band has), and in none of them (other). Newest first, at
 * most max quarters. */
struct riskview_quarter {
	char label[8]; /* "2026 Q3" */
	long long n[RISK_BANDS_MAX];
	long long other, total;
};
size_t riskview_quarters(const struct gap_input *in, long long unit, const char *const *names, int nbands,
			 struct riskview_quarter *out, size_t max);

enum ap_kind { AP_MEASURE, AP_REQUIREMENT };

#define AP_NONE UINT32_MAX

/* An entry of the action plan: a measure (in->measures[at]) of the risk
 * in->risks[of], or an action-plan item (in->plan_items[at]) of the system
 * in->systems[of] for the requirement in->requirements[req]. */
struct ap_entry {
	uint32_t at, of, req;
	uint8_t kind;
};

struct action_plan {
	struct ap_entry *v;
	size_t n;
	/* Entries of each kind, and those past their due date (in->today). */
	size_t count[2], overdue[2];
};

void action_plan_compute(const struct gap_input *in, struct action_plan *out);
void action_plan_free(struct action_plan *p);
/* The person with that id: an index into in->people (sorted by id), or
 * AP_NONE. */
uint32_t riskview_person(const struct gap_input *in, long long id);
/* The due date and responsible person of an entry. */
const char *action_plan_due(const struct gap_input *in, const struct ap_entry *e);
long long action_plan_owner(const struct gap_input *in, const struct ap_entry *e);

#endif
