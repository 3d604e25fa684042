/*
 * evidence: which files may be kept as evidence on a Statement of
 * Applicability entry. A file is accepted when its name ends in an allowed
 * extension and its first bytes agree with that type (so a renamed
 * executable is not stored as a PDF), it is not empty and not over
 * EVIDENCE_MAX_BYTES. The content type stored and served is ours, never
 * the browser's.
 *
 *   .pdf                     application/pdf        "%PDF-"
 *   .png                     image/png              PNG signature
 *   .jpg .jpeg               image/jpeg             FF D8 FF
 *   .txt .csv .md            text/plain, text/csv, text/markdown: UTF-8 without NUL
 *   .docx .xlsx .pptx        Office Open XML        ZIP "PK\3\4"
 *   .odt .ods .odp           OpenDocument           ZIP "PK\3\4"
 */
#ifndef TILLIT_EVIDENCE_H
#define TILLIT_EVIDENCE_H

#include <stddef.h>

#define EVIDENCE_MAX_BYTES (5 * 1024 * 1024)
#define EVIDENCE_NAME_MAX 200

enum evidence_check {
	EVIDENCE_OK,
	EVIDENCE_EMPTY,     /* no file or zero bytes */
	EVIDENCE_TOO_LARGE, /* over EVIDENCE_MAX_BYTES */
	EVIDENCE_TYPE,      /* extension not allowed */
	EVIDENCE_MISMATCH,  /* content does not look like the extension says */
};

/* Check a file; on EVIDENCE_OK *content_type is set (static text). */
enum evidence_check evidence_check(const char *filename, const void *data, size_t len,
				   const char **content_type);

/* The file's own name, safe to store and to put in a Content-Disposition
 * header: the part after the last '/' or '\', control characters, quotes
 * and ';' replaced by '_', cut to EVIDENCE_NAME_MAX bytes at a character
 * boundary; "file" when nothing is left. Writes into out (at least
 * EVIDENCE_NAME_MAX + 1 bytes). */
void evidence_filename(const char *in, char *out);

/* The allowed extensions, for messages: ".pdf, .png, …". */
const char *evidence_extensions(void);

#endif
