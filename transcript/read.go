package transcript

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// FileName is the transcript log of a run folder.
const FileName = "transcripts.jsonl"

// RecordError is a line of a transcript log that is not an episode
// record (a line cut in the middle of the file, a field of the wrong
// type): the input is at fault, not the reader. Its message names the
// file and the line.
type RecordError struct {
	Path string
	Line int
	Err  error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("%s:%d: not an episode record: %v", e.Path, e.Line, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Scan calls fn with each episode of a transcript log, in file order,
// without holding the file in memory. A last line without its newline was
// cut short by a crash and is skipped; any other line that is not an
// episode is an error naming the file and line. fn's error stops the scan.
func Scan(path string, fn func(*Episode) error) error {
	return scanLines(path, func(line []byte, n int) error {
		var ep Episode
		if err := decodeEpisode(line, &ep); err != nil {
			return &RecordError{Path: path, Line: n, Err: err}
		}
		return fn(&ep)
	})
}

// scanLines calls fn with each line of the file at path that is not blank,
// and its line number, without holding the file in memory; a last line
// without its newline (cut short by a crash) is skipped. fn's error stops
// the scan.
func scanLines(path string, fn func(line []byte, n int) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := fn(line, n); err != nil {
			return err
		}
	}
}

// LogLine is where a record stands in a log: its line number, and the
// offset and length of its line (newline included).
type LogLine struct {
	N        int
	Off, Len int64
}

// DecodeLine decodes one line of a transcript log into ep.
func DecodeLine(line []byte, ep *Episode) error { return decodeEpisode(line, ep) }

// ScanLog reads a log that a run appends to, as resuming it does: it
// calls fn with each episode and its line number, and returns the offset
// just past the last whole record. A last line cut short by a kill —
// without its newline, or not a record though nothing follows it — is
// torn: it is left out and torn is true. Any other line that is not an
// episode is an error naming the file and line; fn's error stops the scan.
func ScanLog(r io.Reader, path string, fn func(ep *Episode, at LogLine) error) (good int64, torn bool, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return good, len(line) > 0, nil
		}
		if err != nil {
			return good, false, err
		}
		var ep Episode
		if derr := decodeEpisode(line, &ep); derr != nil {
			// A whole record that contradicts itself was not cut short.
			if _, perr := br.Peek(1); errors.Is(perr, io.EOF) && !errors.Is(derr, errInconsistent) {
				return good, true, nil
			}
			return good, false, &RecordError{Path: path, Line: n, Err: derr}
		}
		if err := fn(&ep, LogLine{N: n, Off: good, Len: int64(len(line))}); err != nil {
			return good, false, err
		}
		good += int64(len(line))
	}
}

// decodeEpisode decodes one line of a transcript log into ep with the
// semantics of encoding/json (what it accepts and how it fills ep) but the
// decoder of encoding/json/v2 (go-json-experiment/json, with its v1
// options), which decodes a record several times faster: the log of a
// large run is mostly decoding.
//
// A record whose indexes are not of its two answers, or that says its
// verdict was correct where it chose another answer (or not correct where
// it chose the correct one and did not fail), is no episode either
// (an edited file): it is an error, where the statistics would read it.
func decodeEpisode(line []byte, ep *Episode) error {
	if err := unmarshalEpisode(line, ep); err != nil {
		return err
	}
	return ep.check()
}

// unmarshalEpisode is decodeEpisode's decoding alone, without the check.
func unmarshalEpisode(line []byte, ep *Episode) error {
	return plainJSON(jsonv2.Unmarshal(line, ep, jsonv1.DefaultOptionsV1()))
}

// plainJSON is err, a record's decoding error, with a value of the wrong
// kind said in words (JSONType): `correct: want true or false,
// got a string`, where a researcher's trial read "cannot unmarshal string
// into Go struct field Episode.correct of type bool".
func plainJSON(err error) error {
	te, ok := errors.AsType[*jsonv1.UnmarshalTypeError](err)
	switch {
	case !ok:
		return err
	case te.Field == "":
		return JSONType(te.Value, te.Type)
	}
	return fmt.Errorf("%s: %w", te.Field, JSONType(te.Value, te.Type))
}

// errInconsistent marks a record that decodes but contradicts itself.
var errInconsistent = errors.New("inconsistent")

// check reports the first index of ep that names no answer (of two), an
// order that is not one of the two, or a correct flag its verdict
// contradicts (a failed episode is not correct, whatever its verdict).
func (ep *Episode) check() error {
	answer := func(i int) bool { return i == 0 || i == 1 }
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("%w: %s is %v, %s", errInconsistent, field, v, want)
	}
	if !answer(ep.CorrectAnswer) {
		return bad("correct_answer", ep.CorrectAnswer, "not 0 or 1 (the index of one of the two answers)")
	}
	if ep.Order != [2]int{0, 1} && ep.Order != [2]int{1, 0} {
		return bad("order", ep.Order, "not [0,1] or [1,0] (the answers shown in slots A and B)")
	}
	if v := ep.Verdict.Answer; v != Unparsed && !answer(v) {
		return bad("verdict.answer", v, "not 0, 1 or -1 (unparsed)")
	}
	for i, v := range ep.Interim {
		if v.Answer != Unparsed && !answer(v.Answer) {
			return bad(fmt.Sprintf("interim[%d].answer", i), v.Answer, "not 0, 1 or -1 (unparsed)")
		}
	}
	for i, s := range ep.Seats {
		if s.Argues != NoSide && !answer(s.Argues) {
			return bad(fmt.Sprintf("seats[%d].argues", i), s.Argues, "not 0, 1 or -1 (no side)")
		}
	}
	if r := ep.Reference; r != nil && r.Answer != NoSide && !answer(r.Answer) {
		return bad("reference.answer", r.Answer, "not 0, 1 or -1 (unparsed)")
	}
	if g := ep.Graded; g != nil && g.Answer != NoSide && !answer(g.Answer) {
		return bad("graded.answer", g.Answer, "not 0, 1 or -1")
	}
	if ep.Correct && ep.Verdict.Answer != ep.CorrectAnswer {
		return bad("correct", true, fmt.Sprintf("but the verdict chose answer %d and the correct one is %d", ep.Verdict.Answer, ep.CorrectAnswer))
	}
	if !ep.Correct && ep.Error == "" && ep.Verdict.Answer == ep.CorrectAnswer {
		return bad("correct", false, fmt.Sprintf("but the verdict chose answer %d, the correct one, and the episode did not fail", ep.Verdict.Answer))
	}
	return nil
}

// ReadFile reads a whole transcript log (see Scan).
func ReadFile(path string) ([]Episode, error) {
	var eps []Episode
	err := Scan(path, func(ep *Episode) error {
		eps = append(eps, *ep)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return eps, nil
}

// Superseded lists, by their place among the log's records (from 0, as
// Scan hands them on), the records of an episode that a later record of
// it replaces: a failure played again by a resume of a run not yet done.
// A done run's log holds one record an episode, and so none; nil where
// there are none.
//
// It reads each record's id alone, not the whole record: about half a
// full scan's time (0.32 s of 0.62 s for a 74 MB log of 24,000 episodes).
// The report, export and moot's commands ask it only of a log that may
// hold a replay (a run not done, or stopped early), through ScanLatest.
func Superseded(path string) (map[int]bool, error) {
	var ids []string
	last := map[string]int{}
	err := scanIDs(path, func(id string) {
		last[id] = len(ids)
		ids = append(ids, id)
	})
	if err != nil || len(last) == len(ids) {
		return nil, err
	}
	stale := map[int]bool{}
	for i, id := range ids {
		if last[id] != i {
			stale[i] = true
		}
	}
	return stale, nil
}

// scanIDs calls fn with the episode id of each record of a transcript
// log, in file order, as Scan reads the records (blank lines and a last
// line cut short skipped; any other line that is not a record an error).
func scanIDs(path string, fn func(id string)) error {
	var rec struct {
		EpisodeID string `json:"episode_id"`
	}
	return scanLines(path, func(line []byte, n int) error {
		rec.EpisodeID = ""
		if err := jsonv2.Unmarshal(line, &rec, jsonv1.DefaultOptionsV1()); err != nil {
			return &RecordError{Path: path, Line: n, Err: plainJSON(err)}
		}
		fn(rec.EpisodeID)
		return nil
	})
}

// ScanLatest is ScanParallel (workers as there) of a run's log: where
// replays is set — a run not done, or stopped early, whose log may hold
// an episode's failure and, later, its replay by a resume — of each
// episode's last record alone, the replay, after a pass over the ids
// (Superseded). A finished run's log holds one record an episode, and
// needs no such pass.
func ScanLatest(path string, workers int, replays bool, fn func(*Episode) error) error {
	var stale map[int]bool
	if replays {
		var err error
		if stale, err = Superseded(path); err != nil {
			return err
		}
	}
	return ScanParallel(path, workers, SkipStale(stale, fn))
}

// SkipStale is fn, which is handed a log's records (or what is made of
// each) in file order, made to pass over those that stale names by their
// place (Superseded's).
func SkipStale[T any](stale map[int]bool, fn func(T) error) func(T) error {
	i := 0
	return func(t T) error {
		if i++; stale[i-1] {
			return nil
		}
		return fn(t)
	}
}

// Miscounted is the error for a finished run's log at path that holds
// read episodes where the run's summary counts counted, nil where the two
// agree: the log was cut short (a copy that stopped part way) or written
// to after the run summarized it, and numbers made from it would not be
// the run's. The error names no file: its caller wraps it as bad input
// (an *inputerr.Error with File path). It is not for a run stopped
// early, whose summary, of an older moot, may leave out failures of an
// earlier attempt that its resume did not reach to play again.
func Miscounted(path string, read, counted int) error {
	if read == counted {
		return nil
	}
	how := "cut short (a copy that stopped part way?): copy it again from where the run was made, or resume the run (moot run EXPERIMENT --out " +
		filepath.Dir(path) + "; a replicate's, with --replicates N and --out its replicated run's folder), which plays the missing episodes again"
	if read > counted {
		how = "written to after the run summarized it: copy it again from where the run was made"
	}
	records := "records"
	if read == 1 {
		records = "record"
	}
	// Records, not episodes: a log written to after may hold two of one.
	return fmt.Errorf("holds %d %s where the run's summary counts %d episodes: the log was %s", read, records, counted, how)
}
