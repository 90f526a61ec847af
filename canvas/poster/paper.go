package poster

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The sides of a custom paper, in millimetres: ParsePaper refuses others.
const (
	MinPaperMM = 50
	MaxPaperMM = 20_000
)

// Lengths are in PostScript points (1/72 inch), the unit of PDF pages.
const (
	Point = 1.0
	Inch  = 72.0
	MM    = Inch / 25.4
)

// Paper is a sheet size, always given portrait (W <= H); Orient turns it.
type Paper struct {
	Name string  // as a person writes it: "A0", "Letter", "ARCH D", "600×900 mm"
	W, H float64 // in points
}

// IsZero reports whether p is no paper at all (no tiling).
func (p Paper) IsZero() bool { return p.W == 0 || p.H == 0 }

// String is the paper's name and size, e.g. "A0 (841 × 1189 mm)".
func (p Paper) String() string {
	if p.Name == "" {
		return fmt.Sprintf("%s × %s mm", mmText(p.W), mmText(p.H))
	}
	return fmt.Sprintf("%s (%s × %s mm)", p.Name, mmText(p.W), mmText(p.H))
}

func mmText(pt float64) string {
	return strconv.FormatFloat(math.Round(pt/MM*10)/10, 'f', -1, 64)
}

func mm(w, h float64) (float64, float64)   { return w * MM, h * MM }
func inch(w, h float64) (float64, float64) { return w * Inch, h * Inch }

func paper(name string, w, h float64) Paper { return Paper{Name: name, W: w, H: h} }

// Papers lists the standard sheets, smallest first within each family.
var Papers = func() []Paper {
	var out []Paper
	for _, p := range []struct {
		name string
		w, h float64
		in   bool
	}{
		{"A5", 148, 210, false}, {"A4", 210, 297, false}, {"A3", 297, 420, false},
		{"A2", 420, 594, false}, {"A1", 594, 841, false}, {"A0", 841, 1189, false},
		{"Letter", 8.5, 11, true}, {"Legal", 8.5, 14, true}, {"Tabloid", 11, 17, true},
		{"ARCH C", 18, 24, true}, {"ARCH D", 24, 36, true}, {"ARCH E", 36, 48, true},
	} {
		w, h := mm(p.w, p.h)
		if p.in {
			w, h = inch(p.w, p.h)
		}
		out = append(out, paper(p.name, w, h))
	}
	return out
}()

// paperAliases maps other spellings to a name in Papers. Ledger is the
// Tabloid sheet (it is Tabloid turned landscape; orientation is separate).
var paperAliases = map[string]string{"ledger": "Tabloid", "usletter": "Letter", "uslegal": "Legal",
	"archc": "ARCH C", "archd": "ARCH D", "arche": "ARCH E", "c": "ARCH C", "d": "ARCH D", "e": "ARCH E"}

// PaperNames is the list a usage message shows.
const PaperNames = "A0–A5, Letter, Legal, Tabloid (Ledger), ARCH C, ARCH D, ARCH E, or WxHmm / WxHin"

// ParsePaper reads a paper: a standard name (any case, "ARCH D", "arch-d",
// "ArchD"), or a custom size "600x900mm", "24x36in", "600 × 900 mm".
func ParsePaper(s string) (Paper, error) {
	key := strings.ToLower(strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.TrimSpace(s)))
	if key == "" {
		return Paper{}, fmt.Errorf("no paper size given; use %s", PaperNames)
	}
	if a, ok := paperAliases[key]; ok {
		key = strings.ToLower(strings.ReplaceAll(a, " ", ""))
	}
	for _, p := range Papers {
		if strings.ToLower(strings.ReplaceAll(p.Name, " ", "")) == key {
			return p, nil
		}
	}
	key = strings.ReplaceAll(key, "×", "x")
	unit := ""
	for _, u := range []string{"mm", "cm", "in", "pt"} {
		if strings.HasSuffix(key, u) {
			unit, key = u, strings.TrimSuffix(key, u)
			break
		}
	}
	ws, hs, ok := strings.Cut(key, "x")
	if !ok {
		return Paper{}, fmt.Errorf("paper %q is not a known size; use %s", s, PaperNames)
	}
	if unit == "" {
		return Paper{}, fmt.Errorf("paper %q needs a unit: write it as %smm or %sin", s, strings.TrimSpace(ws)+"x"+strings.TrimSpace(hs), strings.TrimSpace(ws)+"x"+strings.TrimSpace(hs))
	}
	w, err1 := strconv.ParseFloat(strings.TrimSuffix(ws, unit), 64)
	h, err2 := strconv.ParseFloat(hs, 64)
	if err1 != nil || err2 != nil || !(w > 0) || !(h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return Paper{}, fmt.Errorf("paper %q is not a size; write it as WIDTHxHEIGHTmm, e.g. 600x900mm", s)
	}
	f := unitPoints[unit]
	w, h = w*f, h*f
	if w < MinPaperMM*MM || h < MinPaperMM*MM || w > MaxPaperMM*MM || h > MaxPaperMM*MM {
		return Paper{}, fmt.Errorf("paper %q is out of range: each side must be between 50 mm and 20 m", s)
	}
	name := fmt.Sprintf("%s×%s %s", trimFloat(w/f), trimFloat(h/f), unit)
	if w > h {
		w, h = h, w
	}
	return Paper{Name: name, W: w, H: h}, nil
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var unitPoints = map[string]float64{"mm": MM, "cm": 10 * MM, "in": Inch, "pt": Point}

// ParseLength reads a length such as "10mm", "0.5in", "1cm" or "12pt".
func ParseLength(s string) (float64, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	for u, f := range unitPoints {
		if strings.HasSuffix(t, u) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(t, u), 64)
			if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
				break
			}
			return v * f, nil
		}
	}
	return 0, fmt.Errorf("%q is not a length; write it with a unit, e.g. 10mm or 0.5in", s)
}

// Orientation is how a sheet is turned.
type Orientation int

// The orientations. Auto picks whichever prints the map larger: landscape
// for wide maps.
const (
	Auto Orientation = iota
	Landscape
	Portrait
)

func (o Orientation) String() string {
	switch o {
	case Landscape:
		return "landscape"
	case Portrait:
		return "portrait"
	}
	return "auto"
}

// ParseOrientation reads auto, landscape or portrait.
func ParseOrientation(s string) (Orientation, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "landscape", "l", "wide":
		return Landscape, nil
	case "portrait", "p", "tall":
		return Portrait, nil
	}
	return Auto, fmt.Errorf("orientation %q is not auto, landscape or portrait", s)
}

// Orient returns the sheet's width and height turned to o (Auto: as given).
func (p Paper) Orient(o Orientation) (w, h float64) {
	if o == Landscape {
		return p.H, p.W
	}
	return p.W, p.H
}

// thousands writes n with thousands separators, as the messages print counts.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
