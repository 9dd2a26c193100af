#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Installs the Debian packages that building, testing, the demo and the
# benchmarks need, and only those that are missing.  Quiet when nothing is.
set -eu

# A C compiler and make; then the libraries, test and comparison tools.
# time is /usr/bin/time, for the peak memory column of make bench;
# clang and its runtime build the fuzzers (make fuzz) and the clang
# sanitizer build; faketime makes the clock jump in the bad-input tests;
# gojq is a peer of jq and Miller in bench/suite.sh.
PKGS="pkg-config libjansson-dev libpcre2-dev bats bats-support bats-assert
jq gojq miller mandoc time clang libclang-rt-dev faketime"

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
	    grep -q 'install ok installed'
}

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "install-deps: not a Debian system (no dpkg-query);" \
	    "install by hand: cc make $PKGS" >&2
	exit 1
fi

missing=
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
for p in $PKGS; do
	installed "$p" || missing="$missing $p"
done

if [ -z "$missing" ]; then
	echo "all dependencies present"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "install-deps: missing:$missing;" \
	    "run as root or install sudo" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # $missing is a list of words
if ! $sudo apt-get update -q ||
    ! $sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends $missing; then
	echo "install-deps: could not install:$missing" >&2
	exit 1
fi
