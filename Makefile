# Waymark build. `make run` and `make test` are all a fresh Debian machine needs.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

GO         ?= go
BINARY     := waymark
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME   ?= 10s
# What building and testing need on Debian: the C toolchain and headers for
# Fyne's GLFW and for SQLite (cgo), Xvfb for real-window tests, poppler and
# qpdf to read our PDFs back, sqlite3 to read our files back.
DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev \
	xvfb xauth poppler-utils qpdf sqlite3 imagemagick xdotool

.PHONY: all deps build run test vet staticcheck unit fuzz bench clean

all: build

deps: ## install the Debian packages that are missing (skips apt when none are)
	missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done)
	if [ -z "$$missing" ]; then exit 0; fi
	echo "Installing: $$missing"
	sudo=; if [ "$$(id -u)" != 0 ]; then sudo=sudo; fi
	$$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing

build: deps
	$(GO) build -o $(BINARY) .

run: build ## build and open the app on the embedded sample
	./$(BINARY)

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run $(STATICCHECK) ./...

unit:
	$(GO) test -count=1 ./...

fuzz: ## short fuzz runs of every fuzz target
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime $(FUZZTIME) ./model/
	$(GO) test -run '^$$' -fuzz '^FuzzOpen$$' -fuzztime $(FUZZTIME) ./storage/

test: deps vet staticcheck unit fuzz

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 20x ./...

clean:
	rm -f $(BINARY)
