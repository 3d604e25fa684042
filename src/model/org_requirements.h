/*
 * org_requirements: the assessments of the requirements on the
 * organisation as a whole (model/org_requirements.c, docs/catalogue.md).
 */
#ifndef TILLIT_ORG_REQUIREMENTS_H
#define TILLIT_ORG_REQUIREMENTS_H

#include <stddef.h>

struct jval;

/* The fields of an assessment that name a record as its evidence (a
 * governing document, an exercise, a training session, a meeting
 * decision), in the order pages list them; ORG_EVIDENCE_REFS of them. */
#define ORG_EVIDENCE_REFS 4
extern const char *const org_evidence_refs[ORG_EVIDENCE_REFS];

/* 1 when the assessment rec names evidence: one of those records, or a
 * link (its files are counted by the caller, who may read them). */
int org_assessment_names_evidence(const struct jval *rec);

#endif
