/*
 * store: persistence behind one interface. sqlite.c implements it on an
 * embedded SQLite database; a PostgreSQL implementation can follow for
 * hosted installations. Callers never see SQL: record queries are derived
 * from the entity registry, and every value is bound to a prepared
 * statement.
 *
 * A struct store is one database connection and is used by one thread at a
 * time. Functions return STORE_OK (0) or one of the codes below; the
 * message of the last failure is in store_errmsg().
 */
#ifndef TILLIT_STORE_H
#define TILLIT_STORE_H

#include <stddef.h>

#include "core/classify.h"
#include "model/entity.h"
#include "util/arena.h"
#include "util/json.h"

enum {
	STORE_OK = 0,
	STORE_ERROR = -1,     /* unexpected: I/O, corruption, bug */
	STORE_NOTFOUND = -2,  /* no such record in this organisation */
	STORE_CONFLICT = -3,  /* a constraint would be broken */
	STORE_BUSY = -4,      /* the database stayed locked too long */
};

struct store;

/* Open (creating when create is set) the database at path. */
int store_open(const char *path, int create, struct store **out, char *err, size_t errlen);
void store_close(struct store *st);
const char *store_errmsg(struct store *st);
/* The file name the store was opened with. */
const char *store_path(struct store *st);

/* Apply every migration not yet applied, each in its own transaction.
 * *applied gets the number applied. Never drops data. */
int store_migrate(struct store *st, int *applied, char *err, size_t errlen);
/* Schema version: the number of the last applied migration. */
int store_schema_version(struct store *st);

/* Write transactions take the write lock at once (BEGIN IMMEDIATE) so
 * that a read-then-write never fails half way on a lock upgrade. */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
/* Read transaction: a consistent snapshot over several queries. */
int store_begin_read(struct store *st);
void store_end_read(struct store *st);

/* ---- records ---------------------------------------------------------- */

/* A list query's bounds. The web edge refuses more search words than
 * LIST_MAX_SEARCH_WORDS with a message; more filters than LIST_MAX_FILTERS
 * would take an entity with more filterable fields (tests/unit/test_store.c
 * holds the registry to it). Past either, store_list and store_list_each
 * fail (STORE_ERROR, ALWAYS()) rather than leave some out. */
#define LIST_MAX_SEARCH_WORDS 8
#define LIST_MAX_FILTERS 16
#define LIST_MAX_LIMIT 500

struct list_filter {
	const struct field *f;
	const char *value; /* as text; NULL or "" matches records where it is empty */
};

struct list_query {
	const char *q; /* search words (all must match; at most
			  LIST_MAX_SEARCH_WORDS), or NULL */
	struct list_filter filters[LIST_MAX_FILTERS];
	size_t nfilters;
	const struct field *sort; /* NULL: the entity's default sort */
	int desc;
	long long page;  /* from 1 */
	long long limit; /* 1..LIST_MAX_LIMIT; 0 = every row (exports) */
	int with_links;  /* also load F_REFS fields as arrays */
	/* For a reader who may read some records of the entity but not all
	 * (model/record.h record_list_restrict): only rows whose field in
	 * own[] names person, or whose yes/no field in flag[] is yes; no row
	 * at all when restricted and both are empty. Names are the
	 * registry's field names. */
	int restricted;
	long long person;
	const char *own[4];
	size_t nown;
	const char *flag[4];
	size_t nflag;
	/* With restricted, for an entity whose records belong to another
	 * (entity.h scope_via): own[] and flag[] are fields of that record,
	 * the one via_field names. */
	const struct entity *via_entity;
	const char *via_field;
};

/* The number of search words in q, as store_list counts them (after
 * folding, separated by white space). */
int store_search_words(const char *q);

/*
 * Rows of e in organisation org matching q, as objects holding "id", every
 * declared field (F_REFS only with q->with_links), "created_at",
 * "updated_at" and "_labels": { ref field: title of the record referred to }.
 * *total gets the number of matching rows over all pages.
 */
int store_list(struct store *st, struct arena *a, const struct entity *e, long long org,
	       const struct list_query *q, struct jval **rows, long long *total);
/* Every row of e in org matching q (limit and page ignored), in q's order
 * and shape as store_list, handed one at a time to fn; a row lives only
 * during its call, so an export of any size holds one row in memory. A
 * non-zero return from fn stops the walk and is returned. */
typedef int (*store_row_fn)(void *ctx, const struct jval *row);
int store_list_each(struct store *st, const struct entity *e, long long org,
		    const struct list_query *q, store_row_fn fn, void *ctx);
/* One record in the same shape (F_REFS always included, and "_labels" also
 * holds, per F_REFS field, an array of { "id", "label" }). */
int store_get(struct store *st, struct arena *a, const struct entity *e, long long org,
	      long long id, struct jval **row);
/* 1 when the record exists in org, else 0. */
int store_exists(struct store *st, const struct entity *e, long long org, long long id);
/* Insert rec (field values only); *id gets the new id. */
int store_insert(struct store *st, const struct entity *e, long long org,
		 const struct jval *rec, long long *id);
/* Replace the field values of record id with those in rec (fields absent
 * from rec are left alone). */
int store_update(struct store *st, const struct entity *e, long long org, long long id,
		 const struct jval *rec);
int store_delete(struct store *st, const struct entity *e, long long org, long long id);
/* Number of records of e in org. */
long long store_count(struct store *st, const struct entity *e, long long org);
/* The id of another record of e (not except_id) with value in field f
 * (the same bytes), or 0 when there is none. */
long long store_value_taken(struct store *st, const struct entity *e, long long org,
		      const struct field *f, const char *value, long long except_id);

/* Records elsewhere that refer to a record: per referring field, how many. */
struct store_refs {
	const struct entity *e;
	const struct field *f;
	long long count;
};
int store_references(struct store *st, struct arena *a, const struct entity *e, long long org,
		     long long id, struct store_refs **refs, size_t *n);

/* Records whose title (or, for people, e-mail) equals text, ignoring case and
 * diacritics; "#12" or "12" finds id 12. At most max ids to ids[], *n gets
 * how many matched (may exceed max). */
int store_resolve(struct store *st, const struct entity *e, long long org, const char *text,
		  long long *ids, size_t max, size_t *n);
/* { "id", "label" } of the records of e, sorted by title, when there are at
 * most limit of them (else an empty array); *total gets the number of
 * records. For select boxes, which give way to typed input above limit. */
int store_choices(struct store *st, struct arena *a, const struct entity *e, long long org,
		  long long limit, struct jval **choices, long long *total);
/* Title of a record, or NULL. */
const char *store_title(struct store *st, struct arena *a, const struct entity *e,
			long long org, long long id);

/* ---- units ------------------------------------------------------------ */

/* Units nest at most this many levels, the top one included: deeper
 * placements are refused (units_validate), so a chain always fits. */
#define UNIT_MAX_DEPTH 64

/* 1 when unit is ancestor itself or lies below it. */
int store_unit_is_within(struct store *st, long long org, long long unit, long long ancestor);
/* unit followed by its ancestors up to the root (cycles are cut).
 * STORE_ERROR, after an ALWAYS(), for a chain longer than UNIT_MAX_DEPTH:
 * never one cut short. */
int store_unit_chain(struct store *st, struct arena *a, long long org, long long unit,
		     long long **chain, size_t *n);
/* The levels of units below unit into *height (0: none), counted no
 * further than UNIT_MAX_DEPTH. */
int store_unit_height(struct store *st, long long org, long long unit, int *height);

/* ---- audit trail ------------------------------------------------------ */

struct audit_actor {
	long long user_id;    /* 0: no account (the command line) */
	const char *username; /* recorded as given */
	const char *via;      /* "ui", "api", "import", "cli" */
};

/* Append an entry inside the current write transaction. changes is a JSON
 * object { field: [before, after] } (or any JSON object for non-record
 * events). */
int store_audit_append(struct store *st, long long org, const struct audit_actor *who,
		       const char *entity, long long record_id, const char *action,
		       const struct jval *changes);
/* Entries for one record (entity and id) or, with entity NULL, all of the
 * organisation's; newest first. Each: id, at, username, via, entity,
 * record_id, action, changes (parsed). */
int store_audit_list(struct store *st, struct arena *a, long long org, const char *entity,
		     long long record_id, long long page, long long limit,
		     struct jval **rows, long long *total);

struct audit_problem {
	long long id;       /* the first entry found wrong (0: the head) */
	const char *kind;   /* "changed", "removed", "inserted", "out_of_order" */
	char detail[200];   /* English, for the command line */
};
/* The organisation's entries about the entities named (NULL-terminated),
 * newest first, as store_audit_list: the trail as a reader sees it, who
 * may read only those; f (or NULL) narrows it further. */
struct audit_filter {
	const char *entity;   /* only entries about this entity, or NULL */
	const char *username; /* only entries made by this login, or NULL */
	/* YYYY-MM-DD (UTC) or NULL: from the first entry written on or
	 * after from to the last written before the day after to (the trail
	 * is written in time order; the days become a range of ids). */
	const char *from;
	const char *to;
};
int store_audit_list_of(struct store *st, struct arena *a, long long org, const char *const *entities,
			const struct audit_filter *f, long long page, long long limit,
			struct jval **rows, long long *total);
/* Walk the whole chain. STORE_OK when intact (*checked = entries verified),
 * STORE_CONFLICT with *p filled in when not. */
int store_audit_verify(struct store *st, long long *checked, struct audit_problem *p);
/* Changes with every committed change: the id of the last audit entry. */
long long store_generation(struct store *st);

/* ---- accounts, sessions, tokens --------------------------------------- */

struct user {
	long long id, org_id, person_id;
	const char *username;
	int lang;
	int disabled;
	const char *password_hash;
};

int store_user_by_name(struct store *st, struct arena *a, const char *username, struct user *u);
int store_user_by_id(struct store *st, struct arena *a, long long id, struct user *u);
int store_user_set_password(struct store *st, long long user_id, const char *hash);
/* Role assignments of a person, for access checks. */
int store_assignments(struct store *st, struct arena *a, long long org, long long person_id,
		      struct assignment **as, size_t *n);

int store_session_create(struct store *st, const char *token_hash, long long user_id,
			 const char *csrf, const char *expires_at);
/* The session's user and CSRF token when it exists and has not expired
 * (expiry compared with now, an ISO time). */
int store_session_find(struct store *st, struct arena *a, const char *token_hash,
		       const char *now, long long *user_id, const char **csrf);
int store_session_delete(struct store *st, const char *token_hash);
int store_sessions_delete_user(struct store *st, long long user_id);

int store_token_create(struct store *st, long long user_id, const char *name,
		       const char *token_hash, long long *id);
/* The user of a live (not revoked) token. */
int store_token_find(struct store *st, const char *token_hash, long long *user_id);
int store_token_revoke(struct store *st, long long id, long long *user_id);
/* Tokens of a user (or every user with user_id 0): id, user_id, username,
 * name, created_at, revoked_at, last_used_at. */
int store_token_list(struct store *st, struct arena *a, long long user_id, struct jval **rows);

/* Login throttling: failed logins are rows per key ("user:NAME",
 * "addr:ADDRESS") and Unix time. */
struct login_key {
	const char *key;
	long long max;   /* failures within the window that refuse an attempt */
	long long count; /* out: failures within the window before this one */
	long long id;    /* out: the failure written for this attempt, or 0 */
};
/*
 * Take one login attempt for keys[0..n), counting and writing in one write
 * transaction (its own, unless the caller has one), so that attempts made
 * in parallel are counted one after the other. When a key already has max
 * failures within the window seconds before now, nothing is written and
 * *allowed is 0. Otherwise a failure is written for every key — the
 * attempt counts as failed until store_login_attempt_forget takes it back
 * — and *allowed is 1. On a database error *allowed is 0 and the error is
 * returned: the caller refuses the login (fails closed).
 */
int store_login_attempt(struct store *st, struct login_key *keys, size_t n, long long now,
			long long window, int *allowed);
/* Take back the failures an allowed attempt wrote (the password was right). */
int store_login_attempt_forget(struct store *st, const struct login_key *keys, size_t n);
/* Remove every failure of key; *cleared (may be NULL) gets how many. */
int store_login_failures_clear(struct store *st, const char *key, long long *cleared);

/* ---- pending imports -------------------------------------------------- */

int store_import_put(struct store *st, const char *id, long long org, long long user_id,
		     const char *entity, const char *filename, const char *content, size_t len,
		     const char *now);
/* The kept file id of this user; with content NULL only its length is
 * read (to decide whether it may be read whole now: web/http.h req_heavy). */
int store_import_get(struct store *st, struct arena *a, const char *id, long long org,
		     long long user_id, const char **entity, const char **filename,
		     const char **content, size_t *len);
int store_import_delete(struct store *st, const char *id);

/* ---- organisation ----------------------------------------------------- */

/* The id of the first organisation, or 0 when there is none. */
long long store_default_org(struct store *st);
/* Create an organisation; *id gets its id. */
int store_org_create(struct store *st, const char *name, const char *kind, long long *id);

/* ---- maintenance ------------------------------------------------------ */

/* Merge each search index into one segment and refresh the query planner's
 * statistics. Worth doing after many writes (an import); safe at any time. */
int store_optimize(struct store *st);
/* Only the search indexes' merge (for a database that is still empty:
 * query-planner statistics gathered then would describe every table as
 * nearly empty and mislead the planner long after). */
int store_tidy_search(struct store *st);
/* Gather query-planner statistics afresh (approximate, fast). Both this
 * and store_optimize() keep none for tables of fewer than 1,000 rows: the
 * planner then treats them as large and uses their indexes, so a table
 * that grows after (the gaps of an import) is not scanned on every write. */
int store_analyze(struct store *st);

/* ---- backup ----------------------------------------------------------- */

/* Copy the whole database, consistently, while others keep using it. */
int store_backup(struct store *st, const char *dest, char *err, size_t errlen);

/* ---- classification ---------------------------------------------------- */

struct levels;
struct asset_levels;

/* The current (latest decided) classification of an asset: its levels,
 * id and decision date. STORE_NOTFOUND when it has none. */
int store_asset_classification(struct store *st, struct arena *a, long long org, long long asset,
			       struct levels *lv, long long *id, const char **decided_on);
/* The information assets system processes, in name order: ids, names and
 * current levels (every aspect LEVEL_UNSET when never classified). */
int store_system_asset_levels(struct store *st, struct arena *a, long long org, long long system,
			      struct asset_levels **out, const char ***names, size_t *n);
/* The latest decision on system (LEVEL_UNSET where it keeps the derived
 * level); *id 0 and all unset when there is none. */
int store_system_decision(struct store *st, long long org, long long system, struct levels *lv,
			  long long *id);

/* A requirement of the catalogue with its wording ([0] Swedish, [1]
 * English or NULL). */
struct catalogue_req {
	long long id;
	const char *code;
	const char *aspect; /* "K", "R", "T", "S" */
	const char *area;   /* the requirement's area (model/classify.c) */
	int min_level;
	const char *title[2], *current[2], *procurement[2];
};
/* The active requirements that apply at the levels eff (core/classify.h
 * requirement_applies), in code order. */
int store_requirements_applying(struct store *st, struct arena *a, long long org, const struct levels *eff,
				struct catalogue_req **out, size_t *n);

/* The digest of a catalogue last synchronised into org (NULL: never), and
 * recording a new one. */
int store_catalogue_digest(struct store *st, struct arena *a, long long org, const char *name,
			   const char **digest);
int store_catalogue_set_digest(struct store *st, long long org, const char *name,
			       const char *digest, const char *now);

/* ---- evidence files on SoA entries ------------------------------------ */

/* Evidence files (without content), objects with id, entry_id, filename,
 * content_type, size, sha256, uploaded_by, uploaded_at; of one entry
 * (entry_id > 0) or of every entry of framework (NULL: all), by entry. */
int store_evidence_list(struct store *st, struct arena *a, long long org, long long entry_id,
			const char *framework, struct jval **rows);
/* The SoA entries of a framework in their order, as objects with only what
 * the SoA pages show: id, code, theme, title_sv, title_en, applicable
 * (0/1), justification, implementation, evidence_links, catalogue_note_sv,
 * catalogue_note_en (why the catalogue has no requirement). */
int store_soa_entries(struct store *st, struct arena *a, long long org, const char *framework,
		      struct jval **rows, long long *n);
/* Keep a checked file on entry_id (STORE_NOTFOUND when the entry is not
 * the organisation's) and audit it as a change of the entry. */
int store_evidence_add(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		       long long entry_id, const char *filename, const char *content_type,
		       const char *sha256, const void *content, size_t len, const char *now, long long *id);

/* The same for files on other records (checked as evidence files:
 * core/evidence.h), one code path for every owner: the minutes of a
 * meeting, an organisation assessment. The SoA's functions above are these
 * with EV_SOA_ENTRY. A row
 * names its owner by the owner's column ("entry_id", "meeting_id"). */
enum evidence_owner { EV_SOA_ENTRY, EV_MEETING, EV_ORG_ASSESSMENT };
int store_files_list(struct store *st, struct arena *a, long long org, enum evidence_owner ow, long long owner_id,
		     struct jval **rows);
int store_files_get(struct store *st, struct arena *a, long long org, enum evidence_owner ow, long long id,
		    struct jval **row, const void **content, size_t *len);
int store_files_add(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		    enum evidence_owner ow, long long owner_id, const char *filename, const char *content_type,
		    const char *sha256, const void *content, size_t len, const char *now, long long *id);
int store_files_delete(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		       enum evidence_owner ow, long long id);

/* ---- risk analysis ---------------------------------------------------- */

/* The measures that implement control (measure_controls): how many are
 * planned or in progress, and how many are done. */
int store_control_measures(struct store *st, long long org, long long control, long long *open,
			   long long *done);

/* ---- incidents (sqlite_incidents.c) --------------------------------------- */

/* The current version of org's significance criteria (the highest among
 * those in use), 0 when there are none. */
int store_significance_version(struct store *st, long long org, long long *version);
/* A system or information asset an incident affects, with its
 * classification as it applies (a system's derived or decided levels, an
 * asset's current ones; LEVEL_UNSET where none). */
struct affected_row {
	int system; /* 1: a system, 0: an information asset */
	long long id;
	const char *name;
	int classified;
	struct levels lv;
};
/* The systems, then the information assets, incident affects (at most
 * 200), by name. */
int store_incident_affected(struct store *st, struct arena *a, long long org, long long incident,
			    struct affected_row **out, size_t *n);
/* The incident of org whose follow_hash is hash, or 0. */
long long store_incident_by_follow_hash(struct store *st, long long org, const char *hash);

/* ---- mail queue (sqlite_mail.c; docs/internals/mail.md) ---------------- */

/* A message as the sender takes it from the queue (strings in the arena
 * given to store_mail_claim). */
struct mail_msg {
	long long id, org_id, attempts;
	const char *to_addr, *to_name, *subject, *body, *entity, *reason;
	long long record_id;
};

/* Queue one message to one recipient, inside the caller's transaction (so
 * a change and its notices are written together, or neither; without one
 * it takes its own). entity/record_id: the record the notice is about
 * (e.g. "incidents", 12), or NULL/0; reason: short text saying why (e.g.
 * the escalation rule's name), may be NULL. *id: the queued message's id.
 * A recipient without a usable address is still written, with status
 * "failed" and last_error saying why, so every notice leaves a trace.
 * CR and LF in to_name and subject are made spaces. Audited ("mail_queued"
 * on entity "mail", record the message's id). */
int store_mail_enqueue(struct store *st, long long org, const char *to_addr, const char *to_name, const char *subject,
		       const char *body, const char *entity, long long record_id, const char *reason, long long *id);
/* The messages about one record, newest first, as JSON objects {id, to,
 * to_name, subject, reason, status ("queued","sent","retrying","failed"),
 * attempts, next_attempt_at, sent_at, last_error, created_at} appended to
 * array out (arena a). */
int store_mail_for_record(struct store *st, struct arena *a, long long org, const char *entity, long long record_id,
			  struct jval *out);
/* The organisation's messages, newest first, in the shape above plus
 * entity and record_id, only those with status (NULL: all); one page of
 * limit, *total gets how many match. */
int store_mail_list(struct store *st, struct arena *a, long long org, const char *status, long long page,
		    long long limit, struct jval **rows, long long *total);
/* Counts per status of the organisation's messages into counts[4]:
 * queued, retrying, sent, failed. */
int store_mail_counts(struct store *st, long long org, long long counts[4]);

/* For the sender (io/mail.c), each in a short transaction of its own:
 * never one held while the mail server is being talked to. */
/* Release every claim: at start, what was being sent when the process
 * stopped is due again. *released (may be NULL) gets how many. */
int store_mail_release_claims(struct store *st, long long *released);
/* Claim the message due first (next_attempt_at <= now): STORE_NOTFOUND
 * when none is due. */
int store_mail_claim(struct store *st, struct arena *a, struct mail_msg *m);
/* The claimed message was accepted by the server: status sent, audited. */
int store_mail_sent(struct store *st, const struct mail_msg *m, const char *message_id);
/* The claimed message failed: retrying at now + retry_in seconds, or with
 * retry_in < 0 failed for good (audited). attempts counts this one. */
int store_mail_attempt_failed(struct store *st, const struct mail_msg *m, const char *error, long long retry_in);

#endif
