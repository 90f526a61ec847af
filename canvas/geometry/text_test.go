package geometry_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"waymark/canvas/geometry"
)

// mono measures every rune as size/2 wide, so expected wraps can be worked
// out by hand.
type mono struct{}

func (mono) Width(text string, size float32, bold bool) float32 {
	return float32(utf8.RuneCountInString(text)) * size / 2
}

func TestWrapByHand(t *testing.T) {
	// size 10: 5 units a rune; width 50: 10 runes a line.
	for _, tc := range []struct {
		text     string
		maxLines int
		want     []string
	}{
		{"", 0, nil},
		{"   \t\n ", 3, nil},
		{"one", 0, []string{"one"}},
		{"  one   two  ", 0, []string{"one two"}},
		{"aaaa bbbb cccc dddd", 0, []string{"aaaa bbbb", "cccc dddd"}},
		{"aaaaa bbbb", 0, []string{"aaaaa bbbb"}}, // exactly the width
		{"aaaaa bbbbb", 0, []string{"aaaaa", "bbbbb"}},
		{"abcdefghijklmnopqrstuvwxy", 0, []string{"abcdefghij", "klmnopqrst", "uvwxy"}},
		{"ab abcdefghijklmnop", 0, []string{"ab", "abcdefghij", "klmnop"}},
		{"aaaa bbbb cccc dddd eeee", 2, []string{"aaaa bbbb", "cccc dddd…"}},
		{"aaaa bbbb cccc", 1, []string{"aaaa bbbb…"}},
		{"abcdefghijklmnopqrstuvwxy", 2, []string{"abcdefghij", "klmnopqrs…"}},
		{"aaaa bbbb cccc dddd", 2, []string{"aaaa bbbb", "cccc dddd"}}, // fits exactly: no ellipsis
		{"ΑΒΓΔΕΖΗΘΙΚΛΜ", 0, []string{"ΑΒΓΔΕΖΗΘΙΚ", "ΛΜ"}},
		{"aaaa b", 1, []string{"aaaa b"}},
		{"aaaa bbbbbb c", 1, []string{"aaaa…"}},
		{"aaaaaaaa b cc", 1, []string{"aaaaaaaa…"}}, // the space before the ellipsis is trimmed
		{"aaaaaaaaaaaa", 1, []string{"aaaaaaaaa…"}},
	} {
		got := geometry.Wrap(mono{}, tc.text, 10, 50, false, tc.maxLines)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Wrap(%q, max %d) = %q, want %q", tc.text, tc.maxLines, got, tc.want)
		}
	}
}

// wrapInvariants checks what every wrap must satisfy: no line wider than
// width (when one rune fits at all), no empty line, the text's non-space
// runes in order, and an ellipsis exactly when the text was cut short.
func wrapInvariants(t *testing.T, m geometry.Metrics, text string, size, width float32, bold bool, maxLines int) []string {
	t.Helper()
	lines := geometry.Wrap(m, text, size, width, bold, maxLines)
	if maxLines > 0 && len(lines) > maxLines {
		t.Errorf("Wrap(%q, %v, max %d) gave %d lines", text, width, maxLines, len(lines))
	}
	widest := float32(0)
	for _, r := range text {
		widest = max(widest, m.Width(string(r), size, bold))
	}
	if widest+m.Width("…", size, bold) > width {
		return lines // too narrow to promise anything but termination
	}
	for i, ln := range lines {
		if w := m.Width(ln, size, bold); w > width {
			t.Errorf("Wrap(%q, %v) line %d %q is %v wide", text, width, i, ln, w)
		}
		if strings.TrimSpace(ln) == "" || ln != strings.TrimSpace(ln) {
			t.Errorf("Wrap(%q, %v) line %d %q is empty or padded", text, width, i, ln)
		}
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	all := squash(text)
	got := squash(strings.Join(lines, ""))
	if got != all {
		cut, ok := strings.CutSuffix(got, "…")
		if !ok || !strings.HasPrefix(all, cut) || maxLines <= 0 || len(lines) != maxLines {
			t.Errorf("Wrap(%q, %v, max %d) = %q loses or changes text", text, width, maxLines, lines)
		}
	}
	return lines
}

func TestWrapProperties(t *testing.T) {
	m := metrics(t)
	texts := append(append(append([]string{}, phrases...), longWords...), titleWords...)
	texts = append(texts,
		strings.Repeat("Donaudampfschifffahrt ", 12),
		"a b c d e f g h i j k l m n o p q r s t u v w x y z",
		"Ünïcödé café naïve façade coöperate résumé Ångström smörgåsbord",
		"Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο",
		"Съешь же ещё этих мягких французских булок, да выпей чаю",
		"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii WWWWWWWWWWWWWWWWWWWWWWWWW",
		"x",
	)
	for _, text := range texts {
		for _, width := range []float32{24, 60, 120, 178, 400} {
			for _, maxLines := range []int{0, 1, 2, 3} {
				for _, bold := range []bool{false, true} {
					wrapInvariants(t, m, text, 13, width, bold, maxLines)
				}
			}
		}
	}
}

// Greedy: a line ends only because the next word would not fit on it.
func TestWrapIsGreedy(t *testing.T) {
	m := metrics(t)
	text := strings.Join(titleWords, " ") + " " + strings.Join(phrases, " ")
	const size, width = 13, 178
	lines := geometry.Wrap(m, text, size, width, true, 0)
	if len(lines) < 10 {
		t.Fatalf("only %d lines", len(lines))
	}
	for i := 0; i+1 < len(lines); i++ {
		next := strings.Fields(lines[i+1])[0]
		if w := m.Width(lines[i]+" "+next, size, true); w <= width {
			t.Errorf("line %d %q ends early: %q would fit (%v ≤ %v)", i, lines[i], next, w, width)
		}
	}
}

// A word longer than a line is cut into pieces that each fill a line.
func TestWrapCutsLongWord(t *testing.T) {
	m := metrics(t)
	word := "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"
	const size, width = 13, 90
	lines := wrapInvariants(t, m, word, size, width, true, 0)
	if len(lines) < 3 {
		t.Fatalf("a %v-wide word in %v: %q", m.Width(word, size, true), width, lines)
	}
	if strings.Join(lines, "") != word {
		t.Errorf("pieces %q do not make %q", lines, word)
	}
	for i, ln := range lines[:len(lines)-1] {
		r, _ := utf8.DecodeRuneInString(lines[i+1])
		if m.Width(ln+string(r), size, true) <= width {
			t.Errorf("piece %d %q could have taken %q", i, ln, r)
		}
	}
	// Cut and limited: ends in an ellipsis.
	lines = wrapInvariants(t, m, word, size, width, true, 2)
	if len(lines) != 2 || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("two lines of a long word: %q", lines)
	}
}

func TestWrapTruncates(t *testing.T) {
	m := metrics(t)
	text := strings.Repeat("The customer waits for the callback that never comes. ", 5)
	for maxLines := 1; maxLines <= 4; maxLines++ {
		lines := wrapInvariants(t, m, text, 13, 178, true, maxLines)
		if len(lines) != maxLines || !strings.HasSuffix(lines[maxLines-1], "…") {
			t.Errorf("max %d: %q", maxLines, lines)
		}
		for _, ln := range lines[:maxLines-1] {
			if strings.Contains(ln, "…") {
				t.Errorf("max %d: ellipsis before the last line: %q", maxLines, lines)
			}
		}
	}
	// Text that fits is never marked as cut.
	for _, text := range []string{"Short", "Two words", strings.Repeat("word ", 6)} {
		for _, ln := range geometry.Wrap(m, text, 13, 178, true, 3) {
			if strings.Contains(ln, "…") {
				t.Errorf("%q got an ellipsis: %q", text, ln)
			}
		}
	}
}

func TestEllipsize(t *testing.T) {
	m := metrics(t)
	if got := geometry.Ellipsize(m, "Email", 10, 100, false); got != "Email" {
		t.Errorf("a fitting text changed: %q", got)
	}
	if got := geometry.Ellipsize(m, "", 10, 100, false); got != "" {
		t.Errorf("empty text: %q", got)
	}
	for _, text := range []string{"Customer service hotline (premium, international)", "Партнёрский магазин", "Τηλέφωνο και email"} {
		full := m.Width(text, 10, false)
		for _, width := range []float32{12, 30, 55, full - 1} {
			got := geometry.Ellipsize(m, text, 10, width, false)
			base, ok := strings.CutSuffix(got, "…")
			if !ok || !strings.HasPrefix(text, base) || m.Width(got, 10, false) > width || strings.HasSuffix(base, " ") {
				t.Errorf("Ellipsize(%q, %v) = %q (%v wide)", text, width, got, m.Width(got, 10, false))
			}
			// As long as possible: one more rune would not fit.
			if r := []rune(text); len([]rune(base)) < len(r) {
				longer := strings.TrimRight(string(r[:len([]rune(base))+1]), " ") + "…"
				if longer != got && m.Width(longer, 10, false) <= width {
					t.Errorf("Ellipsize(%q, %v) = %q, but %q fits", text, width, got, longer)
				}
			}
		}
	}
	// Narrower than the ellipsis itself: the ellipsis alone.
	if got := geometry.Ellipsize(m, "Email", 10, 2, false); got != "…" {
		t.Errorf("Ellipsize to 2 units = %q", got)
	}
}

func TestFontMetrics(t *testing.T) {
	m := metrics(t)
	if _, err := geometry.NewFontMetrics([]byte("not a font"), []byte("nor this")); err == nil {
		t.Error("NewFontMetrics accepted garbage")
	}
	for _, s := range []string{"Hello", "Ünïcödé", "Ελληνικά", "Кириллица", "…"} {
		w, b := m.Width(s, 13, false), m.Width(s, 13, true)
		if w <= 0 || b <= w {
			t.Errorf("%q: regular %v, bold %v", s, w, b)
		}
		if w2 := m.Width(s, 26, false); abs(w2-2*w) > 1e-3 {
			t.Errorf("%q: width does not scale with size: %v at 13, %v at 26", s, w, w2)
		}
		if missing := m.Covers(s); len(missing) != 0 {
			t.Errorf("%q: the font lacks %q", s, missing)
		}
		// Advances add up (no kerning): what Wrap relies on.
		var sum float32
		for _, r := range s {
			sum += m.Width(string(r), 13, false)
		}
		if abs(sum-w) > 1e-3 {
			t.Errorf("%q: %v wide, its runes %v", s, w, sum)
		}
	}
	if m.Width("iii", 13, false) >= m.Width("WWW", 13, false) {
		t.Error("the metrics are not proportional")
	}
	if missing := m.Covers("ok 漢字 漢 é"); !slices.Equal(missing, []rune("漢字")) {
		t.Errorf("Covers = %q, want the two CJK runes", missing)
	}
}

func FuzzWrap(f *testing.F) {
	for _, s := range append(append([]string{"", " ", "a", "…"}, phrases...), longWords...) {
		f.Add(s, uint16(100), uint8(2))
	}
	m := metrics(f)
	f.Fuzz(func(t *testing.T, text string, width uint16, maxLines uint8) {
		if len(text) > 2000 || !utf8.ValidString(text) { // the model's text is UTF-8
			t.Skip()
		}
		wrapInvariants(t, m, text, 13, 30+float32(width%2000), width%2 == 0, int(maxLines%8))
	})
}
