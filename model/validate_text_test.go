package model

import (
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	cases := map[string]string{
		"plain":                        "plain",
		"Zoë\tMüller\r\nline":          "Zoë\tMüller\r\nline",
		"\x1b[31mred\x1b[0m":           "[31mred[0m",
		"a\x00b\x7fc\u0085d\u009be":    "abcde",
		"bad \xff\xfe utf8 \xe2\x82":   "bad  utf8 ",
		"":                             "",
		"\u00a0non-breaking is kept €": "\u00a0non-breaking is kept €",
	}
	for in, want := range cases {
		got := CleanText(in)
		if got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
		if p := TextProblem(got, true); p != "" || !utf8.ValidString(got) {
			t.Errorf("CleanText(%q) = %q still %s", in, got, p)
		}
	}
}
