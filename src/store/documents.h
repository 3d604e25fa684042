/*
 * documents (store): what governing documents need beyond the registry's
 * records — a version's file, the acknowledgement of versions by the
 * people asked to read them (one row per person and version, so that what
 * one person must confirm is read from an index, never by scanning
 * everyone), coverage per unit, and the share of documents reviewed on
 * time. Writes append their own audit entries. See docs/governance.md.
 */
#ifndef TILLIT_STORE_DOCUMENTS_H
#define TILLIT_STORE_DOCUMENTS_H

#include <stddef.h>

#include "util/arena.h"
#include "util/json.h"

struct store;
struct audit_actor;

/* How many people were asked to read version (any state) into *n. */
int store_doc_version_asked(struct store *st, long long org, long long version, long long *n);

/* The document's current version (its newest by date, then by number):
 * id, label, version_date, filename, sha256 (NULL when none). STORE_NOTFOUND
 * when it has no version. */
int store_doc_current_version(struct store *st, struct arena *a, long long org, long long doc, struct jval **version);

/* Ask the people of audience ("unit": unit and its subunits; "role":
 * holders of role; "everyone") who are active to read version of doc by
 * due (NULL: no date). People already asked for the version are not asked
 * twice. One audit entry on the document. *asked: how many were asked
 * now. Runs its own transaction. */
int store_doc_ask(struct store *st, struct arena *a, long long org, const struct audit_actor *who, long long doc,
		  long long version, const char *audience, long long unit, const char *role, const char *due,
		  const char *today, const char *now, long long *asked);

/* Inside the caller's transaction: new_version of doc has been added; if it
 * is now the current version, the open requests of the version before it
 * are closed (their pending rows too) and everyone asked to read that
 * version is asked to read this one, with as many days to do so. */
int store_doc_reask(struct store *st, struct arena *a, long long org, const struct audit_actor *who, long long doc,
		    long long new_version, const char *today, const char *now);

/* Inside the caller's transaction: doc is no longer in force (replaced or
 * repealed): its pending requests are closed. */
int store_doc_close(struct store *st, long long org, long long doc, const char *now);

enum doc_ack_outcome {
	DOC_ACK_OK,         /* confirmed now */
	DOC_ACK_NOT_ASKED,  /* person was never asked to read the version */
	DOC_ACK_REPLACED,   /* the version is no longer current, or the
			       document is no longer in force: nothing to confirm */
	DOC_ACK_DONE,       /* already confirmed */
};

/* Person confirms having read version: recorded (when, by whom) and audited
 * on the version; *outcome says what happened. Runs its own transaction. */
int store_doc_ack_confirm(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
			  long long person, long long version, const char *now, int *outcome);

/* A pending request to read a version, for "Mina uppgifter" and the API. */
struct doc_ack_pending {
	long long id, document_id, version_id;
	const char *title, *label, *due, *asked_at, *filename;
};
/* Person's pending requests (oldest due first), at most max, and how
 * many there are. */
int store_doc_acks_pending(struct store *st, struct arena *a, long long org, long long person, size_t max,
			   struct doc_ack_pending **out, size_t *n, long long *total);

/* Who was asked and who confirmed version, per unit of the people asked
 * (unit 0: people with no unit), by unit name. */
struct doc_ack_coverage {
	long long unit_id;
	const char *unit;
	long long asked, confirmed;
};
int store_doc_ack_coverage(struct store *st, struct arena *a, long long org, long long version,
			   struct doc_ack_coverage **out, size_t *n);

/* The file of version: set (replacing any, audited on the version as the
 * change of its "file") or read. Set runs its own transaction; get gives
 * STORE_NOTFOUND when the version has no file. */
int store_doc_file_set(struct store *st, struct arena *a, long long org, const struct audit_actor *who,
		       long long version, const char *filename, const char *content_type, const char *sha256,
		       const void *content, size_t len);
int store_doc_file_get(struct store *st, struct arena *a, long long org, long long version, const char **filename,
		       const char **content_type, const void **content, size_t *len);

/* The ids of the documents that implement SoA entry control, by title, at
 * most max. */
int store_doc_control_documents(struct store *st, struct arena *a, long long org, long long control, size_t max,
				long long **ids, size_t *n);

/* The required document with that code (the shipped defaults), 0 if none. */
int store_required_document_code(struct store *st, long long org, const char *code, long long *id);

/* For the goals' indicator "documents reviewed on time": of the adopted
 * documents (*total), those whose next review has not passed on today
 * (*on_time; a document with no next review counts as on time). */
int store_document_review_share(struct store *st, long long org, const char *today, long long *on_time,
				long long *total);

#endif
