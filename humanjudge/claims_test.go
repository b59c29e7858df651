package humanjudge

import "testing"

// TestActiveTimeBelowZeroIsNoTime: a page's active time below 0, by
// however little, is no time, not a negative one kept.
func TestActiveTimeBelowZeroIsNoTime(t *testing.T) {
	if s, ok := activeSeconds("-0.5", 10); ok || s != nil {
		t.Errorf("active -0.5 ms: %v, %v; want no time, refused", s, ok)
	}
}

// TestReplyOfAReasonTypedOnWindows: a reason's CRLF line ends are kept as
// LF in the judge's reply.
func TestReplyOfAReasonTypedOnWindows(t *testing.T) {
	v := verdictIn{Answer: "B", Confidence: 70, Reason: "one\r\ntwo\r\n"}
	if got, want := v.reply(), "one\ntwo\n\nConfidence: 70%\nAnswer: B"; got != want {
		t.Errorf("reply %q; want %q", got, want)
	}
}
