/*
 * derived_documents.h: the derived state of governing documents (their
 * gaps), evaluated in sqlite_derived_documents.c and hooked into the walk
 * of sqlite_derived.c. Only for files in store/.
 */
#ifndef TILLIT_STORE_DERIVED_DOCUMENTS_H
#define TILLIT_STORE_DERIVED_DOCUMENTS_H

#include "store/derived_int.h"

/* A governing document's gaps: review overdue, not adopted by a company
 * it applies to. */
int dr_eval_document(struct derived_run *run, long long id);
/* A required document's gap: no adopted document fulfils it. */
int dr_eval_required_document(struct derived_run *run, long long id);
/* What a change of a record of e reaches among documents; *handled 1
 * when e is one of the documents' own entities (nothing else to reach).
 * Units are not handled: the walk goes on to reach their other records. */
int dr_reach_documents(struct derived_run *run, const struct entity *e, long long id, const struct jval *old,
		       const struct jval *rec, int *handled);

#endif
