/*
 * incident_stats (store): what the incident statistics read
 * (model/incident_stats.h): one walk over the incidents made aware of in a
 * period, and the facts their report deadlines are counted from. Both walk
 * the index incidents_stats (migration 0013), which covers every column the
 * first walk reads, so a year of a large municipality's incidents is one
 * pass over an index and no table reads.
 */
#ifndef TILLIT_STORE_INCIDENT_STATS_H
#define TILLIT_STORE_INCIDENT_STATS_H

#include "core/deadline.h"
#include "store/store.h"

/* One incident as the statistics count it. Strings live only during the
 * callback; times are stored UTC "YYYY-MM-DDTHH:MM:SSZ", NULL when not set. */
struct incident_stat_row {
	const char *aware_at;
	const char *triaged_at;
	const char *closed_at;
	const char *channel;
	long long category_id; /* 0: none */
	long long severity_id; /* 0: none */
	int supplier;          /* a supplier is involved (supplier_id set) */
};

/* One incident that calls for reports (assessed significant, or a
 * personal-data breach to report), with the first report sent of each
 * kind with a deadline: sent[k] for k an enum deadline_kind, NULL when
 * none is recorded. */
struct incident_deadline_row {
	long long id;
	const char *aware_at, *significance, *pd_breach, *status, *handled_at;
	const char *sent[DL_KIND_COUNT];
};

typedef int (*incident_stat_fn)(void *ctx, const struct incident_stat_row *row);
typedef int (*incident_deadline_fn)(void *ctx, const struct incident_deadline_row *row);

/*
 * Each incident of org with from <= aware_at < to (stored times compared
 * as text), handed to fn. limit: a reader's restriction (model/record.h
 * record_list_restrict; only restricted, person, own[] and flag[] are
 * read), NULL or unrestricted for every incident. A non-zero return from
 * fn stops the walk and is returned. STORE_OK or an error code.
 */
int store_incident_stats_each(struct store *st, long long org, const char *from, const char *to,
			      const struct list_query *limit, incident_stat_fn fn, void *ctx);
/* The same period and restriction, only the incidents that call for
 * reports, each with the first report sent of each kind. */
int store_incident_deadlines_each(struct store *st, long long org, const char *from, const char *to,
				  const struct list_query *limit, incident_deadline_fn fn, void *ctx);

#endif
