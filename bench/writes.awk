# bench/writes.awk: plan the writer's changes for bench/run.sh.
#
#   sqlite3 -separator TAB DB <bench/writes.sql | awk -F'\t' -v n=N -f bench/writes.awk
#
# Reads pools of records as they are in the database, one per line, tagged:
#   S id name owner_id lifecycle   running systems
#   P id                           active people (new owners)
#   I id assessment                action-plan items (not "not applicable")
#   R id likelihood                risks being reduced, not accepted
#   M id status                    open measures (planned or in progress)
# and prints n changes, one per line: "PATH<TAB>JSON", each a PATCH of one
# field to a value that differs from the record's current one (tracked
# here across the plan, so a record changed twice changes back and forth).
# The changes rotate: rename a system, change a system's owner, its
# lifecycle (in use <-> being retired), an action-plan item's assessment
# (not fulfilled -> partly -> fulfilled -> not fulfilled), a risk's
# likelihood (one step down, or up from the lowest), a measure's status
# (planned <-> in progress).
BEGIN {
	ns = np = ni = nr = nm = 0
}
$1 == "S" { ns++; sid[ns] = $2; sname[$2] = $3; sowner[$2] = $4; slife[$2] = $5 }
$1 == "P" { np++; pid[np] = $2 }
$1 == "I" { ni++; iid[ni] = $2; iass[$2] = $3 }
$1 == "R" { nr++; rid[nr] = $2; rlik[$2] = $3 + 0 }
$1 == "M" { nm++; mid[nm] = $2; mst[$2] = $3 }

function jstr(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/\t/, "\\t", s)
	return "\"" s "\""
}

# The k-th system of the pool, shifted so the three kinds of system change
# fall on different systems.
function sys(k, shift) {
	return sid[(k + shift) % ns + 1]
}

END {
	if (!ns || !np || !ni || !nr || !nm) {
		printf "writes.awk: a pool is empty (systems %d, people %d, items %d, risks %d, measures %d)\n",
			ns, np, ni, nr, nm > "/dev/stderr"
		exit 1
	}
	suffix = " (nytt namn)"
	for (w = 0; w < n; w++) {
		kind = w % 6
		k = int(w / 6)
		if (kind == 0) {
			id = sys(k, 0)
			name = sname[id]
			if (substr(name, length(name) - length(suffix) + 1) == suffix)
				name = substr(name, 1, length(name) - length(suffix))
			else
				name = name suffix
			sname[id] = name
			printf "/api/v1/systems/%s\t{\"name\":%s}\n", id, jstr(name)
		} else if (kind == 1) {
			id = sys(k, int(ns / 3))
			j = (k * 7) % np + 1
			if (pid[j] == sowner[id])
				j = j % np + 1
			sowner[id] = pid[j]
			printf "/api/v1/systems/%s\t{\"owner_id\":%s}\n", id, pid[j]
		} else if (kind == 2) {
			id = sys(k, int(2 * ns / 3))
			slife[id] = slife[id] == "in_use" ? "retiring" : "in_use"
			printf "/api/v1/systems/%s\t{\"lifecycle\":\"%s\"}\n", id, slife[id]
		} else if (kind == 3) {
			id = iid[k % ni + 1]
			a = iass[id]
			a = a == "not_fulfilled" ? "partly" : a == "partly" ? "fulfilled" : "not_fulfilled"
			iass[id] = a
			printf "/api/v1/action-plan-items/%s\t{\"assessment\":\"%s\"}\n", id, a
		} else if (kind == 4) {
			id = rid[k % nr + 1]
			l = rlik[id] > 1 ? rlik[id] - 1 : rlik[id] + 1
			rlik[id] = l
			printf "/api/v1/risks/%s\t{\"likelihood\":%d}\n", id, l
		} else {
			id = mid[k % nm + 1]
			mst[id] = mst[id] == "planned" ? "in_progress" : "planned"
			printf "/api/v1/measures/%s\t{\"status\":\"%s\"}\n", id, mst[id]
		}
	}
}
