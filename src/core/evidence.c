/*
 * evidence.c: see evidence.h.
 */
#include "core/evidence.h"

#include <string.h>
#include <strings.h>

#include "util/text.h"

enum magic { M_PDF, M_PNG, M_JPEG, M_TEXT, M_ZIP };

static const struct {
	const char *ext, *type;
	enum magic magic;
} types[] = {
	{ ".pdf", "application/pdf", M_PDF },
	{ ".png", "image/png", M_PNG },
	{ ".jpg", "image/jpeg", M_JPEG },
	{ ".jpeg", "image/jpeg", M_JPEG },
	{ ".txt", "text/plain; charset=utf-8", M_TEXT },
	{ ".csv", "text/csv; charset=utf-8", M_TEXT },
	{ ".md", "text/markdown; charset=utf-8", M_TEXT },
	{ ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", M_ZIP },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", M_ZIP },
	{ ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", M_ZIP },
	{ ".odt", "application/vnd.oasis.opendocument.text", M_ZIP },
	{ ".ods", "application/vnd.oasis.opendocument.spreadsheet", M_ZIP },
	{ ".odp", "application/vnd.oasis.opendocument.presentation", M_ZIP },
};
#define NTYPES (sizeof types / sizeof types[0])

const char *evidence_extensions(void)
{
	return ".pdf, .png, .jpg, .jpeg, .txt, .csv, .md, .docx, .xlsx, .pptx, .odt, .ods, .odp";
}

static int starts(const void *data, size_t len, const char *sig, size_t n)
{
	return len >= n && memcmp(data, sig, n) == 0;
}

static int magic_ok(enum magic m, const void *data, size_t len)
{
	switch (m) {
	case M_PDF: return starts(data, len, "%PDF-", 5);
	case M_PNG: return starts(data, len, "\x89PNG\r\n\x1a\n", 8);
	case M_JPEG: return starts(data, len, "\xff\xd8\xff", 3);
	case M_ZIP: return starts(data, len, "PK\x03\x04", 4);
	case M_TEXT: return !memchr(data, 0, len) && text_utf8_valid(data, len);
	}
	return 0;
}

enum evidence_check evidence_check(const char *filename, const void *data, size_t len,
				   const char **content_type)
{
	if (!data || len == 0)
		return EVIDENCE_EMPTY;
	if (len > EVIDENCE_MAX_BYTES)
		return EVIDENCE_TOO_LARGE;
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	if (!dot)
		return EVIDENCE_TYPE;
	for (size_t i = 0; i < NTYPES; i++) {
		if (strcasecmp(dot, types[i].ext) != 0)
			continue;
		if (!magic_ok(types[i].magic, data, len))
			return EVIDENCE_MISMATCH;
		*content_type = types[i].type;
		return EVIDENCE_OK;
	}
	return EVIDENCE_TYPE;
}

void evidence_filename(const char *in, char *out)
{
	const char *base = in ? in : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)base; *p && n < EVIDENCE_NAME_MAX; p++) {
		unsigned char c = *p;
		out[n++] = c < 0x20 || c == 0x7f || c == '"' || c == ';' ? '_' : (char)c;
	}
	if (base[n]) {
		/* Cut: do not end inside a UTF-8 sequence (drop the last
		 * character when it has more than one byte). */
		while (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0xc0)
			n--;
	}
	out[n] = 0;
	if (!text_utf8_valid(out, n) || n == 0 || strspn(out, " ._") == n)
		strcpy(out, "file");
}
