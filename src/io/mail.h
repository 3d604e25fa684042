/*
 * mail: the sender thread of `tillit serve`. It takes due messages from
 * the queue in the database (store_mail_claim), sends each through the
 * mail server (io/smtp.h), and records the result: sent, or a retry after
 * an exponential backoff, or — after max_attempts — failed, kept with its
 * error. It never holds a database transaction while it talks to the
 * server, wakes at once when mail_wake() is called and at least every
 * second otherwise, and on mail_stop() ends a transfer in progress, which
 * is then tried again on the next start. See docs/internals/mail.md.
 */
#ifndef TILLIT_MAIL_H
#define TILLIT_MAIL_H

#include "io/smtp.h"

#define MAIL_RETRY_BASE 60     /* seconds before the first retry */
#define MAIL_RETRY_CAP 3600    /* the longest wait between two tries */
#define MAIL_MAX_ATTEMPTS 12

struct mail_opts {
	int configured;          /* --smtp given: without it nothing is sent */
	struct smtp_config smtp; /* the server and how to reach it */
	char server[300];        /* "host:port" as given, for the pages */
	const char *tls_name;    /* "starttls", "tls", "off" */
	long retry_base;         /* seconds (MAIL_RETRY_BASE) */
	long max_attempts;       /* MAIL_MAX_ATTEMPTS */
};

/* Seconds to wait after the attempts-th failed attempt (from 1): base,
 * 2 base, 4 base ... at most MAIL_RETRY_CAP (or base, when that is more). */
long long mail_backoff(long base, long long attempts);

/* Start the sender on the database at db_path with o (copied; its strings
 * must outlive the sender). Without o->configured no thread starts and
 * messages stay queued. 0, or -1 after a message on stderr. */
int mail_start(const char *db_path, const struct mail_opts *o);
/* Stop the sender and wait for it (a transfer in progress is ended and
 * left to the next start). Safe when it never started. */
void mail_stop(void);
/* There may be a message to send now. */
void mail_wake(void);
/* The options the sender runs with (configured 0 when there is none). */
const struct mail_opts *mail_options(void);

#endif
