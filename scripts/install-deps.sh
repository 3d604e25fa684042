#!/bin/sh
# Install the Debian packages Tillit needs, and nothing when they are there.
#
#   scripts/install-deps.sh build   what `make` and `make run` need
#   scripts/install-deps.sh check   that plus what `make check` needs
#                                   (cmocka, clang for fuzzing, Chromium, Node,
#                                   pdftotext to read reports back)
#
# Called by the Makefile; safe to run again. Uses sudo when not root.
set -eu

mode=${1:-build}

pkgs="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev zlib1g-dev libcairo2-dev libpango1.0-dev libcurl4-openssl-dev fonts-dejavu-core"
if [ "$mode" = check ]; then
	pkgs="$pkgs libcmocka-dev sqlite3 gettext clang libclang-rt-14-dev chromium procps poppler-utils openssl"
	# Node.js runs the HTTP and browser tests. A machine that already has a
	# node on PATH (from any source) keeps it; mixing Debian's npm into
	# another install breaks both.
	command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "install-deps: need root (or sudo) to install:$missing" >&2
		exit 1
	}
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
