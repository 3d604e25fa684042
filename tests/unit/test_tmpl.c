/*
 * Tests for the template engine (src/view/tmpl.c). Every expectation is the
 * exact output bytes, so any change in escaping, lookup or whitespace shows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/json.h"
#include "view/tmpl.h"

/* ---- helpers ----------------------------------------------------------- */

static void add_ok(struct tmpl_set *set, const char *name, const char *src)
{
	char err[256] = "";
	int rc = tmpl_add(set, name, src, strlen(src), err, sizeof err);
	if (rc != 0)
		fail_msg("tmpl_add(%s): %s", name, err);
}

/* Render name and compare the output byte for byte with want. */
static void expect_render(const struct tmpl_set *set, const char *name,
			  const struct jval *ctx, tmpl_tr_fn tr, void *tr_ctx,
			  const char *want)
{
	struct buf out = BUF_INIT;
	int rc = tmpl_render(set, name, ctx, tr, tr_ctx, &out);
	assert_int_equal(rc, 0);
	assert_string_equal(buf_str(&out), want);
	assert_int_equal(out.len, strlen(want));
	buf_free(&out);
}

/* Compile src alone as "t" and check its rendering against ctx. */
static void expect(const char *src, const struct jval *ctx, const char *want)
{
	struct tmpl_set *set = tmpl_set_new();
	add_ok(set, "t", src);
	expect_render(set, "t", ctx, NULL, NULL, want);
	tmpl_set_free(set);
}

/* Compile src as "t" and check that it fails with exactly msg. */
static void expect_error(const char *src, const char *msg)
{
	struct tmpl_set *set = tmpl_set_new();
	char err[256];
	memset(err, 'X', sizeof err);
	assert_int_equal(tmpl_add(set, "t", src, strlen(src), err, sizeof err), -1);
	assert_string_equal(err, msg);
	assert_int_equal(tmpl_exists(set, "t"), 0);
	tmpl_set_free(set);
}

/* Render and expect failure. */
static void expect_render_fail(const struct tmpl_set *set, const char *name,
			       const struct jval *ctx)
{
	struct buf out = BUF_INIT;
	assert_int_equal(tmpl_render(set, name, ctx, NULL, NULL, &out), -1);
	buf_free(&out);
}

/* A context used by many tests. */
static struct jval *sample(struct arena *a)
{
	struct jval *o = jv_obj(a);
	jv_set_str(a, o, "s", "text");
	jv_set_int(a, o, "i", -42);
	jv_set(o, "n", jv_num(a, 2.5));
	jv_set_bool(a, o, "t", 1);
	jv_set_bool(a, o, "f", 0);
	jv_set(o, "z", jv_null(a));
	jv_set_str(a, o, "name", "Outer");
	struct jval *l = jv_set(o, "l", jv_arr(a));
	jv_push(l, jv_str(a, "a"));
	jv_push(l, jv_str(a, "b"));
	jv_push(l, jv_str(a, "c"));
	struct jval *obj = jv_set(o, "obj", jv_obj(a));
	jv_set_str(a, obj, "inner", "In");
	struct jval *deep = jv_set(obj, "deep", jv_obj(a));
	jv_set_int(a, deep, "x", 7);
	jv_set(o, "empty", jv_arr(a));
	jv_set(o, "eobj", jv_obj(a));
	jv_set_str(a, o, "es", "");
	jv_set_int(a, o, "zero", 0);
	jv_set(o, "znum", jv_num(a, 0.0));
	return o;
}

/* ---- plain text and variables ------------------------------------------ */

static void test_text_only(void **state)
{
	(void)state;
	expect("", NULL, "");
	expect("hello\n  world } { }} x", NULL, "hello\n  world } { }} x");
	/* Template text is markup and is copied as it is. */
	expect("<p class=\"a\">&amp;'</p>", NULL, "<p class=\"a\">&amp;'</p>");
}

static void test_variables(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	expect("[{{s}}]", c, "[text]");
	expect("[{{i}}]", c, "[-42]");
	expect("[{{n}}]", c, "[2.5]");
	expect("[{{t}}|{{f}}]", c, "[true|false]");
	expect("[{{z}}]", c, "[]");
	expect("[{{missing}}]", c, "[]");
	/* Arrays and objects have no text form. */
	expect("[{{l}}{{obj}}]", c, "[]");
	/* NULL context: everything is missing. */
	expect("[{{s}}{{.}}]", NULL, "[]");
	arena_free(a);
}

static void test_number_formats(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = jv_obj(a);
	jv_set_int(a, c, "min", LLONG_MIN);
	jv_set_int(a, c, "max", LLONG_MAX);
	jv_set_int(a, c, "zero", 0);
	jv_set(c, "third", jv_num(a, 1.0 / 3.0));
	jv_set(c, "big", jv_num(a, 1e20));
	jv_set(c, "small", jv_num(a, 0.00001));
	jv_set(c, "whole", jv_num(a, 3.0));
	jv_set(c, "neg", jv_num(a, -0.5));
	expect("{{min}} {{max}} {{zero}}", c,
	       "-9223372036854775808 9223372036854775807 0");
	expect("{{third}} {{big}} {{small}} {{whole}} {{neg}}", c,
	       "0.333333 1e+20 1e-05 3 -0.5");
	arena_free(a);
}

/* ---- escaping ---------------------------------------------------------- */

static void test_escaping(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = jv_obj(a);
	jv_set_str(a, c, "all", "a&b<c>d\"e'f");
	jv_set_str(a, c, "t", "\"><script>");
	jv_set_str(a, c, "sq", "' onmouseover='alert(1)");
	jv_set_str(a, c, "amp", "&amp;");
	expect("{{all}}", c, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	expect("<a title=\"{{t}}\">x</a>", c,
	       "<a title=\"&quot;&gt;&lt;script&gt;\">x</a>");
	expect("<a title='{{sq}}'>", c,
	       "<a title='&#39; onmouseover=&#39;alert(1)'>");
	/* Already-escaped text is escaped again: the engine never guesses. */
	expect("{{amp}}", c, "&amp;amp;");
	/* Escaping applies inside sections and to "." too. */
	struct jval *l = jv_set(c, "l", jv_arr(a));
	jv_push(l, jv_str(a, "<i>"));
	expect("{{#l}}{{.}}{{/l}}", c, "&lt;i&gt;");
	arena_free(a);
}

static void test_escape_function(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	buf_puts(&out, "pre:");
	tmpl_escape(&out, "&<>\"'", 5);
	tmpl_escape(&out, "plain", 5);
	tmpl_escape(&out, "", 0);
	/* Only len bytes are read. */
	tmpl_escape(&out, "x<yz", 2);
	assert_string_equal(buf_str(&out), "pre:&amp;&lt;&gt;&quot;&#39;plainx&lt;");
	buf_free(&out);
}

/* ---- tags and paths ---------------------------------------------------- */

static const char *tr_upper(void *ctx, const char *msgid);

static void test_whitespace_in_tags(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	expect("[{{ name }}]", c, "[Outer]");
	expect("[{{\tname\n}}]", c, "[Outer]");
	expect("{{ # l }}{{ . }}{{ / l }}", c, "abc");
	expect("{{^ empty }}none{{/empty }}", c, "none");
	expect("{{ obj.deep.x }}|{{  @index  }}", c, "7|");
	expect("a{{ ! note }}b", c, "ab");

	struct tmpl_set *set = tmpl_set_new();
	add_ok(set, "p", "({{name}})");
	add_ok(set, "t", "{{ > p }}{{>p}}{{ _  Hello  world  }}");
	expect_render(set, "t", c, tr_upper, NULL, "(Outer)(Outer)HELLO  WORLD");
	tmpl_set_free(set);
	arena_free(a);
}

static void test_dotted_paths(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	expect("{{obj.inner}} {{obj.deep.x}}", c, "In 7");
	expect("[{{obj.nope}}][{{obj.deep.x.y}}][{{s.len}}][{{nope.x}}]", c, "[][][][]");
	expect("{{#obj.deep}}{{x}}{{/obj.deep}}", c, "7");
	arena_free(a);
}

static void test_stack_lookup(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	/* Names not in the pushed object are found further down. */
	expect("{{#obj}}{{inner}}/{{name}}/{{s}}{{/obj}}", c, "In/Outer/text");
	/* The nearest definition wins. */
	struct jval *o = jv_set(c, "shadow", jv_obj(a));
	jv_set_str(a, o, "name", "Inner");
	jv_set(o, "s", jv_null(a));
	expect("{{#shadow}}{{name}}[{{s}}]{{/shadow}}{{name}}", c, "Inner[]Outer");
	/* Only the first name of a path falls back; the rest must be inside
	 * what the first name found. */
	struct jval *p = jv_set(c, "p", jv_obj(a));
	struct jval *pobj = jv_set(p, "obj", jv_obj(a));
	jv_set_str(a, pobj, "other", "x");
	expect("{{#p}}[{{obj.inner}}][{{obj.other}}]{{/p}}", c, "[][x]");
	/* Array elements that are not objects are skipped over. */
	expect("{{#l}}{{name}}{{/l}}", c, "OuterOuterOuter");
	arena_free(a);
}

static void test_dot(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	expect("{{.}}", jv_str(a, "<top>"), "&lt;top&gt;");
	expect("{{.}}", jv_int(a, 5), "5");
	struct jval *c = sample(a);
	expect("{{#l}}<{{.}}>{{/l}}", c, "<a><b><c>");
	/* A truthy scalar section pushes nothing: "." is still the element. */
	struct jval *m = jv_set(c, "m", jv_arr(a));
	jv_push(m, jv_str(a, "x"));
	jv_push(m, jv_str(a, ""));
	jv_push(m, jv_str(a, "y"));
	expect("{{#m}}{{#.}}[{{.}}]{{/.}}{{^.}}-{{/.}}{{/m}}", c, "[x]-[y]");
	expect("{{#.}}[{{.}}]{{/.}}", jv_str(a, "whole"), "[whole]");
	arena_free(a);
}

/* ---- sections ---------------------------------------------------------- */

static void test_sections(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	/* Array of objects: once per element, element on top. */
	struct jval *rows = jv_set(c, "rows", jv_arr(a));
	for (int i = 1; i <= 3; i++) {
		struct jval *r = jv_push(rows, jv_obj(a));
		jv_set_int(a, r, "id", i);
	}
	expect("{{#rows}}<{{id}}>{{/rows}}", c, "<1><2><3>");
	/* Object: once, pushed. */
	expect("{{#obj}}{{inner}}{{/obj}}", c, "In");
	/* Truthy scalars: once, nothing pushed. */
	expect("{{#t}}T{{s}}{{/t}}{{#i}}I{{/i}}{{#n}}N{{/n}}{{#s}}S{{/s}}", c, "TtextINS");
	/* Falsy values and empty containers render nothing. */
	expect("[{{#f}}f{{/f}}{{#z}}z{{/z}}{{#missing}}m{{/missing}}{{#es}}e{{/es}}"
	       "{{#zero}}0{{/zero}}{{#znum}}0.0{{/znum}}{{#empty}}[]{{/empty}}"
	       "{{#eobj}}{}{{/eobj}}]",
	       c, "[]");
	/* Text around and between sections is kept. */
	expect("a{{#t}}b{{/t}}c{{#f}}d{{/f}}e", c, "abce");
	arena_free(a);
}

static void test_inverted(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	expect("[{{^f}}f{{/f}}{{^z}}z{{/z}}{{^missing}}m{{/missing}}{{^es}}e{{/es}}"
	       "{{^zero}}0{{/zero}}{{^znum}}.{{/znum}}{{^empty}}[]{{/empty}}"
	       "{{^eobj}}{}{{/eobj}}]",
	       c, "[fzme0.[]{}]");
	expect("[{{^t}}t{{/t}}{{^s}}s{{/s}}{{^l}}l{{/l}}{{^obj}}o{{/obj}}{{^i}}i{{/i}}]", c, "[]");
	/* The usual list pattern. */
	expect("{{#empty}}<li>{{.}}</li>{{/empty}}{{^empty}}<p>none</p>{{/empty}}", c,
	       "<p>none</p>");
	/* An inverted section renders its body against the unchanged stack. */
	expect("{{#obj}}{{^nope}}{{inner}}{{/nope}}{{/obj}}", c, "In");
	arena_free(a);
}

static void test_nested_sections(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = jv_obj(a);
	jv_set_str(a, c, "cls", "c");
	struct jval *rows = jv_set(c, "rows", jv_arr(a));
	for (int i = 0; i < 2; i++) {
		struct jval *r = jv_push(rows, jv_obj(a));
		jv_set_int(a, r, "id", i + 1);
		struct jval *cells = jv_set(r, "cells", jv_arr(a));
		for (int k = 0; k < 3; k++)
			jv_push(cells, jv_int(a, (i + 1) * 10 + k));
	}
	expect("<table>{{#rows}}<tr id=\"r{{id}}\">{{#cells}}<td class=\"{{cls}}\">{{.}}</td>"
	       "{{/cells}}</tr>{{/rows}}</table>",
	       c,
	       "<table><tr id=\"r1\"><td class=\"c\">10</td><td class=\"c\">11</td>"
	       "<td class=\"c\">12</td></tr><tr id=\"r2\"><td class=\"c\">20</td>"
	       "<td class=\"c\">21</td><td class=\"c\">22</td></tr></table>");
	/* Same name nested: the inner one resolves on the element first. */
	struct jval *x = jv_set(c, "x", jv_obj(a));
	struct jval *x2 = jv_set(x, "x", jv_obj(a));
	jv_set_str(a, x2, "v", "deep");
	jv_set_str(a, x, "v", "mid");
	expect("{{#x}}{{v}}{{#x}}/{{v}}{{/x}}{{/x}}", c, "mid/deep");
	arena_free(a);
}

static void test_index_number(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	expect("{{#l}}{{@index}}/{{@number}}:{{.}} {{/l}}", c, "0/1:a 1/2:b 2/3:c ");
	/* Outside any array section they are missing. */
	expect("[{{@index}}][{{@number}}]{{#obj}}[{{@index}}]{{/obj}}", c, "[][][]");
	/* The innermost array section counts, even below a pushed object. */
	struct jval *g = jv_set(c, "g", jv_arr(a));
	for (int i = 0; i < 2; i++) {
		struct jval *e = jv_push(g, jv_obj(a));
		struct jval *sub = jv_set(e, "sub", jv_arr(a));
		jv_push(sub, jv_str(a, "p"));
		jv_push(sub, jv_str(a, "q"));
		struct jval *o = jv_set(e, "o", jv_obj(a));
		jv_set_int(a, o, "k", i);
	}
	expect("{{#g}}{{@number}}({{#sub}}{{@index}}{{/sub}}){{#o}}{{@index}}{{/o}};{{/g}}", c,
	       "1(01)0;2(01)1;");
	/* They work as section conditions: @index 0 is falsy. */
	expect("{{#l}}{{^@index}}first:{{/@index}}{{#@index}},{{/@index}}{{.}}{{/l}}", c,
	       "first:a,b,c");
	arena_free(a);
}

/* A numeric segment after a dot picks an array element by position. */
static void test_numeric_path(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	/* l is ["a", "b", "c"]. */
	expect("[{{l.0}}][{{l.1}}][{{l.2}}]", c, "[a][b][c]");
	/* Beyond the end, on a non-array, a non-numeric segment: missing. */
	expect("[{{l.3}}][{{l.5}}][{{l.99999999999999999999}}][{{s.0}}][{{obj.0}}][{{l.x}}]", c,
	       "[][][][][][]");
	expect("{{#l.5}}yes{{/l.5}}{{^l.5}}no{{/l.5}}", c, "no");
	expect("[{{empty.0}}]", c, "[]");
	/* Elements that are objects: further names go inside them. */
	struct jval *items = jv_set(c, "items", jv_arr(a));
	for (int i = 0; i < 3; i++) {
		struct jval *it = jv_push(items, jv_obj(a));
		jv_set_int(a, it, "id", 10 + i);
		jv_set_str(a, it, "name", i == 0 ? "<first>" : "other");
	}
	expect("{{items.0.name}}|{{items.2.id}}|[{{items.3.id}}]", c, "&lt;first&gt;|12|[]");
	/* Arrays inside arrays. */
	struct jval *grid = jv_set(c, "grid", jv_arr(a));
	struct jval *row = jv_push(grid, jv_arr(a));
	jv_push(row, jv_int(a, 1));
	row = jv_push(grid, jv_arr(a));
	jv_push(row, jv_int(a, 2));
	jv_push(row, jv_int(a, 3));
	expect("{{grid.1.1}}{{grid.0.0}}[{{grid.0.1}}]", c, "31[]");
	/* The first name is still a name: an object member called "0" is
	 * found through a dot, an array index never at the start. */
	struct jval *o = jv_set(c, "byname", jv_obj(a));
	jv_set_str(a, o, "0", "zero");
	expect("[{{byname.0}}]", c, "[zero]");

	/* The reason for it: wrap a non-empty list once. */
	const char *src = "{{#items.0}}<ul>{{#items}}<li>{{id}}</li>{{/items}}</ul>{{/items.0}}"
			  "{{^items.0}}<p>None.</p>{{/items.0}}";
	expect(src, c, "<ul><li>10</li><li>11</li><li>12</li></ul>");
	jv_set(c, "items", jv_arr(a));
	expect(src, c, "<p>None.</p>");
	/* One element: wrapped once. */
	jv_push(jv_get(c, "items"), jv_obj(a));
	jv_set_int(a, jv_get(c, "items")->first, "id", 7);
	expect(src, c, "<ul><li>7</li></ul>");
	/* A list of strings works the same way (the element is not pushed). */
	expect("{{#l.0}}<ul>{{#l}}<li>{{.}}</li>{{/l}}</ul>{{/l.0}}", c,
	       "<ul><li>a</li><li>b</li><li>c</li></ul>");
	expect("{{#empty.0}}<ul>{{/empty.0}}", c, "");
	/* Inside a section the path is looked up from the stack as usual. */
	expect("{{#obj}}{{l.1}}{{/obj}}", c, "b");
	/* The element is only tested, not pushed: a row without a member
	 * does not take the first row's. */
	struct jval *rows = jv_set(c, "rows", jv_arr(a));
	jv_set_bool(a, jv_push(rows, jv_obj(a)), "late", 1);
	jv_push(rows, jv_obj(a));
	expect("{{#rows.0}}{{#rows}}[{{#late}}late{{/late}}]{{/rows}}{{/rows.0}}", c, "[late][]");
	arena_free(a);
}

/* ---- partials ---------------------------------------------------------- */

static void test_partials(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	struct tmpl_set *set = tmpl_set_new();
	/* Partials are resolved at render time: the page may come first. */
	add_ok(set, "page", "<h1>{{name}}</h1>{{#l}}{{>item}}{{/l}}{{#obj}}{{>inner}}{{/obj}}");
	assert_int_equal(tmpl_exists(set, "item"), 0);
	add_ok(set, "item", "<i>{{@number}}={{.}}</i>");
	add_ok(set, "inner", "[{{inner}}|{{name}}]");
	assert_int_equal(tmpl_exists(set, "item"), 1);
	expect_render(set, "page", c, NULL, NULL,
		      "<h1>Outer</h1><i>1=a</i><i>2=b</i><i>3=c</i>[In|Outer]");
	/* Adding under an existing name replaces the template. */
	add_ok(set, "item", "{{.}}");
	expect_render(set, "page", c, NULL, NULL, "<h1>Outer</h1>abc[In|Outer]");
	tmpl_set_free(set);
	arena_free(a);
}

/* A unit with children; leaves get an empty children array so that the
 * lookup does not fall back to the parent's children. */
static struct jval *unit(struct arena *a, const char *name)
{
	struct jval *u = jv_obj(a);
	jv_set_str(a, u, "name", name);
	jv_set(u, "children", jv_arr(a));
	return u;
}

static void test_recursive_partial(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *root = unit(a, "Org");
	struct jval *it = jv_push(jv_get(root, "children"), unit(a, "IT"));
	jv_push(jv_get(it, "children"), unit(a, "Ops"));
	jv_push(jv_get(it, "children"), unit(a, "Dev & Test"));
	jv_push(jv_get(root, "children"), unit(a, "HR"));
	struct jval *c = jv_obj(a);
	jv_set(c, "root", root);

	struct tmpl_set *set = tmpl_set_new();
	add_ok(set, "tree", "{{#root}}<ul>{{>unit}}</ul>{{/root}}");
	add_ok(set, "unit", "<li>{{name}}{{#children}}<ul>{{>unit}}</ul>{{/children}}</li>");
	expect_render(set, "tree", c, NULL, NULL,
		      "<ul><li>Org<ul><li>IT<ul><li>Ops</li></ul><ul><li>Dev &amp; Test</li>"
		      "</ul></li></ul><ul><li>HR</li></ul></li></ul>");

	/* A leaf without the children member finds its parent's children
	 * again and again: the include limit stops it. */
	jv_push(jv_get(root, "children"), jv_obj(a));
	expect_render_fail(set, "tree", c);
	tmpl_set_free(set);
	arena_free(a);
}

/* ---- translation ------------------------------------------------------- */

struct tr_log {
	char seen[8][64];
	int n;
};

static const char *tr_table(void *ctx, const char *msgid)
{
	struct tr_log *log = ctx;
	if (log && log->n < 8)
		snprintf(log->seen[log->n++], sizeof log->seen[0], "%s", msgid);
	if (strcmp(msgid, "Hello world") == 0)
		return "Hej världen";
	if (strcmp(msgid, "Bold") == 0)
		return "<b>\"fet\" & 'tjock'</b>";
	if (strcmp(msgid, "Unknown") == 0)
		return NULL;
	return msgid;
}

static const char *tr_upper(void *ctx, const char *msgid)
{
	static const char *const table[][2] = {
		{ "Hello  world", "HELLO  WORLD" },
	};
	(void)ctx;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i][0], msgid) == 0)
			return table[i][1];
	return msgid;
}

static void test_translation(void **state)
{
	(void)state;
	struct tmpl_set *set = tmpl_set_new();
	add_ok(set, "t", "<p>{{_ Hello world}}</p>{{_   Bold\n}}|{{_\tUnknown}}|{{_ Fish & <chips> }}");
	struct tr_log log = { .n = 0 };
	expect_render(set, "t", NULL, tr_table, &log,
		      "<p>Hej världen</p>&lt;b&gt;&quot;fet&quot; &amp; &#39;tjock&#39;&lt;/b&gt;"
		      "|Unknown|Fish &amp; &lt;chips&gt;");
	/* The callback sees the trimmed text, once per tag. */
	assert_int_equal(log.n, 4);
	assert_string_equal(log.seen[0], "Hello world");
	assert_string_equal(log.seen[1], "Bold");
	assert_string_equal(log.seen[2], "Unknown");
	assert_string_equal(log.seen[3], "Fish & <chips>");
	/* Without a callback the text itself is used. */
	expect_render(set, "t", NULL, NULL, NULL,
		      "<p>Hello world</p>Bold|Unknown|Fish &amp; &lt;chips&gt;");
	/* "_" followed by a name (no space) is a member, not a translation. */
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	jv_set_str(a, c, "_id", "<7>");
	add_ok(set, "priv", "{{_id}}|{{ _id }}|{{_ id}}");
	expect_render(set, "priv", c, NULL, NULL, "&lt;7&gt;|&lt;7&gt;|id");
	/* {{_[context] Text}}: looked up as "context EOT Text", shown as
	 * Text when there is no translation. */
	add_ok(set, "ctx", "{{_[tag] New}}|{{_[menu] Hello  world}}");
	log.n = 0;
	expect_render(set, "ctx", NULL, tr_table, &log, "New|Hello  world");
	assert_int_equal(log.n, 2);
	assert_string_equal(log.seen[0], "tag\004New");
	assert_string_equal(log.seen[1], "menu\004Hello  world");
	assert_int_not_equal(tmpl_add(set, "badctx", "{{_[] New}}", strlen("{{_[] New}}"), NULL, 0), 0);
	/* Translations inside a loop are looked up every time. */
	add_ok(set, "loop", "{{#l}}{{_ Hello world}};{{/l}}");
	log.n = 0;
	expect_render(set, "loop", c, tr_table, &log, "Hej världen;Hej världen;Hej världen;");
	assert_int_equal(log.n, 3);
	arena_free(a);
	tmpl_set_free(set);
}

static void test_comments(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	expect("a{{! hidden }}b{{!}}c", c, "abc");
	expect("x{{!\nmulti\nline\n}}y{{s}}", c, "xytext");
	/* Comments may hold anything but braces: sigils mean nothing there. */
	expect("{{! #open /close >partial _ tr . }}ok", c, "ok");
	arena_free(a);
}

/* ---- errors ------------------------------------------------------------ */

static void test_compile_errors(void **state)
{
	(void)state;
	expect_error("a\n{{#items}}\nx", "t:2: unclosed section 'items'");
	expect_error("{{#a}}\n{{#b}}{{/b}}\n{{^c}}\n", "t:3: unclosed section 'c'");
	expect_error("a\n\n{{/x}}", "t:3: unexpected closing tag 'x'");
	expect_error("{{#a}}{{/a}}\n{{/a}}", "t:2: unexpected closing tag 'a'");
	expect_error("{{#a}}\n{{/b}}", "t:2: closing tag 'b' does not match 'a'");
	expect_error("{{#a}}{{#b}}\n\n{{/a}}{{/b}}", "t:3: closing tag 'a' does not match 'b'");
	expect_error("x\n{{name", "t:2: unterminated tag");
	expect_error("x\n{{", "t:2: unterminated tag");
	expect_error("{{a\n{{b}}", "t:1: unterminated tag");
	expect_error("{{! a {{b}} }}", "t:1: unterminated tag");
	expect_error("\n\n\n{{ }}", "t:4: empty tag");
	expect_error("{{}}", "t:1: empty tag");
	expect_error("{{#}}", "t:1: empty tag");
	expect_error("{{^ }}", "t:1: empty tag");
	expect_error("{{#a}}{{/ }}", "t:1: empty tag");
	expect_error("{{>}}", "t:1: empty tag");
	expect_error("{{_\n}}", "t:1: empty tag");
	expect_error("{{ _ }}", "t:1: empty tag");
	/* Names must be made of name characters and non-empty segments; this
	 * also refuses mustache's unescaped forms. */
	expect_error("{{{x}}}", "t:1: invalid name '{x'");
	expect_error("{{&x}}", "t:1: invalid name '&x'");
	expect_error("{{a..b}}", "t:1: invalid name 'a..b'");
	expect_error("{{.a}}", "t:1: invalid name '.a'");
	expect_error("{{a.}}", "t:1: invalid name 'a.'");
	expect_error("{{a b}}", "t:1: invalid name 'a b'");
	expect_error("{{#a b}}{{/a b}}", "t:1: invalid name 'a b'");
	/* Lines are counted through text, comments and multi-line tags. */
	expect_error("{{!\n\n}}\n{{/x}}", "t:4: unexpected closing tag 'x'");
	expect_error("{{\ns\n}}\n\n{{#q}}", "t:5: unclosed section 'q'");
	expect_error("{{_ a\nb }}{{/x}}", "t:2: unexpected closing tag 'x'");
}

static void test_error_details(void **state)
{
	(void)state;
	struct tmpl_set *set = tmpl_set_new();
	/* The template name is part of the message. */
	char err[64];
	const char *bad = "{{#items}}";
	assert_int_equal(tmpl_add(set, "list.html", bad, strlen(bad), err, sizeof err), -1);
	assert_string_equal(err, "list.html:1: unclosed section 'items'");
	/* A short buffer gets a truncated, NUL-terminated message. */
	char small[8];
	memset(small, 'X', sizeof small);
	assert_int_equal(tmpl_add(set, "list.html", bad, strlen(bad), small, sizeof small), -1);
	assert_string_equal(small, "list.ht");
	/* No buffer at all is fine. */
	assert_int_equal(tmpl_add(set, "list.html", bad, strlen(bad), NULL, 0), -1);
	/* A failed add leaves an earlier template of that name in place. */
	add_ok(set, "list.html", "old");
	assert_int_equal(tmpl_add(set, "list.html", bad, strlen(bad), err, sizeof err), -1);
	expect_render(set, "list.html", NULL, NULL, NULL, "old");
	/* On success err is emptied. */
	strcpy(err, "stale");
	assert_int_equal(tmpl_add(set, "list.html", "new", 3, err, sizeof err), 0);
	assert_string_equal(err, "");
	expect_render(set, "list.html", NULL, NULL, NULL, "new");
	/* src is bounded by len, not by a NUL. */
	assert_int_equal(tmpl_add(set, "cut", "ab{{x}}", 2, err, sizeof err), 0);
	expect_render(set, "cut", NULL, NULL, NULL, "ab");
	assert_int_equal(tmpl_add(set, "cut", "ab{{x}}", 5, err, sizeof err), -1);
	assert_string_equal(err, "cut:1: unterminated tag");
	tmpl_set_free(set);
}

static void test_name_is_copied(void **state)
{
	(void)state;
	struct tmpl_set *set = tmpl_set_new();
	char name[16];
	strcpy(name, "a.html");
	add_ok(set, name, "A");
	strcpy(name, "b.html");
	add_ok(set, name, "B");
	strcpy(name, "zzzzzz");
	assert_int_equal(tmpl_exists(set, "a.html"), 1);
	assert_int_equal(tmpl_exists(set, "b.html"), 1);
	assert_int_equal(tmpl_exists(set, "zzzzzz"), 0);
	expect_render(set, "a.html", NULL, NULL, NULL, "A");
	expect_render(set, "b.html", NULL, NULL, NULL, "B");
	/* Many templates: the name table grows. */
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof name, "n%d", i);
		char src[16];
		snprintf(src, sizeof src, "<%d>", i);
		add_ok(set, name, src);
	}
	expect_render(set, "n0", NULL, NULL, NULL, "<0>");
	expect_render(set, "n137", NULL, NULL, NULL, "<137>");
	expect_render(set, "n199", NULL, NULL, NULL, "<199>");
	expect_render(set, "a.html", NULL, NULL, NULL, "A");
	tmpl_set_free(set);
}

static void test_missing(void **state)
{
	(void)state;
	struct tmpl_set *set = tmpl_set_new();
	assert_int_equal(tmpl_exists(set, "nope"), 0);
	expect_render_fail(set, "nope", NULL);
	add_ok(set, "page", "before{{>nope}}after");
	/* A referenced partial is not a template until it is added. */
	assert_int_equal(tmpl_exists(set, "nope"), 0);
	expect_render_fail(set, "nope", NULL);
	struct buf out = BUF_INIT;
	assert_int_equal(tmpl_render(set, "page", NULL, NULL, NULL, &out), -1);
	/* Output up to the failure may be there; what follows is not. */
	assert_null(strstr(buf_str(&out), "after"));
	buf_free(&out);
	/* A missing partial in a section that is not rendered is no error. */
	add_ok(set, "cond", "x{{#f}}{{>nope}}{{/f}}y");
	expect_render(set, "cond", NULL, NULL, NULL, "xy");
	add_ok(set, "nope", "!");
	expect_render(set, "page", NULL, NULL, NULL, "before!after");
	tmpl_set_free(set);
	tmpl_set_free(NULL);
}

/* ---- limits ------------------------------------------------------------ */

/* {{#o}} nested n deep around "x". */
static char *nested(const char *open, const char *close, int n)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < n; i++)
		buf_puts(&b, open);
	buf_puts(&b, "x");
	for (int i = 0; i < n; i++)
		buf_puts(&b, close);
	return buf_detach(&b);
}

static void render_src(const char *src, const struct jval *ctx, int want_rc)
{
	struct tmpl_set *set = tmpl_set_new();
	add_ok(set, "t", src);
	struct buf out = BUF_INIT;
	assert_int_equal(tmpl_render(set, "t", ctx, NULL, NULL, &out), want_rc);
	if (want_rc == 0)
		assert_string_equal(buf_str(&out), "x");
	buf_free(&out);
	tmpl_set_free(set);
}

/* {o: {o: ... {o: false, end: true}}} with depth objects below the top;
 * every level has its own "o" so that lookups never fall back. */
static struct jval *chain(struct arena *a, int depth)
{
	struct jval *top = jv_obj(a), *p = top;
	jv_set_bool(a, top, "end", 0);
	for (int i = 0; i < depth; i++)
		p = jv_set(p, "o", jv_obj(a));
	jv_set_bool(a, p, "o", 0);
	jv_set_bool(a, p, "end", 1);
	return top;
}

static void test_depth_limits(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* A chain of objects o -> o -> ... 100 deep. */
	struct jval *c = jv_obj(a), *p = c;
	for (int i = 0; i < 100; i++)
		p = jv_set(p, "o", jv_obj(a));
	jv_set_bool(a, p, "end", 1);
	/* 64 context frames: the bottom one and 63 pushed. */
	char *src = nested("{{#o}}", "{{/o}}", 63);
	render_src(src, c, 0);
	free(src);
	src = nested("{{#o}}", "{{/o}}", 64);
	render_src(src, c, -1);
	free(src);
	/* One-element arrays push a frame each, too. */
	struct jval *ac = jv_obj(a);
	jv_push(jv_set(ac, "l", jv_arr(a)), jv_int(a, 1));
	src = nested("{{#l}}", "{{/l}}", 63);
	render_src(src, ac, 0);
	free(src);
	src = nested("{{#l}}", "{{/l}}", 64);
	render_src(src, ac, -1);
	free(src);
	/* Sections that push nothing still have a (higher) nesting limit. */
	struct jval *tc = jv_obj(a);
	jv_set_bool(a, tc, "t", 1);
	src = nested("{{#t}}", "{{/t}}", 256);
	render_src(src, tc, 0);
	free(src);
	src = nested("{{#t}}", "{{/t}}", 257);
	render_src(src, tc, -1);
	free(src);
	src = nested("{{^f}}", "{{/f}}", 256);
	render_src(src, tc, 0);
	free(src);
	src = nested("{{^f}}", "{{/f}}", 5000);
	render_src(src, tc, -1);
	free(src);

	/* Includes: 32 nested are fine, the 33rd fails. The top template
	 * includes r once and r includes itself once per level of the chain. */
	struct tmpl_set *set = tmpl_set_new();
	add_ok(set, "r", "{{#o}}{{>r}}{{/o}}{{#end}}x{{/end}}");
	add_ok(set, "top", "{{>r}}");
	expect_render(set, "top", chain(a, 31), NULL, NULL, "x");
	expect_render_fail(set, "top", chain(a, 32));
	/* Unconditional self-inclusion fails instead of running away. */
	add_ok(set, "loop", "a{{>loop}}");
	expect_render_fail(set, "loop", NULL);
	tmpl_set_free(set);
	arena_free(a);
}

/* ---- threads ----------------------------------------------------------- */

struct thread_job {
	const struct tmpl_set *set;
	const struct jval *ctx;
	const char *want;
	int ok;
};

static void *render_many(void *arg)
{
	struct thread_job *job = arg;
	struct buf out = BUF_INIT;
	job->ok = 1;
	for (int i = 0; i < 200; i++) {
		buf_reset(&out);
		if (tmpl_render(job->set, "page", job->ctx, tr_table, NULL, &out) != 0 ||
		    strcmp(buf_str(&out), job->want) != 0)
			job->ok = 0;
	}
	buf_free(&out);
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct jval *c = sample(a);
	struct tmpl_set *set = tmpl_set_new();
	add_ok(set, "page", "{{_ Hello world}}:{{#l}}{{>item}}{{/l}}");
	add_ok(set, "item", "[{{@index}}{{.}}{{name}}]");
	const char *want = "Hej världen:[0aOuter][1bOuter][2cOuter]";
	struct thread_job jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct thread_job){ set, c, want, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, render_many, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].ok, 1);
	}
	tmpl_set_free(set);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_only),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_escape_function),
		cmocka_unit_test(test_whitespace_in_tags),
		cmocka_unit_test(test_dotted_paths),
		cmocka_unit_test(test_stack_lookup),
		cmocka_unit_test(test_dot),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_nested_sections),
		cmocka_unit_test(test_index_number),
		cmocka_unit_test(test_numeric_path),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_recursive_partial),
		cmocka_unit_test(test_translation),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_error_details),
		cmocka_unit_test(test_name_is_copied),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_depth_limits),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
