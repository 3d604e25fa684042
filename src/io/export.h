/*
 * export: lists as CSV and XLSX, with the columns the registry declares.
 *
 * Columns: id, every field (references as the number of the record
 * referred to, several references as numbers separated by ";"), after each
 * reference a column with the referred record's name (<field>_name, e.g.
 * owner_name for owner_id), and created_at/updated_at. CSV headers are the
 * field names, as the API spells them, so an export can be edited and
 * imported again; XLSX headers are the field labels in the user's language.
 */
#ifndef TILLIT_EXPORT_H
#define TILLIT_EXPORT_H

#include "model/entity.h"
#include "util/buf.h"
#include "util/json.h"

/* rows as from store_list(with_links). */
void export_csv(struct buf *out, const struct entity *e, const struct jval *rows);
void export_xlsx(struct buf *out, const struct entity *e, const struct jval *rows, int lang);
/* The name column that follows reference field f ("owner_name"). */
const char *export_name_column(struct arena *a, const struct field *f);

#endif
