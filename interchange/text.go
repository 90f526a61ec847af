package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"waymark/model"
)

// MaxInputSize caps what an import reads; a journey map in text is far
// smaller.
const MaxInputSize = 64 << 20

// Error is a problem at a place in the input. Its text is one sentence:
// "line 7: expected ...", "line 12, column emotion: Zoë: ...".
type Error struct {
	Line   int    // 1 first; 0 when the problem is not on one line
	Column string // the CSV column; "" for Mermaid and for whole rows
	Msg    string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column != "":
		return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func lineErr(line int, format string, args ...any) error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func cellErr(line int, column, format string, args ...any) error {
	return &Error{Line: line, Column: column, Msg: fmt.Sprintf(format, args...)}
}

// readText reads an input file as text. UTF-8 (with or without a byte order
// mark) is read as it is; UTF-16 with a byte order mark (Excel's "Unicode
// text") is decoded; anything else that is not valid UTF-8 is read as
// Windows-1252, the encoding of Excel's plain "CSV" on Windows, with a
// warning. Line endings become "\n".
func readText(r io.Reader) (string, []string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return "", nil, err
	}
	if len(data) > MaxInputSize {
		return "", nil, fmt.Errorf("it is larger than %d MB", MaxInputSize>>20)
	}
	var warnings []string
	var text string
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", nil, invalidUTF8(data)
		}
		text = string(data)
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		if len(data)%2 != 0 {
			return "", nil, errors.New("it starts as UTF-16 text but has an odd number of bytes")
		}
		big := data[0] == 0xfe
		u := make([]uint16, 0, len(data)/2-1)
		for i := 2; i+1 < len(data); i += 2 {
			if big {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			} else {
				u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
			}
		}
		text = string(utf16.Decode(u))
	case utf8.Valid(data):
		text = string(data)
	default:
		text = decodeWindows1252(data)
		warnings = append(warnings, "the file is not UTF-8, so it was read as Windows-1252 (Excel's plain CSV); check that accented letters came through")
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return text, warnings, nil
}

func invalidUTF8(data []byte) error {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return lineErr(bytes.Count(data[:i], []byte("\n"))+1, "the text is not valid UTF-8, although the file starts with a UTF-8 byte order mark")
		}
		i += n
	}
	return nil
}

// win1252 maps the bytes 0x80..0x9F of Windows-1252; the rest of the high
// half is Latin-1.
var win1252 = [32]rune{
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
}

func decodeWindows1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(win1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "…"
}

// scoreText writes a score as a person reads it on its scale: "+2" on a
// bipolar scale, "4" on 1..5.
func scoreText(score int, s model.Scale) string {
	if s.Min < 0 && score > 0 {
		return fmt.Sprintf("+%d", score)
	}
	return fmt.Sprint(score)
}

// nameList quotes up to three names and counts the rest.
func nameList(names []string) string {
	var q []string
	for i, n := range names {
		if i == 3 {
			q = append(q, fmt.Sprintf("%d more", len(names)-3))
			break
		}
		q = append(q, fmt.Sprintf("%q", clip(n)))
	}
	switch len(q) {
	case 1:
		return q[0]
	case 2:
		return q[0] + " and " + q[1]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
