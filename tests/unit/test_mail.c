/*
 * test_mail: the message as it goes to the mail server (src/io/smtp.c) —
 * no text given can add a header line, non-ASCII subjects and names are
 * RFC 2047 words that never split a character, the body is quoted-
 * printable with lines of at most 76 characters — plus the addresses
 * accepted (util/mailaddr.c), the backoff (io/mail.c) and the --smtp
 * argument.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <unistd.h>

#include "io/mail.h"
#include "store/store.h"
#include "util/arena.h"
#include "io/smtp.h"
#include "util/buf.h"
#include "util/mailaddr.h"

/* The header block of a built message (up to the empty line). */
static void build(struct buf *b, const char *to_name, const char *subject, const char *body)
{
	buf_reset(b);
	smtp_build(b, "lis@kommun.se", "anna@kommun.se", to_name, subject, body, 1767225600LL, "<id@kommun.se>");
}

static size_t header_lines(const char *msg)
{
	const char *end = strstr(msg, "\r\n\r\n");
	size_t n = 0;
	for (const char *p = msg; p < end; p++)
		if (p[0] == '\r' && p[1] == '\n' && p[2] != ' ')
			n++;
	return n + 1;
}

static void test_no_header_injection(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	build(&b, "Anna", "Hej", "x");
	size_t plain = header_lines(buf_str(&b));
	build(&b, "Anna\r\nBcc: evil@x.se", "Hej\r\nBcc: evil@x.se\nX-Evil: 1", "x");
	assert_int_equal(header_lines(buf_str(&b)), plain);
	assert_null(strstr(buf_str(&b), "\r\nBcc:"));
	assert_null(strstr(buf_str(&b), "\nX-Evil"));
	/* No bare CR or LF anywhere. */
	for (const char *p = buf_str(&b); *p; p++) {
		if (*p == '\r')
			assert_int_equal(p[1], '\n');
		if (*p == '\n')
			assert_true(p > buf_str(&b) && p[-1] == '\r');
	}
	buf_free(&b);
}

static void test_encoded_words(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	/* 40 å: 80 bytes, more than one word; no word may split a character. */
	char subject[200] = "Incident: ";
	for (int i = 0; i < 40; i++)
		strcat(subject, "å");
	build(&b, "Åsa Öberg", subject, "x");
	const char *s = strstr(buf_str(&b), "Subject: ");
	assert_non_null(s);
	struct buf decoded = BUF_INIT;
	const char *p = s + 9;
	for (;;) {
		const char *w = strstr(p, "=?UTF-8?B?");
		const char *hdr_end = strstr(p, "\r\n");
		while (hdr_end && hdr_end[2] == ' ')
			hdr_end = strstr(hdr_end + 2, "\r\n");
		if (!w || w > hdr_end)
			break;
		const char *e = strstr(w + 10, "?=");
		assert_true(e - w + 2 <= 75);
		unsigned char bin[100];
		size_t len;
		assert_int_equal(sodium_base642bin(bin, sizeof bin, w + 10, (size_t)(e - w - 10), NULL, &len, NULL,
						   sodium_base64_VARIANT_ORIGINAL), 0);
		/* Each word is whole UTF-8 on its own. */
		assert_true(len == 0 || (bin[0] & 0xc0) != 0x80);
		buf_add(&decoded, bin, len);
		p = e + 2;
	}
	assert_string_equal(buf_str(&decoded), subject);
	assert_non_null(strstr(buf_str(&b), "To: =?UTF-8?B?"));
	assert_non_null(strstr(buf_str(&b), "<anna@kommun.se>"));
	buf_free(&decoded);
	buf_free(&b);
}

static void test_quoted_printable(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char body[600];
	snprintf(body, sizeof body, "Rad ett med ö och = tecken \n.punkt först\n%0300d\nslut ", 0);
	build(&b, NULL, "Hej", body);
	const char *text = strstr(buf_str(&b), "\r\n\r\n") + 4;
	assert_non_null(strstr(text, "=C3=B6"));
	assert_non_null(strstr(text, "=3D"));
	assert_non_null(strstr(text, "tecken=20\r\n")); /* a space at a line's end is kept */
	assert_non_null(strstr(text, "\r\n=2Epunkt"));  /* never a line that starts with "." */
	for (const char *l = text; *l;) {
		const char *e = strstr(l, "\r\n");
		assert_non_null(e);
		assert_true(e - l <= 76);
		l = e + 2;
	}
	assert_non_null(strstr(buf_str(&b), "Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n"));
	buf_free(&b);
}

static void test_addresses(void **state)
{
	(void)state;
	static const char *const ok[] = { "anna@kommun.se", "a.b+c@sub.kommun.se", "x@y" };
	static const char *const bad[] = { "", "anna", "@kommun.se", "anna@", "a@b@c", "a b@c.se", "a@b.se\r\n",
					   "<a@b.se>", "a,b@c.se", "a@b..se", ".a@b.se", "a.@b.se", "a@b.se." };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (!mailaddr_valid(ok[i]))
			fail_msg("%s should be accepted", ok[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (mailaddr_valid(bad[i]))
			fail_msg("'%s' should be refused", bad[i]);
	assert_false(mailaddr_valid(NULL));
}

static void test_backoff(void **state)
{
	(void)state;
	assert_int_equal(mail_backoff(60, 1), 60);
	assert_int_equal(mail_backoff(60, 2), 120);
	assert_int_equal(mail_backoff(60, 3), 240);
	assert_int_equal(mail_backoff(60, 7), 3600);
	assert_int_equal(mail_backoff(60, 1000), 3600);
	assert_int_equal(mail_backoff(1, 3), 4);
	assert_int_equal(mail_backoff(7200, 5), 7200);
}

static void test_server_spec(void **state)
{
	(void)state;
	char host[64], err[200];
	int port;
	assert_int_equal(smtp_parse_server("mail.kommun.se:587", host, sizeof host, &port, err, sizeof err), 0);
	assert_string_equal(host, "mail.kommun.se");
	assert_int_equal(port, 587);
	assert_int_equal(smtp_parse_server("[::1]:25", host, sizeof host, &port, err, sizeof err), 0);
	assert_string_equal(host, "::1");
	static const char *const bad[] = { "mail", ":25", "mail:0", "mail:70000", "mail:", "::1:25", "ma/il:25", "a b:25" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (smtp_parse_server(bad[i], host, sizeof host, &port, err, sizeof err) == 0)
			fail_msg("'%s' should be refused", bad[i]);
}

/* A recipient without a usable address is written as failed with the
 * reason (every notice leaves a trace), in the audit trail too; one with
 * an address is queued and due now; the record's list has both. */
static void test_enqueue_trace(void **state)
{
	(void)state;
	char path[] = "/tmp/tillit-test-mail-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct store *st;
	char err[256];
	int applied;
	long long org, a_id, b_id, c_id;
	assert_int_equal(store_open(path, 1, &st, err, sizeof err), STORE_OK);
	assert_int_equal(store_migrate(st, &applied, err, sizeof err), STORE_OK);
	assert_int_equal(store_org_create(st, "Testkommun", "municipality", &org), STORE_OK);
	assert_int_equal(store_mail_enqueue(st, org, NULL, "Utan Adress", "Incident 12", "Text", "incidents", 12,
					    "Hög allvarlighet", &a_id), STORE_OK);
	assert_int_equal(store_mail_enqueue(st, org, "fel adress", NULL, "Incident 12", "Text", "incidents", 12, NULL,
					    &b_id), STORE_OK);
	assert_int_equal(store_mail_enqueue(st, org, "it@kommun.se", "IT\r\nchef", "Incident\n12", "Text", "incidents",
					    12, "Regel 1", &c_id), STORE_OK);
	struct arena *a = arena_new();
	struct jval *out = jv_arr(a);
	assert_int_equal(store_mail_for_record(st, a, org, "incidents", 12, out), STORE_OK);
	assert_int_equal(out->len, 3);
	struct jval *c = out->first, *b = c->next, *x = b->next; /* newest first */
	assert_string_equal(jv_get_str(x, "status"), "failed");
	assert_string_equal(jv_get_str(x, "last_error"), "The recipient has no e-mail address.");
	assert_string_equal(jv_get_str(x, "reason"), "Hög allvarlighet");
	assert_string_equal(jv_get_str(b, "status"), "failed");
	assert_string_equal(jv_get_str(b, "last_error"), "The recipient's e-mail address is not valid.");
	assert_string_equal(jv_get_str(c, "status"), "queued");
	assert_string_equal(jv_get_str(c, "to_name"), "IT  chef");
	assert_string_equal(jv_get_str(c, "subject"), "Incident 12");
	struct mail_msg m;
	assert_int_equal(store_mail_claim(st, a, &m), STORE_OK);
	assert_int_equal(m.id, c_id);
	assert_int_equal(store_mail_claim(st, a, &m), STORE_NOTFOUND); /* claimed: not twice */
	long long released;
	assert_int_equal(store_mail_release_claims(st, &released), STORE_OK);
	assert_int_equal(released, 1);
	struct jval *rows;
	long long total;
	assert_int_equal(store_audit_list(st, a, org, "mail", a_id, 1, 10, &rows, &total), STORE_OK);
	assert_int_equal(total, 1);
	assert_string_equal(jv_get_str(rows->first, "action"), "mail_failed");
	arena_free(a);
	store_close(st);
	unlink(path);
	char side[64];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_header_injection),
		cmocka_unit_test(test_encoded_words),
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_server_spec),
		cmocka_unit_test(test_enqueue_trace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
