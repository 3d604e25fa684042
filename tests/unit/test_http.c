/*
 * test_http: what a response carries when a handler goes wrong. The
 * security headers (CSP, nosniff, ...) go on first, so a handler's headers
 * can never push them out; a header past the limit, or one libmicrohttpd
 * refuses, is a failed check (abort under SAN=1) and, in production, a 500
 * instead of a response that silently lacks it.
 *
 * The cases that break a check run in a child process: under TILLIT_STRICT
 * (SAN=1) the child must die of SIGABRT, otherwise it checks the 500 and
 * exits 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/i18n.h"
#include "view/view.h"
#include "web/http.h"
#include "web/server.h"

static int setup(void **state)
{
	(void)state;
	char err[256];
	if (i18n_init(err, sizeof err) != 0 || view_init(err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static void request_init(struct request *r)
{
	memset(r, 0, sizeof *r);
	r->a = arena_new();
	r->method = "GET";
	r->path = "/test";
	r->lang = LANG_EN;
}

static void request_free(struct request *r)
{
	buf_free(&r->res.body);
	arena_free(r->a);
}

/* The value of header name in r's response, or NULL. */
static const char *header(const struct request *r, const char *name)
{
	for (size_t i = 0; i < r->res.nheaders; i++)
		if (strcmp(r->res.headers[i].name, name) == 0)
			return r->res.headers[i].value;
	return NULL;
}

static size_t extra_headers; /* how many X-Test headers the handler adds */

static void handler_with_headers(struct request *r)
{
	res_start(r, 200, "text/plain; charset=utf-8");
	for (size_t i = 0; i < extra_headers; i++)
		res_header(r, "X-Test", "1");
	buf_puts(&r->res.body, "the handler's body");
}

/* The number of headers every response carries before a handler runs. */
static size_t security_header_count(void)
{
	struct request r;
	request_init(&r);
	extra_headers = 0;
	router_respond(&r, handler_with_headers);
	size_t n = r.res.nheaders;
	request_free(&r);
	return n;
}

/* Run fn in a child process. A check that fails there must abort under
 * TILLIT_STRICT; otherwise fn's own assertions decide (exit status 0). */
static void in_child_expecting_failed_check(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
#ifdef TILLIT_STRICT
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
#else
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
#endif
}

/* In a child: exit non-zero unless cond holds. */
#define CHILD_CHECK(cond)                                                           \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "%s:%d: %s does not hold\n", __FILE__, __LINE__, #cond); \
			_exit(1);                                                   \
		}                                                                   \
	} while (0)

/* A handler that fills every remaining slot keeps its headers and the
 * security headers, which come first. */
static void test_headers_up_to_the_limit(void **state)
{
	(void)state;
	size_t nsec = security_header_count();
	assert_true(nsec >= 4);
	assert_true(nsec < HTTP_MAX_HEADERS);
	struct request r;
	request_init(&r);
	extra_headers = HTTP_MAX_HEADERS - nsec;
	router_respond(&r, handler_with_headers);
	assert_int_equal(r.res.status, 200);
	assert_int_equal(r.res.nheaders, HTTP_MAX_HEADERS);
	assert_int_equal(r.res.headers_lost, 0);
	assert_string_equal(r.res.headers[0].name, "Content-Security-Policy");
	assert_non_null(header(&r, "X-Content-Type-Options"));
	assert_non_null(header(&r, "X-Frame-Options"));
	assert_non_null(header(&r, "Referrer-Policy"));
	assert_string_equal(r.res.headers[HTTP_MAX_HEADERS - 1].name, "X-Test");
	assert_string_equal(r.res.body.data, "the handler's body");
	request_free(&r);
}

static void past_the_limit(void)
{
	struct request r;
	request_init(&r);
	extra_headers = HTTP_MAX_HEADERS; /* more than the room left */
	router_respond(&r, handler_with_headers);
	CHILD_CHECK(r.res.status == 500);
	CHILD_CHECK(r.res.headers_lost == 0);
	CHILD_CHECK(header(&r, "Content-Security-Policy") != NULL);
	CHILD_CHECK(header(&r, "X-Content-Type-Options") != NULL);
	CHILD_CHECK(header(&r, "X-Test") == NULL);
	CHILD_CHECK(strstr(buf_str(&r.res.body), "the handler's body") == NULL);
	CHILD_CHECK(strstr(buf_str(&r.res.body),
			   "Tillit could not put this response together. The error has been logged.") != NULL);
	request_free(&r);
}

/* One header past the limit is a failed check and a 500 that still carries
 * the security headers, never the handler's response without them. */
static void test_headers_past_the_limit(void **state)
{
	(void)state;
	in_child_expecting_failed_check(past_the_limit);
}

static void refused_header(void)
{
	struct request r;
	request_init(&r);
	res_start(&r, 200, "text/plain; charset=utf-8");
	res_header(&r, "X-Test", "one\r\nSet-Cookie: forged=1");
	buf_puts(&r.res.body, "body");
	struct MHD_Response *resp = server_response(&r);
	CHILD_CHECK(resp == NULL);
	request_free(&r);
}

/* A header libmicrohttpd refuses (here one with a line break) is not left
 * out quietly: server_response() fails, and the server answers 500. */
static void test_refused_header(void **state)
{
	(void)state;
	in_child_expecting_failed_check(refused_header);
}

static void test_response_headers_kept(void **state)
{
	(void)state;
	struct request r;
	request_init(&r);
	res_start(&r, 201, "application/json");
	res_header(&r, "Location", "/api/v1/systems/1");
	buf_puts(&r.res.body, "{}");
	struct MHD_Response *resp = server_response(&r);
	assert_non_null(resp);
	assert_string_equal(MHD_get_response_header(resp, "Location"), "/api/v1/systems/1");
	assert_string_equal(MHD_get_response_header(resp, "Content-Type"), "application/json");
	MHD_destroy_response(resp);
	request_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers_up_to_the_limit),
		cmocka_unit_test(test_headers_past_the_limit),
		cmocka_unit_test(test_refused_header),
		cmocka_unit_test(test_response_headers_kept),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
