# Tillit build. `make run` sets up and starts Tillit; `make check` runs every
# test (unit, HTTP, browser, fuzz smoke), then all of it again under
# AddressSanitizer + UndefinedBehaviorSanitizer.

BUILD   ?= build
SAN     ?=
DB      ?= tillit.db
LISTEN  ?= 127.0.0.1:8080
CC      ?= cc

PKGS    := libmicrohttpd sqlite3 libsodium zlib cairo pangocairo libcurl
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral
# -fcf-protection (Intel CET: indirect branch tracking and shadow stack)
# exists only for x86; scripts/check-hardening.sh proves what reached the
# binary (make check runs it).
CET     := $(if $(filter x86_64-% i386-% i486-% i586-% i686-%,$(shell $(CC) -dumpmachine)),-fcf-protection)
HARDEN  := -fstack-protector-strong -fstack-clash-protection $(CET) -D_FORTIFY_SOURCE=2 -fPIE
CFLAGS  ?= -O2 -g
ifeq ($(SAN),1)
CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=undefined -DTILLIT_STRICT
HARDEN  := -fstack-protector-strong -fstack-clash-protection $(CET) -fPIE
LDSAN   := -fsanitize=address,undefined
endif
ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE $(CFLAGS) $(WARN) $(HARDEN) -Isrc \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now,-z,noexecstack $(LDSAN) $(LDFLAGS)
LIBS        = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

# Objects depend on the flags they were built with, so that a changed flag
# (such as the hardening above) rebuilds them instead of leaving old objects.
FLAGS_STAMP := $(BUILD)/flags
$(shell mkdir -p $(BUILD) && echo '$(ALL_CFLAGS) | $(ALL_LDFLAGS)' | cmp -s - $(FLAGS_STAMP) \
	|| echo '$(ALL_CFLAGS) | $(ALL_LDFLAGS)' > $(FLAGS_STAMP))

SRCS    := $(sort $(filter-out src/main.c,$(wildcard src/*/*.c)))
OBJS    := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/embedded.o
EMBED   := $(sort $(wildcard po/*.po) $(wildcard src/view/templates/*.html) \
           $(wildcard src/view/static/*) $(wildcard src/store/migrations/*.sql) \
           $(wildcard data/*))
UNIT    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
FUZZ    := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps deps-check run check hardening unit http browser fuzz asan clean bench po po-check

all: $(BUILD)/tillit

deps:
	@scripts/install-deps.sh build

deps-check:
	@scripts/install-deps.sh check

$(BUILD)/tillit: $(BUILD)/obj/main.o $(BUILD)/libtillit.a $(FLAGS_STAMP)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out $(FLAGS_STAMP),$^) $(LIBS)

$(BUILD)/libtillit.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: src/%.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/embed $(EMBED) Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ $(EMBED)

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtillit.a $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags cmocka) $(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/libtillit.a $(LIBS) $(shell pkg-config --libs cmocka)

# ---- running ---------------------------------------------------------------

run: deps
	@$(MAKE) --no-print-directory all
	@$(BUILD)/tillit init --db $(DB)
	@echo "Tillit: http://$(LISTEN)/  (stop with Ctrl-C)"
	@exec $(BUILD)/tillit serve --db $(DB) --listen $(LISTEN)

# ---- tests -----------------------------------------------------------------

check: deps-check
	@scripts/po-check.sh
	@$(MAKE) --no-print-directory all hardening unit http browser fuzz
	@$(MAKE) --no-print-directory asan
	@echo "make check: all passed"

# The hardening flags above, as the built binary carries them.
hardening: $(BUILD)/tillit
	@CC="$(CC)" scripts/check-hardening.sh $(BUILD)/tillit $(BUILD)/obj/main.o $(BUILD)/libtillit.a

unit: $(UNIT)
	@set -e; for t in $(UNIT); do echo "unit: $$t"; $$t; done

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

http: $(BUILD)/tillit node_modules/.stamp
	TILLIT_BIN=$(abspath $(BUILD)/tillit) node --test --test-concurrency=2 tests/http/

# tests/browser/pages.test.mjs also saves the key pages at 1366 and 390 px
# wide as PNGs into $(BUILD)/screenshots/ (see docs/screenshots.md).
browser: $(BUILD)/tillit node_modules/.stamp
	TILLIT_BIN=$(abspath $(BUILD)/tillit) TILLIT_SCREENSHOTS=$(abspath $(BUILD))/screenshots \
		node --test --test-concurrency=1 tests/browser/

# Each libFuzzer target runs for FUZZ_SECONDS on its seed corpus.
FUZZ_SECONDS ?= 15
fuzz: $(BUILD)/libtillit.a
	@set -e; for f in $(FUZZ); do \
		echo "fuzz: $$f"; \
		mkdir -p $(BUILD)/fuzz; \
		clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -fsanitize=fuzzer,address,undefined \
			$(shell pkg-config --cflags $(PKGS)) \
			-o $(BUILD)/fuzz/$$f tests/fuzz/$$f.c $(FUZZ_SRCS) \
			$$(sed -n 's|^/\* fuzz-sources: \(.*\) \*/|\1|p' tests/fuzz/$$f.c) \
			$(LIBS) || exit 1; \
		mkdir -p $(BUILD)/fuzz/$$f.corpus; \
		$(BUILD)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			$(BUILD)/fuzz/$$f.corpus tests/fuzz/corpus/$$f 2>&1 | tail -n 3; \
	done

asan:
	@LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp) \
		$(MAKE) --no-print-directory BUILD=build-asan SAN=1 all hardening unit http browser

bench: $(BUILD)/tillit
	bench/run.sh

# Extract new user-facing strings into the catalogues (then translate them).
po:
	scripts/po-extract.sh

po-check:
	scripts/po-check.sh

clean:
	rm -rf build build-asan

-include $(OBJS:.o=.d) $(BUILD)/obj/main.d $(UNIT:=.d)
