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
 * what is being procured is not yet in place. A requirement on the
 * organisation as a whole applies once (applies = 1) and is implemented
 * when the organisation's assessment says fulfilled.
 *
 * A control is *covered* by the active requirements that implement it:
 * fully when all of them are implemented, partly when some are. The
 * systems that implement a control are the running systems that have
 * fulfilled one of its active requirements where it applies.
 *
 * The counts are kept per change (store: requirement_coverage and
 * control_systems, see docs/internals/derived.md); these are the rules
 * that turn them into a verdict.
 */
#ifndef TILLIT_SOA_H
#define TILLIT_SOA_H

#include <stddef.h>

enum soa_cover { SOA_NO_REQUIREMENTS, SOA_NOT_COVERED, SOA_PARTLY, SOA_COVERED };

/* 1 when a requirement that applies to `applies` running systems, of which
 * `fulfilled` have assessed it fulfilled and `not_applicable` not
 * applicable, is implemented. */
int soa_requirement_implemented(long long applies, long long fulfilled, long long not_applicable);

/* A control's coverage from how many active requirements it has and how
 * many of them are implemented. */
enum soa_cover soa_control_cover(size_t nreqs, size_t implemented);

#endif
