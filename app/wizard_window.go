package app

import (
	"bufio"
	"errors"
	"regexp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"waymark/internal/safefile"
)

// The main window's side of the import wizard: its two File menu items
// and the event logs dropped on the window.

// ImportBehaviour is File › Import Behaviour Data… with the event logs
// files already chosen, as dropping them on the window does: the wizard
// reads them and shows their columns. Call it on the UI goroutine.
func (w *Window) ImportBehaviour(files ...string) { w.importBehaviour(files) }

// importBehaviour opens the import wizard on the current journey, reading
// files at once when some are given (dropped on the window).
func (w *Window) importBehaviour(files []string) *importWizard {
	j := w.board.Journey()
	if j == nil {
		w.showError(errors.New("open a journey first: behaviour data goes into a journey"))
		return nil
	}
	wiz := newImportWizard(w.win, w.doc, j.ID)
	wiz.author, wiz.versioned = w.author(), w.history.reload
	wiz.show()
	if len(files) > 0 {
		wiz.setFiles(files)
	}
	return wiz
}

// refreshBehaviour asks for new event logs and imports them with the
// current journey's saved mapping, in one step.
func (w *Window) refreshBehaviour() {
	j := w.board.Journey()
	if j == nil || j.Behaviour == nil {
		w.showError(errors.New("this journey has no behaviour data to refresh; use File › Import Behaviour Data… first"))
		return
	}
	askOpenPath(w.win, eventLogExtensions, func(path string) { w.refreshBehaviourWith([]string{path}) })
}

func (w *Window) refreshBehaviourWith(files []string) *importWizard {
	j := w.board.Journey()
	if j == nil || j.Behaviour == nil {
		return nil
	}
	wiz := newImportWizard(w.win, w.doc, j.ID)
	wiz.author, wiz.versioned = w.author(), w.history.reload
	wiz.refresh = true
	wiz.m = cloneMapping(j.Behaviour.Mapping)
	wiz.show()
	wiz.setFiles(files)
	return wiz
}

// updateBehaviourMenus enables the two items as the current journey
// allows.
func (w *Window) updateBehaviourMenus() {
	if w.menuImportBehaviour == nil || w.board == nil {
		return
	}
	j := w.board.Journey()
	imp, ref := j == nil, j == nil || j.Behaviour == nil
	if w.menuImportBehaviour.Disabled == imp && w.menuRefreshBehaviour.Disabled == ref {
		return
	}
	w.menuImportBehaviour.Disabled, w.menuRefreshBehaviour.Disabled = imp, ref
	if mm := w.win.MainMenu(); mm != nil {
		mm.Refresh()
	}
}

// droppedEventLogs are the dropped files that are event logs: JSON
// Lines, Parquet, anything gzipped, and CSV or TSV files that are not a
// journey's spreadsheet (whose header names a stage and a title column).
func droppedEventLogs(uris []fyne.URI) []string {
	var logs []string
	for _, u := range uris {
		p := u.Path()
		switch strings.ToLower(u.Extension()) {
		case ".jsonl", ".ndjson", ".parquet", ".gz":
			logs = append(logs, p)
		case ".csv", ".tsv":
			if !isJourneySpreadsheet(p) {
				logs = append(logs, p)
			}
		}
	}
	return slices.Compact(logs)
}

var (
	spreadsheetStage = regexp.MustCompile(`^(stages?|phases?)$`)
	spreadsheetTitle = regexp.MustCompile(`^(title|touchpoint|card)$`)
	headerSpace      = regexp.MustCompile(`[\s_-]+`)
)

// isJourneySpreadsheet says whether a CSV's header is that of a journey's
// touchpoints (File › Import…): it names a stage and a title column. A
// file that cannot be read is not an event log either: the spreadsheet
// import says why.
func isJourneySpreadsheet(path string) bool {
	f, err := safefile.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return true
	}
	line = strings.TrimPrefix(strings.TrimRight(line, "\r\n"), "\ufeff")
	stage, title := false, false
	for _, field := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || r == '|' }) {
		key := headerSpace.ReplaceAllString(strings.ToLower(strings.Trim(strings.TrimSpace(field), `"`)), " ")
		stage = stage || spreadsheetStage.MatchString(key)
		title = title || spreadsheetTitle.MatchString(key)
	}
	return stage && title
}
