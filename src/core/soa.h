/*
 * soa: how far the organisation's action plans carry each requirement of
 * the catalogue, and through the requirements each framework control of
 * the Statement of Applicability (ISO/IEC 27001 Annex A, CIS Controls v8,
 * NIS2 article 21(2)).
 *
 * A requirement applies to a running system (in use, or being retired)
 * whose classification reaches the requirement's aspect and level. It is
 * *implemented* when it applies to at least one running system, at least
 * one of them has assessed it fulfilled, and every one of them has
 * assessed it fulfilled or not applicable. Planned systems are left out:
 * what is being procured is not yet in place.
 *
 * A control is *covered* by the active requirements that implement it:
 * fully when all of them are implemented, partly when some are. The
 * systems that implement a control are the running systems that have
 * fulfilled one of its active requirements.
 *
 * Pure computation over the arrays of core/gaps.h.
 */
#ifndef TILLIT_SOA_H
#define TILLIT_SOA_H

#include <stddef.h>

#include "core/gaps.h"
#include "core/graph.h"

struct soa_req_cov {
	size_t applies;        /* running systems it applies to */
	size_t fulfilled;      /* ... that have assessed it fulfilled */
	size_t not_applicable; /* ... that have assessed it not applicable */
	int implemented;
};

enum soa_cover { SOA_NO_REQUIREMENTS, SOA_NOT_COVERED, SOA_PARTLY, SOA_COVERED };

struct soa_control_cov {
	const size_t *reqs;    /* indexes into in->requirements: its active ones, in input order */
	size_t nreqs;
	size_t implemented;    /* how many of them are implemented */
	const size_t *systems; /* indexes into in->systems (input order) */
	size_t nsystems;
	enum soa_cover cover;
};

struct soa_coverage {
	struct soa_req_cov *reqs;         /* per in->requirements[i] */
	struct soa_control_cov *controls; /* per in->controls[i] */
	size_t *pool;                     /* what reqs/systems point into */
	/* Each system's classification as it applies, per in->systems[i]
	 * (gaps_system_levels), and a map from system id to that index. */
	struct levels *system_levels;
	int *system_classified;
	struct idmap systems;
};

void soa_coverage_compute(const struct gap_input *in, struct soa_coverage *out);
void soa_coverage_free(struct soa_coverage *c);

#endif
