package quotes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVerify(t *testing.T) {
	const context = "Orla Venn carried a green lantern to Kessmoor. The tide was low."
	checkVerify(t, context, []verifyCase{
		{"no quotes", "I argue green.", "I argue green."},
		{"found", "See <quote>a green lantern</quote>.", "See <v_quote>a green lantern</v_quote>."},
		{"not found", "See <quote>an amber lantern</quote>.", "See <u_quote>an amber lantern</u_quote>."},
		{"spaces trimmed", "<quote> The tide was low. </quote>", "<v_quote> The tide was low. </v_quote>"},
		{"empty is unverified", "<quote></quote>", "<u_quote></u_quote>"},
		{"two", "<quote>green</quote> and <quote>blue</quote>", "<v_quote>green</v_quote> and <u_quote>blue</u_quote>"},
		{"unclosed left alone", "x <quote>green", "x <quote>green"},
	})
}

// verifyCase is a text and what Verify makes of it.
type verifyCase struct {
	name, text, want string
}

// checkVerify checks what Verify makes of each case's text against
// context.
func checkVerify(t *testing.T, context string, cases []verifyCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify(tt.text, context); got != tt.want {
				t.Errorf("Verify(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtract(t *testing.T) {
	text := "a <v_quote>one</v_quote> b <quote> two </quote> c <u_quote>three</u_quote> <quote>open"
	want := []Quote{{"one", Verified}, {"two", Unchecked}, {"three", Unverified}}
	if diff := cmp.Diff(want, Extract(text)); diff != "" {
		t.Errorf("Extract mismatch (-want +got):\n%s", diff)
	}
}

// TestPartsRebuildText: a turn's parts, each quote given back the tags of
// its status, are the turn again, an unclosed tag left as text.
func TestPartsRebuildText(t *testing.T) {
	tags := map[Status][2]string{Unchecked: {Open, Close}, Verified: {VerifiedOpen, VerifiedClose}, Unverified: {UnverifiedOpen, UnverifiedClose}}
	for _, text := range []string{
		"",
		"no quote at all",
		"<quote>all quote</quote>",
		"a <v_quote> b </v_quote> c <u_quote>d</u_quote><quote></quote>e",
		"open <quote>never closed",
		"<u_quote>x</u_quote> then <v_quote>unclosed",
	} {
		var b strings.Builder
		quoted := 0
		for p := range Parts(text) {
			if p.Quote {
				quoted++
				b.WriteString(tags[p.Status][0] + p.Text + tags[p.Status][1])
			} else {
				if p.Text == "" {
					t.Errorf("%q: an empty plain part", text)
				}
				b.WriteString(p.Text)
			}
		}
		if b.String() != text {
			t.Errorf("parts of %q rebuild %q", text, b.String())
		}
		if quoted != len(Extract(text)) {
			t.Errorf("%q: %d quoted parts, %d quotes extracted", text, quoted, len(Extract(text)))
		}
	}
}

// TestVerifyWithNoContextChecksNothing: with no hidden text a quote is
// left unchecked, not marked unverified.
func TestVerifyWithNoContextChecksNothing(t *testing.T) {
	text := "The program says " + Wrap("return x + 1") + ".\n"
	if got := Verify(text, ""); got != text {
		t.Errorf("Verify with no context: %q; want the text as it is, its quote unchecked", got)
	}
	if got := Extract(Verify(text, "")); len(got) != 1 || got[0].Status != Unchecked {
		t.Errorf("quotes read back: %+v; want one, unchecked", got)
	}
	// A mark the speaker wrote is a claim there too: unchecked, not
	// verified.
	forged := "The program says " + VerifiedOpen + "return x + 1" + VerifiedClose + ".\n"
	if got := Verify(forged, ""); got != text {
		t.Errorf("Verify of a speaker's own mark with no context: %q; want %q, the quote unchecked", got, text)
	}
}

// TestAsShown: a recorded message reads as its Shown where the run
// marked its quotes, and otherwise as its text with the speaker's own
// marks made claims — a record written before the marks were, or with
// checking off, never shows a forged mark as verified.
func TestAsShown(t *testing.T) {
	forged := "see " + VerifiedOpen + "x" + VerifiedClose
	for _, c := range []struct{ text, shown, want string }{
		{forged, "", "see " + Wrap("x")},
		{forged, "see " + UnverifiedOpen + "x" + UnverifiedClose, "see " + UnverifiedOpen + "x" + UnverifiedClose},
		{"plain", "", "plain"},
		{"see " + Wrap("x"), "", "see " + Wrap("x")},
	} {
		if got := AsShown(c.text, c.shown); got != c.want {
			t.Errorf("AsShown(%q, %q) = %q; want %q", c.text, c.shown, got, c.want)
		}
	}
}
