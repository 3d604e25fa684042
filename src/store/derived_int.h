/*
 * derived_int.h: the helpers of sqlite_derived.c that the evaluations of
 * other areas (in their own sqlite_derived_*.c files) share: adding what a
 * change reaches, reading one value, writing a record's gap rows. Only
 * for files in store/; see store/derived.h for the walk itself.
 */
#ifndef TILLIT_STORE_DERIVED_INT_H
#define TILLIT_STORE_DERIVED_INT_H

#include "store/derived.h"

/* Add to kind k the first column of every row of sql run with one id. */
int dr_add_rows(struct derived_run *run, enum derived_kind k, const char *sql, long long p);
/* Run sql with n integer parameters that returns no rows. */
int dr_exec_ll(struct store *st, const char *sql, int n, const long long *v);
/* A field of rec (NULL: 0 or NULL). */
long long dr_rec_id(const struct jval *rec, const char *field);
const char *dr_rec_str(const struct jval *rec, const char *field);
/* 1 when field differs between old and rec (a create or a delete changes
 * every field). */
int dr_changed(const struct jval *old, const struct jval *rec, const char *field);
/* Add the ids of the reference list field of rec (may be NULL), or id
 * (when not 0), to kind k. */
void dr_add_ids(struct derived_run *run, enum derived_kind k, const struct jval *rec, const char *field);
void dr_add_id(struct derived_run *run, enum derived_kind k, long long id);
/* The organisation's settings the rules read, into run->settings, once
 * per walk (run->have_settings = 0 makes the next call read them again). */
int dr_load_settings(struct derived_run *run);
/* The rows of record (entity, id), named name, become rows: rows that
 * stay keep their "since", the counts move by the difference. */
int dr_gaps_put(struct derived_run *run, const char *entity, long long id, const char *name,
		const struct gap_rows *rows);
/* A single text (arena copy, NULL when NULL or no row) or integer value
 * (0 when NULL or no row). */
int dr_text_of(struct derived_run *run, const char *sql, long long id, const char **out);
int dr_int_of(struct store *st, const char *sql, int n, const long long *v, long long *out);

#endif
