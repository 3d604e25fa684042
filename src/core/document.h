/*
 * document: the rules of governing documents (styrdokument) that need no
 * store: when a document is next to be reviewed. The gap rules are in
 * core/gaps.h (gap_rules_document, gap_rules_required_document).
 */
#ifndef TILLIT_DOCUMENT_H
#define TILLIT_DOCUMENT_H

/* The next review of a document decided on decided and last reviewed on
 * reviewed (either may be NULL or empty): the later of the two plus
 * months (clamped to the month's end: 2024-02-29 + 12 is 2025-02-28).
 * Writes "YYYY-MM-DD" into out and returns 0; -1 (out "") when neither
 * date is a date or months < 1. */
int document_next_review(const char *decided, const char *reviewed, int months, char out[11]);

#endif
