# smtpcodes: `make` builds the site into public/, `make test` proves it.
GO ?= go
OUT ?= public
# BASE_URL overrides the production URL of site.yaml, e.g.
#   make BASE_URL=https://example.org/docs/smtp/
BASE_URL ?=
GENFLAGS = $(if $(BASE_URL),-base-url $(BASE_URL))

.PHONY: e2e all site test fmt-check vet gotest sitetest hostlimits jstest serve bench fuzz clean l10n l10n-mark

all: site

site:
	$(GO) run ./cmd/gen -out $(OUT) $(GENFLAGS)

test: fmt-check vet actionlint gotest sitetest hostlimits jstest

fmt-check:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './public/*' -not -path './.git/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change these files (run gofmt -w):"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

gotest:
	$(GO) test -race -count=1 ./...

# The whole-site tests build the real site once, strictly (every
# translation complete and current), and read every page. Under -race they
# skip themselves: reading 95 MB of HTML with the race detector takes
# minutes and checks no concurrency the fixture's builds do not. So they
# run here, without it, with their two builds (190 MB, removed at the end)
# in memory where /dev/shm is writable: on disk, writing and reading
# 16,000 files takes longer than the tests.
SITETEST_TMP ?= $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm)
sitetest:
	$(if $(SITETEST_TMP),TMPDIR=$(SITETEST_TMP)) $(GO) test -count=1 -run '^(TestSite|TestSentencesTrueToModel)$$' ./internal/build

# The host-limit warning on a synthetic site of 21,000 pages, more files
# than Cloudflare Pages' free plan takes. Under -race that build is many
# times slower, so gotest leaves the test out (//go:build !race) and it
# runs here without the race detector.
hostlimits:
	$(GO) test -count=1 -run '^TestSyntheticHostLimits$$' ./internal/synth/

# Lint the GitHub Actions workflows. actionlint runs from its own module at
# a fixed version, so it stays out of go.mod; shellcheck and pyflakes are
# off, so the result does not depend on what the machine has installed.
ACTIONLINT = github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
.PHONY: actionlint
actionlint:
	$(GO) run $(ACTIONLINT) -shellcheck= -pyflakes= .github/workflows/*.yml

# The browser scripts' logic (the bounce parser, the search's matching, the
# compare picker) under Node's test runner.
jstest:
	@command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs; }
	node --test test/

# Browser tests: Debian's Chromium, headless, against the built site on
# 127.0.0.1; axe-core and the Nu HTML Checker come from e2e/package.json;
# Noto CJK, so that Japanese and Chinese pages are laid out (and shot) in
# real glyphs. Screenshots land in e2e/artifacts/. E2E_I18N=DIR builds the
# site from another folder of language files, such as one with a draft
# language added (see the doc of package e2e).
e2e:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@fc-list :lang=ja | grep -q . || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; }
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	$(GO) test -tags e2e -count=1 -v ./e2e/

# Translations: per language, how many texts are translated, outdated,
# unmarked or missing (V=1 lists each one with its position and English).
l10n:
	$(GO) run ./cmd/gen -status $(if $(V),-v)

# Record that TAG's translations were made from the English as it is now:
#   make l10n-mark TAG=vi                          every translation not yet recorded
#   make l10n-mark TAG=vi FIELDS=codes/552/description,ui/h_fix
l10n-mark:
	@test -n "$(TAG)" || { echo "make l10n-mark: give TAG, like make l10n-mark TAG=vi"; exit 2; }
	$(GO) run ./cmd/gen -mark $(TAG)$(if $(FIELDS),:$(FIELDS))

serve:
	$(GO) run ./cmd/gen -serve 127.0.0.1:8080 $(GENFLAGS)

# The preview's save-to-reload time on the real data, build speed and
# memory on synthetic sites (see README, Performance), then the per-page
# render benchmarks. BENCH_SIZES=30x2 make bench for a quick run.
BENCH_SIZES ?= 30x2,120x2,200x2,120x8
bench:
	@bin=$$(mktemp -d) && trap 'rm -rf "$$bin"' EXIT && \
	$(GO) build -o "$$bin/gen" ./cmd/gen && \
	$(GO) build -o "$$bin/synth" ./bench/synth && \
	$(GO) build -o "$$bin/run" ./bench/run && \
	"$$bin/run" -gen "$$bin/gen" -synth "$$bin/synth" -sizes $(BENCH_SIZES) && \
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then \
	  echo && "$$bin/run" -gen "$$bin/gen" -synth "$$bin/synth" -sizes 200x2 -where memory -inputs= -work /dev/shm/smtpcodes-bench; \
	  rm -rf /dev/shm/smtpcodes-bench; \
	fi
	$(GO) test -run '^$$' -bench . -benchmem ./internal/render/
	$(GO) test -run '^$$' -bench Crawl -benchtime 1x ./internal/build/

# Fuzz the data loader, the language loader and the Markdown of the data
# fields, FUZZTIME each, one after another (what each checks is the doc of
# its Fuzz function). A failing input lands in the package's
# testdata/fuzz/FuzzXxx/, where go test runs it from then on.
# FUZZFLAGS adds go test flags, like -parallel=1.
FUZZTIME ?= 3m
FUZZFLAGS ?=
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) $(FUZZFLAGS) ./internal/codes
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) $(FUZZFLAGS) ./internal/i18n
	$(GO) test -run='^$$' -fuzz='^FuzzMarkdown$$' -fuzztime=$(FUZZTIME) $(FUZZFLAGS) ./internal/render

clean:
	rm -rf $(OUT)
