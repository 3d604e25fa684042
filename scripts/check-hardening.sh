#!/bin/sh
# Fail unless a built binary carries the hardening the Makefile asks for:
# a stack that is not executable (-z noexecstack), full RELRO (-z relro
# -z now: GNU_RELRO and BIND_NOW), a position-independent executable, and
# on x86_64 the CET property note (IBT, SHSTK) of -fcf-protection. A flag
# that silently stops reaching the compiler or the linker shows here, not
# in production.
#
# The linker keeps the CET note only when every object linked in has it,
# the C library's startup files (Scrt1.o, crti.o, crtn.o) included; Debian
# 12 builds those without it, so there the binary cannot carry the note
# whatever we do. Then each of Tillit's own objects (OBJECT: .o files and
# .a archives) must carry it, and the script says why the binary does not.
#
# usage: CC=cc scripts/check-hardening.sh BINARY [OBJECT...]
set -eu
bin=${1:?usage: scripts/check-hardening.sh BINARY [OBJECT...]}
shift
[ -f "$bin" ] || { echo "check-hardening: $bin does not exist" >&2; exit 1; }
command -v readelf >/dev/null || { echo "check-hardening: readelf (binutils) is needed" >&2; exit 1; }

status=0
fail() { echo "check-hardening: $bin: $*" >&2; status=1; }

segments=$(readelf -lW "$bin")
dynamic=$(readelf -dW "$bin")

stack=$(printf '%s\n' "$segments" | awk '$1 == "GNU_STACK" { print $7 }')
case "$stack" in
"") fail "no GNU_STACK segment: the stack may be executable" ;;
*E*) fail "the stack is executable (GNU_STACK $stack); link with -Wl,-z,noexecstack" ;;
esac
printf '%s\n' "$segments" | grep -q '^ *GNU_RELRO ' || fail "no GNU_RELRO segment; link with -Wl,-z,relro"
printf '%s\n' "$dynamic" | grep -Eq '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW' ||
	fail "not BIND_NOW (lazy binding leaves the GOT writable); link with -Wl,-z,now"
printf '%s\n' "$dynamic" | grep -Eq '\(FLAGS_1\).*PIE' || fail "not a PIE; build with -fPIE and link with -pie"

# The objects among FILE... (archive members as ar(member)) whose notes do
# not name both IBT and SHSTK, one a line.
without_cet() {
	for f in "$@"; do
		readelf -nW "$f" 2>/dev/null | awk -v f="$f" '
			/^File: / { if (name != "" && !ok) print name; name = substr($0, 7); ok = 0; next }
			/x86 feature:/ && /IBT/ && /SHSTK/ { ok = 1 }
			END { if (name == "") name = f; if (!ok) print name }'
	done
}

machine=$(readelf -hW "$bin" | sed -n 's/^ *Machine: *//p')
case "$machine" in
*X86-64*)
	if readelf -nW "$bin" | grep 'x86 feature:' | grep -q 'IBT.*SHSTK'; then
		cet="IBT, SHSTK"
	elif [ $# -eq 0 ]; then
		fail "no x86 feature note with IBT and SHSTK (built without -fcf-protection?)"
	else
		ours=$(without_cet "$@")
		crt=""
		for o in Scrt1.o crti.o crtn.o crtbeginS.o crtendS.o; do
			p=$(${CC:-cc} -print-file-name=$o)
			[ -f "$p" ] && crt="$crt $p"
		done
		libc=$(without_cet $crt)
		if [ -n "$ours" ]; then
			fail "built without -fcf-protection: $(echo $ours)"
		elif [ -z "$libc" ]; then
			fail "no x86 feature note with IBT and SHSTK, yet every object named has it"
		else
			echo "check-hardening: the C library's startup files lack CET ($(echo $libc | xargs -n1 basename | xargs)), so $bin cannot carry the note; Tillit's own objects all carry IBT and SHSTK"
		fi
		cet="IBT, SHSTK in every object of Tillit"
	fi
	;;
*)
	echo "check-hardening: $bin is $machine, not x86_64: the CET (IBT, SHSTK) check is skipped"
	cet="CET skipped"
	;;
esac

[ "$status" = 0 ] && echo "check-hardening: $bin: stack not executable, RELRO, BIND_NOW, PIE, $cet"
exit "$status"
