/*
 * training (model): courses, sessions with their attendees, terms of office
 * and the training requirements per audience (docs/training.md).
 */
#ifndef TILLIT_MODEL_TRAINING_H
#define TILLIT_MODEL_TRAINING_H

#include <stddef.h>

struct rctx;

/* Seed the default terms of office (2022-10-15 - 2026-10-14,
 * 2026-10-15 - 2030-10-14) and requirements when the organisation has
 * none (model/catalogue.c catalogue_sync). A REC_ code. */
int training_defaults_sync(struct rctx *c);

/* The largest attendance list taken, in bytes, and in rows. */
#define TRAINING_ATTENDANCE_MAX_BYTES (1024 * 1024)
#define TRAINING_ATTENDANCE_MAX_ROWS 5000

/*
 * Add the people an attendance list names to session's attendees: CSV text
 * (comma or semicolon; a header row optional), one person a row, by name
 * or e-mail address (a cell with @ is an address; the first such cell, else
 * the first non-empty cell). Every row must name exactly one person: rows
 * that name no one, or a name two people share, are each added to errs
 * with the row number and the reason, and nothing is imported
 * (REC_INVALID). People already attending are not added twice. On success
 * *added is how many were added, *present how many were already there.
 * Through record_update: permission-checked, audited, gaps kept. A REC_
 * code.
 */
struct verrors;
int training_attendance_import(struct rctx *c, long long session, const char *text, size_t len,
			       struct verrors *errs, long long *added, long long *present);

#endif
