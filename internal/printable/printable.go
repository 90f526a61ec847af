// Package printable makes text safe to show as one line: on a terminal, where
// control characters are commands (set the title, clear the screen), and in
// a window. File names, journey titles and persona names reach messages from
// files a stranger may have crafted.
package printable

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Line returns s with every C0 and C1 control character (line breaks and
// tabs included: a message is one line), DEL and every byte of invalid UTF-8
// replaced by a visible escape: `\n`, `\x1b`, `\u009b`, `\xff`. Any other
// text, a backslash of a Windows path included, is kept as it is.
func Line(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			b.WriteString(c0Escape(r))
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean reports whether Line would change nothing: the common case.
func clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || r <= 0x9f {
			return false
		}
		i += n
	}
	return true
}

func c0Escape(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\v':
		return `\v`
	}
	return fmt.Sprintf(`\x%02x`, r)
}

// UpperFirst capitalises the first letter of a sentence.
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
