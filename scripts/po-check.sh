#!/bin/sh
# Fail when a user-facing string in the sources is missing from po/sv.po or
# po/en.po, is untranslated or fuzzy in Swedish, or when a translation does
# not keep the printf format of its msgid.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Extract from the current sources into a scratch copy of the catalogues.
mkdir -p "$tmp/repo/po"
cp -r src scripts "$tmp/repo/"
cp po/sv.po po/en.po "$tmp/repo/po/"
(cd "$tmp/repo" && sh scripts/po-extract.sh >/dev/null)
# One line per message: its context (msgctxt), if any, and its msgid.
msgids() {
	msgattrib --no-obsolete --no-wrap "$1" |
		awk '/^msgctxt /{c=$0 " "; next} /^msgid /{if ($0 ~ /^msgid "[^"]/) print c $0; c=""}' | sort -u
}
msgids "$tmp/repo/po/tillit.pot" > "$tmp/wanted"

status=0
for l in sv en; do
	msgids "po/$l.po" > "$tmp/have"
	missing=$(comm -23 "$tmp/wanted" "$tmp/have")
	if [ -n "$missing" ]; then
		echo "po/$l.po lacks $(printf '%s\n' "$missing" | wc -l) messages (run scripts/po-extract.sh and translate):" >&2
		printf '%s\n' "$missing" | head -20 >&2
		status=1
	fi
	msgfmt --check-format -o /dev/null "po/$l.po" || status=1
done
untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap po/sv.po | grep -c '^msgid "[^"]' || true)
if [ "$untranslated" != 0 ]; then
	echo "po/sv.po has $untranslated untranslated messages, e.g.:" >&2
	msgattrib --untranslated --no-obsolete --no-wrap po/sv.po | grep '^msgid "[^"]' | head -10 >&2
	status=1
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap po/sv.po | grep -c '^msgid "[^"]' || true)
if [ "$fuzzy" != 0 ]; then
	echo "po/sv.po has $fuzzy fuzzy messages" >&2
	status=1
fi
[ "$status" = 0 ] && echo "po: sv and en complete ($(wc -l < "$tmp/wanted") messages)"
exit "$status"
