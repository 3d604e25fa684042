/*
 * incident_stats (model): the incident statistics of issue 13, item 8 —
 * for a period of whole months in the organisation's time zone, counted by
 * when the organisation became aware of each incident (aware_at):
 * incidents per month by category and by severity, the time from
 * awareness to triage and to closing (median and 90th percentile), how
 * incidents came to be known (channel), the share that involved a
 * supplier, and for each report with a deadline how often it was met.
 * Counted over the incidents the reader may read (record_list_restrict:
 * a data protection officer's statistics cover the incidents that involve
 * personal data). See docs/incidents.md, "Statistik".
 */
#ifndef TILLIT_MODEL_INCIDENT_STATS_H
#define TILLIT_MODEL_INCIDENT_STATS_H

#include <stddef.h>

#include "core/deadline.h"
#include "model/record.h"
#include "util/json.h"

#define STATS_MAX_MONTHS 120   /* ten years at most in one period */
#define STATS_DEFAULT_MONTHS 12 /* the last twelve months, this one included */

/* A category or a severity with its incidents over the period; the last
 * of each list is "none" (id 0). */
struct stats_group {
	long long id;     /* 0: incidents without one */
	const char *name; /* in the reader's language; NULL for "none" */
	long long level;  /* severities: the level */
	long long total;
};

/* The time from awareness to a moment (triage, closing). */
struct stats_duration {
	long long count;   /* incidents that have reached it */
	long long waiting; /* incidents that have not (yet) */
	double median_h;   /* hours; 0 when count is 0 */
	double p90_h;
};

/* How the reports of one kind with a deadline fared. */
struct stats_deadline {
	int kind;          /* enum deadline_kind */
	long long met;     /* sent at or before the deadline */
	long long late;    /* sent after it */
	long long overdue; /* not sent, and past the deadline */
	long long pending; /* not sent, not yet due (or due not yet known) */
};

struct incident_stats {
	char from[8], to[8]; /* "YYYY-MM", both months included */
	const char *zone;    /* the organisation's time zone */
	int restricted;      /* only the incidents the reader may read */
	size_t nmonths;
	char (*months)[8];   /* "YYYY-MM" */
	long long *month_total;
	size_t ncat, nsev;
	struct stats_group *cat, *sev;
	long long *by_cat; /* [month * ncat + category] */
	long long *by_sev; /* [month * nsev + severity] */
	long long total;
	struct stats_duration triage, close;
	size_t nchannel;
	const char **channel;      /* codes, the channel field's options */
	const char **channel_name; /* in the reader's language */
	long long *channel_count;
	long long supplier;
	struct stats_deadline deadlines[DL_KIND_COUNT];
};

/* The period asked for: from and to as "YYYY-MM" (NULL or "" for the
 * default: the last STATS_DEFAULT_MONTHS months up to this one in the
 * organisation's zone), into s->from and s->to. 0, or -1 with the reason
 * in errs (field "from" or "to", in lang): a malformed month, from after
 * to, more than STATS_MAX_MONTHS months. */
int incident_stats_period(struct rctx *c, const char *from, const char *to, struct incident_stats *s,
			  struct verrors *errs, int lang);
/* Count the statistics of the period in s (after incident_stats_period)
 * for c's reader, names in lang (arena memory of c). A STORE_ code. */
int incident_stats_compute(struct rctx *c, int lang, struct incident_stats *s);
/* The statistics as the API gives them (docs/api.md). */
struct jval *incident_stats_json(struct rctx *c, int lang, const struct incident_stats *s);

#endif
