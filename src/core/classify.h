/*
 * classify: information classification as rules over plain values.
 *
 * An information asset is classified on four aspects — confidentiality
 * (konfidentialitet, K), integrity (riktighet, R), availability
 * (tillgänglighet, T) and traceability (spårbarhet, S) — each at a level
 * 0-4 (0 negligible … 4 exceptionally serious). Its current classification
 * is the latest decided one.
 *
 * A system's classification is derived: per aspect, the highest level of
 * the information assets it processes. A decision may raise an aspect
 * above what is derived, never lower it: a decided level below the derived
 * one is refused when it is made (classification_check_raise) and, should
 * the information's classification rise later, the derived level wins
 * (classification_derive), so a system is never silently lower than its
 * information.
 *
 * Requirements in the catalogue name an aspect and a minimum level 1-3; one
 * applies to a system when the system's level on that aspect reaches it.
 * Level 4 has no requirements of its own: the catalogue stops at 3 (as
 * KLASSA's does), the level-3 requirements still apply as the floor, and
 * the aspect is marked as needing a separate protective-security analysis
 * (säkerhetsskyddsanalys).
 */
#ifndef TILLIT_CLASSIFY_H
#define TILLIT_CLASSIFY_H

#include <stddef.h>

enum aspect { ASPECT_K, ASPECT_R, ASPECT_T, ASPECT_S, ASPECT_COUNT };

#define LEVEL_MIN 0
#define LEVEL_MAX 4
/* The level that calls for a separate protective-security analysis. */
#define LEVEL_PROTECTIVE 4
/* Highest minimum level a requirement may name. */
#define REQUIREMENT_LEVEL_MAX 3
/* No level: nothing classified (derived) or not raised (decision). */
#define LEVEL_UNSET (-1)

/* A level per aspect; LEVEL_UNSET where there is none. */
struct levels {
	int v[ASPECT_COUNT];
};

/* All aspects LEVEL_UNSET. */
void levels_unset(struct levels *l);

/* "K", "R", "T", "S" and back (ASPECT_COUNT when unknown). */
const char *aspect_code(enum aspect a);
enum aspect aspect_from_code(const char *code);
/* Column/JSON names: "confidentiality", "integrity", "availability",
 * "traceability". */
const char *aspect_field(enum aspect a);

/* The decided classification of one information asset. */
struct asset_levels {
	long long asset_id;
	struct levels lv; /* every aspect set */
};

struct derived {
	/* Max per aspect over the assets; LEVEL_UNSET when none is classified. */
	struct levels derived;
	/* The asset that sets each derived aspect (the first with the max), 0. */
	long long driver[ASPECT_COUNT];
	/* What applies: max(derived, raised). LEVEL_UNSET when neither. */
	struct levels effective;
	/* 1 where a decision holds the aspect above what is derived. */
	int raised[ASPECT_COUNT];
	/* 1 when anything is classified or decided (the system "has a decided
	 * classification"). */
	int classified;
};

/*
 * Derive a system's classification from the decided classifications of the
 * n assets it processes and an optional decision (NULL, or levels with
 * LEVEL_UNSET where the decision leaves the aspect as derived).
 */
void classification_derive(const struct asset_levels *assets, size_t n,
			   const struct levels *decision, struct derived *out);

/*
 * A decision on a system against what is derived now: bad[a] = 1 where the
 * decision names a level below the derived one. Returns the number of such
 * aspects (0 = acceptable).
 */
int classification_check_raise(const struct levels *derived, const struct levels *decision,
			       int bad[ASPECT_COUNT]);

/*
 * A decided classification needs a written reason for every aspect above
 * level 0. missing[a] = 1 where reasons[a] is NULL or only white space and
 * lv->v[a] > 0. Returns the number missing.
 */
int classification_check_reasons(const struct levels *lv, const char *const reasons[ASPECT_COUNT],
				 int missing[ASPECT_COUNT]);

/* A requirement's trigger: an aspect and a minimum level 1..3 — or
 * ASPECT_ANY, any aspect at that level or above; and min_level 0, the
 * requirement always applies (statutory duties: a system classified 0
 * keeps them), whatever the aspect. */
#define ASPECT_ANY ((enum aspect)(ASPECT_COUNT + 1))
/* A requirement's aspect as stored ("K", "R", "T", "S" or "any"), or
 * ASPECT_COUNT when unknown. */
enum aspect requirement_aspect_from_code(const char *code);
/* 1 when a requirement on aspect at min_level applies at the levels given
 * (LEVEL_UNSET reaches no level; min_level 0 applies even then). */
int requirement_applies(enum aspect aspect, int min_level, const struct levels *effective);

/* 1 when some aspect is at LEVEL_PROTECTIVE. */
int classification_needs_protective_analysis(const struct levels *effective);

/*
 * The date a classification decided on `decided` ("YYYY-MM-DD") is due for
 * review, `months` later (the day clamped to the month's length), into
 * out[11]. Returns 0, or -1 when decided is not a valid date.
 */
int classification_review_date(const char *decided, int months, char out[11]);

#endif
