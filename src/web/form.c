/*
 * form.c: urlencoded and multipart/form-data request bodies.
 *
 * Both parsers are single passes over the body: every byte is looked at a
 * bounded number of times, so a hostile body costs time linear in its size.
 * On failure *out is left empty; whatever was allocated stays in the arena.
 */
#include "web/form.h"

#include <string.h>

#include "util/text.h"
#include "util/url.h"

/* RFC 2046: a boundary is 1 to 70 characters. */
#define BOUNDARY_MAX 70

struct field_list {
	struct form_field *v;
	size_t n, cap;
};

/*
 * A new zeroed field, or NULL when the form already has FORM_MAX_FIELDS.
 * The array doubles inside the arena; the old copies are garbage until the
 * arena dies, which at most doubles the memory the array needs.
 */
static struct form_field *field_add(struct arena *a, struct field_list *l)
{
	if (l->n >= FORM_MAX_FIELDS)
		return NULL;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		if (cap > FORM_MAX_FIELDS)
			cap = FORM_MAX_FIELDS;
		struct form_field *v = arena_alloc_array(a, cap, sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	return &l->v[l->n++];
}

static void form_clear(struct form *out)
{
	out->n = 0;
	out->fields = NULL;
}

/* ASCII-only, so that the result does not depend on the locale. */
static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Is s[0..n) the literal lit, ignoring ASCII case? */
static int ieq(const char *s, size_t n, const char *lit)
{
	if (strlen(lit) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != lit[i])
			return 0;
	return 1;
}

/* RFC 9110 tchar: what header names and unquoted parameters are made of. */
static int is_tchar(int c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* ---- application/x-www-form-urlencoded ---------------------------------- */

/* s[0..n) decoded as a form value ('+' is a space) into a new arena
 * string, or NULL when util/url refuses it (malformed escape, NUL). */
static char *form_decode(struct arena *a, const char *s, size_t n, size_t *outlen)
{
	char *d = arena_alloc(a, n + 1);
	return url_decode(d, s, n, URL_FORM, outlen) == 0 ? d : NULL;
}

int form_parse_urlencoded(struct arena *a, const char *body, size_t len, struct form *out)
{
	struct field_list l = { NULL, 0, 0 };
	form_clear(out);
	if (len == 0)
		return 0;
	const char *p = body, *end = body + len;
	for (;;) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pe = amp ? amp : end;
		/* "a=1&&b=2" and a trailing '&' are empty pairs: skipped. */
		if (pe > p) {
			const char *eq = memchr(p, '=', (size_t)(pe - p));
			const char *ne = eq ? eq : pe;
			size_t nlen, vlen = 0;
			struct form_field *f = field_add(a, &l);
			if (!f)
				return -1;
			f->name = form_decode(a, p, (size_t)(ne - p), &nlen);
			if (!f->name || nlen > FORM_MAX_NAME)
				return -1;
			if (eq)
				f->value = form_decode(a, eq + 1, (size_t)(pe - eq - 1), &vlen);
			else
				f->value = arena_strdup(a, "");
			if (!f->value)
				return -1;
			f->value_len = vlen;
		}
		if (!amp)
			break;
		p = amp + 1;
	}
	out->n = l.n;
	out->fields = l.v;
	return 0;
}

/* ---- multipart/form-data -------------------------------------------------- */

static const char *skip_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * Take the boundary parameter out of a Content-Type header into
 * out[0..BOUNDARY_MAX). The media type itself is the caller's business.
 * A malformed parameter list, a second boundary parameter or a boundary
 * that is empty, too long or not printable ASCII is an error: a boundary
 * without CR is also what makes the delimiter search below linear.
 */
static int get_boundary(const char *ct, char *out, size_t *outlen)
{
	const char *p = strchr(ct, ';');
	const char *end;
	int found = 0;
	if (!p)
		return -1;
	end = p + strlen(p);
	while (p < end) {
		/* p is at a ';' */
		p = skip_ows(p + 1, end);
		if (p == end)
			break;
		if (*p == ';')
			continue;
		const char *name = p;
		while (p < end && is_tchar((unsigned char)*p))
			p++;
		size_t nlen = (size_t)(p - name);
		p = skip_ows(p, end);
		if (nlen == 0 || p == end || *p != '=')
			return -1;
		p = skip_ows(p + 1, end);
		char val[BOUNDARY_MAX];
		size_t vlen = 0;
		int toolong = 0;
		if (p < end && *p == '"') {
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && ++p == end)
					return -1;
				if (vlen < BOUNDARY_MAX)
					val[vlen++] = *p;
				else
					toolong = 1;
			}
			if (p == end)
				return -1;
			p++;
		} else {
			for (; p < end && *p != ';' && *p != ' ' && *p != '\t' && *p != '"'; p++) {
				if (vlen < BOUNDARY_MAX)
					val[vlen++] = *p;
				else
					toolong = 1;
			}
		}
		p = skip_ows(p, end);
		if (p < end && *p != ';')
			return -1;
		if (!ieq(name, nlen, "boundary"))
			continue;
		if (found || toolong || vlen == 0 || val[vlen - 1] == ' ')
			return -1;
		for (size_t i = 0; i < vlen; i++)
			if ((unsigned char)val[i] < 0x20 || (unsigned char)val[i] > 0x7e)
				return -1;
		memcpy(out, val, vlen);
		*outlen = vlen;
		found = 1;
	}
	return found ? 0 : -1;
}

/*
 * p is just past a "--boundary". If what follows completes a delimiter line
 * ("--" for the closing one, else optional transport padding and CRLF),
 * return the position after it and set *last; otherwise NULL: the bytes
 * only look like a boundary and belong to the content.
 */
static const char *delim_end(const char *p, const char *end, int *last)
{
	if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
		*last = 1;
		return p + 2;
	}
	p = skip_ows(p, end);
	if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
		*last = 0;
		return p + 2;
	}
	return NULL;
}

/*
 * Find the next delimiter (delim = CRLF "--" boundary, dlen bytes) at or
 * after p. Returns where its CRLF starts (the end of the content before it)
 * and sets *next past the delimiter line, or NULL when there is none.
 *
 * Linear: candidates start at a CR, and delim has its only CR at index 0.
 * If k bytes match at a candidate, none of bytes 1..k-1 is a CR, so the
 * next candidate is at least k further on and no byte is compared twice.
 */
static const char *find_delim(const char *p, const char *end, const char *delim, size_t dlen,
			      const char **next, int *last)
{
	while ((size_t)(end - p) >= dlen) {
		const char *cr = memchr(p, '\r', (size_t)(end - p) - dlen + 1);
		if (!cr)
			return NULL;
		size_t k = 1;
		while (k < dlen && cr[k] == delim[k])
			k++;
		if (k == dlen) {
			const char *n = delim_end(cr + dlen, end, last);
			if (n) {
				*next = n;
				return cr;
			}
		}
		p = cr + k;
	}
	return NULL;
}

struct part {
	const char *name;
	const char *filename;
	const char *content_type;
	int have_disposition;
};

/*
 * A quoted-string starting at the '"' at p, backslash escapes resolved, as
 * a new arena string. Returns the position after the closing quote, or NULL
 * when there is none. Measured first so that the copy takes exactly what it
 * needs (many quoted parameters on one line must not cost quadratic memory).
 */
static const char *read_quoted(struct arena *a, const char *p, const char *end, char **val,
			       size_t *vlen)
{
	const char *q = p + 1;
	size_t n = 0;
	for (; q < end && *q != '"'; q++, n++)
		if (*q == '\\' && ++q == end)
			return NULL;
	if (q == end)
		return NULL;
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;
	for (q = p + 1; *q != '"'; q++) {
		if (*q == '\\')
			q++;
		d[j++] = *q;
	}
	d[j] = 0;
	*val = d;
	*vlen = j;
	return q + 1;
}

/*
 * Content-Disposition value p[0..end): "form-data" and its parameters.
 * name and filename may each appear once (a second one would let two
 * readers of the same body disagree); other parameters, filename* among
 * them, are ignored.
 */
static int parse_disposition(struct arena *a, const char *p, const char *end, struct part *pt)
{
	const char *t = p;
	while (p < end && is_tchar((unsigned char)*p))
		p++;
	if (!ieq(t, (size_t)(p - t), "form-data"))
		return -1;
	for (;;) {
		p = skip_ows(p, end);
		if (p == end)
			return 0;
		if (*p != ';')
			return -1;
		p = skip_ows(p + 1, end);
		if (p == end)
			return 0;
		if (*p == ';')
			continue;
		const char *pn = p;
		while (p < end && is_tchar((unsigned char)*p))
			p++;
		size_t pnlen = (size_t)(p - pn);
		p = skip_ows(p, end);
		if (pnlen == 0 || p == end || *p != '=')
			return -1;
		p = skip_ows(p + 1, end);
		char *val;
		size_t vlen;
		if (p < end && *p == '"') {
			p = read_quoted(a, p, end, &val, &vlen);
			if (!p)
				return -1;
		} else {
			const char *vs = p;
			while (p < end && *p != ';' && *p != ' ' && *p != '\t' && *p != '"')
				p++;
			if (p == vs)
				return -1;
			vlen = (size_t)(p - vs);
			val = arena_strndup(a, vs, vlen);
		}
		if (ieq(pn, pnlen, "name")) {
			if (pt->name || vlen > FORM_MAX_NAME)
				return -1;
			pt->name = val;
		} else if (ieq(pn, pnlen, "filename")) {
			if (pt->filename)
				return -1;
			pt->filename = val;
		}
	}
}

/*
 * The header lines of one part, from *pp through the empty line that ends
 * them; *pp then points at the part's content. dash is "--" boundary.
 * Lines must end in CRLF, look like "Name: value" with a token name and
 * carry no control characters, so NUL, CR and LF never reach a name, file
 * name or content type.
 */
static int parse_part_headers(struct arena *a, const char **pp, const char *end,
			      const char *dash, size_t dashlen, struct part *pt)
{
	const char *p = *pp;
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || nl == p || nl[-1] != '\r')
			return -1;
		const char *le = nl - 1;
		if (le == p) {
			*pp = nl + 1;
			return 0;
		}
		/* The next delimiter where a header should be: no empty line. */
		if ((size_t)(le - p) >= dashlen && memcmp(p, dash, dashlen) == 0)
			return -1;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (!colon || colon == p)
			return -1;
		for (const char *c = p; c < colon; c++)
			if (!is_tchar((unsigned char)*c))
				return -1;
		for (const char *c = colon + 1; c < le; c++)
			if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7f)
				return -1;
		const char *v = skip_ows(colon + 1, le);
		const char *ve = le;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (ieq(p, (size_t)(colon - p), "content-disposition")) {
			if (pt->have_disposition || parse_disposition(a, v, ve, pt) < 0)
				return -1;
			pt->have_disposition = 1;
		} else if (ieq(p, (size_t)(colon - p), "content-type")) {
			if (pt->content_type)
				return -1;
			pt->content_type = arena_strndup(a, v, (size_t)(ve - v));
		}
		p = nl + 1;
	}
}

int form_parse_multipart(struct arena *a, const char *content_type, const char *body,
			 size_t len, struct form *out)
{
	struct field_list l = { NULL, 0, 0 };
	char delim[4 + BOUNDARY_MAX] = "\r\n--";
	size_t blen;
	form_clear(out);
	if (!content_type || !body || len == 0 || get_boundary(content_type, delim + 4, &blen) < 0)
		return -1;
	const size_t dlen = 4 + blen;
	const char *end = body + len;
	const char *p = NULL;
	int last = 0;

	/* The first delimiter has no CRLF of its own when there is no
	 * preamble; after a preamble the CRLF ends the preamble. A body that
	 * is only "--boundary--" is what browsers send for a form with nothing
	 * to submit; a preamble followed by the closing delimiter has no
	 * opening one (RFC 2046 wants at least one part) and is rejected. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = delim_end(body + dlen - 2, end, &last);
	if (!p && (!find_delim(body, end, delim, dlen, &p, &last) || last))
		return -1;

	while (!last) {
		struct part pt = { NULL, NULL, NULL, 0 };
		if (parse_part_headers(a, &p, end, delim + 2, dlen - 2, &pt) < 0 || !pt.name)
			return -1;
		const char *vs = p;
		const char *ve = find_delim(p, end, delim, dlen, &p, &last);
		if (!ve)
			return -1;
		struct form_field *f = field_add(a, &l);
		if (!f)
			return -1;
		f->name = pt.name;
		f->value_len = (size_t)(ve - vs);
		f->value = arena_strndup(a, vs, f->value_len);
		f->filename = pt.filename;
		f->content_type = pt.content_type;
	}
	out->n = l.n;
	out->fields = l.v;
	return 0;
}

/* ---- lookup ------------------------------------------------------------- */

const struct form_field *form_field(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
	const struct form_field *ff = form_field(f, name);
	return ff ? ff->value : NULL;
}

size_t form_get_all(const struct form *f, const char *name, const char **vals, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->fields[i].name, name) != 0)
			continue;
		if (n < max)
			vals[n] = f->fields[i].value;
		n++;
	}
	return n;
}
