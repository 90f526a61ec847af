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

// MaxInputSize caps what an import reads: as large as a .cjm file may be,
// so that the CSV or Mermaid export of any map with text of ordinary length
// (a million cards, the most a project holds, make about 100 MB of CSV)
// imports again. The exports refuse to write more, so that whatever Waymark
// writes it reads. The input is held once, as read, and decoded as it is
// parsed, so that memory stays near the input's size.
const MaxInputSize = 1 << 30

// inputLimit is MaxInputSize; tests lower it to try the limit on small inputs.
var inputLimit int64 = MaxInputSize

// errTooLarge stops an export at the import limit.
var errTooLarge = errors.New("more than Waymark imports")

// sizeLimit counts what an export would write, and stops it once that is
// more than limit bytes.
type sizeLimit struct {
	n, limit int64
}

func (s *sizeLimit) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	if s.n > s.limit {
		return 0, errTooLarge
	}
	return len(p), nil
}

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

// textEncoding is how an input's bytes are characters.
type textEncoding int

const (
	encUTF8 textEncoding = iota
	encUTF16LE
	encUTF16BE
	encWindows1252
)

// source is an input file as read: its bytes after any byte order mark and
// their encoding. UTF-8 (with or without a byte order mark) is read as it
// is; UTF-16 with a byte order mark (Excel's "Unicode text") is decoded;
// anything else that is not valid UTF-8 is read as Windows-1252, the
// encoding of Excel's plain "CSV" on Windows, with a warning.
type source struct {
	data     []byte
	enc      textEncoding
	warnings []string
}

func readSource(r io.Reader) (*source, error) {
	data, err := io.ReadAll(io.LimitReader(r, inputLimit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > inputLimit {
		return nil, fmt.Errorf("it is larger than %s bytes, the most Waymark imports", grouped(inputLimit))
	}
	s := &source{data: data}
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		s.data = data[3:]
		if !utf8.Valid(s.data) {
			return nil, invalidUTF8(s.data)
		}
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		if len(data)%2 != 0 {
			return nil, errors.New("it starts as UTF-16 text but has an odd number of bytes")
		}
		s.data, s.enc = data[2:], encUTF16LE
		if data[0] == 0xfe {
			s.enc = encUTF16BE
		}
	case utf8.Valid(data):
	default:
		s.enc = encWindows1252
		s.warnings = append(s.warnings, "the file is not UTF-8, so it was read as Windows-1252 (Excel's plain CSV); check that accented letters came through")
	}
	return s, nil
}

// reader returns the text of the source from its start, decoded as it is
// read. Line ends (CR LF, CR) become "\n". It is the one place imports
// apply the text rule of model.Validate to characters: a control character
// other than tab and line breaks (NUL, escape, DEL, U+0080–U+009F) is an
// error naming its line, not dropped or kept silently, since it means the
// file is not the text it seems to be (or was made to mislead).
func (s *source) reader() *textReader {
	return &textReader{src: s.data, enc: s.enc, line: 1}
}

// text returns the whole text of the source (see reader).
func (s *source) text() (string, error) {
	var b strings.Builder
	b.Grow(len(s.data))
	if _, err := io.Copy(&b, s.reader()); err != nil {
		return "", err
	}
	return b.String(), nil
}

// readText reads an input file as text (see source and reader).
func readText(r io.Reader) (string, []string, error) {
	s, err := readSource(r)
	if err != nil {
		return "", nil, err
	}
	text, err := s.text()
	if err != nil {
		return "", nil, err
	}
	return text, s.warnings, nil
}

// textReader decodes a source as UTF-8 with "\n" line ends, refusing control
// characters; see source.reader.
type textReader struct {
	src     []byte
	enc     textEncoding
	line    int  // the line being read, 1 first
	afterCR bool // the last character was a CR, so an LF now ends no line
	pend    []byte
	err     error
}

func (t *textReader) Read(p []byte) (int, error) {
	n := copy(p, t.pend)
	t.pend = t.pend[n:]
	for n < len(p) && len(t.src) > 0 {
		var r rune
		size := 1
		switch t.enc {
		case encUTF8:
			if c := t.src[0]; 0x20 <= c && c < 0x7f {
				p[n] = c
				n++
				t.src = t.src[1:]
				t.afterCR = false
				continue
			}
			r, size = utf8.DecodeRune(t.src)
		case encUTF16LE, encUTF16BE:
			r, size = t.utf16()
		case encWindows1252:
			switch c := t.src[0]; {
			case c < 0x80:
				r = rune(c)
			case c < 0xa0:
				r = win1252[c-0x80]
			default:
				r = rune(c)
			}
		}
		t.src = t.src[size:]
		switch {
		case r == '\r' || r == '\n' && !t.afterCR:
			p[n] = '\n'
			n++
			t.line++
			t.afterCR = r == '\r'
			continue
		case r == '\n':
			t.afterCR = false
			continue
		}
		t.afterCR = false
		if r != '\t' && (r < 0x20 || 0x7f <= r && r <= 0x9f) {
			t.err = lineErr(t.line, "the file holds the control character %U, which a journey map cannot hold", r)
			t.src = nil
			break
		}
		if len(p)-n >= utf8.RuneLen(r) {
			n += utf8.EncodeRune(p[n:], r)
		} else {
			t.pend = utf8.AppendRune(t.pend[:0], r)
			k := copy(p[n:], t.pend)
			n += k
			t.pend = t.pend[k:]
		}
	}
	if n == 0 && len(p) > 0 {
		if t.err != nil {
			return 0, t.err
		}
		return 0, io.EOF
	}
	return n, nil
}

// utf16 decodes the next character of UTF-16 text; an unpaired surrogate
// is U+FFFD, as utf16.Decode reads it.
func (t *textReader) utf16() (rune, int) {
	unit := func(b []byte) rune {
		if t.enc == encUTF16BE {
			return rune(b[0])<<8 | rune(b[1])
		}
		return rune(b[1])<<8 | rune(b[0])
	}
	if len(t.src) < 2 {
		return utf8.RuneError, len(t.src)
	}
	r := unit(t.src)
	if utf16.IsSurrogate(r) {
		if len(t.src) >= 4 {
			if d := utf16.DecodeRune(r, unit(t.src[2:])); d != utf8.RuneError {
				return d, 4
			}
		}
		return utf8.RuneError, 2
	}
	return r, 2
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

// oneProblem keeps the first problem Validate found: an import's error is
// one sentence, and the importers' own checks name the line before Validate
// sees most problems.
func oneProblem(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 0 {
		return j.Unwrap()[0]
	}
	return err
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

// grouped writes n with thousands separators, as limits are quoted.
func grouped(n int64) string { return model.Grouped(n) }

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
