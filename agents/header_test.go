package agents

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mootlab/moot/transcript"
)

func TestRequestHeaderRoundTrip(t *testing.T) {
	req := Request{
		Role: transcript.RoleDebater, Name: "Debater B", Side: 1, Round: 2, Rounds: 3, WordLimit: 150, QuotesVerified: true,
		Messages: []transcript.ChatMessage{{Role: "user", Content: "argue"}},
		View: transcript.View{QuestionID: "q", Family: transcript.FamilyQA, Question: "What?", Answers: [2]string{"x", "y"},
			Context: "An article with \"quotes\" and\nnewlines.", Evidence: []transcript.Claim{{Kind: transcript.KindQuote, Answer: 1, Text: "y."}}, Difficulty: 0.25},
		Transcript: []transcript.Turn{{Round: 1, Role: transcript.RoleDebater, Name: "Debater A", Side: 0, Text: "<quote>x</quote>"}},
		Seed:       1<<63 + 5,
	}
	h, err := EncodeRequestHeader(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range h {
		if c < 0x21 || c > 0x7e {
			t.Fatalf("header value has byte %q; want printable ASCII", c)
		}
	}
	got, err := DecodeRequestHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	want := req
	want.Messages = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, err := DecodeRequestHeader("!!"); err == nil {
		t.Error("DecodeRequestHeader of garbage: no error")
	}
}
