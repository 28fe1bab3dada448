# medkb -- build, test, install and benchmark the knowledge base.
# `make deps` installs the Debian packages needed; `make test` runs every
# suite (cmocka, busted, CLI, luacheck); `make asan-test` runs them all
# under AddressSanitizer and UBSan.

CC        ?= cc
CFLAGS    ?= -std=c11 -O2 -g -Wall -Wextra -Wshadow -Wmissing-prototypes -Werror
SANITIZE  ?=
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
LUA       ?= lua5.4
# Where the medkb program finds its Lua scripts (the installed build uses
# the Lua directory under PREFIX, where `require "medkb"` finds them too).
SCRIPTDIR ?= $(CURDIR)/scripts
LUADIR    := $(PREFIX)/share/lua/5.4
CLUADIR   := $(PREFIX)/lib/lua/5.4
SHARED    ?= ../shared

PKGS      := lua5.4 sqlite3 icu-uc icu-i18n
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS  += -Iinclude -D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS)
ALL_CFLAGS = $(CFLAGS) $(SANITIZE) -fPIC -MMD -MP
LDLIBS_SQL := $(shell pkg-config --libs sqlite3 icu-uc icu-i18n 2>/dev/null) -lpthread

DEB_PACKAGES := make gcc pkg-config liblua5.4-dev lua5.4 libsqlite3-dev sqlite3 lua-filesystem \
                libcmocka-dev libreadline-dev lua-busted lua-check lua-lpeg time libicu-dev \
                graphviz fonts-noto-cjk chromium

DATA_SRC  := store schema entity attr relation document text fold search match bulk
LUA_SRC   := lua_shared lua_kb lua_search lua_entity lua_document lua_text lua_sandbox lua_pattern lua_medkb
CLI_SRC   := main repl
DATA_OBJ  := $(DATA_SRC:%=$(BUILD)/obj/%.o)
LUA_OBJ   := $(LUA_SRC:%=$(BUILD)/obj/%.o)
CLI_OBJ   := $(CLI_SRC:%=$(BUILD)/obj/%.o)
C_TESTS   := store entity relation document text search match lua sandbox
TEST_BINS := $(C_TESTS:%=$(BUILD)/tests/test_%)

# Lua run from a sanitized build needs the sanitizer runtimes preloaded.
# The module is preloaded too, with leak checking on: lua_close unloads
# the C modules it loaded, and with them ICU's and SQLite's globals, so
# that what those still held would be reported as lost.  Preloaded, the
# module stays; the specs' runner closes the state at exit.
ifneq ($(SANITIZE),)
LUA_ENV := LD_PRELOAD="$(shell $(CC) -print-file-name=libasan.so) $(shell $(CC) -print-file-name=libubsan.so) \
  $(CURDIR)/$(BUILD)/lua/medkb/core.so" ASAN_OPTIONS=detect_leaks=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
endif
LUA_RUN := env $(LUA_ENV) LUA_CPATH="$(CURDIR)/$(BUILD)/lua/?.so;;" \
  LUA_PATH="$(CURDIR)/scripts/?.lua;$(CURDIR)/scripts/?/init.lua;;" \
  MEDKB_BIN="$(CURDIR)/$(BUILD)/medkb" PTY_RUN="$(CURDIR)/$(BUILD)/tests/pty_run" $(LUA)

.PHONY: all test c-test lua-test lint asan-test bench stress fuzz install deps clean demo

all: $(BUILD)/medkb $(BUILD)/lua/medkb/core.so

$(BUILD)/obj/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/lua/medkb/core.so: $(DATA_OBJ) $(LUA_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -shared -o $@ $^ $(LDLIBS_SQL)

$(BUILD)/obj/main.o: CPPFLAGS += -DMEDKB_SCRIPTDIR='"$(SCRIPTDIR)"'

$(BUILD)/medkb: $(CLI_OBJ) $(DATA_OBJ) $(LUA_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) -lreadline -lm

$(BUILD)/tests/test_%: tests/test_%.c $(DATA_OBJ) $(LUA_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Icore -DMEDKB_SCRIPTDIR='"$(SCRIPTDIR)"' $(ALL_CFLAGS) -o $@ \
	  $(filter %.c %.o,$^) $(PKG_LIBS) -lcmocka -lm

$(BUILD)/bench_core: tests/bench/bench_core.c $(DATA_OBJ) $(LUA_OBJ)
	$(CC) $(CPPFLAGS) -Icore -DMEDKB_SCRIPTDIR='"$(SCRIPTDIR)"' $(ALL_CFLAGS) -o $@ \
	  $(filter %.c %.o,$^) $(PKG_LIBS) -lm

$(BUILD)/tests/pty_run: tests/pty_run.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lutil

test: c-test lua-test lint

c-test: $(TEST_BINS) all
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; $$t; done

lua-test: all $(BUILD)/tests/pty_run $(BUILD)/tests/kb_check
	$(LUA_RUN) tests/busted.lua tests/lua

lint: all
	luacheck -q --no-color scripts tests
	$(LUA) tests/layers.lua $(BUILD)/obj scripts

asan-test:
	$(MAKE) BUILD=build/asan SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" CFLAGS="-std=c11 -O1 -g -Wall -Wextra -Wshadow -Wmissing-prototypes -Werror" c-test lua-test

demo: all
	$(BUILD)/medkb demo

$(BUILD)/bench_store: tests/bench/bench_store.c $(DATA_OBJ)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS_SQL)

bench: $(BUILD)/bench_core $(BUILD)/bench_store all
	$(BUILD)/bench_core $(BUILD)/bench
	$(LUA_RUN) tests/bench/bench_import.lua $(BUILD) $(SHARED)
	$(LUA_RUN) tests/bench/bench_render.lua $(BUILD) $(SHARED)
	$(LUA_RUN) tests/bench/bench_search.lua $(BUILD) $(SHARED)
	$(LUA_RUN) tests/bench/bench_lint.lua $(BUILD) $(SHARED)

# Trust at scale: `medkb import` of 1,000,000 rows killed at 20 random
# points per starting state and bulk choice leaves the knowledge base as it
# was or whole (crash_spec), and readers and a second import beside a long
# import (concurrency_spec).  kb_check runs SQLite's and FTS5's integrity
# checks on a knowledge base file for both.
$(BUILD)/tests/kb_check: tests/stress/kb_check.c $(DATA_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Icore $(ALL_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS_SQL)

stress: all $(BUILD)/tests/kb_check
	MEDKB_STRESS_ROWS=1000000 MEDKB_STRESS_TRIALS=20 MEDKB_STRESS_REPORT=1 \
	  $(LUA_RUN) tests/busted.lua tests/lua/crash_spec.lua
	MEDKB_CONCURRENCY_ROWS=300000 MEDKB_STRESS_REPORT=1 $(LUA_RUN) tests/busted.lua tests/lua/concurrency_spec.lua

# Fuzzing needs clang and libFuzzer (clang-14, libclang-rt-14-dev).  Each
# target runs FUZZ_RUNS inputs, from its seed corpus in tests/fuzz/corpus
# (and, for the parsers, the example pages) and what earlier runs found.
FUZZ_RUNS    ?= 1000000
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -Iinclude -Icore $(PKG_CFLAGS) \
                -DMEDKB_SCRIPTDIR='"$(SCRIPTDIR)"' -D_POSIX_C_SOURCE=200809L
FUZZ_SRC     := $(DATA_SRC:%=core/%.c) $(LUA_SRC:%=core/%.c)
FUZZ_TARGETS := conv tokenize match parse import pattern template rules

$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_SRC)
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs clang and libclang-rt-14-dev"; exit 1; }
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ $(PKG_LIBS) -lm

fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)/fuzz/corpus-$$t; \
	  cp tests/fuzz/corpus/$$t/* $(BUILD)/fuzz/corpus-$$t/; \
	  if [ $$t = parse ] || [ $$t = import ]; then cp scripts/medkb/examples/*.txt $(BUILD)/fuzz/corpus-$$t/; fi; \
	  echo "== fuzz_$$t: $(FUZZ_RUNS) runs"; \
	  $(BUILD)/fuzz/fuzz_$$t -runs=$(FUZZ_RUNS) -max_len=8192 -print_final_stats=1 \
	    $(BUILD)/fuzz/corpus-$$t; \
	done

# Installed, `lua5.4 -l medkb` works with no environment variables: the
# scripts go where Lua looks for modules, the C part beside them.
install:
	$(MAKE) BUILD=build/install SCRIPTDIR=$(LUADIR) all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(CLUADIR)/medkb $(DESTDIR)$(LUADIR) \
	  $(DESTDIR)$(PREFIX)/include
	install -m 755 build/install/medkb $(DESTDIR)$(PREFIX)/bin/medkb
	install -m 644 build/install/lua/medkb/core.so $(DESTDIR)$(CLUADIR)/medkb/core.so
	install -m 644 include/medkb.h $(DESTDIR)$(PREFIX)/include/medkb.h
	cp -R scripts/medkb $(DESTDIR)$(LUADIR)/

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "all build and test dependencies are installed"; fi

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)
