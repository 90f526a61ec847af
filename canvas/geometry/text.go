package geometry

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Metrics measures text. The layout wraps every string with it, and both
// painters draw the lines it chose, so screen and paper break text alike.
type Metrics interface {
	// Width is the advance of text at size (points = board units) in the
	// regular or bold face.
	Width(text string, size float32, bold bool) float32
}

// FontMetrics measures with the advances of real TrueType faces: the same
// files the board's theme and the poster embed.
type FontMetrics struct {
	faces [2]*face // regular, bold
}

type face struct {
	font *sfnt.Font
	upem float32
	mu   sync.Mutex
	buf  sfnt.Buffer
	// Advances in font units; ASCII in an array because it is nearly all.
	ascii [128]float32
	other map[rune]float32
}

// NewFontMetrics parses the regular and bold TrueType faces.
func NewFontMetrics(regular, bold []byte) (*FontMetrics, error) {
	m := &FontMetrics{}
	for i, data := range [][]byte{regular, bold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("font %d: %w", i, err)
		}
		fc := &face{font: f, upem: float32(f.UnitsPerEm()), other: map[rune]float32{}}
		for r := rune(0); r < 128; r++ {
			fc.ascii[r] = fc.measure(r)
		}
		m.faces[i] = fc
	}
	return m, nil
}

func (f *face) measure(r rune) float32 {
	idx, err := f.font.GlyphIndex(&f.buf, r)
	if err != nil || idx == 0 {
		idx, _ = f.font.GlyphIndex(&f.buf, '?')
	}
	adv, err := f.font.GlyphAdvance(&f.buf, idx, fixed.Int26_6(f.font.UnitsPerEm())<<6, 0)
	if err != nil {
		return 0
	}
	return float32(adv) / 64
}

func (f *face) advance(r rune) float32 {
	if r < 128 && r >= 0 {
		return f.ascii[r]
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.other[r]
	if !ok {
		a = f.measure(r)
		f.other[r] = a
	}
	return a
}

// Width implements Metrics.
func (m *FontMetrics) Width(text string, size float32, bold bool) float32 {
	f := m.faces[0]
	if bold {
		f = m.faces[1]
	}
	var units float32
	for _, r := range text {
		units += f.advance(r)
	}
	return units * size / f.upem
}

// Covers reports the runes of text the faces cannot draw, so an export can
// list them instead of printing boxes.
func (m *FontMetrics) Covers(text string) []rune {
	var missing []rune
	seen := map[rune]bool{}
	for _, r := range text {
		if unicode.IsSpace(r) || seen[r] {
			continue
		}
		seen[r] = true
		f := m.faces[0]
		f.mu.Lock()
		idx, err := f.font.GlyphIndex(&f.buf, r)
		f.mu.Unlock()
		if err != nil || idx == 0 {
			missing = append(missing, r)
		}
	}
	return missing
}

const ellipsis = "…"

// Wrap breaks text into at most maxLines lines no wider than width, breaking
// at spaces and, for words longer than a line, inside the word. When text
// does not fit, the last line ends in an ellipsis. maxLines <= 0 means no limit.
func Wrap(m Metrics, text string, size, width float32, bold bool, maxLines int) []string {
	words := strings.Fields(text)
	var lines []string
	line := ""
	truncated := false
	for i := 0; i < len(words); {
		if maxLines > 0 && len(lines) == maxLines {
			truncated = true
			break
		}
		try := words[i]
		if line != "" {
			try = line + " " + words[i]
		}
		switch {
		case m.Width(try, size, bold) <= width:
			line = try
			i++
		case line != "":
			lines = append(lines, line)
			line = ""
		default: // one word wider than the line: cut it
			head, rest := cutToWidth(m, words[i], size, width, bold)
			lines = append(lines, head)
			words[i] = rest
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if truncated {
		lines[len(lines)-1] = withEllipsis(m, lines[len(lines)-1], size, width, bold)
	}
	return lines
}

// Ellipsize shortens one line of text to fit width, ending in "…" when cut.
func Ellipsize(m Metrics, text string, size, width float32, bold bool) string {
	if m.Width(text, size, bold) <= width {
		return text
	}
	return withEllipsis(m, text, size, width, bold)
}

func withEllipsis(m Metrics, text string, size, width float32, bold bool) string {
	r := []rune(text)
	cut := func(n int) string { return strings.TrimRight(string(r[:n]), " ") + ellipsis }
	// The longest prefix that fits, found by halving: a narrow box cuts
	// most of a long title, and a rune at a time measured it dozens of
	// times.
	lo, hi := 0, len(r)+1 // cut(lo) is assumed to fit (or nothing does); the answer is in [lo, hi)
	for lo+1 < hi {
		if mid := (lo + hi) / 2; m.Width(cut(mid), size, bold) <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	return cut(lo)
}

func cutToWidth(m Metrics, word string, size, width float32, bold bool) (string, string) {
	r := []rune(word)
	n := 1
	for n < len(r) && m.Width(string(r[:n+1]), size, bold) <= width {
		n++
	}
	return string(r[:n]), string(r[n:])
}
