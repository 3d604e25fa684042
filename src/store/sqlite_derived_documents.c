/*
 * sqlite_derived_documents.c: the gaps of governing documents and required
 * documents (core/gaps.h "governing documents"), kept per change as the
 * walk of sqlite_derived.c asks. A document reaches the required
 * documents it fulfils; an adoption its document; a unit that becomes or
 * stops being a company the documents that apply to it.
 */
#include <string.h>

#include "store/derived_documents.h"
#include "store/sqlite_int.h"

int dr_eval_document(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT title, owner_id, status = 'adopted', next_review FROM governing_documents"
					 " WHERE id = ? AND org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_document_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.owner_id = sqlite3_column_int64(s, 1);
		f.adopted = sqlite3_column_int(s, 2);
		f.next_review = sq_col_text(run->a, s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived document");
	if (exists && f.adopted) {
		/* The companies it applies to, and whether each adopted it. */
		s = sq_prepare(st, "SELECT u.id, EXISTS (SELECT 1 FROM document_adoptions x WHERE x.document_id = l.from_id"
				   " AND x.company_id = u.id) FROM governing_document_units l JOIN units u ON u.id = l.to_id"
				   " AND u.kind = 'company' WHERE l.from_id = ? ORDER BY u.id");
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, id);
		size_t cap = 0;
		long long *companies = NULL;
		int *adopted = NULL;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (f.ncompanies == cap) {
				cap = cap ? cap * 2 : 8;
				long long *nc = arena_alloc(run->a, cap * sizeof *nc);
				int *na = arena_alloc(run->a, cap * sizeof *na);
				if (f.ncompanies) {
					memcpy(nc, companies, f.ncompanies * sizeof *nc);
					memcpy(na, adopted, f.ncompanies * sizeof *na);
				}
				companies = nc;
				adopted = na;
			}
			companies[f.ncompanies] = sqlite3_column_int64(s, 0);
			adopted[f.ncompanies++] = sqlite3_column_int(s, 1);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return sq_fail(st, "derived document companies");
		f.companies = companies;
		f.company_adopted = adopted;
	}
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_document(&f, &rows);
	rc = dr_gaps_put(run, "governing-documents", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

int dr_eval_required_document(struct derived_run *run, long long id)
{
	struct store *st = run->st;
	sqlite3_stmt *s = sq_prepare(st, "SELECT r.title, r.document_id, d.status = 'adopted', d.owner_id FROM required_documents r"
					 " LEFT JOIN governing_documents d ON d.id = r.document_id WHERE r.id = ? AND r.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, run->org);
	int rc = sqlite3_step(s);
	struct gap_required_document_facts f = { .id = id };
	const char *name = NULL;
	int exists = rc == SQLITE_ROW;
	if (exists) {
		name = sq_col_text(run->a, s, 0);
		f.document_id = sqlite3_column_int64(s, 1);
		f.document_adopted = sqlite3_column_int(s, 2);
		f.owner_id = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(st, "derived required document");
	struct gap_rows rows = { 0 };
	if (exists)
		gap_rules_required_document(&f, &rows);
	rc = dr_gaps_put(run, "required-documents", id, name, &rows);
	gap_rows_free(&rows);
	return rc;
}

int dr_reach_documents(struct derived_run *run, const struct entity *e, long long id, const struct jval *old,
		       const struct jval *rec, int *handled)
{
	const char *n = e->name;
	*handled = 1;
	if (strcmp(n, "governing-documents") == 0) {
		dr_add_id(run, DK_DOCUMENT, id);
		/* The required documents it fulfils follow its status and owner. */
		if (dr_changed(old, rec, "status") || dr_changed(old, rec, "owner_id"))
			return dr_add_rows(run, DK_REQUIRED_DOCUMENT, "SELECT id FROM required_documents WHERE document_id = ?", id);
		return STORE_OK;
	}
	if (strcmp(n, "document-adoptions") == 0) {
		dr_add_id(run, DK_DOCUMENT, dr_rec_id(old, "document_id"));
		dr_add_id(run, DK_DOCUMENT, dr_rec_id(rec, "document_id"));
		return STORE_OK;
	}
	if (strcmp(n, "required-documents") == 0) {
		dr_add_id(run, DK_REQUIRED_DOCUMENT, id);
		return STORE_OK;
	}
	*handled = 0;
	if (strcmp(n, "units") == 0 && dr_changed(old, rec, "kind"))
		return dr_add_rows(run, DK_DOCUMENT, "SELECT from_id FROM governing_document_units WHERE to_id = ?", id);
	return STORE_OK;
}
