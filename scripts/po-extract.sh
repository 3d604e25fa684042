#!/bin/sh
# Extract every user-facing string into po/tillit.pot and merge it into
# po/sv.po and po/en.po (new strings arrive untranslated; translate them).
#
# C:         tr(lang, "...") and N_("...")       via xgettext
# C with a message context: trc(lang, "ctx", "..."), TC(r, "ctx", "..."), NC_("ctx", "...")
# templates: {{_ ...}} and {{_[ctx] ...}}          via the sed below
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

find src -name '*.c' | sort > "$tmp/files"
xgettext --from-code=UTF-8 --language=C --keyword= --keyword=tr:2 --keyword=T:2 --keyword=msg:2 --keyword=N_ --keyword=fail:3 --keyword=trc:2c,3 --keyword=TC:2c,3 --keyword=NC_:1c,2 \
	--add-comments=TRANSLATORS --sort-by-file --no-wrap --package-name=tillit \
	-f "$tmp/files" -o "$tmp/c.pot"

{
	printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
	for f in src/view/templates/*.html; do
		grep -o '{{_[ [][^}]*}}' "$f" | sed 's/^{{_ *//; s/ *}}$//' | while IFS= read -r s; do
			ctxt=
			case "$s" in
			\[*\]*) ctxt=${s%%]*}; ctxt=${ctxt#[}; s=${s#*]}; s=${s# } ;;
			esac
			esc=$(printf '%s' "$s" | sed 's/\\/\\\\/g; s/"/\\"/g')
			printf '#: %s\n' "$f"
			[ -n "$ctxt" ] && printf 'msgctxt "%s"\n' "$ctxt"
			printf 'msgid "%s"\nmsgstr ""\n\n' "$esc"
		done
	done
} > "$tmp/t.pot"
msguniq --no-wrap "$tmp/t.pot" -o "$tmp/t2.pot"
msgcat --no-wrap --use-first "$tmp/c.pot" "$tmp/t2.pot" -o po/tillit.pot

for l in sv en; do
	msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none "po/$l.po" po/tillit.pot
done
echo "po/tillit.pot: $(grep -c '^msgid ' po/tillit.pot) messages"
