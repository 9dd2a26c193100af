# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# stream tools: small Unix filters over newline-delimited JSON.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
# make install STRIP= installs the tools with their symbols.
STRIP = -s

TOOLS = $(basename $(notdir $(wildcard cmd/*.c)))
PKGS = jansson libpcre2-8

CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wpedantic -Werror -Ilib -MD -MP -pthread
CFLAGS += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS += $(shell pkg-config --libs $(PKGS) 2>/dev/null || \
	echo -ljansson -lpcre2-8) -lm -pthread

# make SANITIZE=1: AddressSanitizer, LeakSanitizer and UBSan, in build-asan/.
ifeq ($(SANITIZE),1)
BUILD = build-asan
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
# make SANITIZE=clang: clang's UBSan with float-cast-overflow, in build-clang/.
else ifeq ($(SANITIZE),clang)
BUILD = build-clang
CC = clang
CFLAGS += -O1 -fsanitize=float-cast-overflow,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=float-cast-overflow,undefined
else
BUILD = build
endif
BIN = $(BUILD)/bin

LIBSRC = $(wildcard lib/*.c lib/jq/*.c)
LIBOBJ = $(LIBSRC:lib/%.c=$(BUILD)/lib/%.o)
UNITS = $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/*.c))
MANPAGES = $(wildcard man/*.1) $(wildcard man/*.7)

all: $(TOOLS:%=$(BIN)/%) bin

# bin/ always points at the tools of the last build (plain or sanitized).
bin: $(TOOLS:%=$(BIN)/%)
	@mkdir -p bin
	@for t in $(TOOLS); do ln -sf ../$(BIN)/$$t bin/$$t; done

$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libstream.a: $(LIBOBJ)
	$(AR) rcs $@ $(LIBOBJ)

$(BIN)/%: $(BUILD)/cmd/%.o $(BUILD)/libstream.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libstream.a $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libstream.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libstream.a $(LDLIBS)

deps:
	@sh scripts/install-deps.sh

# check, bench and demo install what is missing first, then build in a
# second make so that the build sees the freshly installed libraries.
check: deps
	@$(MAKE) --no-print-directory all units
	@for u in $(UNITS); do echo "== $$u"; $$u || exit 1; done
	bats tests

units: $(UNITS)

bench: deps
	@$(MAKE) --no-print-directory all
	sh bench/run.sh

bench-latency: deps
	@$(MAKE) --no-print-directory all
	sh bench/latency.sh

demo: deps
	@$(MAKE) --no-print-directory all
	sh examples/demo.sh

# The whole tree under clang's UBSan in build-clang/, then
# tests/bad-input.bats (every suite while it does not exist yet), run on
# those tools from a copy of tests/ in build-clang/suite/, so that bin/
# (and anybody's test run using it) is left alone.
CLANG_SUITE = build-clang/suite

clang-check: deps
	@$(MAKE) --no-print-directory SANITIZE=clang tools units
	@for u in $(UNITS:$(BUILD)/%=build-clang/%); do echo "== $$u"; \
		$$u || exit 1; done
	@rm -rf $(CLANG_SUITE) && mkdir -p $(CLANG_SUITE)
	@cp -R tests $(CLANG_SUITE)/tests && ln -s ../bin $(CLANG_SUITE)/bin
	@for d in man examples scripts bench cmd lib; do \
		ln -s $(CURDIR)/$$d $(CLANG_SUITE)/$$d; done
	@if [ -f tests/bad-input.bats ]; then \
		bats $(CLANG_SUITE)/tests/bad-input.bats; \
	else echo "tests/bad-input.bats missing: running every suite"; \
		bats $(CLANG_SUITE)/tests; fi

# The tools of $(BUILD) without pointing bin/ at them.
tools: $(TOOLS:%=$(BIN)/%)

# make fuzz FUZZ_SECONDS=N: the libFuzzer harnesses of tests/fuzz/, built
# with clang in build-fuzz/; each replays tests/fuzz/regress/NAME/, then
# runs N seconds on a copy of its seed corpus (tests/fuzz/run.sh).
FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_BUILD = build-fuzz
FUZZERS = $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer -std=c11 \
	-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Ilib \
	-MD -MP -pthread $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_LIBOBJ = $(LIBSRC:lib/%.c=$(FUZZ_BUILD)/lib/%.o)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZERS)

fuzz-build: $(FUZZERS:%=$(FUZZ_BUILD)/bin/%)

$(FUZZ_BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libstream.a: $(FUZZ_LIBOBJ)
	$(AR) rcs $@ $(FUZZ_LIBOBJ)

$(FUZZ_BUILD)/bin/%: tests/fuzz/%.c $(FUZZ_BUILD)/libstream.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_BUILD)/libstream.a $(LDLIBS)

# The same harnesses with a plain main (FUZZ_STANDALONE) against the
# normal build, to replay inputs without clang: build/fuzz/NAME FILE...
fuzz-standalone: $(FUZZERS:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libstream.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DFUZZ_STANDALONE $(LDFLAGS) -o $@ $< \
		$(BUILD)/libstream.a $(LDLIBS)

# make soak: the kill -9 loop of tests/killtest.sh with many more kills
# over a larger file (scripts/soak.sh); not part of make check.
soak: all
	bash scripts/soak.sh

lint:
	mandoc -Tlint -Wwarning $(MANPAGES)
	@if grep -n '#include "jq/' lib/*.c lib/*.h cmd/*.c tests/unit/*.c \
	    tests/fuzz/*.c | grep -v 'jq/\(expr\|value\|lazy\)\.h"'; then \
		echo "lint: outside lib/jq, include only jq/expr.h," \
		    "jq/value.h and jq/lazy.h"; exit 1; fi
	cppcheck --quiet --error-exitcode=1 --std=c11 --suppress=unknownMacro --inline-suppr -Ilib lib cmd

format:
	clang-format -i lib/*.c lib/*.h lib/jq/*.c lib/jq/*.h cmd/*.c tests/unit/*.c

# bash-completion loads completions/TOOL on the first <Tab> after TOOL, so
# the one bash file goes in under every tool's name; zsh reads the
# #compdef line of _stream-tools.
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man7 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR)
	for t in $(TOOLS); do \
		install $(STRIP) -m 755 $(BIN)/$$t $(DESTDIR)$(BINDIR)/$$t; done
	install -m 644 man/*.1 $(DESTDIR)$(MANPREFIX)/man1
	install -m 644 man/*.7 $(DESTDIR)$(MANPREFIX)/man7
	for t in $(TOOLS); do install -m 644 completions/stream-tools.bash \
		$(DESTDIR)$(BASHCOMPDIR)/$$t; done
	install -m 644 completions/_stream-tools $(DESTDIR)$(ZSHCOMPDIR)

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t \
		$(DESTDIR)$(BASHCOMPDIR)/$$t; done
	for m in man/*.1; do rm -f $(DESTDIR)$(MANPREFIX)/man1/$${m#man/}; done
	for m in man/*.7; do rm -f $(DESTDIR)$(MANPREFIX)/man7/$${m#man/}; done
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_stream-tools

clean:
	rm -rf build build-asan build-clang build-fuzz bin

.PHONY: all bin deps check units bench demo lint format install uninstall clean \
	clang-check tools fuzz fuzz-build fuzz-standalone soak bench-latency
.PRECIOUS: $(BUILD)/cmd/%.o

-include $(wildcard $(BUILD)/*/*.d)
-include $(wildcard $(FUZZ_BUILD)/*/*.d)
