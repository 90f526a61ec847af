# Waymark build. `make run` and `make test` are all a fresh Debian machine needs.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

GO         ?= go
BINARY     := waymark
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZMIN    := -fuzzminimizetime 1000x
# FyneApp.toml declares the fyneDo migration; `fyne package` builds with this
# tag, so every build and test here does too: what is tested is what ships.
GOFLAGS += -tags=migrated_fynedo
export GOFLAGS
# What building and testing need on Debian: the C toolchain and headers for
# Fyne's GLFW and for SQLite (cgo), Xvfb, xdotool and ImageMagick for the
# real-window smoke test, poppler and qpdf to read our PDFs back, sqlite3 to
# read our files back, xz for the packaged tarball.
DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev \
	xvfb xauth poppler-utils qpdf sqlite3 imagemagick xdotool xz-utils

# The smoke test's screen: the size the window opens at.
XVFB := xvfb-run -a -s "-screen 0 1440x900x24"

# Fyne's packaging tool, pinned in scripts/fynetool/go.mod, built into out/.
FYNE     := out/tools/fyne
VERSION  := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
PACKAGE  := dist/waymark-$(VERSION)-linux-$(shell $(GO) env GOARCH).tar.xz

.PHONY: all deps build run test vet staticcheck unit fuzz smoke package bench clean

all: build

deps: ## install the Debian packages that are missing (skips apt when none are)
	missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done)
	if [ -z "$$missing" ]; then exit 0; fi
	echo "Installing: $$missing"
	sudo=
	if [ "$$(id -u)" != 0 ]; then
		command -v sudo >/dev/null || { echo "deps: run as root, or install sudo, to install: $$missing" >&2; exit 1; }
		sudo=sudo
	fi
	$$sudo apt-get update -qq
	# env, not a plain assignment: sudo drops the caller's environment.
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

build: deps
	$(GO) build -o $(BINARY) .

run: build ## build and open the app on the embedded sample; without a display, print it as an A0 poster
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT
	code=0; ./$(BINARY) 2> >(tee "$$tmp/err" >&2) || code=$$?
	if [ $$code = 0 ]; then exit 0; fi
	grep -q "no display is available" "$$tmp/err" || exit $$code
	echo "So instead of the window, here is the embedded sample as an A0 poster."
	mkdir -p out
	./$(BINARY) new --template sample "$$tmp/sample.cjm" >/dev/null
	./$(BINARY) export "$$tmp/sample.cjm" --format pdf --paper A0 -o out/sample-A0.pdf
	echo "Poster: $(CURDIR)/out/sample-A0.pdf"

vet:
	unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted" >&2; exit 1; fi
	$(GO) vet ./...
	# Windows too, as far as it can be checked from here: without cgo, so
	# not the app (Fyne's GL driver needs it), nor behaviour (DuckDB's
	# library is linked through cgo), nor the Linux-only smoke test.
	GOOS=windows CGO_ENABLED=0 $(GO) vet $$($(GO) list ./... | grep -v -x -e waymark -e waymark/app -e waymark/behaviour -e waymark/internal/smoke)

staticcheck:
	$(GO) run $(STATICCHECK) ./...

unit:
	$(GO) test -count=1 ./...

fuzz: ## short fuzz runs of every fuzz target, each about 10 s here
	# Counts, not durations: with -fuzztime 10s, Go 1.26's coordinator can
	# fail a clean run with "context deadline exceeded" (go.dev/issue/75804).
	# A count takes longer on a slower machine instead of failing. The
	# minimising of each new interesting input is a count too: by default it
	# may run for a minute while the run shows 0 execs/sec.
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime 150000x $(FUZZMIN) ./model/
	$(GO) test -run '^$$' -fuzz '^FuzzOpen$$' -fuzztime 20000x $(FUZZMIN) ./storage/
	$(GO) test -run '^$$' -fuzz '^FuzzUnpack$$' -fuzztime 100000x $(FUZZMIN) ./storage/
	$(GO) test -run '^$$' -fuzz '^FuzzWrap$$' -fuzztime 200000x $(FUZZMIN) ./canvas/geometry/
	$(GO) test -run '^$$' -fuzz '^FuzzMermaid$$' -fuzztime 150000x $(FUZZMIN) ./interchange/
	$(GO) test -run '^$$' -fuzz '^FuzzCSV$$' -fuzztime 150000x $(FUZZMIN) ./interchange/
	$(GO) test -run '^$$' -fuzz '^FuzzMermaidExport$$' -fuzztime 150000x $(FUZZMIN) ./interchange/
	# An import starts DuckDB's work anew (tens of ms): fewer runs minimise.
	$(GO) test -run '^$$' -fuzz '^FuzzImport$$' -fuzztime 700x -fuzzminimizetime 20x ./behaviour/

smoke: build ## the real window under Xvfb: painted board, Ctrl+- and Ctrl+K, SIGTERM (see internal/smoke)
	WAYMARK_SMOKE_BIN=$(CURDIR)/$(BINARY) $(XVFB) \
		$(GO) test -count=1 -v -timeout 5m -run '^(TestNoDisplay|TestWindow|TestDamagedArgument)$$' ./internal/smoke/

test: deps vet staticcheck unit fuzz smoke

$(FYNE): scripts/fynetool/go.mod scripts/fynetool/go.sum
	$(GO) build -C scripts/fynetool -o $(CURDIR)/$(FYNE) fyne.io/tools/cmd/fyne

package: deps $(FYNE) ## the Linux desktop bundle (binary, icon, .desktop entry) in dist/, checked
	# fyne package writes into the source folder (a build file, and FyneApp.toml's
	# Build number), so it packages a copy of the tree.
	stage=$$(mktemp -d); trap 'rm -rf "$$stage"' EXIT
	mkdir "$$stage/src"
	tar -cf - --exclude=./.git --exclude=./dist --exclude=./out --exclude=./$(BINARY) . | tar -xf - -C "$$stage/src"
	(cd "$$stage" && $(CURDIR)/$(FYNE) package --os linux --release --src "$$stage/src")
	mkdir -p dist
	mv "$$stage"/*.tar.xz $(PACKAGE)
	bash scripts/check-package.sh $(PACKAGE)

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 20x ./...
	# The event-log import at a million events, beside DuckDB's bare count.
	WAYMARK_BENCH_EVENTS=1000000 $(GO) test -run '^$$' -bench '^BenchmarkImport$$' -benchtime 3x ./behaviour/
	# Ten million events under a 1 GB DuckDB memory limit: it must spill to
	# disk, not fail (a 700 MB log is written to the temporary folder).
	WAYMARK_BENCH_EVENTS=10000000 WAYMARK_BENCH_MEMORY=1GB $(GO) test -run '^$$' -bench '^BenchmarkImport$$' -benchtime 1x -timeout 30m ./behaviour/

clean:
	rm -rf $(BINARY) dist out
