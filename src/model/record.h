/*
 * record: the one path every change takes, from the UI, the API, an import
 * or the command line: input is turned into typed values, validated field
 * by field and by the entity's own rules, checked against the user's
 * rights, written in one transaction and recorded in the audit trail.
 */
#ifndef TILLIT_RECORD_H
#define TILLIT_RECORD_H

#include <stddef.h>

#include "core/access.h"
#include "model/entity.h"
#include "util/arena.h"
#include "util/json.h"

struct store;
struct audit_actor;

#define VERR_MAX 200

struct verror {
	const char *field;   /* field name, or NULL for the record as a whole */
	const char *message; /* already in the user's language */
	int confirm;         /* a warning the user may confirm past (rctx.confirmed) */
};

/*
 * The errors of one change. Past VERR_MAX they are counted in truncated
 * but not kept, so a list with truncated set is not complete: whatever
 * shows it ends it with verr_more() (page.c for the UI and the API, the
 * import report, the command line), and such a list is never confirmable,
 * so the change is never written. n is never 0 when truncated is not.
 */
struct verrors {
	size_t n;
	size_t truncated; /* errors left out past VERR_MAX (0: none) */
	struct verror items[VERR_MAX];
};

/* Add an error (message is kept by pointer: literal or arena memory). */
void verr_add(struct verrors *v, const char *field, const char *message);
/* Errors added so far, those left out included. */
size_t verr_total(const struct verrors *v);
/* "There are more errors than shown here." in lang: the last line of a
 * list of v->items when v->truncated. */
const char *verr_more(int lang);
/* Add a warning that stops the change unless the user confirms it: the
 * change goes through when every error is such a warning and the caller
 * sets rctx.confirmed (the form's confirmation box, the API's
 * ?confirm=1). */
void verr_confirm(struct verrors *v, const char *field, const char *message);
/* 1 when there are errors and all of them can be confirmed. */
int verr_confirmable(const struct verrors *v);
/* The first message for field, or NULL. */
const char *verr_get(const struct verrors *v, const char *field);

/* Who is acting. */
struct actor {
	long long user_id;    /* 0 for the command line */
	const char *username;
	const char *via;      /* "ui", "api", "import", "cli" */
	long long org_id;
	long long person_id;
	int lang;
	const struct assignment *as;
	size_t nas;
	int trusted;          /* the command line: every right */
};

struct rctx {
	struct store *st;
	struct arena *a;
	const struct actor *who;
	int in_tx;            /* the caller holds the write transaction */
	int allow_names;      /* text references may name records, not only number them */
	struct jval *names;   /* optional cache of resolved names (an object), e.g.
				 for an import where the same owner recurs */
	struct arena *names_a; /* what the cache's entries are made in (a may be
				 reset between records); NULL: a */
	int seeding;          /* Tillit filling shipped data (model/catalogue.c):
				 may create records of no_create entities */
	int confirmed;        /* the user confirmed the warnings (verr_confirm) */
	int same_name;        /* warn (verr_confirm) about a second record with
				 the same name: asked by the form and the import,
				 where a person reads the warning */
	struct verrors *warnings; /* with confirmed: the warnings confirmed past
				     are added here too, for a caller that shows
				     them (the import preview); NULL: not kept */
	const char *cause;    /* the change that set this one off ("measures/12"),
				 recorded in its audit entry (entity_after_fn) */
};

enum {
	REC_OK = 0,
	REC_INVALID = 1,   /* errs says why */
	REC_FORBIDDEN = 2,
	REC_NOTFOUND = 3,
	REC_CONFLICT = 4,  /* e.g. still referred to; errs says by what */
	REC_ERROR = -1,    /* the store failed */
};

/*
 * Turn text (a form control or a CSV cell) into the value for field f:
 * J_NULL when empty, else J_STR / J_INT / J_BOOL, or a J_ARR of ids for
 * F_REFS (ids or, with c->allow_names, names separated by ';' or new lines).
 * On bad input adds an error for f and returns NULL.
 */
struct jval *record_value_from_text(struct rctx *c, const struct entity *e, const struct field *f,
				    const char *text, struct verrors *errs);
/* The same for a JSON member value (strict types: numbers for ids, true/false
 * for yes/no, arrays of ids for F_REFS). */
struct jval *record_value_from_json(struct rctx *c, const struct entity *e, const struct field *f,
				    const struct jval *v, struct verrors *errs);
/*
 * Fields from a JSON object body into *out (a new object holding only the
 * members given). Unknown members are errors; "id", "created_at" and
 * "updated_at" are ignored when they are read-only echoes. Returns 0 or -1
 * with errs filled.
 */
int record_from_json(struct rctx *c, const struct entity *e, const struct jval *body,
		     struct jval **out, struct verrors *errs);

/* The options of set field f (F_TEXT with .set) that text names, as bits
 * (bit i: f->options[i]) in *bits: values apart by commas, semicolons or
 * spaces, any case; one-letter values may also stand together ("KT").
 * Returns 0, or -1 when text names something that is not an option. */
int record_set_bits(const struct field *f, const char *text, unsigned long *bits);

/* The text form of a value, for forms, CSV and history (ids as digits, yes/no
 * as "1"/"0", F_REFS as "1;2;3"). Arena memory; "" for null. */
const char *record_value_text(struct arena *a, const struct field *f, const struct jval *v);

/* Create a record from the given fields (others take their defaults). */
int record_create(struct rctx *c, const struct entity *e, const struct jval *input, long long *id,
		  struct verrors *errs);
/* Change the given fields of record id. No change, no write, no entry. */
int record_update(struct rctx *c, const struct entity *e, long long id, const struct jval *input,
		  struct verrors *errs);
/* Delete record id unless other records still refer to it or the entity's
 * own rules keep it (REC_CONFLICT, errs says why). */
int record_delete(struct rctx *c, const struct entity *e, long long id, struct verrors *errs);
/* 1 when the entity's own rules let row be deleted (references aside),
 * else 0 with the reasons added to errs: for pages that offer a delete. */
int record_deletable(struct rctx *c, const struct entity *e, const struct jval *row, struct verrors *errs);

/* The organisation's time zone (organisation.time_zone; Europe/Stockholm
 * unless set), for times entered and shown without an offset. */
struct tzone;
const struct tzone *record_zone(struct rctx *c);

/* Limit q (a list of e) to the rows the actor may read, when the actor
 * may read some records of e but not all: the rows its G_OWNED grants
 * (held on the whole organisation, with an owner field of e itself) and
 * G_FLAG grants reach. Grants that no row filter can express (a unit
 * scope, an owner read through a reference) add no rows: a list never
 * shows more than its reader may read. Lists, exports, search and the
 * API call it before store_list. */
struct list_query;
void record_list_restrict(struct rctx *c, const struct entity *e, struct list_query *q);

/* A context for what a change sets off in other records (entity_after_fn):
 * Tillit writing on behalf of c's actor (who is recorded, every right is
 * given: tillit is filled from c->who and must outlive the result), inside
 * c's transaction, with cause recorded in each audit entry (NULL: none). */
struct rctx record_on_behalf(const struct rctx *c, struct actor *tillit, const char *cause);

/* person when it names an active person of c's organisation, else 0: whom
 * Tillit may give a new responsibility (a measure it makes) — someone who
 * has left gets nothing new, and the change that set it off still goes
 * through. */
long long record_active_person(struct rctx *c, long long person);

/* May the actor do action to row (NULL: to some record of e)? */
int record_allows(struct rctx *c, const struct entity *e, unsigned action, const struct jval *row);
/*
 * May person be named as having decided row of e (a classification, a
 * decision, an analysis, a risk's acceptance)? 1 when their own roles let
 * them change row, or when row — or the record it belongs to — names them
 * in an owner field of e's grants, role or not: the owner decides, with an
 * account or without one. For validate hooks: needs no actor.
 */
int record_may_decide(struct store *st, struct arena *a, long long org, const struct entity *e,
		      const struct jval *row, long long person);
/* 1 when row of e is decided (entity.h struct decision): it no longer
 * changes — record_update refuses (REC_INVALID, the entity's reason in
 * errs) — and is never deleted. */
int record_decided(const struct entity *e, const struct jval *row);
/* For validate hooks: when rec's field names a person who may not decide rec
 * (record_may_decide), add msgid — a format taking the person's name — to
 * the field. */
void record_check_decider(struct store *st, struct arena *a, long long org, const struct entity *e,
			  const struct jval *rec, const char *field, const char *msgid,
			  struct verrors *errs, int lang);

/* For a new record whose input already has errors (so record_create will
 * not run): add "required" errors for required fields the input leaves
 * empty and that have no default, so that every problem shows at once. */
void record_require(struct rctx *c, const struct entity *e, const struct jval *input,
		    struct verrors *errs);

/* Set changes[field] = [before, after] for an audit entry (deep copies; a
 * NULL side is written as null). */
void record_change(struct arena *a, struct jval *changes, const char *field,
		   const struct jval *before, const struct jval *after);
/* The audit trail's view of c's actor. */
struct audit_actor record_audit_actor(const struct rctx *c);

/* The defaults of e as a record (for a new-record form). */
struct jval *record_defaults(struct rctx *c, const struct entity *e);

#endif
