-- bench/writes.sql: the records bench/writes.awk plans the writer's changes
-- on, as they are in the database now (run by bench/run.sh and
-- bench/profile.sh with the sqlite3 shell, tab-separated). Spread over the
-- tables by the id's remainder, at most 300 of each.
SELECT 'S', id, name, coalesce(owner_id, ''), lifecycle FROM systems
	WHERE lifecycle IN ('in_use', 'retiring') ORDER BY id % 13, id LIMIT 300;
SELECT 'P', id FROM people WHERE active = 1 ORDER BY id % 17, id LIMIT 300;
SELECT 'I', id, assessment FROM plan_items WHERE assessment IN ('not_fulfilled', 'partly', 'fulfilled')
	ORDER BY id % 19, id LIMIT 300;
SELECT 'R', id, likelihood FROM risks WHERE treatment = 'reduce' AND accepted_by_id IS NULL
	AND likelihood IS NOT NULL ORDER BY id % 23, id LIMIT 300;
SELECT 'M', id, status FROM measures WHERE status IN ('planned', 'in_progress')
	ORDER BY id % 29, id LIMIT 300;
