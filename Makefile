# Makefile - the two commands of the README on a fresh Debian 12 machine:
#   make demo   install what is missing (as root), build, index the sample corpus, show answers
#   make test   install what is missing (as root), build, run the whole ctest suite
#   make install [PREFIX=/usr/local]   build and install the tool, library, headers,
#               pkg-config and CMake files, gazetteers, man page and bash completion
# Everything real happens in CMake (CMakeLists.txt); this file is a thin wrapper.

BUILD     ?= build
BUILD_TYPE ?= Release
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX    ?= /usr/local
# Debian packages needed to build and test entidx.
# wamerican gives /usr/share/dict/words to `entidx gazetteer check` (common-word warnings);
# parallel (GNU parallel) runs the sharded-indexing recipe of the README in the tests;
# python3 reads the co-occurrence CSV back with its csv module in the tests.
# groff-base renders the man page in the tests (checked for warnings); binutils
# gives nm and readelf to the install test (symbols exported by libentidx.so).
# libisal-dev: ISA-L's header for the optional fast gzip inflate, and libisal2,
# which entidx opens at run time (src/lib/isal.h).
DEB_PACKAGES = gcc make cmake pkg-config gzip zlib1g-dev libstemmer-dev libutf8proc-dev libcmocka-dev \
               libisal-dev wamerican parallel python3 groff-base binutils

.PHONY: all deps build demo test install clean

all: build

# Install missing Debian packages when run as root; otherwise print the exact
# apt-get line and stop.
deps:
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | grep -qx installed || missing="$$missing $$p"; \
	  done; \
	else \
	  echo "entidx: no dpkg here; make sure these (Debian names) are installed: $(DEB_PACKAGES)"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "entidx: installing:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing </dev/null || exit 1; \
	  else \
	    echo "entidx: missing Debian packages; run this, then make again:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo
	@echo "== entidx index: the bundled sample corpus with the bundled gazetteers"
	$(BUILD)/entidx index -o $(BUILD)/demo.idx corpora/news-sample.jsonl.gz corpora/text corpora/lines-sample.txt
	@echo
	@echo "== entidx query: which articles mention Japan and the United States?"
	$(BUILD)/entidx query $(BUILD)/demo.idx --format table 'Japan AND "United States"'
	@echo
	@echo "== entidx cooc: entity pairs mentioned in the same article (CSV, top 10)"
	$(BUILD)/entidx cooc $(BUILD)/demo.idx --top 10

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The prefix is set at every run (a reconfigure is cheap), so the same build
# directory installs wherever PREFIX says.
install: deps $(BUILD)/CMakeCache.txt
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX="$(abspath $(PREFIX))"
	cmake --build $(BUILD) -j $(JOBS)
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD)
