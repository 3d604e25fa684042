/*
 * pdf.c: a paginated report written with cairo's PDF surface and pango
 * (see pdf.h).
 *
 * Each piece of text becomes a pango layout that is cut into lines once
 * (struct block); placing text is then only a matter of which lines fit
 * between the cursor (p->y) and the bottom margin. Lines are drawn one by
 * one with pango_cairo_show_layout_line(), so a paragraph or a table cell can
 * be split between pages at any line and a page never carries glyphs that
 * belong to another.
 *
 * Two things wait for what follows them: a heading (p->heading), so that it
 * goes to the next page together with the first lines after it, and a
 * table's header row, drawn with the first part of a row on every page.
 *
 * A row that does not fit where it stands goes whole to the next page when
 * it fits on an empty one; otherwise it is split: each cell gives the lines
 * that fit, and on an empty page at least one line, so every page makes
 * progress and a row of any height ends.
 */
#include "report/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

#define A4_SHORT 595.276
#define A4_LONG 841.89
#define MARGIN (2.0 * 72.0 / 2.54)     /* 2 cm in points */

#define FONT_FAMILY "DejaVu Sans"
#define BODY_PT 9.0
#define HEADING_PT 13.0
#define TITLE_PT 20.0
#define FOOTER_PT 7.5

#define PARA_AFTER 5.0        /* space below a paragraph */
#define HEADING_BEFORE 9.0    /* space above a heading not at the top */
#define HEADING_AFTER 4.0
#define TITLE_AFTER 10.0
#define TABLE_AFTER 8.0
#define FOOTER_GAP 12.0       /* bottom margin line to the footer's top */
#define PAD_X 3.0             /* cell padding */
#define PAD_Y 2.0
#define MIN_CELL_W 1.0        /* narrowest text in a cell */
#define RULE_W 0.5            /* cell border */
#define RULE_GREY 0.45
#define HEADER_GREY 0.9
#define FOOTER_GREY 0.35
#define EPS 0.001

/* One laid-out line; positions in points from the top of its layout. */
struct line {
	PangoLayoutLine *line;  /* owned by the block's layout */
	double x;               /* left edge of the line (alignment, RTL) */
	double top, bottom, baseline;
};

/* A text laid out at a width and cut into lines. */
struct block {
	PangoLayout *layout;
	struct line *lines;
	size_t n;               /* >= 1: pango gives an empty text one line */
};

struct table {
	int open;
	size_t ncols;           /* 0: a table whose rows are ignored */
	double *x, *w;          /* left edge and width of each column */
	struct block *hdr;      /* ncols header cells, or NULL */
	double hdr_h;           /* header row height, padding included */
	int hdr_drawn;          /* the header row is on the current page */
	int rows;               /* rows so far */
};

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;  /* this document's own: see pdf.h */
	PangoContext *ctx;
	PangoFontDescription *body, *bold, *heading_font, *title_font, *footer;
	PangoLayout *foot_title; /* the footer's title, set once */
	struct buf out;         /* the PDF as cairo writes it */
	struct buf scratch;     /* one sanitised text */
	int discard;            /* being freed: refuse cairo's writes */
	double page_w, page_h;
	double x0, text_w;      /* content area, horizontally */
	double top, bottom;     /* content area, vertically */
	double y;               /* where the next thing goes */
	int page;               /* 1-based */
	int has_heading;        /* heading waits for what follows */
	struct block heading;
	struct table t;
};

/* ---- output ------------------------------------------------------------ */

static cairo_status_t write_out(void *closure, const unsigned char *data,
				unsigned int length)
{
	struct pdf *p = closure;
	if (p->discard || length > PDF_MAX_BYTES - p->out.len)
		return CAIRO_STATUS_WRITE_ERROR;
	buf_add(&p->out, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* ---- text -------------------------------------------------------------- */

/*
 * Put s into out as text pango can take: valid UTF-8 (a malformed byte
 * becomes U+FFFD), CR and CRLF as LF, other C0/C1 controls but tab and LF as
 * spaces, at most PDF_MAX_TEXT bytes of s (cut at a character, then "…").
 * With oneline, line breaks and tabs become spaces too.
 */
static void clean_text(struct buf *out, const char *s, int oneline)
{
	buf_reset(out);
	buf_add(out, "", 0);    /* data is never NULL */
	if (!s)
		return;
	size_t len = strlen(s);
	int cut = 0;
	if (len > PDF_MAX_TEXT) {
		len = PDF_MAX_TEXT;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
		cut = 1;
	}
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c == '\r') {
				buf_putc(out, oneline ? ' ' : '\n');
				if (i + 1 < len && s[i + 1] == '\n')
					i++;
			} else if ((c < 0x20 && (oneline || (c != '\n' && c != '\t'))) ||
				   c == 0x7F) {
				buf_putc(out, ' ');
			} else {
				buf_putc(out, (char)c);
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = text_utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			buf_puts(out, "\xEF\xBF\xBD");
			i++;
		} else {
			if (cp < 0xA0)
				buf_putc(out, ' ');
			else
				buf_add(out, s + i, k);
			i += k;
		}
	}
	if (cut)
		buf_puts(out, "\xE2\x80\xA6");
}

static PangoFontDescription *font_new(double size, int bold)
{
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family_static(f, FONT_FAMILY);
	pango_font_description_set_size(f, (gint)lround(size * PANGO_SCALE));
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	return f;
}

static PangoLayout *layout_new(struct pdf *p, const PangoFontDescription *font,
			       const char *text, double width, int oneline)
{
	PangoLayout *l = pango_layout_new(p->ctx);
	pango_layout_set_font_description(l, font);
	if (width < MIN_CELL_W)
		width = MIN_CELL_W;
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	clean_text(&p->scratch, text, oneline);
	pango_layout_set_text(l, p->scratch.data, (int)p->scratch.len);
	return l;
}

static void block_init(struct pdf *p, struct block *b, const PangoFontDescription *font,
		       const char *text, double width)
{
	b->layout = layout_new(p, font, text, width, 0);
	int count = pango_layout_get_line_count(b->layout);
	b->lines = xcalloc(count > 0 ? (size_t)count : 1, sizeof *b->lines);
	b->n = 0;
	PangoLayoutIter *it = pango_layout_get_iter(b->layout);
	do {
		if (b->n == (size_t)count)
			break;
		PangoRectangle logical;
		struct line *ln = &b->lines[b->n++];
		ln->line = pango_layout_iter_get_line_readonly(it);
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		ln->x = (double)logical.x / PANGO_SCALE;
		ln->top = (double)logical.y / PANGO_SCALE;
		ln->bottom = (double)(logical.y + logical.height) / PANGO_SCALE;
		ln->baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void block_free(struct block *b)
{
	if (b->layout)
		g_object_unref(b->layout);
	free(b->lines);
	memset(b, 0, sizeof *b);
}

/* Height of lines [from, to). */
static double block_height(const struct block *b, size_t from, size_t to)
{
	if (to <= from)
		return 0;
	return b->lines[to - 1].bottom - b->lines[from].top;
}

/* The end of the longest run of lines from `from` that fits in h. */
static size_t block_fit(const struct block *b, size_t from, double h)
{
	size_t to = from;
	while (to < b->n && block_height(b, from, to + 1) <= h + EPS)
		to++;
	return to;
}

/* "#rrggbb" as cairo's 0..1 components; 0, or -1 for anything else. */
static int parse_color(const char *s, double rgb[3])
{
	unsigned char c[3];
	if (!s || text_parse_color(s, strlen(s), c) != 0)
		return -1;
	for (int i = 0; i < 3; i++)
		rgb[i] = c[i] / 255.0;
	return 0;
}

/* Draw lines [from, to) with the top of line `from` at (x, y), in ink
 * ("#rrggbb"; NULL or not a colour: black). */
static void block_draw_ink(struct pdf *p, const struct block *b, size_t from, size_t to,
			   double x, double y, const char *ink)
{
	double rgb[3] = { 0, 0, 0 };
	parse_color(ink, rgb);
	cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
	for (size_t i = from; i < to; i++) {
		const struct line *ln = &b->lines[i];
		cairo_move_to(p->cr, x + ln->x, y + ln->baseline - b->lines[from].top);
		pango_cairo_show_layout_line(p->cr, ln->line);
	}
}

static void block_draw(struct pdf *p, const struct block *b, size_t from, size_t to,
		       double x, double y)
{
	block_draw_ink(p, b, from, to, x, y, NULL);
}

/* ---- pages ------------------------------------------------------------- */

static int at_top(const struct pdf *p)
{
	return p->y <= p->top + EPS;
}

static void footer_draw(struct pdf *p)
{
	double y = p->bottom + FOOTER_GAP;
	cairo_set_source_rgb(p->cr, FOOTER_GREY, FOOTER_GREY, FOOTER_GREY);
	cairo_move_to(p->cr, p->x0, y);
	pango_cairo_show_layout(p->cr, p->foot_title);

	char num[24];
	snprintf(num, sizeof num, "%d", p->page);
	PangoLayout *l = pango_layout_new(p->ctx);
	pango_layout_set_font_description(l, p->footer);
	pango_layout_set_text(l, num, -1);
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	cairo_move_to(p->cr, p->x0 + p->text_w - (double)logical.width / PANGO_SCALE, y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

static void page_break(struct pdf *p)
{
	footer_draw(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = p->top;
	p->t.hdr_drawn = 0;
}

/* Draw b from the cursor on, breaking pages between lines as needed (a line
 * that does not fit on an empty page is drawn anyway), then leave `after`. */
static void flow(struct pdf *p, const struct block *b, double after)
{
	size_t from = 0;
	while (from < b->n) {
		size_t to = block_fit(b, from, p->bottom - p->y);
		if (to == from) {
			if (!at_top(p)) {
				page_break(p);
				continue;
			}
			to = from + 1;
		}
		block_draw(p, b, from, to, p->x0, p->y);
		p->y += block_height(b, from, to);
		from = to;
		if (from < b->n)
			page_break(p);
	}
	p->y += after;
}

/* Draw the waiting heading, on a new page unless it and `need` points of
 * what follows fit on this one. */
static void heading_flush(struct pdf *p, double need)
{
	if (!p->has_heading)
		return;
	p->has_heading = 0;
	double h = block_height(&p->heading, 0, p->heading.n) + HEADING_AFTER;
	if (!at_top(p) && p->y + HEADING_BEFORE + h + need > p->bottom + EPS)
		page_break(p);
	if (!at_top(p))
		p->y += HEADING_BEFORE;
	flow(p, &p->heading, HEADING_AFTER);
	block_free(&p->heading);
}

/* ---- document ---------------------------------------------------------- */

struct pdf *pdf_new(enum pdf_orientation o, const char *title, const char *lang)
{
	struct pdf *p = xcalloc(1, sizeof *p);
	p->page_w = o == PDF_LANDSCAPE ? A4_LONG : A4_SHORT;
	p->page_h = o == PDF_LANDSCAPE ? A4_SHORT : A4_LONG;
	p->x0 = MARGIN;
	p->text_w = p->page_w - 2 * MARGIN;
	p->top = MARGIN;
	p->bottom = p->page_h - MARGIN;
	p->y = p->top;
	p->page = 1;

	p->surface = cairo_pdf_surface_create_for_stream(write_out, p, p->page_w, p->page_h);
	clean_text(&p->scratch, title, 1);
	if (p->scratch.len > 0)
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
					       p->scratch.data);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "Tillit");
	p->cr = cairo_create(p->surface);

	p->fontmap = pango_cairo_font_map_new();
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(p->fontmap), 72.0);
	p->ctx = pango_font_map_create_context(p->fontmap);
	/* Unhinted metrics and unrounded positions: the page is vector output,
	 * and the same text must break the same way whatever the machine. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_update_context(p->cr, p->ctx);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	pango_context_set_language(p->ctx, pango_language_from_string(
		lang && strcmp(lang, "sv") == 0 ? "sv" : "en"));

	p->body = font_new(BODY_PT, 0);
	p->bold = font_new(BODY_PT, 1);
	p->heading_font = font_new(HEADING_PT, 1);
	p->title_font = font_new(TITLE_PT, 1);
	p->footer = font_new(FOOTER_PT, 0);

	/* The footer's title: one line, cut with "…" short of the page number. */
	p->foot_title = layout_new(p, p->footer, title, p->text_w * 0.8, 1);
	pango_layout_set_single_paragraph_mode(p->foot_title, TRUE);
	pango_layout_set_ellipsize(p->foot_title, PANGO_ELLIPSIZE_END);
	return p;
}

void pdf_title(struct pdf *p, const char *text)
{
	struct block b;
	block_init(p, &b, p->title_font, text, p->text_w);
	heading_flush(p, block_height(&b, 0, 1));
	flow(p, &b, TITLE_AFTER);
	block_free(&b);
}

void pdf_heading(struct pdf *p, const char *text)
{
	struct block b;
	block_init(p, &b, p->heading_font, text, p->text_w);
	/* A heading right after a heading keeps it company: the first waits
	 * for room for this one and a line below it. */
	heading_flush(p, HEADING_BEFORE + block_height(&b, 0, b.n) + HEADING_AFTER + 2 * BODY_PT);
	p->heading = b;
	p->has_heading = 1;
}

void pdf_paragraph(struct pdf *p, const char *text)
{
	struct block b;
	block_init(p, &b, p->body, text, p->text_w);
	heading_flush(p, block_height(&b, 0, b.n < 2 ? b.n : 2));
	flow(p, &b, PARA_AFTER);
	block_free(&b);
}

/* ---- tables ------------------------------------------------------------ */

static void cells_init(struct pdf *p, struct block *b, const PangoFontDescription *font,
		       const char *const *text)
{
	for (size_t i = 0; i < p->t.ncols; i++)
		block_init(p, &b[i], font, text ? text[i] : NULL, p->t.w[i] - 2 * PAD_X);
}

static void cells_free(struct block *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		block_free(&b[i]);
}

static void rule_style(struct pdf *p)
{
	cairo_set_source_rgb(p->cr, RULE_GREY, RULE_GREY, RULE_GREY);
	cairo_set_line_width(p->cr, RULE_W);
}

static void header_draw(struct pdf *p)
{
	struct table *t = &p->t;
	t->hdr_drawn = 1;
	if (!t->hdr)
		return;
	cairo_t *cr = p->cr;
	cairo_rectangle(cr, p->x0, p->y, p->text_w, t->hdr_h);
	cairo_set_source_rgb(cr, HEADER_GREY, HEADER_GREY, HEADER_GREY);
	cairo_fill(cr);
	for (size_t i = 0; i < t->ncols; i++) {
		const struct block *b = &t->hdr[i];
		size_t to = block_fit(b, 0, t->hdr_h - 2 * PAD_Y);
		if (to == 0)
			to = 1;
		/* The height is capped (see pdf_table_begin): clip what a
		 * forced line would draw beyond it. */
		cairo_save(cr);
		cairo_rectangle(cr, t->x[i], p->y, t->w[i], t->hdr_h);
		cairo_clip(cr);
		block_draw(p, b, 0, to, t->x[i] + PAD_X, p->y + PAD_Y);
		cairo_restore(cr);
	}
	rule_style(p);
	for (size_t i = 0; i < t->ncols; i++)
		cairo_rectangle(cr, t->x[i], p->y, t->w[i], t->hdr_h);
	cairo_stroke(cr);
	p->y += t->hdr_h;
}

/* Draw lines [pos[i], end[i]) of each cell as one row (part), under the
 * header row when it is not yet on this page, on the cells' fills and in
 * their inks (either may be NULL). */
static void segment_draw(struct pdf *p, const struct block *c, const size_t *pos,
			 const size_t *end, const char *const *fills, const char *const *inks)
{
	struct table *t = &p->t;
	if (!t->hdr_drawn)
		header_draw(p);
	double h = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		double hi = block_height(&c[i], pos[i], end[i]);
		if (hi > h)
			h = hi;
	}
	h += 2 * PAD_Y;
	double rgb[3];
	for (size_t i = 0; fills && i < t->ncols; i++) {
		if (parse_color(fills[i], rgb) != 0)
			continue;
		cairo_rectangle(p->cr, t->x[i], p->y, t->w[i], h);
		cairo_set_source_rgb(p->cr, rgb[0], rgb[1], rgb[2]);
		cairo_fill(p->cr);
	}
	for (size_t i = 0; i < t->ncols; i++)
		block_draw_ink(p, &c[i], pos[i], end[i], t->x[i] + PAD_X, p->y + PAD_Y,
			       inks ? inks[i] : NULL);
	rule_style(p);
	for (size_t i = 0; i < t->ncols; i++)
		cairo_rectangle(p->cr, t->x[i], p->y, t->w[i], h);
	cairo_stroke(p->cr);
	p->y += h;
}

void pdf_table_begin(struct pdf *p, size_t ncols, const char *const *headers,
		     const double *widths)
{
	struct table *t = &p->t;
	if (t->open)
		pdf_table_end(p);
	t->open = 1;
	t->rows = 0;
	t->hdr_drawn = 0;
	t->hdr = NULL;
	t->hdr_h = 0;
	t->ncols = ncols > PDF_MAX_COLS ? PDF_MAX_COLS : ncols;
	if (t->ncols == 0)
		return;
	t->x = xcalloc(t->ncols, sizeof *t->x);
	t->w = xcalloc(t->ncols, sizeof *t->w);
	double sum = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		double w = widths ? widths[i] : 1;
		t->w[i] = isfinite(w) && w > 0 ? w : 1;
		sum += t->w[i];
	}
	double x = p->x0;
	for (size_t i = 0; i < t->ncols; i++) {
		/* A sum that overflowed makes every column equal. */
		t->w[i] = isfinite(sum) ? p->text_w * (t->w[i] / sum) : p->text_w / (double)t->ncols;
		t->x[i] = x;
		x += t->w[i];
	}
	if (!headers)
		return;
	t->hdr = xcalloc(t->ncols, sizeof *t->hdr);
	cells_init(p, t->hdr, p->bold, headers);
	for (size_t i = 0; i < t->ncols; i++) {
		double h = block_height(&t->hdr[i], 0, t->hdr[i].n);
		if (h > t->hdr_h)
			t->hdr_h = h;
	}
	t->hdr_h += 2 * PAD_Y;
	/* A header row repeats on every page: a third of the page at most,
	 * so rows always have room under it. */
	if (t->hdr_h > (p->bottom - p->top) / 3)
		t->hdr_h = (p->bottom - p->top) / 3;
}

void pdf_table_row(struct pdf *p, const char *const *cells)
{
	pdf_table_row_colored(p, cells, NULL, NULL);
}

void pdf_table_row_colored(struct pdf *p, const char *const *cells, const char *const *fills,
			   const char *const *inks)
{
	struct table *t = &p->t;
	if (!t->open || t->ncols == 0)
		return;
	size_t n = t->ncols;
	struct block *c = xcalloc(n, sizeof *c);
	size_t *pos = xcalloc(n, sizeof *pos);
	size_t *end = xcalloc(n, sizeof *end);
	cells_init(p, c, p->body, cells);

	double full = 0, first = 0; /* whole row; its first line in each cell */
	for (size_t i = 0; i < n; i++) {
		end[i] = c[i].n;
		full = fmax(full, block_height(&c[i], 0, c[i].n));
		first = fmax(first, block_height(&c[i], 0, 1));
	}
	/* Room for an empty page's row, under the header row. */
	double fresh = p->bottom - p->top - t->hdr_h - 2 * PAD_Y;
	heading_flush(p, (t->hdr_drawn ? 0 : t->hdr_h) + 2 * PAD_Y +
			 (full <= fresh ? full : first));
	t->rows++;

	int whole = 1;          /* nothing of the row drawn yet */
	for (;;) {
		double rest = 0;
		for (size_t i = 0; i < n; i++)
			rest = fmax(rest, block_height(&c[i], pos[i], c[i].n));
		double avail = p->bottom - p->y - (t->hdr_drawn ? 0 : t->hdr_h) - 2 * PAD_Y;
		if (rest <= avail + EPS) {
			segment_draw(p, c, pos, end, fills, inks);
			break;
		}
		if (!at_top(p)) {
			/* Move a row that fits on a page there whole; split
			 * one that does not from here, if any line fits. */
			int fits = 0;
			for (size_t i = 0; i < n && !fits; i++)
				fits = block_fit(&c[i], pos[i], avail) > pos[i];
			if ((whole && full <= fresh + EPS) || !fits) {
				page_break(p);
				continue;
			}
		}
		int more = 0;
		for (size_t i = 0; i < n; i++) {
			end[i] = block_fit(&c[i], pos[i], avail);
			/* On an empty page a line goes whatever its height:
			 * that is what makes the loop end. */
			if (end[i] == pos[i] && pos[i] < c[i].n && at_top(p))
				end[i] = pos[i] + 1;
		}
		segment_draw(p, c, pos, end, fills, inks);
		whole = 0;
		for (size_t i = 0; i < n; i++) {
			pos[i] = end[i];
			end[i] = c[i].n;
			more |= pos[i] < c[i].n;
		}
		if (!more)
			break;
		page_break(p);
	}
	cells_free(c, n);
	free(c);
	free(pos);
	free(end);
}

void pdf_table_end(struct pdf *p)
{
	struct table *t = &p->t;
	if (!t->open)
		return;
	if (t->ncols > 0 && t->rows == 0 && t->hdr) {
		/* A table without rows still shows its header row. */
		heading_flush(p, t->hdr_h);
		if (!at_top(p) && p->y + t->hdr_h > p->bottom + EPS)
			page_break(p);
		header_draw(p);
	}
	if (t->hdr)
		cells_free(t->hdr, t->ncols);
	free(t->hdr);
	free(t->x);
	free(t->w);
	memset(t, 0, sizeof *t);
	p->y += TABLE_AFTER;
}

/* ---- finishing --------------------------------------------------------- */

int pdf_finish(struct pdf *p, struct buf *out)
{
	pdf_table_end(p);
	heading_flush(p, 0);
	footer_draw(p);
	cairo_show_page(p->cr);
	int rc = cairo_status(p->cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surface);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
		rc = -1;
	if (rc == 0)
		buf_add(out, p->out.data, p->out.len);
	pdf_free(p);
	return rc;
}

void pdf_free(struct pdf *p)
{
	if (!p)
		return;
	/* Destroying an unfinished surface finishes it: let cairo's writes
	 * fail at once instead of building a PDF nobody reads. */
	p->discard = 1;
	if (p->t.open) {
		if (p->t.hdr)
			cells_free(p->t.hdr, p->t.ncols);
		free(p->t.hdr);
		free(p->t.x);
		free(p->t.w);
	}
	if (p->has_heading)
		block_free(&p->heading);
	if (p->foot_title)
		g_object_unref(p->foot_title);
	pango_font_description_free(p->body);
	pango_font_description_free(p->bold);
	pango_font_description_free(p->heading_font);
	pango_font_description_free(p->title_font);
	pango_font_description_free(p->footer);
	if (p->ctx)
		g_object_unref(p->ctx);
	if (p->fontmap)
		g_object_unref(p->fontmap);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	buf_free(&p->out);
	buf_free(&p->scratch);
	free(p);
}
