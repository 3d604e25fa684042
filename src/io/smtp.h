/*
 * smtp: one message to one recipient through a mail server, with libcurl's
 * SMTP client (STARTTLS, implicit TLS, AUTH PLAIN/LOGIN, dot-stuffing).
 * The message is built here: UTF-8 text/plain, quoted-printable body,
 * RFC 2047 encoded words for the subject and names, Date and Message-ID.
 * No header value can carry a line break, so no text given can add a
 * header of its own. See docs/internals/mail.md.
 */
#ifndef TILLIT_SMTP_H
#define TILLIT_SMTP_H

#include <stddef.h>

#include "util/buf.h"

enum smtp_tls { SMTP_TLS_STARTTLS, SMTP_TLS_IMPLICIT, SMTP_TLS_OFF };

struct smtp_config {
	const char *host; /* name or address (IPv6 without brackets) */
	int port;
	const char *from;     /* envelope and From address */
	const char *user;     /* NULL: no AUTH */
	const char *password; /* from TILLIT_SMTP_PASSWORD */
	enum smtp_tls tls;
	const char *ca_file;  /* NULL: the system's certificate authorities */
	long timeout;         /* seconds for the whole exchange */
	/* Asked now and then during an exchange; non-zero ends it at once
	 * (shutdown). NULL: never. */
	int (*cancelled)(void);
};

/* Parse "HOST:PORT" ("[v6]:PORT" for IPv6) into host (size hostlen) and
 * *port: 0, or -1 with why in err. */
int smtp_parse_server(const char *spec, char *host, size_t hostlen, int *port, char *err, size_t errlen);

/* The message as it goes over the wire (CRLF lines, headers then body)
 * into out. now: Unix time for Date; message_id: "<...>" for Message-ID. */
void smtp_build(struct buf *out, const char *from, const char *to_addr, const char *to_name, const char *subject,
		const char *body, long long now, const char *message_id);

/* A fresh Message-ID for message id, "<tillit.ID.RANDOM@DOMAIN>" with the
 * domain of from, into out (size >= 160). */
void smtp_message_id(char *out, size_t size, long long id, const char *from);

/* Send message (smtp_build's bytes) from c->from to to_addr. 0 when the
 * server accepted it; 1 when c->cancelled ended it; else -1 with the reason (curl's, and the server's
 * last reply when there was one) in err. *permanent is set when the
 * server's answer was a 5xx (retrying will not help) — the sender still
 * retries those up to its limit, as a mail server may be wrongly set up
 * for a while. */
int smtp_send(const struct smtp_config *c, const char *to_addr, const struct buf *message, char *err, size_t errlen,
	      int *permanent);

/* Once, before any thread sends (curl_global_init). */
int smtp_global_init(void);

#endif
