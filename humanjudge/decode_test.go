package humanjudge

import (
	"net/http"
	"strings"
	"testing"
)

// TestVerdictBodyMalformedAfterAll: a body that is not one JSON object —
// a stray closing bracket after it — or that names a field twice in a
// spelling encoding/json folds onto it (ſ for s, the Kelvin sign K for k)
// is no verdict: encoding/json's Decoder.More does not see a closing
// bracket, and strings.ToLower does not fold as encoding/json matches
// names (ToLower("anſwer") is not "answer"), so each was taken, the long
// s with the last answer given. (The Kelvin sign was refused before too,
// ToLower making it k; it stays as a case of EqualFold's.)
func TestVerdictBodyMalformedAfterAll(t *testing.T) {
	seats := annsSeats(t)
	for _, tc := range []struct{ name, body string }{
		{"a stray brace after the object", `{"position":1,"key":"KEY","confidence":80,"answer":"A"}}`},
		{"a stray bracket after the object", `{"position":1,"key":"KEY","confidence":80,"answer":"A"}]`},
		{"an answer given twice, once with a long s", `{"position":1,"key":"KEY","confidence":80,"answer":"A","anſwer":"B"}`},
		{"a key given twice, once with a Kelvin sign", `{"position":1,"key":"KEY","confidence":80,"answer":"A","\u212aey":"x"}`},
	} {
		srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: seats})
		body := strings.ReplaceAll(tc.body, "KEY", c.state().Episode.Key)
		if code, answer := c.postBody([]byte(body), c.csrf, "application/json"); code != http.StatusBadRequest {
			t.Errorf("%s: %d %.80s; want %d", tc.name, code, answer, http.StatusBadRequest)
		}
		if n := len(srv.Records()); n != 0 {
			t.Errorf("%s: %d verdicts recorded", tc.name, n)
		}
		srv.Close()
	}
}
