#!/bin/sh
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# The classic word count: the ten most frequent words of the opening of
# Hamlet's soliloquy, lowercased.  Build first (make); runs from anywhere.
#
#   stokenize -R   each line of text is a string record
#   --lower        lowercase the tokens (Unicode), one string record each
#   scount         count the records per value, most frequent first
set -e
cd "$(dirname "$0")/.."
bin/stokenize -R --lower examples/data/hamlet.txt | bin/scount --top 10
