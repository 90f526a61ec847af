package poster

import (
	"strings"
	"testing"
	"time"

	"waymark/model"
)

// The title block says who owns the journey, when it is due for review and
// the file's latest version; a journey with none of them prints no line.
func TestTitleBlockNamesOwnerReviewAndVersion(t *testing.T) {
	p := sample(t)
	j := p.Journeys[0]
	plain := lensPDFText(t, docOf(t, p, j), opts(t, "A2"), "plain.pdf")
	if strings.Contains(plain, "Owner:") || strings.Contains(plain, "latest version") {
		t.Fatalf("a journey without owner or versions prints a steward line: %s", plain)
	}
	j.Owner = "  CX   team "
	j.ReviewBy = time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	o := opts(t, "A2")
	o.Latest = &model.Version{Seq: 3, Name: "After round 2", Created: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)}
	text := lensPDFText(t, docOf(t, p, j), o, "steward.pdf")
	want := "Owner: CX team · review by 1 June 2027 · latest version “After round 2”, 3 March 2026"
	if !strings.Contains(text, want) {
		t.Fatalf("the title block lacks %q:\n%s", want, text)
	}
	j.Owner, j.ReviewBy = "", time.Time{}
	if text := lensPDFText(t, docOf(t, p, j), o, "version.pdf"); !strings.Contains(text, "Latest version “After round 2”, 3 March 2026") {
		t.Fatalf("the version alone is not named:\n%s", text)
	}
}
