// Package smoke holds the real-window smoke test: it starts the built waymark
// binary in a real X window under Xvfb, looks at the screen as a person would
// and drives it with xdotool. Run it with `make smoke`; a plain `go test ./...`
// skips it, since it needs the binary, an X server, xdotool and ImageMagick.
package smoke
