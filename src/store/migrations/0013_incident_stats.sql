-- 0013: the incident statistics (issue 13, item 8; model/incident_stats.c).
--
-- incidents_stats covers every column the statistics' walk over a period
-- reads (store/sqlite_incident_stats.c), in the order the period is
-- chosen: a year of a large municipality's incidents (about 10,000) is one
-- pass over this index, without reading a table row. significance and
-- pd_breach pick out the incidents that call for reports, and status and
-- handled_at are what their deadlines need beside (without them each such
-- incident was a read of its table row: 42 ms for five years of a large
-- municipality, most of it those reads); the reader's restriction (a data
-- protection officer: personal_data_involved) is checked on the index too.
CREATE INDEX incidents_stats ON incidents(org_id, aware_at, category_id, severity_id, channel, supplier_id,
					  triaged_at, closed_at, significance, pd_breach, personal_data_involved,
					  status, handled_at);
