# synprint: top-level Makefile. Delegates to the program directories.
#   make run     build, then fingerprint the bundled demo capture
#   make test    the whole suite (unit, golden, integration, fuzz regression)
#   make fuzz    run every libFuzzer harness for FUZZ_SECONDS each
#   make bench   the benchmarks in bench/ (side by side with the peers)
#   make install / uninstall   PREFIX, DESTDIR, INIT=systemd sysv|openrc|
#                freebsd|none (init/Makefile says where each file goes)

SUBDIRS := $(patsubst %/Makefile,%,$(wildcard analyzer/Makefile scorer/Makefile))
MAKEFLAGS += --no-print-directory
FUZZ_SECONDS ?= 60

.PHONY: all deps deps-test deps-bench deps-fuzz run test check fuzz bench \
	clean install uninstall debug asan $(SUBDIRS)

all: deps $(SUBDIRS)

deps:
	@sh mk/deps.sh build
deps-test:
	@sh mk/deps.sh test
deps-bench:
	@sh mk/deps.sh bench
deps-fuzz:
	@sh mk/deps.sh fuzz

$(SUBDIRS):
	@$(MAKE) -C $@

debug asan:
	@for d in $(SUBDIRS); do $(MAKE) -C $$d $@ || exit 1; done

run: all
	@sh tests/tools/demo.sh

test check: deps-test
	@for d in $(SUBDIRS); do $(MAKE) -C $$d || exit 1; done
	@sh tests/run.sh

fuzz: deps-fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: deps-bench all
	@for b in bench/*/run; do echo "== $$b"; sh $$b || exit 1; done

install uninstall:
	@for d in $(SUBDIRS) init; do $(MAKE) -C $$d $@ || exit 1; done
clean:
	@for d in $(SUBDIRS); do $(MAKE) -C $$d $@ || exit 1; done
