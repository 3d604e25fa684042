/*
 * riskview.c: the current risk picture, risks per quarter and the one
 * action plan (see riskview.h for the rules).
 */
#include "core/riskview.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "util/xalloc.h"

/* ---- current analyses ----------------------------------------------------- */

/* An analysis by its subject, then by date and number. */
struct subject_key {
	int scope;
	long long subject;
	const char *date;
	long long id;
	size_t at;
};

static int cmp_key(const void *x, const void *y)
{
	const struct subject_key *a = x, *b = y;
	if (a->scope != b->scope)
		return a->scope < b->scope ? -1 : 1;
	if (a->subject != b->subject)
		return a->subject < b->subject ? -1 : 1;
	int d = date_compare(a->date, b->date);
	if (d)
		return d;
	return a->id < b->id ? -1 : a->id > b->id;
}

void riskview_current(const struct gap_input *in, char *cur)
{
	size_t n = in->nanalyses;
	struct subject_key *k = xmalloc((n ? n : 1) * sizeof *k);
	for (size_t i = 0; i < n; i++) {
		const struct gap_analysis *x = &in->analyses[i];
		k[i] = (struct subject_key){ x->scope, x->subject, x->analysed_on ? x->analysed_on : "", x->id, i };
		cur[i] = 0;
	}
	qsort(k, n, sizeof *k, cmp_key);
	for (size_t i = 0; i < n; i++)
		if (i + 1 == n || k[i + 1].scope != k[i].scope || k[i + 1].subject != k[i].subject)
			cur[k[i].at] = 1;
	free(k);
}

/* ---- units ------------------------------------------------------------------ */

int riskview_unit_within(const struct gap_input *in, const struct idmap *units, long long u, long long unit)
{
	if (!unit)
		return 1;
	/* Up the tree; a depth limit guards against a cycle in the data. */
	for (int depth = 0; u && depth < 64; depth++) {
		if (u == unit)
			return 1;
		size_t i = idmap_find(units, u);
		if (i == (size_t)-1)
			return 0;
		u = in->units[i].parent_id;
	}
	return 0;
}

/* inunit[i] for in->analyses[i]: within unit. */
static void analyses_within(const struct gap_input *in, long long unit, char *inunit)
{
	struct idmap units;
	IDMAP(units, in->units, in->nunits);
	for (size_t i = 0; i < in->nanalyses; i++)
		inunit[i] = (char)riskview_unit_within(in, &units, in->analyses[i].unit_id, unit);
	idmap_free(&units);
}

size_t riskview_select(const struct gap_input *in, long long unit, char *sel)
{
	size_t na = in->nanalyses;
	char *cur = xmalloc(na ? na : 1), *inunit = xmalloc(na ? na : 1);
	riskview_current(in, cur);
	analyses_within(in, unit, inunit);
	struct idmap ana;
	IDMAP(ana, in->analyses, na);
	size_t n = 0;
	for (size_t i = 0; i < in->nrisks; i++) {
		size_t ai = idmap_find(&ana, in->risks[i].analysis_id);
		sel[i] = ai != (size_t)-1 && cur[ai] && inunit[ai];
		n += (size_t)sel[i];
	}
	idmap_free(&ana);
	free(cur);
	free(inunit);
	return n;
}

/* ---- heat map ------------------------------------------------------------------ */

void riskview_heat(const struct gap_input *in, const char *sel, int nl, int nc, struct riskview_heat *out)
{
	memset(out, 0, sizeof *out);
	struct idmap methods;
	IDMAP(methods, in->methods, in->nmethods);
	for (size_t i = 0; i < in->nrisks; i++) {
		if (!sel[i])
			continue;
		const struct gap_risk *k = &in->risks[i];
		size_t mi = idmap_find(&methods, k->method_id);
		out->total++;
		if (mi == (size_t)-1 || in->methods[mi].nlikelihood != nl || in->methods[mi].nconsequence != nc ||
		    k->likelihood < 1 || k->likelihood > nl || k->consequence < 1 || k->consequence > nc) {
			out->other++;
			continue;
		}
		out->n[k->likelihood - 1][k->consequence - 1]++;
	}
	idmap_free(&methods);
}

/* ---- quarters ------------------------------------------------------------------- */

/* "2026 Q3" from "2026-08-14"; 0, or -1 when the date is not one. */
static int quarter_of(const char *date, char *label)
{
	if (!date || !date_valid(date))
		return -1;
	int month = (date[5] - '0') * 10 + (date[6] - '0');
	memcpy(label, date, 4);
	label[4] = ' ';
	label[5] = 'Q';
	label[6] = (char)('1' + (month - 1) / 3);
	label[7] = 0;
	return 0;
}

size_t riskview_quarters(const struct gap_input *in, long long unit, const char *const *names, int nbands,
			 struct riskview_quarter *out, size_t max)
{
	size_t na = in->nanalyses, nq = 0;
	if (!max)
		return 0;
	char *inunit = xmalloc(na ? na : 1);
	analyses_within(in, unit, inunit);
	/* The quarter of each analysis, as an index into out (or -1). */
	struct riskview_quarter *all = NULL;
	size_t nall = 0;
	long *qi = xmalloc((na ? na : 1) * sizeof *qi);
	for (size_t i = 0; i < na; i++) {
		char label[8];
		qi[i] = -1;
		if (!inunit[i] || quarter_of(in->analyses[i].analysed_on, label) != 0)
			continue;
		size_t q = 0;
		while (q < nall && strcmp(all[q].label, label) != 0)
			q++;
		if (q == nall) {
			all = xrealloc(all, (nall + 1) * sizeof *all);
			memset(&all[nall], 0, sizeof *all);
			memcpy(all[nall].label, label, sizeof label);
			nall++;
		}
		qi[i] = (long)q;
	}
	struct idmap ana;
	IDMAP(ana, in->analyses, na);
	for (size_t i = 0; i < in->nrisks; i++) {
		const struct gap_risk *k = &in->risks[i];
		size_t ai = idmap_find(&ana, k->analysis_id);
		if (ai == (size_t)-1 || qi[ai] < 0)
			continue;
		struct riskview_quarter *q = &all[qi[ai]];
		int b = 0;
		while (b < nbands && !(k->band && strcmp(k->band, names[b]) == 0))
			b++;
		if (b < nbands)
			q->n[b]++;
		else
			q->other++;
		q->total++;
	}
	/* Newest first: "2026 Q3" sorts as text. */
	for (size_t i = 0; i < nall; i++)
		for (size_t j = i + 1; j < nall; j++)
			if (strcmp(all[j].label, all[i].label) > 0) {
				struct riskview_quarter t = all[i];
				all[i] = all[j];
				all[j] = t;
			}
	nq = nall < max ? nall : max;
	if (nq)
		memcpy(out, all, nq * sizeof *out);
	idmap_free(&ana);
	free(all);
	free(qi);
	free(inunit);
	return nq;
}

/* ---- the action plan --------------------------------------------------------------- */

const char *action_plan_due(const struct gap_input *in, const struct ap_entry *e)
{
	return e->kind == AP_MEASURE ? in->measures[e->at].due_date : in->plan_items[e->at].due_date;
}

long long action_plan_owner(const struct gap_input *in, const struct ap_entry *e)
{
	return e->kind == AP_MEASURE ? in->measures[e->at].owner_id : in->plan_items[e->at].responsible_id;
}

struct ap_key {
	const char *due; /* NULL last */
	long long id;
	struct ap_entry e;
};

static int cmp_ap(const void *x, const void *y)
{
	const struct ap_key *a = x, *b = y;
	if (!a->due != !b->due)
		return a->due ? -1 : 1;
	int d = a->due ? strcmp(a->due, b->due) : 0;
	if (d)
		return d;
	if (a->e.kind != b->e.kind)
		return a->e.kind < b->e.kind ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

uint32_t riskview_person(const struct gap_input *in, long long id)
{
	size_t i = id_search(in->people, in->npeople, sizeof *in->people, id);
	return i == (size_t)-1 ? AP_NONE : (uint32_t)i;
}

static uint32_t index_of(const struct idmap *m, long long id)
{
	size_t i = idmap_find(m, id);
	return i == (size_t)-1 ? AP_NONE : (uint32_t)i;
}

void action_plan_compute(const struct gap_input *in, struct action_plan *out)
{
	*out = (struct action_plan){ 0 };
	size_t cap = in->nmeasures + in->nplan_items, n = 0;
	struct ap_key *k = xmalloc((cap ? cap : 1) * sizeof *k);
	struct idmap sys, risks, reqs;
	IDMAP(sys, in->systems, in->nsystems);
	IDMAP(risks, in->risks, in->nrisks);
	IDMAP(reqs, in->requirements, in->nrequirements);
	for (size_t i = 0; i < in->nmeasures; i++)
		if (in->measures[i].open)
			k[n++] = (struct ap_key){ in->measures[i].due_date, in->measures[i].id,
						  { (uint32_t)i, index_of(&risks, in->measures[i].risk_id), AP_NONE,
						    AP_MEASURE } };
	for (size_t i = 0; i < in->nplan_items; i++) {
		const struct gap_plan_item *p = &in->plan_items[i];
		if (p->assessment == GA_FULFILLED || p->assessment == GA_NOT_APPLICABLE || !p->requirement_active)
			continue;
		uint32_t si = index_of(&sys, p->system_id);
		if (si == AP_NONE || in->systems[si].lifecycle == GL_RETIRED)
			continue;
		k[n++] = (struct ap_key){ p->due_date, p->id,
					  { (uint32_t)i, si, index_of(&reqs, p->requirement_id), AP_REQUIREMENT } };
	}
	idmap_free(&sys);
	idmap_free(&risks);
	idmap_free(&reqs);
	qsort(k, n, sizeof *k, cmp_ap);
	out->v = xmalloc((n ? n : 1) * sizeof *out->v);
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		out->v[i] = k[i].e;
		out->count[k[i].e.kind]++;
		if (k[i].due && in->today && strcmp(k[i].due, in->today) < 0)
			out->overdue[k[i].e.kind]++;
	}
	free(k);
}

void action_plan_free(struct action_plan *p)
{
	free(p->v);
	*p = (struct action_plan){ 0 };
}
