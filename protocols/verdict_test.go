package protocols

import "testing"

func TestParseVerdict(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Answer: A", 0},
		{"reasoning\nAnswer: B\n", 1},
		{"answer:b", 1},
		{"**Answer: A**", 0},
		{"Answer: [B].", 1},
		{"Answer: 2", 1},
		{"Answer: A\nOn reflection.\nAnswer: B", 1},
		{"The answer is A", -1},
		{"Answer: C", -1},
		{"Answer: AB", -1},
		{"", -1},
		{"Answers: A", -1},
	}
	for _, tt := range tests {
		got, how := ParseVerdict(tt.text)
		if got != tt.want {
			t.Errorf("ParseVerdict(%q) = %d (%s); want %d", tt.text, got, how, tt.want)
		}
		if (got < 0) != (how == ParsedUnparsed) {
			t.Errorf("ParseVerdict(%q) how = %q; inconsistent with %d", tt.text, how, got)
		}
	}
}

func FuzzParseVerdict(f *testing.F) {
	for _, s := range []string{"Answer: A", "answer: [b].", "**Answer:**", "Answer:\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, how := ParseVerdict(s)
		if got < -1 || got > 1 || (got < 0) != (how == ParsedUnparsed) {
			t.Fatalf("ParseVerdict(%q) = %d, %q", s, got, how)
		}
	})
}
