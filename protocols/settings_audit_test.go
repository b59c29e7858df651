package protocols_test

import (
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/mad"
)

// TestSettingsAtTheirBounds: the ends of each documented range are
// accepted.
func TestSettingsAtTheirBounds(t *testing.T) {
	fifteen := "[a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15]"
	for _, tt := range []struct{ protocol, doc string }{
		{"society", "agents: " + fifteen + "\n"},
		{"society", "agents: " + fifteen + "\nn: 15\n"},
		{"society", "agents: r\nn: 15\nrounds: 10\n"},
		{"debate", minimal["debate"] + "best_of: 16\n"},
		{"grade", minimal["grade"] + "word_limit: 5000\n"},
		{"mad", "judge: weak\ndebaters: [a, b]\nmoderator: mod\n"},
	} {
		f, err := protocols.Lookup(tt.protocol)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f(decoder(tt.doc)); err != nil {
			t.Errorf("protocol %s with\n%s: %v; want it accepted", tt.protocol, tt.doc, err)
		}
	}
}

// TestMADVerdictJudgeIsTheDefault: verdict: judge is the default written
// out, recorded as the default is (""), so that its prompts hash as the
// default's.
func TestMADVerdictJudgeIsTheDefault(t *testing.T) {
	f, err := protocols.Lookup("mad")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f(decoder(minimal["mad"] + "verdict: judge\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v := p.Settings().(mad.Settings).Verdict; v != "" {
		t.Errorf("verdict: judge recorded as %q; want \"\", the default", v)
	}
}
