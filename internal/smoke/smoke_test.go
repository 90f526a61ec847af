package smoke

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"waymark/canvas/geometry"
)

// The environment `make smoke` sets.
const (
	envBinary = "WAYMARK_SMOKE_BIN" // the built waymark binary; unset: skip
	envOut    = "WAYMARK_SMOKE_OUT" // where artefact folders go; unset: the temp dir
)

// giveUp is when waiting for something on screen stops: shortly before the
// test run's -timeout, never a budget of its own that a busy machine (Mesa's
// software rasteriser on two shared cores) could miss. A hang still fails,
// naming what never came.
func giveUp(t *testing.T) time.Time {
	if d, ok := t.Deadline(); ok {
		return d.Add(-20 * time.Second)
	}
	return time.Now().Add(10 * time.Minute)
}

// The title typed into the card that Ctrl+K adds.
const typedTitle = "Smoke 42"

func binary(t *testing.T) string {
	t.Helper()
	b := os.Getenv(envBinary)
	if b == "" {
		t.Skipf("%s is not set; `make smoke` builds waymark and runs this test under Xvfb", envBinary)
	}
	if runtime.GOOS != "linux" {
		t.Skip("the smoke test drives X11 and reads /proc: Linux only")
	}
	abs, err := filepath.Abs(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Fatalf("%s: %v", envBinary, err)
	}
	return abs
}

// artefacts makes the folder that outlives the test: screenshots, the app's
// log, its home and its data directory.
func artefacts(t *testing.T, name string) string {
	t.Helper()
	base := os.Getenv(envOut)
	if base == "" {
		base = os.TempDir()
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(base, "waymark-smoke-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("artefacts kept in %s", dir)
	return dir
}

// isolatedEnv is the environment with a fresh home, config, cache and data
// directory under dir, so that no preference (such as the last project) and
// no working copy of the developer's leaks in. DISPLAY is kept or dropped.
func isolatedEnv(t *testing.T, dir string, display bool) []string {
	t.Helper()
	home := filepath.Join(dir, "home")
	runDir := filepath.Join(dir, "run")
	for _, d := range []string{home + "/.config", home + "/.cache", home + "/.local/share", home + "/.local/state"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(runDir, 0o700); err != nil {
		t.Fatal(err)
	}
	set := map[string]string{
		"HOME":             home,
		"XDG_CONFIG_HOME":  home + "/.config",
		"XDG_CACHE_HOME":   home + "/.cache",
		"XDG_DATA_HOME":    home + "/.local/share",
		"XDG_STATE_HOME":   home + "/.local/state",
		"XDG_RUNTIME_DIR":  runDir,
		"WAYMARK_DATA_DIR": filepath.Join(dir, "data"),
	}
	drop := map[string]bool{"WAYLAND_DISPLAY": true, "FYNE_SCALE": true, "FYNE_THEME": true,
		"DBUS_SESSION_BUS_ADDRESS": true, "DISPLAY": !display}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; ok || drop[k] {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}

// TestNoDisplay: without a display, waymark says why in one line on standard
// error and exits 1, instead of a graphics driver's stack trace.
func TestNoDisplay(t *testing.T) {
	bin := binary(t)
	ctx, cancel := context.WithDeadline(context.Background(), giveUp(t))
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = isolatedEnv(t, t.TempDir(), false)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("waymark without a display never ended; stderr: %q", stderr.String())
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("waymark without a display: %v, want exit status 1", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("standard output = %q, want nothing", stdout.String())
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") || len(strings.TrimSpace(msg)) == 0 {
		t.Errorf("standard error = %q, want exactly one line", msg)
	}
	t.Logf("without a display: exit 1, %q", strings.TrimSpace(msg))
}

// TestWindow starts waymark on the embedded sample in a real window, checks
// the board is on screen, zooms out with Ctrl+-, adds a card with Ctrl+K and
// types its title, then ends it with SIGTERM and checks it exited cleanly and
// kept the unsaved working copy, card included.
func TestWindow(t *testing.T) {
	bin := binary(t)
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run this test under xvfb-run, as `make smoke` does")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (make deps installs it): %v", tool, err)
		}
	}
	out := artefacts(t, "window")
	data := filepath.Join(out, "data")
	app := start(t, bin, out)
	logPath := app.log

	// The window appears and paints the board.
	wid := app.window()
	var painted *image.RGBA
	app.eventually("the board to be painted", func() error {
		img, err := screenshot(filepath.Join(out, "1-painted.png"))
		if err != nil {
			return err
		}
		a := analyse(img)
		if err := a.boardVisible(); err != nil {
			return err
		}
		painted = img
		return nil
	})
	a := analyse(painted)
	t.Logf("painted: %s", a)

	wc := app.workingCopy(data)
	cards0 := app.count(wc, "SELECT count(*) FROM touchpoint")
	if cards0 == 0 {
		t.Fatalf("the working copy %s holds no card; the sample should", wc)
	}

	// Ctrl+- zooms out: most of the board is drawn anew.
	before, err := app.settle(filepath.Join(out, "1-painted.png"))
	if err != nil {
		t.Fatalf("before zooming: %v", err)
	}
	if _, err := xdotool("windowfocus", "--sync", wid); err != nil {
		t.Fatalf("focusing the window: %v", err)
	}
	if _, err := xdotool("key", "ctrl+minus"); err != nil {
		t.Fatal(err)
	}
	app.eventually("Ctrl+- to zoom the board out", func() error {
		img, err := screenshot(filepath.Join(out, "2-zoomed-out.png"))
		if err != nil {
			return err
		}
		if f := changed(before, img); f < 0.10 {
			return fmt.Errorf("only %.1f%% of the pixels changed", 100*f)
		}
		return analyse(img).boardVisible()
	})

	// Ctrl+K adds a card and opens its title for editing; typing names it.
	if _, err := xdotool("key", "ctrl+k"); err != nil {
		t.Fatal(err)
	}
	app.eventually("Ctrl+K to add a card to the working copy", func() error {
		if n := app.count(wc, "SELECT count(*) FROM touchpoint"); n != cards0+1 {
			return fmt.Errorf("%d cards, want %d", n, cards0+1)
		}
		return nil
	})
	if _, err := xdotool("type", "--delay", "40", typedTitle); err != nil {
		t.Fatal(err)
	}
	if _, err := xdotool("key", "Return"); err != nil {
		t.Fatal(err)
	}
	app.eventually("the typed title to reach the working copy", func() error {
		if n := app.count(wc, "SELECT count(*) FROM touchpoint WHERE instr(title, ?) > 0", typedTitle); n != 1 {
			return fmt.Errorf("%d cards titled with %q, want 1", n, typedTitle)
		}
		return nil
	})
	// The picture is a record for people; the frame may lag the working
	// copy, so wait for it to settle, but do not insist.
	img, err := app.settle(filepath.Join(out, "3-card-added.png"))
	if err != nil {
		t.Logf("after adding a card: %v", err)
	}
	if img == nil {
		t.Fatal("no screenshot after adding a card")
	}
	if err := analyse(img).boardVisible(); err != nil {
		t.Errorf("after adding a card: %v", err)
	}

	// SIGTERM ends it at once with status 0, and the unsaved project's
	// working copy stays for the next start.
	app.terminate()
	if left := processesOf(bin); len(left) > 0 {
		t.Errorf("waymark processes left after exit: %v", left)
	}
	if _, err := os.Stat(wc); err != nil {
		t.Fatalf("the unsaved project's working copy is gone after SIGTERM: %v", err)
	}
	if n := app.count(wc, "SELECT count(*) FROM touchpoint WHERE instr(title, ?) > 0", typedTitle); n != 1 {
		t.Errorf("after exit the working copy holds %d cards titled with %q, want 1", n, typedTitle)
	}
	if n := app.count(wc, "SELECT count(*) FROM touchpoint"); n != cards0+1 {
		t.Errorf("after exit the working copy holds %d cards, want %d", n, cards0+1)
	}
	logText, _ := os.ReadFile(logPath)
	for _, bad := range []string{"panic:", "fatal error:", "SIGSEGV"} {
		if bytes.Contains(logText, []byte(bad)) {
			t.Errorf("the log has %q:\n%s", bad, logText)
		}
	}
}

// start runs waymark with args in an isolated home under out, its output
// going to out/waymark.log; it is killed when the test ends.
func start(t *testing.T, bin, out string, args ...string) *running {
	t.Helper()
	logPath := filepath.Join(out, "waymark.log")
	app := &running{t: t, log: logPath, out: out}
	app.launch = func() {
		logFile, err := os.Create(logPath)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { logFile.Close() })
		cmd := exec.Command(bin, args...)
		cmd.Env = isolatedEnv(t, out, true)
		cmd.Dir = out
		cmd.Stdout, cmd.Stderr = logFile, logFile
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		app.cmd, app.done, app.err = cmd, make(chan struct{}), nil
		go func() { app.err = cmd.Wait(); close(app.done) }()
	}
	app.launch()
	t.Cleanup(app.kill)
	return app
}

// crashedInGraphics is what the Go runtime prints when a signal (a
// segmentation fault, an abort) hits C code: under Xvfb, Mesa's GLX.
const crashedInGraphics = "signal arrived during cgo execution"

// window waits for the Waymark window to appear and returns its id. If the
// app died in C code before any window appeared, which is the graphics
// stack under Xvfb and not Waymark's doing, it is started once more and the
// crash is logged; a second such crash, or any other exit, fails the test.
func (r *running) window() string {
	var wid string
	find := func() error {
		ids, err := xdotool("search", "--onlyvisible", "--name", "Waymark")
		if err != nil {
			return err
		}
		wid = strings.Fields(ids)[0]
		return nil
	}
	for {
		for !r.exited() && find() != nil {
			if time.Now().After(giveUp(r.t)) {
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
		log, _ := os.ReadFile(r.log)
		if !r.exited() || r.relaunched || !bytes.Contains(log, []byte(crashedInGraphics)) {
			break
		}
		head, _, _ := bytes.Cut(log, []byte("\n\n"))
		crashed := filepath.Join(r.out, "waymark-crashed.log")
		r.t.Logf("waymark crashed in C code before its window appeared; starting it once more. Its log (kept as %s) began:\n%s", crashed, head)
		if err := os.Rename(r.log, crashed); err != nil {
			r.t.Fatal(err)
		}
		r.relaunched = true
		r.launch()
	}
	r.eventually("the Waymark window to appear", find)
	return wid
}

// terminate sends SIGTERM (as a logout does) and requires waymark to end
// at once with status 0.
func (r *running) terminate() {
	r.t.Helper()
	start := time.Now()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		r.t.Fatal(err)
	}
	timer := time.NewTimer(time.Until(giveUp(r.t)))
	defer timer.Stop()
	select {
	case <-r.done:
	case <-timer.C:
		r.t.Fatalf("waymark was still running %.0f s after SIGTERM; log in %s", time.Since(start).Seconds(), r.log)
	}
	r.t.Logf("exited %.2f s after SIGTERM", time.Since(start).Seconds())
	if r.err != nil {
		r.t.Errorf("after SIGTERM: %v, want exit status 0; log in %s", r.err, r.log)
	}
}

// running is the app under test.
type running struct {
	t          *testing.T
	launch     func() // starts the process (again)
	relaunched bool
	cmd        *exec.Cmd
	done       chan struct{}
	err        error // Wait's result, once done is closed
	log        string
	out        string
}

func (r *running) exited() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

func (r *running) kill() {
	if !r.exited() {
		_ = r.cmd.Process.Kill()
		<-r.done
	}
}

// eventually retries f until it succeeds, the app exits or the test run is
// about to time out. The pause between tries is a polling interval: the
// screen has no event to wait on from outside.
func (r *running) eventually(what string, f func() error) {
	r.t.Helper()
	start, deadline := time.Now(), giveUp(r.t)
	for {
		err := f()
		if err == nil {
			return
		}
		if r.exited() {
			log, _ := os.ReadFile(r.log)
			// The log's first lines say why (a panic's message comes
			// before its stacks); they are repeated last, where a
			// truncated CI log still shows them.
			head := strings.SplitN(string(log), "\n", 6)
			head = head[:min(len(head), 5)]
			r.t.Fatalf("waymark exited (%v) while waiting for %s; its log:\n%s\n-- the log began with:\n%s",
				r.err, what, log, strings.Join(head, "\n"))
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("waited %.0f s for %s: %v (artefacts in %s)", time.Since(start).Seconds(), what, err, r.out)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// settle takes screenshots until two in a row are the same, so that a later
// change is the doing of the next input; it returns the last one, and an
// error if the screen was still changing when the test run was about to
// time out.
func (r *running) settle(path string) (*image.RGBA, error) {
	var prev *image.RGBA
	start, deadline := time.Now(), giveUp(r.t)
	for {
		img, err := screenshot(path)
		if err != nil {
			return nil, err
		}
		if prev != nil && changed(prev, img) == 0 {
			return img, nil
		}
		if r.exited() || time.Now().After(deadline) {
			return img, fmt.Errorf("the screen was still changing after %.0f s", time.Since(start).Seconds())
		}
		prev = img
		time.Sleep(300 * time.Millisecond)
	}
}

// workingCopy finds the one working copy in the data directory.
func (r *running) workingCopy(data string) string {
	r.t.Helper()
	var path string
	r.eventually("the working copy", func() error {
		m, err := filepath.Glob(filepath.Join(data, "working", "*.cjm"))
		if err != nil {
			return err
		}
		if len(m) != 1 {
			return fmt.Errorf("%d working copies in %s, want 1", len(m), data)
		}
		path = m[0]
		return nil
	})
	return path
}

// count runs a count query on a .cjm file, read-only (the app may have it
// open: SQLite's WAL lets another process read alongside).
func (r *running) count(path, query string, args ...any) int {
	r.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		r.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		r.t.Fatalf("%s on %s: %v", query, path, err)
	}
	return n
}

// xdotool runs one xdotool command. Like screenshot, it has no time budget:
// a tool that hangs is go test's -timeout.
func xdotool(args ...string) (string, error) {
	out, err := exec.Command("xdotool", args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("xdotool %s: %v %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

// screenshot saves the whole X screen to path and decodes it.
func screenshot(path string) (*image.RGBA, error) {
	if out, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("import -window root: %v %s", err, bytes.TrimSpace(out))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba, nil
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba, nil
}

// changed is the fraction of pixels that differ between two screenshots.
func changed(a, b *image.RGBA) float64 {
	if a.Bounds() != b.Bounds() {
		return 1
	}
	n := 0
	for i := 0; i+3 < len(a.Pix); i += 4 {
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			n++
		}
	}
	return float64(n) / float64(len(a.Pix)/4)
}

// picture is what a screenshot shows, in numbers.
type picture struct {
	pixels   int
	colours  map[[3]uint8]int
	top      [3]uint8 // the commonest colour
	topShare float64
}

func analyse(img *image.RGBA) picture {
	p := picture{colours: map[[3]uint8]int{}}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)]
		for i := 0; i+3 < len(row); i += 4 {
			p.colours[[3]uint8{row[i], row[i+1], row[i+2]}]++
		}
	}
	p.pixels = b.Dx() * b.Dy()
	best := 0
	for c, n := range p.colours {
		if n > best {
			best, p.top = n, c
		}
	}
	if p.pixels > 0 {
		p.topShare = float64(best) / float64(p.pixels)
	}
	return p
}

// near counts the pixels within a few levels of c in every channel (the
// renderer may round a colour by one).
func (p picture) near(c color.NRGBA) int {
	n := 0
	for k, v := range p.colours {
		if absDiff(k[0], c.R) <= 3 && absDiff(k[1], c.G) <= 3 && absDiff(k[2], c.B) <= 3 {
			n += v
		}
	}
	return n
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// boardVisible says what is missing for the screenshot to show the journey
// board: many colours, no colour covering most of the screen, and, in the
// light or the dark board palette, the board background and card fill over
// large areas and the first two persona colours (the sample's two emotion
// curves and their score badges).
func (p picture) boardVisible() error {
	if len(p.colours) < 256 {
		return fmt.Errorf("the screen has only %d colours: blank or not painted yet", len(p.colours))
	}
	if p.topShare > 0.8 {
		return fmt.Errorf("one colour (#%02x%02x%02x) covers %.0f%% of the screen", p.top[0], p.top[1], p.top[2], 100*p.topShare)
	}
	var why []string
	for _, pal := range []struct {
		name string
		p    geometry.Palette
	}{{"light", geometry.Light}, {"dark", geometry.Dark}} {
		bg, card := p.near(pal.p.Background), p.near(pal.p.CardFill)
		p0, p1 := p.near(pal.p.PersonaColor(0)), p.near(pal.p.PersonaColor(1))
		area := p.pixels / 100
		if bg >= area && card >= area && p0 >= 150 && p1 >= 150 && p.pixels-bg >= p.pixels/2 {
			return nil
		}
		why = append(why, fmt.Sprintf("%s palette: background %d, card fill %d, persona curves %d and %d pixels",
			pal.name, bg, card, p0, p1))
	}
	return fmt.Errorf("the board is not on screen (need ≥1%% background and card fill, ≥150 pixels of each persona colour, ≥50%% not background): %s",
		strings.Join(why, "; "))
}

func (p picture) String() string {
	return fmt.Sprintf("%d colours, commonest #%02x%02x%02x on %.0f%% of the screen", len(p.colours),
		p.top[0], p.top[1], p.top[2], 100*p.topShare)
}

// processesOf lists the running processes whose executable is bin.
func processesOf(bin string) []string {
	var found []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err == nil && strings.TrimSuffix(exe, " (deleted)") == bin {
			found = append(found, e.Name())
		}
	}
	return found
}

// TestDamagedArgument: a file that does not open, given on the command line
// (as a file manager does), still opens the window, on the sample, and the
// sentence saying why is shown there and on standard error; the file is
// left as it was.
func TestDamagedArgument(t *testing.T) {
	bin := binary(t)
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run this test under xvfb-run, as `make smoke` does")
	}
	out := artefacts(t, "damaged")
	bad := filepath.Join(out, "notes.cjm")
	content := []byte("These are meeting notes, not a journey map.\n")
	if err := os.WriteFile(bad, content, 0o644); err != nil {
		t.Fatal(err)
	}
	app := start(t, bin, out, bad)
	logPath := app.log
	wid := app.window()
	// A modal message dims the board: its colours are not on screen
	// until the message is dismissed (Return), and then they are.
	app.eventually("the message over the board", func() error {
		img, err := screenshot(filepath.Join(out, "1-message.png"))
		if err != nil {
			return err
		}
		a := analyse(img)
		switch {
		case len(a.colours) < 100:
			return fmt.Errorf("the window is not painted yet (%s)", a)
		case a.boardVisible() == nil:
			return errors.New("the board is not dimmed by a message")
		}
		return nil
	})
	if _, err := xdotool("windowfocus", "--sync", wid); err != nil {
		t.Fatalf("focusing the window: %v", err)
	}
	if _, err := xdotool("key", "Return"); err != nil {
		t.Fatal(err)
	}
	app.eventually("the board once the message is dismissed", func() error {
		img, err := screenshot(filepath.Join(out, "2-dismissed.png"))
		if err != nil {
			return err
		}
		return analyse(img).boardVisible()
	})
	want := "notes.cjm: is not a Waymark project (it is not an SQLite database)"
	if logText, _ := os.ReadFile(logPath); !bytes.Contains(logText, []byte(want)) {
		t.Errorf("standard error does not say %q:\n%s", want, logText)
	}
	app.terminate()
	if now, err := os.ReadFile(bad); err != nil || !bytes.Equal(now, content) {
		t.Errorf("the file given changed: %q, %v", now, err)
	}
}
