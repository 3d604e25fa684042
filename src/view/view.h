/*
 * view: the application's templates (src/view/templates/NAME.html, compiled
 * into the binary) and static files (src/view/static/).
 */
#ifndef TILLIT_VIEW_H
#define TILLIT_VIEW_H

#include <stddef.h>

#include "util/buf.h"
#include "util/json.h"

/* Compile every embedded template. Returns 0 or -1 with err set. Call once
 * at start-up. */
int view_init(char *err, size_t errlen);
/* Render template name ("list" for templates/list.html) with ctx in lang,
 * appending to out. Returns 0 or -1 when it does not exist. */
int view_render(const char *name, const struct jval *ctx, int lang, struct buf *out);
/* A static file by name ("tillit.css"), or NULL; sets its content type. */
const char *view_static(const char *name, size_t *len, const char **content_type);

#endif
