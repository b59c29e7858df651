package export

import (
	"database/sql"
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2" // an independent Parquet reader

	"github.com/mootlab/moot/transcript"
)

// TestParquetDuckDB reads both tables back with DuckDB.
func TestParquetDuckDB(t *testing.T) {
	path := writeRun(t, 50)
	out := filepath.Join(t.TempDir(), "x.parquet")
	files := mustRun(t, path, Parquet, out, Options{})
	db := openDuckDB(t)
	var n, unparsed, failed int
	var pSum float64
	q := `SELECT count(*), count(*) FILTER (WHERE unparsed), count(*) FILTER (WHERE failed), sum(p_correct) FROM read_parquet(?)`
	if err := db.QueryRow(q, files[0]).Scan(&n, &unparsed, &failed, &pSum); err != nil {
		t.Fatal(err)
	}
	// 50 episodes: 7 unparsed (i%7==6), 10 assigned-incorrect (i%5==4)
	// of which 1 (34) unparsed too, 1 failed (10, with no verdict, not
	// counted unparsed); p_correct 0.8 × 33 + 0.3 × 9.
	if n != 50 || unparsed != 7 || failed != 1 || pSum < 29.09 || pSum > 29.11 {
		t.Errorf("got %d rows, %d unparsed, %d failed, Σp_correct %v; want 50, 7, 1, 29.1", n, unparsed, failed, pSum)
	}
	// A failed episode's correct is null, so that the mean of the column
	// is the accuracy over the episodes judged, as the summary has it.
	var nullCorrect, judged, wereRight int
	var mean float64
	q = `SELECT count(*) FILTER (WHERE correct IS NULL), count(*) FILTER (WHERE NOT failed), count(*) FILTER (WHERE correct), avg(correct::INT) FROM read_parquet(?)`
	if err := db.QueryRow(q, files[0]).Scan(&nullCorrect, &judged, &wereRight, &mean); err != nil {
		t.Fatal(err)
	}
	if nullCorrect != failed || math.Abs(mean-float64(wereRight)/float64(judged)) > 1e-12 {
		t.Errorf("correct null in %d rows, its mean %v; want null in the %d failed, the mean %d/%d", nullCorrect, mean, failed, wereRight, judged)
	}
	var id, skill, variant string
	var rounds, verified int64
	var pNull bool
	q = `SELECT episode_id, "strong.skill", variant, rounds, quotes_verified, p_correct IS NULL FROM read_parquet(?) WHERE episode_id = 'ep000006'`
	if err := db.QueryRow(q, files[0]).Scan(&id, &skill, &variant, &rounds, &verified, &pNull); err != nil {
		t.Fatal(err)
	}
	if skill != "0.5" || variant != "assigned-correct" || rounds != 3 || verified != 6 || !pNull {
		t.Errorf("got %s: skill %s variant %s rounds %d verified %d p_correct null %v; want 0.5 assigned-correct 3 6 true",
			id, skill, variant, rounds, verified, pNull)
	}
	var cols []string
	rows, err := db.Query(`SELECT name FROM parquet_schema(?) WHERE num_children IS NULL`, files[0])
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	rows.Close()
	if len(cols) < 14 || cols[0] != "seed" || cols[1] != "episode_id" || cols[12] != "strong.skill" || cols[13] != "debate.rounds" {
		t.Errorf("got columns %v; want the table's order, axes after cell", cols)
	}
	// The reference columns: null for an episode whose judge read none.
	var refNull int
	if err := db.QueryRow(`SELECT count(*) FILTER (WHERE reference_source IS NULL AND reference_answer IS NULL AND reference_right IS NULL) FROM read_parquet(?)`, files[0]).Scan(&refNull); err != nil || refNull != 50 {
		t.Errorf("episodes without a reference with null reference columns: %d, %v; want 50", refNull, err)
	}
	withRef := writeRunWith(t, 4, func(ep *transcript.Episode) {
		ep.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: ep.CorrectAnswer}
	})
	refFiles := mustRun(t, withRef, Parquet, filepath.Join(t.TempDir(), "r.parquet"), Options{})
	var source string
	var right bool
	if err := db.QueryRow(`SELECT min(reference_source), bool_and(reference_right) FROM read_parquet(?)`, refFiles[0]).Scan(&source, &right); err != nil || source != "gold" || !right {
		t.Errorf("a gold reference: source %q, right %v, %v; want gold, true", source, right, err)
	}
	var msgs, judge int
	var text string
	q = `SELECT count(*), count(*) FILTER (WHERE role = 'judge'), max(text) FILTER (WHERE episode_id = 'ep000001' AND index = 6) FROM read_parquet(?)`
	if err := db.QueryRow(q, files[1]).Scan(&msgs, &judge, &text); err != nil {
		t.Fatal(err)
	}
	if msgs != 350 || judge != 50 || text != "The quotes check out.\nAnswer: A" {
		t.Errorf("got %d messages, %d of judges, text %q; want 350, 50, the judge's", msgs, judge, text)
	}
}

// TestReplicatesParquetDuckDB: the replicates of a run exported together
// are one table, each row with its seed (a seed above 2^63 too), and
// their episodes, sharing ids across seeds, are told apart by it.
func TestReplicatesParquetDuckDB(t *testing.T) {
	a, b := writeRun(t, 20), writeRun(t, 30)
	out := filepath.Join(t.TempDir(), "x.parquet")
	files, err := RunReplicates([]Replicate{{Path: a, Seed: 1 << 63}, {Path: b, Seed: 29}}, Parquet, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db := openDuckDB(t)
	for i, q := range []string{
		`SELECT string_agg(seed::VARCHAR || ':' || n, ' ' ORDER BY pos) FROM (SELECT seed, count(*) n, min(file_row_number) pos FROM read_parquet(?, file_row_number = true) GROUP BY seed)`,
		`SELECT string_agg(seed::VARCHAR || ':' || n, ' ' ORDER BY seed DESC) FROM (SELECT seed, count(DISTINCT episode_id) n FROM read_parquet(?) GROUP BY seed)`,
	} {
		var got string
		if err := db.QueryRow(q, files[i]).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := "9223372036854775808:20 29:30"; got != want {
			t.Errorf("%s: seeds %q; want %q", files[i], got, want)
		}
	}
	var shared int
	if err := db.QueryRow(`SELECT count(*) FROM (SELECT episode_id FROM read_parquet(?) GROUP BY episode_id HAVING count(DISTINCT seed) = 2)`, files[0]).Scan(&shared); err != nil {
		t.Fatal(err)
	}
	if shared != 20 {
		t.Errorf("%d episode ids in both seeds; want 20, told apart by seed", shared)
	}
	if _, err := RunReplicates([]Replicate{{Path: a, Seed: 1}}, Inspect, t.TempDir(), Options{}); err == nil {
		t.Error("Inspect logs of replicates together: no error")
	}
}

// TestEveryAxisHasItsColumn: an export of a sweep's run whose episodes so
// far are all of cells without one axis (a run stopped early, a protocol
// that axis does not touch) still has that axis's column, empty, typed by
// the values the experiment gives it: every export of the sweep has one
// schema.
func TestEveryAxisHasItsColumn(t *testing.T) {
	path := writeRunWith(t, 6, func(ep *transcript.Episode) { ep.Cell = "strong.skill=0.5" })
	o := Options{Axes: []string{"strong.skill", "debate.rounds"}, AxisValues: map[string][]string{"strong.skill": {"0.5", "0.9"}, "debate.rounds": {"2", "4"}}}
	csvOut := filepath.Join(t.TempDir(), "x.csv")
	if _, err := Run(path, CSV, csvOut, o); err != nil {
		t.Fatal(err)
	}
	if header := strings.Join(readCSV(t, csvOut)[0], ","); !strings.Contains(header, "cell,strong.skill,debate.rounds,repeat") {
		t.Errorf("CSV header %s; want a column for each axis of the experiment", header)
	}
	out := filepath.Join(t.TempDir(), "x.parquet")
	files := mustRun(t, path, Parquet, out, o)
	db := openDuckDB(t)
	var typ string
	var nulls int
	if err := db.QueryRow(`SELECT type FROM parquet_schema(?) WHERE name = 'debate.rounds'`, files[0]).Scan(&typ); err != nil {
		t.Fatalf("the Parquet table has no debate.rounds column: %v", err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM read_parquet(?) WHERE "debate.rounds" IS NULL`, files[0]).Scan(&nulls); err != nil {
		t.Fatal(err)
	}
	if typ != "INT64" || nulls != 6 {
		t.Errorf("debate.rounds: %s with %d nulls; want INT64 (its values 2 and 4), null in all 6 rows", typ, nulls)
	}
}

// openDuckDB opens an in-memory DuckDB, closed at the test's end.
func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestActiveSecondsEveryFormat: a human judge's active time is its own
// column beside the wall time, in every format, and null (empty in CSV)
// where a message has none: an agent's, or a verdict whose page measured
// none.
func TestActiveSecondsEveryFormat(t *testing.T) {
	active := 301.25
	path := writeRunWith(t, 2, func(ep *transcript.Episode) {
		ep.Messages[0].Seconds = 482.5
		ep.Messages[0].ActiveSeconds = &active
	})
	dir := t.TempDir()
	csvFiles := mustRun(t, path, CSV, filepath.Join(dir, "x.csv"), Options{})
	rows := readCSV(t, csvFiles[1])
	col := slices.Index(rows[0], "active_seconds")
	if col < 0 || rows[0][col-1] != "seconds" {
		t.Fatalf("CSV header %v; want active_seconds after seconds", rows[0])
	}
	if rows[1][col-1] != "482.5" || rows[1][col] != "301.25" || rows[2][col] != "" {
		t.Errorf("CSV: seconds %q, active_seconds %q, of a message without %q; want 482.5, 301.25, empty", rows[1][col-1], rows[1][col], rows[2][col])
	}
	jsonFiles := mustRun(t, path, JSONL, filepath.Join(dir, "x.jsonl"), Options{})
	lines := strings.SplitN(string(mustReadFile(t, jsonFiles[1])), "\n", 3)
	var with, without map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &with); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &without); err != nil {
		t.Fatal(err)
	}
	if with["active_seconds"] != 301.25 || !hasNull(without, "active_seconds") {
		t.Errorf("JSONL: active_seconds %v, and %v without; want 301.25 and null", with["active_seconds"], without["active_seconds"])
	}
	pqFiles := mustRun(t, path, Parquet, filepath.Join(dir, "x.parquet"), Options{})
	var sum float64
	var nulls int
	q := `SELECT sum(active_seconds), count(*) FILTER (WHERE active_seconds IS NULL) FROM read_parquet(?)`
	if err := openDuckDB(t).QueryRow(q, pqFiles[1]).Scan(&sum, &nulls); err != nil {
		t.Fatal(err)
	}
	if sum != 2*active || nulls != 12 {
		t.Errorf("Parquet: Σactive_seconds %v, %d null; want %v, 12 (two episodes of seven messages)", sum, nulls, 2*active)
	}
}

// TestReasoningEveryFormat: a message's reasoning is its column in every
// table format, after shown, and empty for a message without; its cached
// input tokens and its reasoning tokens are columns too.
func TestReasoningEveryFormat(t *testing.T) {
	const thought = "The passage, not the title, decides it."
	path := writeRunWith(t, 2, func(ep *transcript.Episode) {
		ep.Messages[0].Reasoning = thought
		ep.Messages[0].Usage.CachedInputTokens = 300
		ep.Messages[0].Usage.ReasoningTokens = 250
	})
	dir := t.TempDir()
	rows := readCSV(t, mustRun(t, path, CSV, filepath.Join(dir, "x.csv"), Options{})[1])
	col := slices.Index(rows[0], "reasoning")
	if col < 0 || rows[0][col-1] != "shown" {
		t.Fatalf("CSV header %v; want reasoning after shown", rows[0])
	}
	if rows[1][col] != thought || rows[2][col] != "" {
		t.Errorf("CSV: reasoning %q, and %q without; want %q and empty", rows[1][col], rows[2][col], thought)
	}
	// And the input tokens read from a prompt cache, after output_tokens.
	if c := slices.Index(rows[0], "cached_input_tokens"); c < 0 || rows[0][c-1] != "output_tokens" || rows[1][c] != "300" || rows[2][c] != "0" {
		t.Errorf("CSV header %v and rows %v, %v; want cached_input_tokens after output_tokens, 300 and 0", rows[0], rows[1], rows[2])
	}
	if c := slices.Index(rows[0], "reasoning_tokens"); c < 0 || rows[0][c-1] != "cached_input_tokens" || rows[1][c] != "250" || rows[2][c] != "0" {
		t.Errorf("CSV header %v and rows %v, %v; want reasoning_tokens after cached_input_tokens, 250 and 0", rows[0], rows[1], rows[2])
	}
	line, _, _ := strings.Cut(string(mustReadFile(t, mustRun(t, path, JSONL, filepath.Join(dir, "x.jsonl"), Options{})[1])), "\n")
	var with map[string]any
	if err := json.Unmarshal([]byte(line), &with); err != nil || with["reasoning"] != thought || with["reasoning_tokens"] != 250.0 {
		t.Errorf("JSONL: reasoning %v (%v tokens), %v; want %q (250)", with["reasoning"], with["reasoning_tokens"], err, thought)
	}
	var n int
	q := `SELECT count(*) FROM read_parquet(?) WHERE reasoning = ? AND reasoning_tokens = 250`
	if err := openDuckDB(t).QueryRow(q, mustRun(t, path, Parquet, filepath.Join(dir, "x.parquet"), Options{})[1], thought).Scan(&n); err != nil || n != 2 {
		t.Errorf("Parquet: %d messages with the reasoning, %v; want 2", n, err)
	}
}
