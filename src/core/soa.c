/*
 * soa.c: see soa.h.
 */
#include "core/soa.h"

#include <stdlib.h>
#include <string.h>

#include "core/graph.h"
#include "util/xalloc.h"

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

void soa_coverage_compute(const struct gap_input *in, struct soa_coverage *out)
{
	size_t ns = in->nsystems, nr = in->nrequirements, nc = in->ncontrols;
	memset(out, 0, sizeof *out);
	out->reqs = xcalloc(nr ? nr : 1, sizeof *out->reqs);
	out->controls = xcalloc(nc ? nc : 1, sizeof *out->controls);

	struct levels *eff = xmalloc((ns ? ns : 1) * sizeof *eff);
	int *has = xcalloc(ns ? ns : 1, sizeof *has);
	gaps_system_levels(in, eff, has);
	out->system_levels = eff;
	out->system_classified = has;

	struct idmap sys, req, ctl;
	IDMAP(sys, in->systems, ns);
	out->systems = sys;
	IDMAP(req, in->requirements, nr);
	IDMAP(ctl, in->controls, nc);

	/* Where each requirement applies. */
	for (size_t s = 0; s < ns; s++) {
		if (!gap_system_running(&in->systems[s]))
			continue;
		for (size_t q = 0; q < nr; q++) {
			const struct gap_requirement *r = &in->requirements[q];
			if (r->active && requirement_applies(r->aspect, r->min_level, &eff[s]))
				out->reqs[q].applies++;
		}
	}
	/* The assessments that count: of active requirements, by running
	 * systems they apply to. fulfilled_by links requirement -> system. */
	struct id_link *fulfilled_by = xmalloc((in->nplan_items ? in->nplan_items : 1) * sizeof *fulfilled_by);
	size_t nf = 0;
	for (size_t i = 0; i < in->nplan_items; i++) {
		const struct gap_plan_item *p = &in->plan_items[i];
		size_t s = idmap_find(&sys, p->system_id), q = idmap_find(&req, p->requirement_id);
		if (s == (size_t)-1 || q == (size_t)-1 || !gap_system_running(&in->systems[s]))
			continue;
		const struct gap_requirement *r = &in->requirements[q];
		if (!r->active || !requirement_applies(r->aspect, r->min_level, &eff[s]))
			continue;
		if (p->assessment == GA_FULFILLED) {
			out->reqs[q].fulfilled++;
			fulfilled_by[nf].from = r->id;
			fulfilled_by[nf++].to = in->systems[s].id;
		} else if (p->assessment == GA_NOT_APPLICABLE) {
			out->reqs[q].not_applicable++;
		}
	}
	for (size_t q = 0; q < nr; q++) {
		struct soa_req_cov *c = &out->reqs[q];
		c->implemented = c->applies > 0 && c->fulfilled > 0 && c->fulfilled + c->not_applicable >= c->applies;
	}

	/* control -> its requirements; requirement -> systems that fulfil it. */
	struct adj ctl_reqs, req_sys;
	adj_build(&ctl_reqs, nc, in->requirement_controls, in->nrequirement_controls, &ctl, &req, 1);
	adj_build(&req_sys, nr, fulfilled_by, nf, &req, &sys, 0);

	/* One pool for every control's requirement and system lists: at most
	 * all links plus, per control, every system once. */
	size_t cap = in->nrequirement_controls + 1, used = 0;
	size_t *pool = xmalloc(cap * sizeof *pool);
	size_t *seen = xcalloc(ns ? ns : 1, sizeof *seen); /* control index + 1 that last took it */
	size_t *rstart = xmalloc((nc ? nc : 1) * sizeof *rstart);
	for (size_t c = 0; c < nc; c++) {
		struct soa_control_cov *cc = &out->controls[c];
		/* Its active requirements, in input (code) order. The pool
		 * has room: each link is taken at most once. */
		rstart[c] = used;
		for (size_t k = ctl_reqs.start[c]; k < ctl_reqs.start[c + 1]; k++) {
			size_t q = ctl_reqs.to[k];
			if (!in->requirements[q].active)
				continue;
			pool[used++] = q;
			cc->nreqs++;
			cc->implemented += out->reqs[q].implemented != 0;
		}
		qsort(pool + rstart[c], cc->nreqs, sizeof *pool, cmp_size);
		cc->cover = cc->nreqs == 0 ? SOA_NO_REQUIREMENTS
			    : cc->implemented == cc->nreqs ? SOA_COVERED
			    : cc->implemented ? SOA_PARTLY : SOA_NOT_COVERED;
	}
	/* Systems, after the requirement lists, so the pool grows only here. */
	size_t *sstart = xmalloc((nc ? nc : 1) * sizeof *sstart);
	for (size_t c = 0; c < nc; c++) {
		struct soa_control_cov *cc = &out->controls[c];
		sstart[c] = used;
		for (size_t k = 0; k < cc->nreqs; k++) {
			size_t q = pool[rstart[c] + k];
			for (size_t j = req_sys.start[q]; j < req_sys.start[q + 1]; j++) {
				size_t s = req_sys.to[j];
				if (seen[s] == c + 1)
					continue;
				seen[s] = c + 1;
				if (used == cap) {
					cap *= 2;
					pool = xrealloc(pool, cap * sizeof *pool);
				}
				pool[used++] = s;
				cc->nsystems++;
			}
		}
		qsort(pool + sstart[c], cc->nsystems, sizeof *pool, cmp_size);
	}
	for (size_t c = 0; c < nc; c++) {
		struct soa_control_cov *cc = &out->controls[c];
		cc->reqs = pool + rstart[c];
		cc->systems = pool + sstart[c];
	}
	out->pool = pool;
	free(rstart);
	free(sstart);
	free(seen);
	free(fulfilled_by);
	adj_free(&ctl_reqs);
	adj_free(&req_sys);
	idmap_free(&req);
	idmap_free(&ctl);
}

void soa_coverage_free(struct soa_coverage *c)
{
	free(c->reqs);
	free(c->controls);
	free(c->pool);
	free(c->system_levels);
	free(c->system_classified);
	idmap_free(&c->systems);
	memset(c, 0, sizeof *c);
}
