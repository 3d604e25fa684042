/*
 * tmpl: the HTML template engine. Escapes by default: there is no syntax for
 * unescaped output, so user text can never reach a page as markup.
 *
 * Syntax (mustache-like; a tag is "{{" ... "}}", whitespace inside is ignored):
 *   {{path}}            the value at path, HTML-escaped (& < > " ' escaped).
 *                       Strings as-is, integers in decimal, numbers with %g,
 *                       true/false as "true"/"false", null and missing as "".
 *   {{#path}}..{{/path}} section: an array renders the body once per element
 *                       with that element on top of the context stack; an
 *                       object renders once with it pushed; another truthy
 *                       value (jv_truthy) renders once without pushing;
 *                       falsy renders nothing. A section over an array
 *                       element ("{{#rows.0}}") only tests that it exists:
 *                       it renders once without pushing, so the rows of a
 *                       table inside it never see the first row's members.
 *   {{^path}}..{{/path}} inverted section: renders when path is falsy.
 *   {{>name}}           include the template called name with the current
 *                       context stack (recursion allowed, depth <= 32).
 *   {{_ Some text}}     the text (trimmed) translated through the tr callback,
 *                       HTML-escaped.
 *   {{! comment}}       nothing.
 * A path is "." (the top of the stack) or dot-separated member names
 * ("system.owner.name"); its first name is looked up from the top of the
 * stack down, the rest inside what was found; a numeric name after a dot
 * picks an array element ("items.0"). "@index" inside an array
 * section is the 0-based position, "@number" the 1-based one.
 */
#ifndef TILLIT_TMPL_H
#define TILLIT_TMPL_H

#include <stddef.h>

#include "util/buf.h"
#include "util/json.h"

struct tmpl_set;

/* Translation hook: returns the translation of msgid (or msgid itself). */
typedef const char *(*tmpl_tr_fn)(void *ctx, const char *msgid);

struct tmpl_set *tmpl_set_new(void);
void tmpl_set_free(struct tmpl_set *set);

/*
 * Compile src[0..len) and store it under name (replacing any earlier one).
 * Returns 0, or -1 with a message like "list.html:12: unclosed section
 * 'items'" written to err (errlen bytes, NUL-terminated). Checks balanced
 * sections and well-formed tags; partial names are resolved at render time.
 */
int tmpl_add(struct tmpl_set *set, const char *name, const char *src, size_t len,
	     char *err, size_t errlen);

/* 1 when a template of that name exists. */
int tmpl_exists(const struct tmpl_set *set, const char *name);

/*
 * Render template name with ctx at the bottom of the context stack, appending
 * to out. Returns 0, or -1 when name (or a partial) does not exist or the
 * include depth is exceeded; out may then hold partial output.
 */
int tmpl_render(const struct tmpl_set *set, const char *name, const struct jval *ctx,
		tmpl_tr_fn tr, void *tr_ctx, struct buf *out);

/* Append s HTML-escaped (the same escaping the engine uses). */
void tmpl_escape(struct buf *out, const char *s, size_t len);

#endif
