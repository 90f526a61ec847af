package difftext

import (
	"bytes"
	"strings"
	"testing"

	"waymark/model"
)

func TestElide(t *testing.T) {
	short := "a short note"
	if a, b := model.ElideChange(short, short+"!"); a != short || b != short+"!" {
		t.Errorf("short texts elided: %q %q", a, b)
	}
	long := strings.Repeat("word ", 30)
	a, b := model.ElideChange(long, long+"more")
	if !strings.HasPrefix(a, "…") || !strings.HasSuffix(b, "more") || len([]rune(b)) > model.ElideAt+2 {
		t.Errorf("long texts: %q → %q", a, b)
	}
	if a, b := model.ElideChange("", long); a != "" || !strings.HasSuffix(b, "…") || strings.HasPrefix(b, "…") {
		t.Errorf("from empty: %q → %q", a, b)
	}
}

// TestWriteEscapesNames: a stage name crafted to clear the screen and set
// the terminal's title is written as escapes, not as commands.
func TestWriteEscapesNames(t *testing.T) {
	changes := []model.Change{{Op: model.Added, Kind: model.KindTouchpoint, ID: "t1", Name: "Pay",
		Journey: "j1", JourneyName: "Checkout",
		At: model.Place{StageName: "\x1b]0;owned\x07\x1b[2J", LaneName: "Actions\u009b"}}}
	var b bytes.Buffer
	Write(&b, changes)
	want := "journey \"Checkout\":\n  + touchpoint \"Pay\" (\\x1b]0;owned\\a\\x1b[2J / Actions\\u009b)\n\n1 difference: 1 added, 0 removed, 0 changed\n"
	if b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
}
