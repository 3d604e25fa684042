/*
 * documents (model): governing documents (styrdokument), their versions,
 * company boards' adoptions, the documents the organisation requires and
 * the acknowledgement of a version by the people asked to read it. The
 * entities are declared in model/documents.c; see docs/governance.md.
 */
#ifndef TILLIT_MODEL_DOCUMENTS_H
#define TILLIT_MODEL_DOCUMENTS_H

struct rctx;

/* The required documents every organisation starts with (the
 * informationssäkerhetspolicy adopted by kommunfullmäktige, ...), each
 * created once (by its code) when missing. REC_ code. */
int documents_defaults_sync(struct rctx *c);

#endif
