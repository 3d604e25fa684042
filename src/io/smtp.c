/*
 * smtp.c: building a message and handing it to libcurl (see smtp.h).
 */
#include "io/smtp.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int smtp_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

int smtp_parse_server(const char *spec, char *host, size_t hostlen, int *port, char *err, size_t errlen)
{
	const char *colon = spec ? strrchr(spec, ':') : NULL;
	if (!colon || colon == spec) {
		snprintf(err, errlen, "--smtp is HOST:PORT, e.g. mail.example.se:587");
		return -1;
	}
	const char *h = spec;
	size_t hl = (size_t)(colon - spec);
	if (spec[0] == '[') {
		if (hl < 3 || spec[hl - 1] != ']') {
			snprintf(err, errlen, "--smtp: an IPv6 address goes in brackets, e.g. [::1]:25");
			return -1;
		}
		h++;
		hl -= 2;
	} else if (memchr(spec, ':', hl)) {
		snprintf(err, errlen, "--smtp: an IPv6 address goes in brackets, e.g. [::1]:25");
		return -1;
	}
	if (hl == 0 || hl >= hostlen) {
		snprintf(err, errlen, "--smtp: the host name is missing or too long");
		return -1;
	}
	for (size_t i = 0; i < hl; i++) {
		char c = h[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '-' || c == ':' || c == '_')) {
			snprintf(err, errlen, "--smtp: '%.*s' is not a host name or address", (int)hl, h);
			return -1;
		}
	}
	memcpy(host, h, hl);
	host[hl] = 0;
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 1 || p > 65535) {
		snprintf(err, errlen, "--smtp: the port is a number from 1 to 65535");
		return -1;
	}
	*port = (int)p;
	return 0;
}

/* ---- building the message --------------------------------------------- */

static int plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7f || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/* The length of the UTF-8 sequence starting at s (1 for a stray byte). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* s as RFC 2047 "B" encoded words of at most 75 characters each (45 bytes
 * of text, never splitting a character), folded onto continuation lines.
 * Control characters (a line break) are made spaces first. */
static void put_encoded_words(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	char *clean = malloc(n + 1);
	if (!clean)
		abort();
	for (size_t i = 0; i <= n; i++)
		clean[i] = i < n && ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
	size_t i = 0;
	int first = 1;
	while (i < n || first) {
		size_t take = 0;
		while (i + take < n) {
			size_t c = utf8_len((const unsigned char *)clean + i + take);
			if (i + take + c > n || take + c > 45)
				break;
			take += c;
		}
		char b64[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)clean + i, take, sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_puts(out, "\r\n ");
		buf_printf(out, "=?UTF-8?B?%s?=", b64);
		i += take;
		first = 0;
		if (!take)
			break;
	}
	free(clean);
}

/* A header's text: as it is when plain ASCII (and short), else encoded. */
static void put_text(struct buf *out, const char *s)
{
	if (plain_ascii(s) && strlen(s) < 900)
		buf_puts(out, s);
	else
		put_encoded_words(out, s);
}

/* A display name and address: "Name <addr>", the name encoded unless it
 * is letters, digits and spaces only. */
static void put_mailbox(struct buf *out, const char *name, const char *addr)
{
	if (name && *name) {
		int simple = strlen(name) < 60;
		for (const char *p = name; *p && simple; p++)
			simple = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
				 *p == ' ';
		if (simple)
			buf_puts(out, name);
		else
			put_encoded_words(out, name);
		buf_printf(out, " <%s>", addr);
	} else {
		buf_puts(out, addr);
	}
}

/* The body as quoted-printable (RFC 2045 §6.7): lines of at most 76
 * characters, soft breaks "=", everything but printable ASCII encoded, and
 * a space or tab at the end of a line encoded; \n or \r\n are line ends. */
static void put_quoted_printable(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		int at_end = p[1] == 0 || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
		int literal = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_end);
		/* A dot at the start of a line is left to the SMTP client's
		 * dot-stuffing; encoding it too keeps the text readable by a
		 * server that mishandles it. */
		if (*p == '.' && col == 0)
			literal = 0;
		size_t w = literal ? 1 : 3;
		if (col + w > 75) {
			buf_puts(out, "=\r\n");
			col = 0;
		}
		if (literal) {
			buf_putc(out, (char)*p);
		} else {
			buf_putc(out, '=');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		}
		col += w;
	}
	buf_puts(out, "\r\n");
}

static void put_date(struct buf *out, long long now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void smtp_message_id(char *out, size_t size, long long id, const char *from)
{
	unsigned char rnd[8];
	randombytes_buf(rnd, sizeof rnd);
	char hex[17];
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	const char *at = from ? strrchr(from, '@') : NULL;
	snprintf(out, size, "<tillit.%lld.%s@%.100s>", id, hex, at && at[1] ? at + 1 : "localhost");
}

void smtp_build(struct buf *out, const char *from, const char *to_addr, const char *to_name, const char *subject,
		const char *body, long long now, const char *message_id)
{
	buf_puts(out, "Date: ");
	put_date(out, now);
	buf_puts(out, "\r\nFrom: ");
	put_mailbox(out, "Tillit", from);
	buf_puts(out, "\r\nTo: ");
	put_mailbox(out, to_name, to_addr);
	buf_puts(out, "\r\nSubject: ");
	put_text(out, subject ? subject : "");
	buf_printf(out, "\r\nMessage-ID: %s\r\n", message_id);
	buf_puts(out, "MIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=utf-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n"
		      "Auto-Submitted: auto-generated\r\n"
		      "\r\n");
	put_quoted_printable(out, body ? body : "");
}

/* ---- sending ---------------------------------------------------------- */

struct upload {
	const char *data;
	size_t len, off;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nmemb, left = u->len - u->off;
	size_t n = left < room ? left : room;
	memcpy(ptr, u->data + u->off, n);
	u->off += n;
	return n;
}

/* The server's last refusal, kept for the error message. */
struct trace {
	char last[256];
};

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	(void)h;
	struct trace *t = arg;
	/* Only a refusal (4xx, 5xx): a later "221 Bye" says nothing. */
	if (type != CURLINFO_HEADER_IN || size < 3 || (data[0] != '4' && data[0] != '5'))
		return 0;
	size_t n = size < sizeof t->last - 1 ? size : sizeof t->last - 1;
	memcpy(t->last, data, n);
	t->last[n] = 0;
	/* One line, printable: it goes into the log and a page. */
	for (char *p = t->last; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = 0;
		else if ((unsigned char)*p < 0x20)
			*p = ' ';
	return 0;
}

static int progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const struct smtp_config *c = arg;
	return c->cancelled && c->cancelled();
}

int smtp_send(const struct smtp_config *c, const char *to_addr, const struct buf *message, char *err, size_t errlen,
	      int *permanent)
{
	*permanent = 0;
	err[0] = 0;
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, errlen, "libcurl could not start");
		return -1;
	}
	char url[400], from[300], rcpt[300], ebuf[CURL_ERROR_SIZE] = "";
	const char *at = strrchr(c->from, '@');
	/* The path of the URL is the name curl says in EHLO: the sender's
	 * domain. */
	snprintf(url, sizeof url, "%s://%s%s%s:%d/%s", c->tls == SMTP_TLS_IMPLICIT ? "smtps" : "smtp",
		 strchr(c->host, ':') ? "[" : "", c->host, strchr(c->host, ':') ? "]" : "", c->port,
		 at && at[1] ? at + 1 : "localhost");
	snprintf(from, sizeof from, "<%s>", c->from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to_addr);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	struct upload up = { buf_str(message), message->len, 0 };
	struct trace tr = { "" };
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout > 0 ? c->timeout : 120L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)message->len);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &tr);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* feeds debug_cb; nothing is printed */
	if (c->cancelled) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)c);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}
	if (c->tls == SMTP_TLS_STARTTLS)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	else if (c->tls == SMTP_TLS_OFF)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_NONE);
	if (c->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	if (c->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK) {
		const char *why = ebuf[0] ? ebuf : curl_easy_strerror(rc);
		if (tr.last[0] && code >= 400)
			snprintf(err, errlen, "%s (the server said: %s)", why, tr.last);
		else
			snprintf(err, errlen, "%s", why);
		*permanent = code >= 500 && code < 600;
	}
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(h);
	return rc == CURLE_OK ? 0 : rc == CURLE_ABORTED_BY_CALLBACK ? 1 : -1;
}
