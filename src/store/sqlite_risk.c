/*
 * sqlite_risk.c: the risk-analysis queries that are not plain records.
 */
#include "store/sqlite_int.h"

int store_control_measures(struct store *st, long long org, long long control, long long *open,
			   long long *done)
{
	*open = *done = 0;
	sqlite3_stmt *s = sq_prepare(st, "SELECT coalesce(sum(m.status IN ('planned', 'in_progress')), 0),"
					 " coalesce(sum(m.status = 'done'), 0) FROM measure_controls l"
					 " JOIN measures m ON m.id = l.from_id WHERE l.to_id = ? AND m.org_id = ?");
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, control);
	sqlite3_bind_int64(s, 2, org);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*open = sqlite3_column_int64(s, 0);
		*done = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? STORE_OK : sq_fail(st, "control measures");
}
