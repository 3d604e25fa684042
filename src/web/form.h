/*
 * form: request bodies from HTML forms.
 *
 * application/x-www-form-urlencoded and multipart/form-data bodies become a
 * list of name/value pairs. Everything is bounded: at most FORM_MAX_FIELDS
 * fields, names at most FORM_MAX_NAME bytes. Values are NUL-terminated
 * (uploaded files may contain NULs: use value_len).
 */
#ifndef TILLIT_FORM_H
#define TILLIT_FORM_H

#include <stddef.h>

#include "util/arena.h"

#define FORM_MAX_FIELDS 2000
#define FORM_MAX_NAME 256

struct form_field {
	const char *name;
	const char *value;
	size_t value_len;
	const char *filename;     /* multipart file parts only, else NULL */
	const char *content_type; /* multipart parts with a Content-Type, else NULL */
};

struct form {
	size_t n;
	struct form_field *fields;
};

/*
 * Decode an urlencoded body ('&' separated, each name and value decoded
 * by util/url in URL_FORM mode: '+' is a space; a field without '=' has
 * the empty value). Returns 0, or -1 on a malformed %-escape, a NUL byte
 * (%00 or raw), too many fields or a too long name. Values are not checked
 * for UTF-8 here.
 */
int form_parse_urlencoded(struct arena *a, const char *body, size_t len, struct form *out);

/*
 * Decode a multipart/form-data body (RFC 7578). content_type is the full
 * Content-Type header, from which the boundary parameter (quoted or not) is
 * taken. Each part needs a Content-Disposition: form-data header with a name
 * parameter; filename and the part's Content-Type are kept. Returns 0, or -1
 * on a missing boundary, a missing closing delimiter, a part without name,
 * or too many fields.
 */
int form_parse_multipart(struct arena *a, const char *content_type, const char *body,
			 size_t len, struct form *out);

/* The first value of field name, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* The first field called name (with length and file name), or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);
/* Number of fields called name; their values go to vals[0..max). */
size_t form_get_all(const struct form *f, const char *name, const char **vals, size_t max);

#endif
