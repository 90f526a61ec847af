package storage

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"waymark/model"
)

// The crash test kills a process that edits and saves with SIGKILL at random
// moments, again and again, and checks after every kill that the file and
// the working copy hold what the process said they hold: the file opens and
// is the last state it reported saved (or the save in flight), and the
// working copy restores every edit it reported committed (and perhaps the
// one in flight).
//
// The child is this test binary run again with crashChildEnv set (see
// TestCrashChild). Edits are deterministic (crashEdit), so the state after
// n edits is computed in the parent by replaying edits 0..n-1.

const (
	crashChildEnv  = "WAYMARK_CRASH_CHILD"
	crashFileEnv   = "WAYMARK_CRASH_FILE"
	crashDataEnv   = "WAYMARK_CRASH_DATA"
	crashFromEnv   = "WAYMARK_CRASH_FROM"
	crashSaveEvery = 3 // the child saves after every third edit
	crashCards     = 9 // cards the start project has; crashEdit renames, scores and moves them
)

// crashProject is the start project: fixed IDs, so that parent and child
// build the same one.
func crashProject() *model.Project {
	p := &model.Project{ID: "crash-project", Name: "Crash test", Scale: model.ScaleFive,
		Personas: []*model.Persona{{ID: "ana", Name: "Ana"}, {ID: "ben", Name: "Ben"}}}
	j := &model.Journey{ID: "journey", Title: "Checkout", PersonaIDs: []model.ID{"ana", "ben"}}
	for s := range 3 {
		j.Stages = append(j.Stages, &model.Stage{ID: model.ID(fmt.Sprintf("stage-%d", s)), Name: fmt.Sprintf("Stage %d", s)})
	}
	for l := range 3 {
		j.Lanes = append(j.Lanes, &model.Lane{ID: model.ID(fmt.Sprintf("lane-%d", l)), Name: fmt.Sprintf("Lane %d", l), Kind: model.LaneActions})
	}
	for i := range crashCards {
		j.Touchpoints = append(j.Touchpoints, &model.Touchpoint{ID: model.ID(fmt.Sprintf("card-%02d", i)),
			StageID: j.Stages[i%3].ID, LaneID: j.Lanes[i/3].ID, Title: fmt.Sprintf("Card %d", i),
			Emotions: map[model.ID]int{"ana": 1 + i%5}})
	}
	p.Journeys = []*model.Journey{j}
	return p
}

// crashEdit is edit number i, made on the state after edits 0..i-1. The
// cycle of six touches every kind of row a commit writes: a new card (and
// the ords of its cell), a changed card, a score, a deleted card, the
// project row, and a move between cells.
func crashEdit(p *model.Project, i int) model.Command {
	j := p.Journeys[0]
	id := model.ID(fmt.Sprintf("card-%02d", i%crashCards))
	stage := func(k int) model.ID { return j.Stages[k%len(j.Stages)].ID }
	lane := func(k int) model.ID { return j.Lanes[k%len(j.Lanes)].ID }
	switch i % 6 {
	case 0:
		return &model.AddTouchpoint{Journey: j.ID, Touchpoint: &model.Touchpoint{ID: model.ID(fmt.Sprintf("added-%d", i)),
			StageID: stage(i / 6), LaneID: lane(i / 5), Order: i % 3, Title: fmt.Sprintf("Added by edit %d", i),
			Emotions: map[model.ID]int{"ben": 1 + i%5}}}
	case 1:
		card := j.Touchpoint(id).Clone()
		card.Title, card.Notes = fmt.Sprintf("edit %d", i), strings.Repeat(fmt.Sprintf("note of edit %d. ", i), i%7)
		return &model.UpdateTouchpoint{After: card}
	case 2:
		return &model.SetEmotion{Touchpoint: id, Persona: []model.ID{"ana", "ben"}[i%2], Score: 1 + i%5}
	case 3:
		return &model.DeleteTouchpoints{IDs: []model.ID{model.ID(fmt.Sprintf("added-%d", i-3))}}
	case 4:
		return &model.RenameProject{Name: fmt.Sprintf("Project after edit %d", i)}
	default:
		return &model.MoveTouchpoints{IDs: []model.ID{id}, Stage: stage(i/6 + 1), Lane: lane(i / 7), Index: 0}
	}
}

// replay gives the JSON of the state after n edits. Asked for states in
// any order at or after its start; it replays forward and remembers.
type replay struct {
	t     *testing.T
	p     *model.Project
	n     int
	known map[int]string
}

// crashClock is the child's clock, which the replay stamps cards with too.
func crashClock() time.Time { return time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC) }

func newReplay(t *testing.T) *replay {
	p := crashProject()
	return &replay{t: t, p: p, known: map[int]string{0: encodeJSON(t, p)}}
}

func (r *replay) state(n int) string {
	r.t.Helper()
	if s, ok := r.known[n]; ok {
		return s
	}
	if n < r.n {
		r.t.Fatalf("replay: state %d is behind %d and was not kept", n, r.n)
	}
	for r.n < n {
		c := crashEdit(r.p, r.n)
		if err := c.Do(r.p); err != nil {
			r.t.Fatalf("replay: edit %d: %v", r.n, err)
		}
		// As History stamps the cards an edit changed, with the child's
		// clock.
		for _, id := range model.EditedCards(c) {
			if _, t := r.p.FindTouchpoint(id); t != nil {
				t.Changed = crashClock()
			}
		}
		r.n++
		r.known[r.n] = encodeJSON(r.t, r.p)
	}
	return r.known[n]
}

// forget drops kept states before n, which no later check can ask for.
func (r *replay) forget(n int) {
	for k := range r.known {
		if k < n {
			delete(r.known, k)
		}
	}
}

// TestCrashChild is the child process of TestCrashSafety; run directly it
// does nothing. It opens the file, then edits and saves until it is killed,
// reporting on stdout: "ready n" once open (the file holding the state after
// n edits), "committed n" when History.Do of edit n-1 returned (the working
// copy holding n edits), "saved n" when Save of that state returned. os.Stdout
// is unbuffered: each line is one write(2), in the pipe before the next edit
// starts, so a kill never loses a line that was printed.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) == "" {
		t.Skip("the child of TestCrashSafety")
	}
	say := func(format string, args ...any) {
		if _, err := os.Stdout.WriteString(fmt.Sprintf(format, args...) + "\n"); err != nil {
			os.Exit(3)
		}
	}
	fail := func(err error) {
		say("error %s", oneLine(err.Error()))
		os.Exit(2)
	}
	from, err := strconv.Atoi(os.Getenv(crashFromEnv))
	if err != nil {
		fail(err)
	}
	doc, err := Open(ctx, os.Getenv(crashFileEnv), Options{DataDir: os.Getenv(crashDataEnv)})
	if err != nil {
		fail(err)
	}
	doc.History().SetClock(crashClock)
	say("ready %d", from)
	// Never outlive a parent that failed to kill: a minute is far beyond
	// any kill delay.
	deadline := time.Now().Add(time.Minute)
	for n := from; time.Now().Before(deadline); {
		if err := doc.History().Do(crashEdit(doc.Project(), n)); err != nil {
			fail(fmt.Errorf("edit %d: %w", n, err))
		}
		n++
		say("committed %d", n)
		if n%crashSaveEvery == 0 {
			if err := doc.Save(ctx); err != nil {
				fail(fmt.Errorf("save %d: %w", n, err))
			}
			say("saved %d", n)
		}
	}
	os.Exit(4)
}

// childReport is what a killed child printed.
type childReport struct {
	ready     bool
	committed int // last "committed n", -1 if none
	saved     int // last "saved n", -1 if none
	lines     []string
}

func TestCrashSafety(t *testing.T) {
	kills := 200
	if testing.Short() {
		kills = 40
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "map.cjm")
	opt := Options{DataDir: t.TempDir()}
	if err := WriteNew(ctx, crashProject(), file); err != nil {
		t.Fatal(err)
	}
	states := newReplay(t)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("seed %d", seed)

	from := 0 // edits the file holds
	var stats struct{ afterReady, commits, saves, savedInFlight, committedUnprinted, restored int }
	for kill := range kills {
		start := from
		// Mostly kill a child that is editing; now and then one that is
		// still opening the file.
		early := rng.IntN(10) == 0
		delay := time.Duration(5+rng.IntN(56)) * time.Millisecond
		if early {
			delay = time.Duration(rng.IntN(15)) * time.Millisecond
		}
		rep, stderr := runAndKill(t, exe, file, opt.DataDir, from, delay, early)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("kill %d (from %d, delay %v, early %v): %s\nchild said:\n%s\nstderr:\n%s", kill, start, delay, early,
				fmt.Sprintf(format, args...), strings.Join(rep.lines, "\n"), stderr)
		}
		if rep.ready {
			stats.afterReady++
		}
		committed := max(rep.committed, from) // edits the working copy must hold
		if rep.committed >= 0 {
			stats.commits += rep.committed - from
		}

		// The file: intact, and the last state reported saved, or the state
		// of a save that was in flight (begun after "committed n" for an n
		// that is a multiple of crashSaveEvery, not yet reported).
		saved := max(rep.saved, from)
		if rep.saved >= 0 {
			stats.saves += (rep.saved - from) / crashSaveEvery
		}
		p, err := Check(ctx, file)
		if err != nil {
			fail("the file does not open: %v", err)
		}
		got := encodeJSON(t, p)
		switch {
		case got == states.state(saved):
			from = saved
		case rep.committed > saved && rep.committed%crashSaveEvery == 0 && got == states.state(rep.committed):
			from = rep.committed
			stats.savedInFlight++
		default:
			fail("the file holds neither the state saved last (%d edits) nor one being saved", saved)
		}

		// The working copy: every committed edit, perhaps one more.
		orphans, err := Orphans(opt)
		if err != nil {
			fail("listing working copies: %v", err)
		}
		// A copy holding edits the file lacks must be offered; one with no
		// edit since the last save (or the open) is removed instead.
		if len(orphans) > 1 || (rep.ready && committed > from && len(orphans) != 1) {
			fail("%d working copies, want 1", len(orphans))
		}
		for _, o := range orphans {
			doc, err := RestoreOrphan(ctx, o, opt)
			if err != nil {
				if rep.ready {
					fail("the working copy does not restore: %v", err)
				}
				// Killed while copying the file in: it holds no edits.
				if err := DiscardOrphan(o, opt); err != nil {
					fail("discarding an unfinished working copy: %v", err)
				}
				continue
			}
			stats.restored++
			w := encodeJSON(t, doc.Project())
			switch {
			case w == states.state(committed):
			case rep.ready && w == states.state(committed+1):
				stats.committedUnprinted++
			default:
				doc.Close()
				fail("the working copy holds neither the %d edits committed nor one more", committed)
			}
			if rep.ready && doc.Path() != file {
				fail("the working copy restores as %q, not %q", doc.Path(), file)
			}
			if err := doc.Close(); err != nil {
				fail("closing the restored copy: %v", err)
			}
		}
		if left := workingFiles(t, opt); len(left) != 0 {
			fail("working files left after discarding: %v", left)
		}
		states.forget(from)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".map.cjm.*"))
	t.Logf("%d kills (%d while editing): %d edits committed, %d saves reported, %d saves landed unreported, "+
		"%d edits committed unreported, %d working copies restored; file ends at %d edits; %d temporary files left beside it",
		kills, stats.afterReady, stats.commits, stats.saves, stats.savedInFlight, stats.committedUnprinted, stats.restored,
		from, len(leftovers))
	if stats.afterReady < kills/2 || stats.commits == 0 || stats.saves == 0 {
		t.Fatal("the kills did not land while the child was editing and saving, so this run proves little")
	}
}

// runAndKill starts a child that edits file from the state after from
// edits, kills it with SIGKILL delay after it reported ready (early: after
// it started), and returns what it printed and its stderr.
func runAndKill(t *testing.T, exe, file, dataDir string, from int, delay time.Duration, early bool) (childReport, string) {
	t.Helper()
	cmd := exec.Command(exe, "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashFileEnv+"="+file, crashDataEnv+"="+dataDir,
		crashFromEnv+"="+strconv.Itoa(from))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rep := childReport{committed: -1, saved: -1}
	var mu sync.Mutex
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			word, num, _ := strings.Cut(line, " ")
			n, _ := strconv.Atoi(num)
			mu.Lock()
			rep.lines = append(rep.lines, line)
			switch word {
			case "ready":
				rep.ready = true
				close(ready)
			case "committed":
				rep.committed = n
			case "saved":
				rep.saved = n
			}
			mu.Unlock()
		}
	}()
	if !early {
		select {
		case <-ready:
		case <-done:
		}
	}
	// Not a wait for anything: the kill lands at a random moment of the
	// child's editing (or opening, when early).
	time.Sleep(delay)
	cmd.Process.Kill() // SIGKILL
	werr := cmd.Wait()
	<-done
	mu.Lock()
	defer mu.Unlock()
	for _, line := range rep.lines {
		if strings.HasPrefix(line, "error") {
			t.Fatalf("the child failed: %s\nstderr:\n%s", line, stderr.String())
		}
	}
	if werr == nil || !strings.Contains(werr.Error(), "killed") {
		t.Fatalf("the child was not killed but ended: %v\nstdout:\n%s\nstderr:\n%s", werr, strings.Join(rep.lines, "\n"), stderr.String())
	}
	return rep, stderr.String()
}
