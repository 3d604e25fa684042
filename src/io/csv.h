/*
 * csv: RFC 4180 reading and writing, as spreadsheets actually produce it.
 *
 * Reading accepts a UTF-8 byte-order mark, comma or semicolon separators
 * (detected from the header line: whichever appears more often outside
 * quotes; comma on a tie), CRLF or LF line ends, a missing final line end,
 * and text in Windows-1252 (what Swedish Excel saves by default) when the
 * input is not valid UTF-8: such input is converted to UTF-8. Fields are
 * returned as-is (no trimming). Empty lines are skipped.
 */
#ifndef TILLIT_CSV_H
#define TILLIT_CSV_H

#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

#define CSV_MAX_ROWS 200000
#define CSV_MAX_FIELDS 200
#define CSV_MAX_FIELD_BYTES 65536
/* Fields in the whole file: what a file of tiny fields costs to hold
 * (about 10 bytes a field) stays within the server's memory. */
#define CSV_MAX_CELLS 2000000

struct csv_row {
	size_t nfields;
	char **fields;  /* NUL-terminated UTF-8, arena memory */
	size_t line;    /* 1-based line number where the record starts */
};

struct csv {
	char delim;     /* ',' or ';' */
	int converted;  /* 1 when the input was Windows-1252 and converted */
	size_t nrows;   /* including the header row */
	struct csv_row *rows;
};

/* Why reading failed. `msg` is an English gettext msgid without format
 * directives; line is 1-based (0 when not tied to a line). */
struct csv_error {
	size_t line;
	const char *msg;
};

/*
 * Parse text[0..len) into out (memory from arena a). Returns 0, or -1 with
 * *err set for: an unterminated quoted field, a quote inside an unquoted
 * field or text after a closing quote, an empty input, more than
 * CSV_MAX_ROWS rows, CSV_MAX_FIELDS fields or CSV_MAX_FIELD_BYTES bytes in a
 * field, more than CSV_MAX_CELLS fields in all, or a NUL byte.
 */
int csv_parse(struct arena *a, const char *text, size_t len, struct csv *out,
	      struct csv_error *err);

/*
 * Append one field, quoted when it contains the delimiter, a quote, CR or LF,
 * or leading/trailing space. A field that starts with = + - @ TAB or CR is
 * prefixed with an apostrophe so spreadsheets do not run it as a formula
 * (csv_unguard() undoes this on import).
 */
void csv_write_field(struct buf *out, const char *s, char delim);

/* If s is a guarded field ("'" followed by = + - @ TAB or CR), return s + 1;
 * else s. */
const char *csv_unguard(const char *s);

#endif
