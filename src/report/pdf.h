/*
 * pdf: write a simple A4 report (headings, paragraphs, tables that wrap
 * text and break across pages, repeating their header row) with cairo and
 * pango, in DejaVu Sans. Text is UTF-8.
 *
 * Pages are A4 (595.276 x 841.89 pt; landscape swaps them) with 2 cm
 * margins; the footer of every page holds the document title on the left
 * and the page number on the right. Body text is 9 pt, headings bold and
 * larger. Everything is written as it comes: a finished page is not looked
 * at again, so a document costs about its PDF size in memory (plus cairo's
 * font subsets and one table row).
 *
 * All text is user input. It is set with pango_layout_set_text(), never as
 * markup; malformed UTF-8 bytes become U+FFFD, CR and CRLF become '\n',
 * other control characters but tab become spaces, and one text (a
 * paragraph, a heading, a cell) is cut at PDF_MAX_TEXT bytes with "…".
 * A heading is kept on the page of what follows it, a table's header row
 * with its first row. A row too tall for a page is split between pages line
 * by line, each part under the repeated header row.
 *
 * Threads: each document has its own pango font map
 * (pango_cairo_font_map_new()) and context, unreferenced in pdf_free(), so
 * documents built at the same time in different threads share no pango
 * object. pango's default font map is not used (pango_cairo_create_layout()
 * would use it): it is per thread and lives until the thread ends, which in
 * a server whose threads come and go is memory no request owns. What is
 * shared below pango (fontconfig's configuration, cairo's and FreeType's
 * font caches, HarfBuzz) is locked by those libraries. The price is a cold
 * font cache per document: a few milliseconds (a one-page report takes
 * about 5 ms, 300 wrapped table rows about 50 ms). One document must not be
 * used by two threads at once.
 */
#ifndef TILLIT_PDF_H
#define TILLIT_PDF_H

#include <stddef.h>

#include "util/buf.h"

#define PDF_MAX_TEXT (256 * 1024)       /* bytes of one text; more is cut */
#define PDF_MAX_COLS 64                 /* columns of a table; more are dropped */
#define PDF_MAX_BYTES (512u * 1024 * 1024) /* a bigger PDF fails (-1) */

enum pdf_orientation { PDF_PORTRAIT, PDF_LANDSCAPE };

struct pdf;

/* A new document; title goes into the PDF metadata and the footer of each
 * page (with "n" page numbers), lang is "sv" or "en" (anything else counts
 * as "en"). cairo 1.16 cannot write the catalogue's /Lang, so the language
 * only reaches pango (line breaking and shaping). NULL title = "". */
struct pdf *pdf_new(enum pdf_orientation o, const char *title, const char *lang);
/* Large heading, meant for the top of the first page. */
void pdf_title(struct pdf *p, const char *text);
/* Section heading; never left alone at a page bottom. */
void pdf_heading(struct pdf *p, const char *text);
/* Wrapped body text; '\n' breaks lines. */
void pdf_paragraph(struct pdf *p, const char *text);
/* A table of ncols columns (1..PDF_MAX_COLS); widths are relative (they are
 * scaled to the text width; NULL, or a width that is not > 0, counts as 1).
 * headers may be NULL for a table without a header row; a NULL header is
 * empty. A table still open when another begins or the document finishes is
 * ended. */
void pdf_table_begin(struct pdf *p, size_t ncols, const char *const *headers,
		     const double *widths);
/* One row of ncols cells; a NULL cell is empty. Cells wrap; a page break
 * repeats the header row. Ignored outside a table. */
void pdf_table_row(struct pdf *p, const char *const *cells);
/* The same with a background (fills) and text colour (inks) per cell, each
 * "#rrggbb"; a NULL array, a NULL entry or anything that is not such a
 * colour is no fill and black text. The caller picks inks that contrast
 * with the fills. */
void pdf_table_row_colored(struct pdf *p, const char *const *cells, const char *const *fills,
			   const char *const *inks);
void pdf_table_end(struct pdf *p);
/* Append the finished PDF to out and free p. 0, or -1 when cairo failed
 * (out is then unchanged; p is freed either way). */
int pdf_finish(struct pdf *p, struct buf *out);
/* Free without producing output. NULL is allowed. */
void pdf_free(struct pdf *p);

#endif
