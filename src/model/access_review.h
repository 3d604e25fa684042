/*
 * access_review (model): access reviews (behörighetsgenomgångar) — a
 * campaign per system, its accounts imported from the system as CSV, a
 * decision per account (keep, remove, change), completion when every
 * account is decided, and a measure for the system administrator for
 * each removal and change. The entities are in model/access_review.c;
 * the gap access_review_overdue is a system rule (core/gaps.h). See
 * docs/access-reviews.md.
 */
#ifndef TILLIT_MODEL_ACCESS_REVIEW_H
#define TILLIT_MODEL_ACCESS_REVIEW_H

#include <stddef.h>

#include "model/record.h"

/* An import or a set of decisions is refused whole when a row is wrong:
 * each problem names the row (1-based line of the file, or the position
 * in the list of decisions) and the account when known. */
#define AR_PROBLEMS_MAX 200
struct ar_problem {
	size_t row;
	const char *account; /* or NULL */
	const char *message; /* in the actor's language */
};
struct ar_problems {
	struct ar_problem *v;
	size_t n, cap;
	size_t more; /* problems past AR_PROBLEMS_MAX, counted only */
};

/* The largest account file taken (bytes) and the most accounts in one. */
#define AR_IMPORT_MAX_BYTES (8u << 20)
#define AR_IMPORT_MAX_ROWS 50000

/*
 * Import the accounts of campaign review from CSV text[0..len) (a heading
 * row naming the columns account, name, roles, last login — in Swedish
 * or English, in any order; ';' or ',' separated). Every row is checked
 * first (an empty or too long account, a name given twice in the file or
 * already in the campaign, a row with more cells than headings); any
 * problem and nothing is written. Otherwise every account is created
 * through the record path in one transaction, *created counting them.
 * Returns REC_OK, REC_INVALID (problems in p), REC_FORBIDDEN,
 * REC_NOTFOUND (no such campaign) or REC_ERROR.
 */
int access_review_import(struct rctx *c, long long review, const char *text, size_t len, struct ar_problems *p,
			 long long *created);

/* One decision, as the API and the review page give it. */
struct ar_decision {
	const char *account;
	const char *decision; /* "keep", "remove", "change", or NULL/"" to clear */
	const char *comment;  /* or NULL */
};

/*
 * Decide accounts of campaign review: each names an account of the
 * campaign (one that is not: a problem). All are written in one
 * transaction through the record path, or none (any problem: REC_INVALID
 * with p filled). *changed counts the accounts whose decision or comment
 * changed. When the last account is decided the campaign completes.
 */
int access_review_decide(struct rctx *c, long long review, const struct ar_decision *d, size_t n,
			 struct ar_problems *p, long long *changed);

/* Add a problem (message copied by pointer). */
void ar_problem_add(struct arena *a, struct ar_problems *p, size_t row, const char *account, const char *message);

#endif
