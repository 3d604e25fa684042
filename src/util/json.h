/*
 * json: the value tree used everywhere a structured value travels — parsed
 * API bodies, records read from the store, template contexts, API output.
 *
 * All nodes live in an arena (see arena.h) and die with it. Objects keep
 * their members in insertion order; lookup is linear (objects are small).
 */
#ifndef TILLIT_JSON_H
#define TILLIT_JSON_H

#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

enum jtype { J_NULL, J_BOOL, J_INT, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	int b;          /* J_BOOL: 0 or 1 */
	long long i;    /* J_INT: the value (J_NUM: truncated copy) */
	double n;       /* J_NUM and J_INT: the value as double */
	const char *s;  /* J_STR: UTF-8, NUL-terminated, never contains NUL */
	size_t len;     /* J_STR: byte length; J_ARR/J_OBJ: member count */
	struct jval *first, *last; /* J_ARR/J_OBJ: members */
	struct jval *next;         /* next sibling in the parent */
	const char *key;           /* member name when the parent is J_OBJ */
};

/* Where and why parsing failed. `msg` is an English gettext msgid without
 * format directives (translate it with i18n); line and col are 1-based and
 * col counts bytes. */
struct json_error {
	int line, col;
	const char *msg;
};

#define JSON_MAX_DEPTH 64

/*
 * Parse exactly one JSON text (RFC 8259) from text[0..len). Strict: no
 * comments, no trailing commas, no duplicate object keys, no "\u0000",
 * no unpaired surrogates, valid UTF-8 only, nesting at most JSON_MAX_DEPTH.
 * Integers that fit in long long become J_INT, all other numbers J_NUM.
 * Returns the root, or NULL with *err filled in.
 */
struct jval *json_parse(struct arena *a, const char *text, size_t len,
			struct json_error *err);

enum {
	JSON_PRETTY = 1,      /* indent with two spaces */
	JSON_SKIP_PRIVATE = 2 /* leave out object members whose key starts with '_' */
};

/* Append the serialisation of v to out. Output is always valid JSON; "</"
 * is written as "<\/" and U+2028/2029 escaped so it can sit inside HTML. */
void json_write(struct buf *out, const struct jval *v, int flags);
/* Append s (len bytes of UTF-8) as a quoted JSON string. */
void json_write_string(struct buf *out, const char *s, size_t len);

/* Builders. Strings are copied into the arena; keys given to jv_set are NOT
 * copied (pass string literals or arena memory). */
struct jval *jv_null(struct arena *a);
struct jval *jv_bool(struct arena *a, int b);
struct jval *jv_int(struct arena *a, long long i);
struct jval *jv_num(struct arena *a, double n);
struct jval *jv_str(struct arena *a, const char *s);  /* NULL gives J_NULL */
struct jval *jv_strn(struct arena *a, const char *s, size_t n);
struct jval *jv_arr(struct arena *a);
struct jval *jv_obj(struct arena *a);
/* Append v to array arr; returns v. */
struct jval *jv_push(struct jval *arr, struct jval *v);
/* Set obj[key] = v, replacing an existing member in place; returns v. */
struct jval *jv_set(struct jval *obj, const char *key, struct jval *v);
/* Remove obj[key] if present. */
void jv_del(struct jval *obj, const char *key);
/* obj[key] or NULL (also NULL when obj is not an object). */
struct jval *jv_get(const struct jval *obj, const char *key);
/* Convenience: jv_set(obj, key, jv_str(a, s)) and friends. */
struct jval *jv_set_str(struct arena *a, struct jval *obj, const char *key, const char *s);
struct jval *jv_set_int(struct arena *a, struct jval *obj, const char *key, long long i);
struct jval *jv_set_bool(struct arena *a, struct jval *obj, const char *key, int b);
/* obj[key] as a string when it is J_STR, else NULL. */
const char *jv_get_str(const struct jval *obj, const char *key);
/* obj[key] as an integer when it is J_INT (or an integral J_NUM), else def. */
long long jv_get_int(const struct jval *obj, const char *key, long long def);
/* Template truth: NULL, null, false, 0, "" and empty arrays/objects are false. */
int jv_truthy(const struct jval *v);
/* Deep copy into arena a. */
struct jval *jv_clone(struct arena *a, const struct jval *v);
/* Deep equality (object member order ignored, J_INT 1 equals J_NUM 1.0). */
int jv_equal(const struct jval *x, const struct jval *y);

#endif
