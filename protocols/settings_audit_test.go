package protocols_test

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/mad"
)

// TestSettingsErrorsAudit: settings outside what each setting's doc allows
// (docs/protocols.md) are refused with an error that names the setting.
func TestSettingsErrorsAudit(t *testing.T) {
	sixteen := "[a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16]"
	tests := []struct{ name, protocol, doc, wantPrefix string }{
		{"society n repeating a list wrongly", "society", "agents: [x, y]\nn: 3\n", "n:"},
		{"society of 16 agents", "society", "agents: " + sixteen + "\n", "agents:"},
		{"society n 0", "society", "agents: r\nn: 0\n", "n:"},
		{"society n 16", "society", "agents: r\nn: 16\n", "n:"},
		{"society rounds 11", "society", "agents: r\nrounds: 11\n", "rounds:"},
		{"mad three debaters", "mad", "judge: weak\ndebaters: [a, b, c]\nmoderator: mod\n", "debaters:"},
		{"mad no moderator", "mad", "judge: weak\ndebaters: strong\n", "moderator:"},
		{"mad verdict of the debaters", "mad", minimal["mad"] + "verdict: debaters\n", "verdict:"},
		{"debate best_of 17", "debate", minimal["debate"] + "best_of: 17\n", "best_of:"},
		{"debate best_of 0", "debate", minimal["debate"] + "best_of: 0\n", "best_of:"},
		{"grade swap", "grade", minimal["grade"] + "swap: true\n", "swap:"},
		{"grade one exam-taker twice", "grade", "judge: weak\nexam_takers: [strong, strong]\n", "exam_takers:"},
		{"grade an empty exam-taker", "grade", "judge: weak\nexam_takers: [strong, \"\"]\n", "exam_takers:"},
		{"grade word limit 5001", "grade", minimal["grade"] + "word_limit: 5001\n", "word_limit:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := protocols.Lookup(tt.protocol)
			if err != nil {
				t.Fatal(err)
			}
			p, err := f(decoder(tt.doc))
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantPrefix) {
				t.Errorf("protocol %s with\n%s= %T, %v; want an error starting with %q", tt.protocol, tt.doc, p, err, tt.wantPrefix)
			}
		})
	}
}

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
