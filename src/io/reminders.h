/*
 * reminders: the e-mail digest of the annual wheel. Once a day (at start
 * and then when the date changes) every person with an e-mail address gets
 * at most ONE message listing what of theirs falls due within the
 * organisation's reminder_days_before days or is overdue, through the mail
 * queue (io/mail.h). The table reminder_digests, keyed by organisation,
 * person and day, is written in the same transaction as the message, so a
 * restart, or a second pass the same day, never sends it again. Runs in a
 * thread of its own with its own database connection, outside requests.
 * See docs/annual-wheel.md.
 */
#ifndef TILLIT_REMINDERS_H
#define TILLIT_REMINDERS_H

struct store;

/* One pass for every organisation on day today ("YYYY-MM-DD"): queue the
 * digests not yet queued that day; *queued gets how many were. 0, or -1
 * after a message on stderr (what was queued stays queued). */
int reminders_run(struct store *st, const char *today, long long *queued);

/* Start the thread on the database at db_path: a pass at once, then one
 * whenever the date changes (the environment variable TILLIT_REMINDER_DAY,
 * YYYY-MM-DD, fixes the day the passes take as today: for tests). Each
 * day's pass first keeps every organisation's indicators' value of the day
 * (model/goals.h indicators_keep_all), then, when mail is configured
 * (io/mail.h mail_options), queues the digests. 0, or -1 after a message
 * on stderr. */
int reminders_start(const char *db_path);
/* Stop it and wait for it. Safe when it never started. */
void reminders_stop(void);

#endif
