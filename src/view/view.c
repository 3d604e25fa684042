#include "view/view.h"

#include <stdio.h>
#include <string.h>

#include "util/embed.h"
#include "util/i18n.h"
#include "view/tmpl.h"

#define TEMPLATE_DIR "src/view/templates/"
#define STATIC_DIR "src/view/static/"

static struct tmpl_set *templates;

int view_init(char *err, size_t errlen)
{
	if (templates)
		return 0;
	templates = tmpl_set_new();
	size_t plen = strlen(TEMPLATE_DIR);
	for (const struct embedded_file *f = embedded_files; f->path; f++) {
		if (strncmp(f->path, TEMPLATE_DIR, plen) != 0)
			continue;
		char name[128];
		const char *base = f->path + plen;
		const char *dot = strrchr(base, '.');
		size_t n = dot ? (size_t)(dot - base) : strlen(base);
		if (n >= sizeof name)
			n = sizeof name - 1;
		memcpy(name, base, n);
		name[n] = 0;
		if (tmpl_add(templates, name, f->data, f->len, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static const char *tr_cb(void *ctx, const char *msgid)
{
	return tr(*(const int *)ctx, msgid);
}

int view_render(const char *name, const struct jval *ctx, int lang, struct buf *out)
{
	return tmpl_render(templates, name, ctx, tr_cb, &lang, out);
}

const char *view_static(const char *name, size_t *len, const char **content_type)
{
	char path[256];
	if (strchr(name, '/') || strstr(name, ".."))
		return NULL;
	snprintf(path, sizeof path, STATIC_DIR "%s", name);
	const struct embedded_file *f = embed_find(path);
	if (!f)
		return NULL;
	*len = f->len;
	const char *dot = strrchr(name, '.');
	*content_type = !dot                       ? "application/octet-stream"
			: strcmp(dot, ".css") == 0 ? "text/css; charset=utf-8"
			: strcmp(dot, ".js") == 0  ? "text/javascript; charset=utf-8"
			: strcmp(dot, ".svg") == 0 ? "image/svg+xml"
			: strcmp(dot, ".ico") == 0 ? "image/x-icon"
						   : "application/octet-stream";
	return f->data;
}
