/*
 * incident (model): incidents, their timeline and reports, and the
 * organisation's lists they are judged against (model/incident.c); the
 * deadlines an incident calls for (core/deadline.h applied to a record)
 * and the texts of its reports. See docs/incidents.md.
 */
#ifndef TILLIT_MODEL_INCIDENT_H
#define TILLIT_MODEL_INCIDENT_H

#include <stddef.h>

#include "model/entity.h"
#include "model/record.h"
#include "util/json.h"

/* A severity at or above this level makes an incident serious (as does a
 * significance decision): each affected system is then due for a new risk
 * analysis. The default scale's 3 is "Hög". */
#define INCIDENT_SERIOUS_LEVEL 3

extern const struct option incident_statuses[], incident_report_kinds[];

/* A receipt number: "2026-K7M4QX" (the year and six random characters). */
#define INCIDENT_RECEIPT_LEN 12
struct store;
/* A receipt number no incident of org has yet, into out. 0, or -1. */
int incident_new_receipt(struct store *st, long long org, char out[INCIDENT_RECEIPT_LEN]);

/* 1 when the incident (a record as stored) is serious. */
int incident_serious(struct rctx *c, const struct jval *rec);

/* One report the incident calls for. */
struct incident_deadline {
	int kind;              /* enum deadline_kind */
	long long due_at;      /* 0: not yet known (a final report while handling goes on) */
	const char *sent_at;   /* the first report of the kind recorded, or NULL */
	const char *reference; /* its reference, or NULL */
	int overdue;           /* not sent and past due */
};

/* The deadlines of incident inc (as stored) given the reports recorded for
 * it (rows of incident-reports, NULL for none), into out (room for
 * DL_KIND_COUNT); *n gets how many. Returns 0. */
int incident_deadlines(struct rctx *c, const struct jval *inc, const struct jval *reports,
		       struct incident_deadline *out, size_t *n);
/* The same as the API's "deadlines": [{kind, due_at, sent_at, reference, overdue}]. */
struct jval *incident_deadlines_json(struct rctx *c, const struct jval *inc, const struct jval *reports);

/* The text of a report of kind (an incident_report_kinds value) about inc,
 * in lang, in the structure the recipient asks for, headed by the secrecy
 * marking when the incident has one (arena memory). recipient: the
 * organisation's recipient for the kind, or NULL. */
const char *incident_report_text(struct rctx *c, int lang, const struct jval *inc, const char *kind,
				 const struct jval *recipient);

/* A report as anyone makes it (the report page, the public form): only
 * the reporter's fields are taken from in (title, description,
 * occurred_at, discovered_at, personal_data_possible, reporter_contact,
 * system_ids, asset_ids); channel is "staff" or "public". Written with
 * Tillit's authority on behalf of c's actor (reported_by is the actor's
 * person, none for the public form). On success *id, the receipt number
 * (receipt, 20 bytes) and the follow secret (secret, 44 bytes: the only
 * copy; only its hash is kept) are filled. Returns a REC_ code. */
int incident_report_create(struct rctx *c, const struct jval *in, const char *channel, long long *id,
			   char receipt[20], char secret[44], struct verrors *errs);
/* The incident whose follow secret is secret, or 0: the same for a secret
 * that is wrong, guessed or was never given. */
long long incident_by_secret(struct store *st, long long org, const char *secret);

/* The organisation's lists (categories, severities, significance criteria,
 * report recipients) from Tillit's defaults, each when it has none yet;
 * inside c's transaction (model/catalogue.c catalogue_sync). A REC_ code. */
int incident_defaults_sync(struct rctx *c);
/* A default text as stored (seeded in Swedish) in lang while it is still
 * the shipped text; else stored itself. */
const char *incident_default_text(int lang, const char *stored);

#endif
