# stream tools: small Unix filters over newline-delimited JSON.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man

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
else
BUILD = build
endif
BIN = $(BUILD)/bin

LIBSRC = $(wildcard lib/*.c)
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

demo: deps
	@$(MAKE) --no-print-directory all
	sh examples/demo.sh

lint:
	mandoc -Tlint -Wwarning $(MANPAGES)
	cppcheck --quiet --error-exitcode=1 --std=c11 --suppress=unknownMacro -Ilib lib cmd

format:
	clang-format -i lib/*.c lib/*.h cmd/*.c tests/unit/*.c

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man7
	for t in $(TOOLS); do cp -f $(BIN)/$$t $(DESTDIR)$(BINDIR)/$$t; done
	for m in man/*.1; do cp -f $$m $(DESTDIR)$(MANPREFIX)/man1/; done
	for m in man/*.7; do cp -f $$m $(DESTDIR)$(MANPREFIX)/man7/; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in man/*.1; do rm -f $(DESTDIR)$(MANPREFIX)/man1/$${m#man/}; done
	for m in man/*.7; do rm -f $(DESTDIR)$(MANPREFIX)/man7/$${m#man/}; done

clean:
	rm -rf build build-asan bin

.PHONY: all bin deps check units bench demo lint format install uninstall clean
.PRECIOUS: $(BUILD)/cmd/%.o

-include $(wildcard $(BUILD)/*/*.d)
