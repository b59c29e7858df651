package humanjudge

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestActiveTimeIsAClaim: the active time the page sends with a verdict
// is recorded beside the wall time, in seconds to the millisecond, cut to
// the wall time the server measured, and none where the page sent none
// or no time; a value that is not a JSON number, a number in a string
// among them, is no verdict, and the error names the field.
func TestActiveTimeIsAClaim(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := t0
	var logged []string
	_, _, seats := testSeats(t, "ann")
	// Every episode, more than the cases.
	assigned := Assign(seats, Plan{Seed: 1, Repeat: true})
	srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: assigned, Repeat: true, Now: func() time.Time { return now },
		Logf: func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }})
	defer srv.Close()
	const wall = 100.0 // seconds from each episode shown to its verdict
	for _, tt := range []struct {
		name, field string // field is the raw active_ms, "" for none
		want        *float64
		dropped     bool // the claim is said dropped (Logf)
	}{
		{"absent (an older page)", "", nil, false},
		{"null (JSON.stringify of NaN)", `null`, nil, false},
		{"whole", `61234`, ptr(61.234), false},
		{"a fraction of a millisecond", `61234.6`, ptr(61.235), false},
		{"zero", `0`, ptr(0), false},
		{"the wall time", `100000`, ptr(wall), false},
		{"past the wall time", `250000`, ptr(wall), false},
		{"past float64's range", `1e400`, ptr(wall), false},
		{"negative", `-5`, nil, true},
		{"past float64's range, negative", `-1e400`, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := c.state()
			now = now.Add(wall * time.Second)
			logged = nil
			body := fmt.Sprintf(`{"position":%d,"key":%q,"answer":"A","confidence":80`, st.Episode.Position, st.Episode.Key)
			if tt.field != "" {
				body += `,"active_ms":` + tt.field
			}
			if code, out := c.postBody([]byte(body+"}"), c.csrf, "application/json"); code != http.StatusOK {
				t.Fatalf("got %d %s; want 200", code, out)
			}
			recs := srv.Records()
			msgs := recs[len(recs)-1].Messages
			m := msgs[len(msgs)-1]
			if m.Seconds != wall {
				t.Errorf("got seconds %v; want %v, the wall time as before", m.Seconds, wall)
			}
			if got := m.ActiveSeconds; (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
				t.Errorf("got active seconds %v; want %v", show(got), show(tt.want))
			}
			if said := len(logged) == 1 && strings.Contains(logged[0], "no time"); said != tt.dropped {
				t.Errorf("logged %q; want the claim said dropped: %v", logged, tt.dropped)
			}
		})
	}
	// The server's clock stepped back between the episode shown and its
	// verdict: no time, neither wall (absent) nor active, not a negative
	// one.
	st := c.state()
	now = now.Add(-5 * time.Second)
	body := fmt.Sprintf(`{"position":%d,"key":%q,"answer":"A","confidence":80,"active_ms":3000}`, st.Episode.Position, st.Episode.Key)
	if code, out := c.postBody([]byte(body), c.csrf, "application/json"); code != http.StatusOK {
		t.Fatalf("got %d %s; want 200", code, out)
	}
	recs := srv.Records()
	if m := recs[len(recs)-1].Messages[len(recs[len(recs)-1].Messages)-1]; m.Seconds != 0 || m.ActiveSeconds != nil {
		t.Errorf("the clock stepped back: seconds %v, active %v; want neither", m.Seconds, show(m.ActiveSeconds))
	}
	judged := len(srv.Records())
	for _, tt := range []struct {
		field string
		named bool // the error names active_ms (a syntax error names no field)
	}{
		{`"61234"x`, false},
		// The page sends a number: a number in a string is as bad as any
		// other string, as it is for confidence.
		{`"61234"`, true},
		{`"abc"`, true},
		{`true`, true},
		{`[1]`, true},
		{`{}`, true},
	} {
		st := c.state()
		body := fmt.Sprintf(`{"position":%d,"key":%q,"answer":"A","confidence":80,"active_ms":%s}`, st.Episode.Position, st.Episode.Key, tt.field)
		code, out := c.postBody([]byte(body), c.csrf, "application/json")
		if code != http.StatusBadRequest {
			t.Errorf("active_ms %s: got %d %s; want 400, not a verdict", tt.field, code, out)
		} else if tt.named && !strings.Contains(out, "active_ms") {
			t.Errorf("active_ms %s: got %s; want the error to name active_ms", tt.field, out)
		}
	}
	if got := len(srv.Records()); got != judged {
		t.Errorf("got %d verdicts after the malformed ones; want %d", got, judged)
	}
}

func ptr(x float64) *float64 { return &x }

func show(x *float64) string {
	if x == nil {
		return "none"
	}
	return fmt.Sprint(*x)
}

// TestPageIsToldTheIdleThreshold: the page reads the idle threshold from
// its meta tag, two minutes unless the server is given another.
func TestPageIsToldTheIdleThreshold(t *testing.T) {
	seats := annsSeats(t)
	for _, tt := range []struct {
		idle time.Duration
		want string
	}{{0, "120000"}, {1500 * time.Millisecond, "1500"}} {
		srv, c := openTest(t, Config{Annotator: "ann", Dir: t.TempDir(), Episodes: seats, Idle: tt.idle})
		_, page := c.get("/")
		if meta := `<meta name="idle-ms" content="` + tt.want + `">`; !strings.Contains(page, meta) {
			t.Errorf("idle %v: the page lacks %s", tt.idle, meta)
		}
		srv.Close()
	}
}

// TestActiveTimeIsNeverNegativeZero: a claim of minus zero ("-0", or one
// that underflows to it) is no time spent, 0, and is written as 0, not as
// -0.0 in the exported tables.
func TestActiveTimeIsNeverNegativeZero(t *testing.T) {
	for _, claim := range []string{"-0", "-0.0", "-1e-400", "-0.0e5"} {
		got, ok := activeSeconds(json.Number(claim), 100)
		if !ok || got == nil || *got != 0 || math.Signbit(*got) {
			t.Errorf("active_ms %s: got %v, %v; want +0, kept", claim, fmtPtr(got), ok)
		}
	}
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}
