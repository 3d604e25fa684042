/*
 * risk: the organisation's risk method and the arithmetic of a risk
 * analysis (DOMAIN.md §2): likelihood and consequence scales chosen by the
 * organisation, risk value = likelihood × consequence, matrix bands
 * (thresholds, names, colours), and the cadence that keeps analyses
 * current.
 *
 * A method is written by people as text, so it is parsed here with
 * messages that name the line or band that is wrong:
 *
 *   scale   one level per line, lowest first: "Name: description"
 *           (the description is optional), 2–RISK_LEVELS_MAX lines
 *   bands   one band per line, lowest first: "MIN-MAX Name #rrggbb"
 *           (the colour is optional); together the bands must cover
 *           every value from 1 to the largest likelihood × consequence,
 *           without overlaps or gaps
 *
 * Pure: no I/O, memory from the caller's arena.
 */
#ifndef TILLIT_RISK_H
#define TILLIT_RISK_H

#include <stddef.h>

#include "core/classify.h"
#include "util/arena.h"

#define RISK_LEVELS_MAX 10
#define RISK_BANDS_MAX 10

struct risk_level {
	const char *name;
	const char *description; /* "" when none */
};

struct risk_band {
	int min, max;      /* risk values, inclusive */
	const char *name;
	const char *color; /* "#rrggbb" */
};

struct risk_method {
	struct risk_level likelihood[RISK_LEVELS_MAX];
	int nlikelihood;
	struct risk_level consequence[RISK_LEVELS_MAX];
	int nconsequence;
	struct risk_band bands[RISK_BANDS_MAX];
	int nbands;
};

/* A problem in a method's text: which part (RISK_PART_*), the line (1-based,
 * 0 for the whole part) and a message id (English; translate with tr()),
 * with up to two numbers and a name for its %d/%s. */
enum risk_part { RISK_PART_LIKELIHOOD, RISK_PART_CONSEQUENCE, RISK_PART_BANDS };

struct risk_problem {
	enum risk_part part;
	int line;
	const char *msgid;
	int a, b;
	const char *name;
};

#define RISK_PROBLEMS_MAX 20

/* Parse a scale (one level per line). Returns the number of problems
 * written to p (at most max). */
int risk_parse_scale(struct arena *a, enum risk_part part, const char *text, struct risk_level *out,
		     int *n, struct risk_problem *p, int max);
/* Parse bands against the largest risk value (nl × nc). Returns the number
 * of problems. */
int risk_parse_bands(struct arena *a, const char *text, int max_value, struct risk_band *out, int *n,
		     struct risk_problem *p, int max);
/* The whole method; returns the number of problems (0 = valid). */
int risk_method_parse(struct arena *a, const char *likelihood, const char *consequence, const char *bands,
		      struct risk_method *m, struct risk_problem *p, int max);

/* The shipped method's words (risk_default_*, seeded in Swedish) in lang
 * (util/i18n.h) wherever m still has them: an English reader sees "Very
 * low" where the organisation kept "Mycket låg"; words the organisation
 * wrote itself stay as written. */
void risk_method_localise(struct risk_method *m, int lang);
/* A method's scale or bands text as stored, in lang when it is exactly one
 * of the shipped risk_default_* texts (each line's words translated, as
 * risk_method_localise does); else stored itself. In arena a. */
struct arena;
const char *risk_default_text(struct arena *a, int lang, const char *stored);

/* likelihood × consequence, or 0 when either is outside the method's
 * scales. */
int risk_value(const struct risk_method *m, int likelihood, int consequence);
/* The band a value falls in (index), or -1. */
int risk_band_of(const struct risk_method *m, int value);
/* The consequence to suggest for losing an aspect classified at level
 * (LEVEL_MIN..LEVEL_MAX, core/classify.h) on a scale of n levels: the
 * level's share of the classification scale, rounded up, at least 1 —
 * on 1-5, K1 suggests 2, K2 3, K3 4 and K4 5; 0 when the level is unset. */
int risk_suggest_consequence(int level, int n);
/* The level of a scale (1..n) that a value from someone else's scale most
 * likely means, for an import: a number 1..n as it is when their scale is
 * no longer (source_max, the largest number among their values, <= n), a
 * number on a longer scale in proportion (rounded up), a level's name
 * (case and accents aside); 0 when none fits. */
int risk_guess_level(const struct risk_level *levels, int n, const char *value, int source_max);

/* Black or white, whichever has the higher contrast on colour (WCAG 2.1
 * relative luminance): "#000000" or "#ffffff". */
const char *risk_text_color(const char *color);
/* The contrast ratio of two "#rrggbb" colours (1–21); 0 when either is
 * malformed. */
double risk_contrast(const char *c1, const char *c2);

/* The defaults (DOMAIN.md §2: 1–5 each; low/medium/high/critical). */
extern const char *const risk_default_likelihood;
extern const char *const risk_default_consequence;
extern const char *const risk_default_bands;

/*
 * Cadence: when the next analysis of a system or information asset is due.
 * High-classified (any aspect at or above high_level) every high_months,
 * otherwise every other_months, counted from the last decided analysis. A
 * trigger after the last analysis (classification raised, significant
 * change, serious incident) makes it due on the trigger's date; never
 * analysed means due now (today). Writes "YYYY-MM-DD" to due; returns 0,
 * or -1 on a malformed date.
 */
struct risk_cadence {
	const char *last;     /* date of the last decided analysis, or NULL */
	const char *trigger;  /* the latest trigger's date, or NULL */
	const struct levels *lv; /* the classification, or NULL */
	int high_level;       /* default 3 */
	int high_months;      /* default 12 */
	int other_months;     /* default 36 */
	const char *today;
};
int risk_next_analysis(const struct risk_cadence *c, char due[11]);

#endif
