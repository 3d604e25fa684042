-- 0010: the mail queue (issue 13, item 4). A notice is a row written in the
-- same transaction as the change it is about, so that the change and its
-- notices are kept together or not at all; the sender thread of `tillit
-- serve` (src/io/mail.c) sends it afterwards, outside any request. Rows are
-- never deleted: the table is also the delivery log (docs/internals/mail.md).
--
-- status: queued (never tried), retrying (tried, to be tried again at
-- next_attempt_at), sent, failed (given up, or nothing to send to).
-- claimed_at is set while the sender talks to the mail server; a row still
-- claimed when the server starts was being sent when the process stopped,
-- and is tried again.
CREATE TABLE mail_queue (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	to_addr TEXT,
	to_name TEXT,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	entity TEXT,
	record_id INTEGER,
	reason TEXT,
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'retrying', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT,
	claimed_at TEXT,
	sent_at TEXT,
	last_error TEXT,
	message_id TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
-- What the sender asks every second: the first message due.
CREATE INDEX mail_queue_due ON mail_queue(next_attempt_at) WHERE status IN ('queued', 'retrying');
-- The notices about one record (an incident's page), newest first.
CREATE INDEX mail_queue_record ON mail_queue(org_id, entity, record_id, id);
-- The administrator's list, filtered by status, newest first.
CREATE INDEX mail_queue_status ON mail_queue(org_id, status, id);
