package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// TestRecordOpenAI runs small-openai.yaml against serve-sim, which notes
// every prompt it receives: the run's prompt store must hold exactly
// those prompts, each message's by its prompt_sha256, and Prompts must
// rebuild each message's prompt, byte for byte, with the same hash.
func TestRecordOpenAI(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	var mu sync.Mutex
	received := map[string]bool{} // model, then the messages' JSON
	x, _ := serveSmallWith(t, simserver.Options{Received: func(model string, req agents.Request) {
		b, _ := json.Marshal(req.Messages)
		mu.Lock()
		received[model+"\x00"+string(b)] = true
		mu.Unlock()
	}})
	out := t.TempDir()
	if _, err := Run(context.Background(), x, Options{Out: out, Concurrency: 8}); err != nil {
		t.Fatal(err)
	}
	stored, err := ReadPrompts(out)
	if err != nil {
		t.Fatal(err)
	}
	eps := readTranscripts(t, out)
	sent := map[string]bool{}
	checked := 0
	for _, ep := range eps {
		if ep.Error != "" {
			t.Fatalf("episode %s failed: %s", ep.EpisodeID, ep.Error)
		}
		rebuilt, err := x.Prompts(&ep)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ep.Messages {
			msgs, ok := stored[m.PromptSHA256]
			if !ok {
				t.Fatalf("%s message %d (%s): prompt %s not in %s", ep.EpisodeID, i, m.Name, m.PromptSHA256, PromptsFile)
			}
			b, _ := json.Marshal(msgs)
			key := m.Agent + "\x00" + string(b)
			if !received[key] {
				t.Fatalf("%s message %d (%s): the stored prompt is not one %s was sent", ep.EpisodeID, i, m.Name, m.Agent)
			}
			sent[key] = true
			if got := rebuilt[i]; got.SHA256 != m.PromptSHA256 || !reflect.DeepEqual(got.Messages, msgs) {
				t.Fatalf("%s message %d (%s): rebuilt prompt %s, %d messages; want %s, %d messages as sent",
					ep.EpisodeID, i, m.Name, got.SHA256, len(got.Messages), m.PromptSHA256, len(msgs))
			}
			checked++
		}
	}
	if len(sent) != len(received) || len(stored) != len(received) {
		t.Errorf("the transcripts' prompts are %d of the %d prompts sent; the store holds %d; want all", len(sent), len(received), len(stored))
	}
	if checked == 0 {
		t.Fatal("no message checked")
	}
	qs, err := ReadQuestions(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range eps {
		q, ok := qs[QuestionKey(ep.Task, ep.QuestionID)]
		if !ok || q.Answers != ep.Answers || q.Correct != ep.CorrectAnswer {
			t.Fatalf("%s: question %s/%s in %s: %+v; want its answers %v", ep.EpisodeID, ep.Task, ep.QuestionID, QuestionsFile, q, ep.Answers)
		}
	}
}

// TestRecordSim runs small.yaml with sim agents, which read no prompt:
// the run writes its questions and no prompt store, and Prompts rebuilds
// every message's prompt with the hash recorded.
func TestRecordSim(t *testing.T) {
	x := loadSmall(t)
	out := t.TempDir()
	if _, err := Run(context.Background(), x, Options{Out: out, Concurrency: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, PromptsFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a sim run wrote %s (stat: %v); want none", PromptsFile, err)
	}
	qs, err := ReadQuestions(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(x.Tasks[0].Questions); len(qs) != want {
		t.Errorf("%s holds %d questions; want %d", QuestionsFile, len(qs), want)
	}
	checked := 0
	for _, ep := range readTranscripts(t, out) {
		rebuilt, err := x.Prompts(&ep)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ep.Messages {
			if got := rebuilt[i]; got.SHA256 != m.PromptSHA256 || len(got.Messages) == 0 {
				t.Fatalf("%s message %d (%s): rebuilt %s with %d messages; want %s", ep.EpisodeID, i, m.Name, got.SHA256, len(got.Messages), m.PromptSHA256)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no message checked")
	}
	// A rejudged record too: its kept speakers' prompts and its new
	// judge's, who read what the first judge read; and a record of that
	// run judged again by the first judge (its id hashed twice), which
	// was "no such episode in the experiment's plan".
	again, back := t.TempDir(), t.TempDir()
	if _, err := Rejudge(context.Background(), x, out, "sly", Options{Out: again, Concurrency: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := Rejudge(context.Background(), x, again, "judge", Options{Out: back, Concurrency: 2}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{again, back} {
		checked = 0
		for _, ep := range readTranscripts(t, dir) {
			if ep.Error != "" {
				continue
			}
			rebuilt, err := x.Prompts(&ep)
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range ep.Messages {
				if got := rebuilt[i]; got.SHA256 != m.PromptSHA256 || len(got.Messages) == 0 {
					t.Fatalf("rejudged %s message %d (%s, kept %v): rebuilt %s; want %s", ep.EpisodeID, i, m.Name, m.Kept, got.SHA256, m.PromptSHA256)
				}
				checked++
			}
		}
		if checked == 0 {
			t.Fatalf("no rejudged message of %s checked", dir)
		}
	}
}

// cutPromptStore writes dir's prompt store as a killed run leaves it:
// the prompt "prompt "+sum of each of sums, kept in order, then a second
// stream of them cut short. It returns the store's path.
func cutPromptStore(t *testing.T, dir string, sums ...string) string {
	t.Helper()
	s, err := openPrompts(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		s.keep(nil, &agents.Request{PromptSHA256: sum, Messages: []transcript.ChatMessage{{Role: "user", Content: "prompt " + sum}}})
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, PromptsFile)
	whole := mustRead(t, path)
	if err := os.WriteFile(path, append(whole, whole[:len(whole)/2]...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPromptStoreCut: a store cut short by a killed run reads as the
// prompts before the cut, and is repaired when a resumed run opens it.
func TestPromptStoreCut(t *testing.T) {
	dir := t.TempDir()
	path := cutPromptStore(t, dir, "a", "b", "a")
	got, err := ReadPrompts(dir)
	if err != nil || len(got) != 2 || got["b"][0].Content != "prompt b" {
		t.Fatalf("ReadPrompts of a cut store: %v, %v; want a and b", got, err)
	}
	s, err := openPrompts(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	a := agents.Agent(nil)
	s.keep(a, &agents.Request{PromptSHA256: "c", Messages: []transcript.ChatMessage{{Role: "user", Content: "prompt c"}}})
	s.keep(a, &agents.Request{PromptSHA256: "a", Messages: []transcript.ChatMessage{{Role: "user", Content: "again"}}})
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := transcript.ScanGzipLines(path, func([]byte) error { n++; return nil }); err != nil || n != 3 {
		t.Errorf("the repaired store has %d lines (%v); want 3, whole", n, err)
	}
}

// TestPromptStoreDamaged: a store whose bytes are wrong (here a second
// stream's header overwritten) is not taken for one cut short: reading
// it says so, and a resumed run stops, naming the file and what to do,
// where it used to rewrite the store with the prompts before the damage
// and drop the rest unsaid.
func TestPromptStoreDamaged(t *testing.T) {
	dir := t.TempDir()
	s, err := openPrompts(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	s.keep(nil, &agents.Request{PromptSHA256: "a", Messages: []transcript.ChatMessage{{Role: "user", Content: "prompt a"}}})
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, PromptsFile)
	damaged := append(mustRead(t, path), []byte("not a gzip header at all")...)
	if err := os.WriteFile(path, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPrompts(dir); !errors.Is(err, transcript.ErrDamaged) {
		t.Errorf("ReadPrompts of a damaged store: %v; want %v", err, transcript.ErrDamaged)
	}
	_, err = openPrompts(dir, false)
	if !errors.Is(err, transcript.ErrDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "move it aside") {
		t.Errorf("opening a damaged store: %v; want it refused, naming %s and what to do", err, path)
	}
	if got := mustRead(t, path); !bytes.Equal(got, damaged) {
		t.Errorf("the damaged store was rewritten (%d bytes, was %d); want it left as it was", len(got), len(damaged))
	}
}

// TestPromptsOfRejudgedRecords: every prompt of a rejudged record is
// rebuilt with the hash recorded — a best-of-N scorer's, kept from the
// first run with the first judge in the judge's seat, as the new judge's
// verdicts with it seated — and a vote's, whose record keeps its judge
// field, is found all the same.
func TestPromptsOfRejudgedRecords(t *testing.T) {
	const vote = `name: vote
seed: 4
agents:
  a: {backend: sim, skill: 0.7}
  judge: {backend: sim}
tasks:
  - {name: qa, generator: qa, n: 3}
protocols:
  - {name: society, agents: [a, a, a], rounds: 1}
  - {name: direct, judge: judge}
`
	for _, tt := range []struct{ file, judge string }{{bestOfExperiment, "strong"}, {vote, "a"}} {
		x := mustParse(t, "x.yaml", tt.file)
		out, again := t.TempDir(), t.TempDir()
		if _, err := Run(context.Background(), x, Options{Out: out, Concurrency: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := Rejudge(context.Background(), x, out, tt.judge, Options{Out: again, Concurrency: 2}); err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, ep := range readTranscripts(t, again) {
			rebuilt, err := x.Prompts(&ep)
			if err != nil {
				t.Fatalf("%s (%s): %v", ep.EpisodeID, ep.Protocol, err)
			}
			for i, m := range ep.Messages {
				if rebuilt[i].SHA256 != m.PromptSHA256 {
					t.Fatalf("%s message %d (%s, %s, kept %v): rebuilt %s; want %s", ep.EpisodeID, i, m.Name, m.Role, m.Kept, rebuilt[i].SHA256, m.PromptSHA256)
				}
				checked++
			}
		}
		if checked == 0 {
			t.Fatalf("rejudged by %s: no message checked", tt.judge)
		}
	}
}

// TestPlannedIsToldAsPlayStarts: Planned, from which a progress display
// times its rate, is told once the run has read its folder — the prompt
// store too, which a resume of a large LLM run reads whole (here, cut
// short, it is repaired) — so that the reading is not counted as play.
// Until 2026-12-06 it was told before the store was read, and the first
// rates and ETAs of such a resume read low.
func TestPlannedIsToldAsPlayStarts(t *testing.T) {
	out := t.TempDir()
	path := cutPromptStore(t, out, "a")
	var read error
	told := 0
	_, err := Run(context.Background(), loadSmall(t), Options{Out: out, Concurrency: 2, Planned: func(int) {
		told++
		read = transcript.ScanGzipLines(path, func([]byte) error { return nil })
	}})
	if err != nil {
		t.Fatal(err)
	}
	if told != 1 || read != nil {
		t.Errorf("Planned told %d times, the prompt store as it was then: %v; want it told once, with the store read (repaired) before", told, read)
	}
}
