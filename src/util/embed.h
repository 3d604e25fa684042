/*
 * embed: files compiled into the binary (templates, static assets, SQL
 * migrations, data catalogues, po files). The table is generated at build
 * time by tools/embed.c from the paths listed in the Makefile.
 */
#ifndef TILLIT_EMBED_H
#define TILLIT_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *path; /* as in the source tree, e.g. "po/sv.po" */
	const char *data; /* NUL-terminated for convenience */
	size_t len;
};

extern const struct embedded_file embedded_files[];

/* The file stored under `path`, or NULL. */
const struct embedded_file *embed_find(const char *path);

#endif
