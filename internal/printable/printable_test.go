package printable

import "testing"

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{`map [1].cjm: is damaged`, `map [1].cjm: is damaged`},
		{`C:\maps\zoë.cjm`, `C:\maps\zoë.cjm`},
		{"persona \"\x1b]0;owned\x07\x1b[2J\"", `persona "\x1b]0;owned\a\x1b[2J"`},
		{"two\nlines\r\tand a tab", `two\nlines\r\tand a tab`},
		{"C1 CSI \u009b2J and NEL \u0085", `C1 CSI \u009b2J and NEL \u0085`},
		{"del \x7f nul \x00", `del \x7f nul \x00`},
		{"bad \xff\xfe utf-8 \xe2\x82", `bad \xff\xfe utf-8 \xe2\x82`},
		{"no-break\u00a0space and € are text", "no-break\u00a0space and € are text"},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestUpperFirst(t *testing.T) {
	for in, want := range map[string]string{"": "", "text is small": "Text is small", "élan": "Élan", "\xffx": "\xffx"} {
		if got := UpperFirst(in); got != want {
			t.Errorf("UpperFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
