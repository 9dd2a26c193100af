#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Writes N web-access events (default 200,000) as NDJSON on stdout, the
# same bytes for the same N and SEED (default 1) on every machine; see
# bench/access.awk for the fields.
#
#	sh bench/access.sh [N [SEED]] >access.ndjson
set -eu

exec awk -v n="${1:-200000}" -v seed="${2:-1}" \
    -f "$(dirname "$0")/access.awk"
