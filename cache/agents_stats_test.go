package cache

import (
	"context"
	"testing"
	"time"
)

// TestStatsAcrossAgents: Stats counts each agent's entries under its
// label, and the oldest and newest entries are of the whole cache, not
// of the agent read first or last: here agent "a" holds entries of
// seconds 2000 and 3000, agent "b" one of second 1000 and one of 2500.
func TestStatsAcrossAgents(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, t.TempDir())
	const blob = `{"text":"t","usage":{}}` // 23 bytes
	for _, e := range []struct {
		key, agent string
		created    int64
	}{{"1", "a", 2000}, {"2", "a", 3000}, {"3", "b", 1000}, {"4", "b", 2500}} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO responses (key, agent, response, created) VALUES (?, ?, ?, ?)`, e.key, e.agent, blob, e.created); err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Oldest.Equal(time.Unix(1000, 0)) {
		t.Errorf("oldest: got %v; want %v, agent b's", st.Oldest, time.Unix(1000, 0))
	}
	if !st.Newest.Equal(time.Unix(3000, 0)) {
		t.Errorf("newest: got %v; want %v, agent a's", st.Newest, time.Unix(3000, 0))
	}
	if st.Entries != 4 || st.ByAgent["a"] != 2 || st.ByAgent["b"] != 2 || len(st.ByAgent) != 2 {
		t.Errorf("entries: got %d, by agent %v; want 4, a 2 and b 2", st.Entries, st.ByAgent)
	}
	if want := int64(4 * len(blob)); st.Bytes != want {
		t.Errorf("bytes: got %d; want %d", st.Bytes, want)
	}
}
