/*
 * import: CSV into any importable entity, all or nothing.
 *
 * The header row names the columns: field names as in the API and the CSV
 * export, or the field labels in Swedish or English; "id" (or Number/
 * Nummer) makes a row change that record instead of creating one; the
 * export's extra columns (<field>_name, created_at, updated_at) are
 * ignored. Every row goes through the same validation and permission
 * checks as a form, inside one transaction: a dry run rolls it back, a real
 * run commits only when no row has a problem.
 */
#ifndef TILLIT_IMPORT_H
#define TILLIT_IMPORT_H

#include <stddef.h>

#include "model/record.h"

#define IMPORT_MAX_ISSUES 1000
#define IMPORT_PREVIEW_ROWS 200

struct import_issue {
	size_t row;         /* line in the file; 0 for the file as a whole */
	const char *column; /* header text as in the file, or NULL */
	const char *message;
};

struct import_report {
	size_t rows;     /* data rows */
	size_t creates, updates, unchanged;
	struct import_issue *issues;
	size_t nissues;  /* kept in issues: at most IMPORT_MAX_ISSUES */
	size_t found;    /* found, those not kept included: what decides */
	int truncated;   /* more than IMPORT_MAX_ISSUES */
	int converted;   /* the file was Windows-1252 and was converted */
	int malformed;   /* the file itself could not be read as CSV */
	struct jval *preview; /* [{row, action: "create"|"update", id, title}] */
	/* Warnings (model/record.h verr_confirm, such as a second record with
	 * the same name): shown, not blocking — confirming the import confirms
	 * them, and each row's audit entry records them. At most
	 * IMPORT_MAX_ISSUES kept; nwarnings_found counts them all. */
	struct import_issue *warnings;
	size_t nwarnings, nwarnings_found;
};

/* Returns 0 when every row is valid (written if commit), 1 when there are
 * issues (nothing written), -1 when the store failed. */
int import_csv(struct rctx *c, const struct entity *e, const char *data, size_t len, int commit,
	       struct import_report *rep);

#endif
