package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/humanjudge"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// runHead is what a run's summary.json says of it: the experiment's name
// (the folder's, without a summary), its seed (which keeps the bootstrap
// reproducible), and why it stopped early, "" for a whole run. A run
// without a summary did not finish (unfinished); its seed is its lock's.
type runHead struct {
	Name    string `json:"experiment"`
	Seed    uint64 `json:"seed"`
	Partial string `json:"partial"`
	// Shard is the part of the plan a shard's run played, "" for the
	// whole (its lock's, for a run without a summary).
	Shard string `json:"shard"`
	// Episodes is the summary's count of the run's episodes, 0 for a
	// run without a summary.
	Episodes   int `json:"episodes"`
	unfinished bool
	// seedUnknown marks a run with neither summary nor lock (a log
	// copied alone): its Seed, 0, is no seed it was played at.
	seedUnknown bool
}

// unfinishedPartial is what moot table says, as a summary's partial, of a
// run without its summary.
const unfinishedPartial = "not finished: no summary.json, the run still running or killed"

// partialOf is what a table of the runs in dirs, whose heads are heads,
// says as its partial: of one run, its own (unfinishedPartial where it has
// no summary); of several, that of each run stopped early or not
// finished, named.
func partialOf(dirs []string, heads []runHead) string {
	var notes []string
	for i, dir := range dirs {
		head := heads[i]
		note := head.Partial
		if head.unfinished {
			note = unfinishedPartial
		}
		if note != "" && len(dirs) > 1 {
			note = dir + ": " + note
		}
		if note != "" {
			notes = append(notes, note)
		}
	}
	return strings.Join(notes, "; ")
}

// markRuns sets in sum, a table of the runs in dirs whose heads are
// heads, what their table.md would say of them, in the table and its
// JSON, not on stderr alone, where a script reads no warning: each run
// stopped early or not finished (partialOf), and of one run, the shard it
// is (a table of several pools what each played).
func markRuns(sum *analysis.Summary, dirs []string, heads []runHead) {
	sum.Partial = partialOf(dirs, heads)
	sum.Warnings = append(sum.Warnings, unknownSeeds(dirs, heads)...)
	if len(heads) == 1 {
		sum.Shard = heads[0].Shard
	}
}

// readHead reads the head of the run in dir: that of its summary.json,
// or where it has none (a run not done), what its lock says. A summary
// or lock that does not read is an error: a run is never read as another
// kind than it is.
func readHead(dir string) (runHead, error) {
	if err := mergeNotDone(dir); err != nil {
		return runHead{}, err
	}
	path := filepath.Join(dir, sinks.SummaryFile)
	data, err := os.ReadFile(path)
	if err == nil {
		var s runHead
		if err := json.Unmarshal(data, &s); err != nil {
			return runHead{}, sinks.Unreadable(path, err)
		}
		return s, nil
	}
	if !absent(err) {
		return runHead{}, err
	}
	head := runHead{Name: filepath.Base(filepath.Clean(dir)), unfinished: true}
	lock, err := engine.ReadLockHead(dir)
	switch {
	case err == nil:
		head.Name, head.Seed, head.Shard = lock.Name, lock.Seed, lock.Shard
	case !absent(err):
		return runHead{}, err
	default:
		head.seedUnknown = true
	}
	return head, nil
}

// unknownSeeds warns of each run in dirs, whose heads are heads, whose
// seed is unknown: a summary's "seed": 0 read as the seed it was played
// at.
func unknownSeeds(dirs []string, heads []runHead) []analysis.Warning {
	var ws []analysis.Warning
	for i, head := range heads {
		if head.seedUnknown {
			ws = append(ws, analysis.Warning{Kind: analysis.WarnUnknownSeed, Message: fmt.Sprintf(
				"%s has neither %s nor %s (a log copied alone): the seed it was played at is unknown, and the seed here, 0, only seeds the bootstrap", dirs[i], sinks.SummaryFile, engine.LockFile)})
		}
	}
	return ws
}

// otherSeeds says whether runs of heads a and b were played at two
// seeds; not where either's seed is unknown.
func otherSeeds(a, b runHead) bool {
	return a.Seed != b.Seed && !a.seedUnknown && !b.seedUnknown
}

// absent says whether err is of a file that is not there: none of that
// name, or a dir that is no folder (a file named as a run: its reading,
// not this, says it is not a run folder).
func absent(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// mergeNotDone is the error of reading dir where it holds a merge that
// did not finish (its summary may be there, its report not), nil
// otherwise.
func mergeNotDone(dir string) error {
	if !engine.Merging(dir) {
		return nil
	}
	return fmt.Errorf("%w: %s holds a merge that did not finish (moot merge stopped before the run was whole): run that moot merge again to finish it", errUsage, dir)
}

// readVerdicts reads a run folder's episodes without their messages, for
// a command that pairs verdicts (compare), and the head of its summary.
func readVerdicts(dir string) ([]transcript.Episode, runHead, error) {
	var eps []transcript.Episode
	head, err := scanRun(dir, nil, func(ep *transcript.Episode) error {
		ep.Messages = nil
		eps = append(eps, *ep)
		return nil
	})
	return eps, head, err
}

// scanRun calls fn with each episode of the run in dir, one at a time,
// without the text of the messages keep does not want: a command that
// counts verdicts holds no transcript's text, whatever the run's size. Of
// a run not done or stopped early, an episode's record that a later one
// replaces is left out.
func scanRun(dir string, keep func(*transcript.Message) bool, fn func(*transcript.Episode) error) (runHead, error) {
	head, err := readHead(dir)
	if err != nil {
		return runHead{}, err
	}
	path := filepath.Join(dir, engine.TranscriptsFile)
	var fnErr error
	read := 0
	// A run not done, or stopped early (a budget, the failure limit), may
	// hold an episode's failure and, later, its replay by a resume: the
	// replay counts, as the finished run's log will.
	err = transcript.ScanLatest(path, 1, head.unfinished || head.Partial != "", func(ep *transcript.Episode) error {
		read++
		for j := range ep.Messages {
			if m := &ep.Messages[j]; keep == nil || !keep(m) {
				m.Text, m.Shown, m.PromptSHA256 = "", "", ""
			}
		}
		fnErr = fn(ep)
		return fnErr
	})
	if fnErr != nil {
		return runHead{}, fnErr
	}
	if err != nil {
		return runHead{}, notRunFolder(dir, err)
	}
	if head.Partial == "" && head.Episodes > 0 {
		// A finished run's numbers are its log's only while the log
		// holds the episodes it summarized. (The summary of a run
		// stopped early, by an older moot, may leave out failures of an
		// earlier attempt that its resume did not reach to play again.)
		if err := transcript.Miscounted(path, read, head.Episodes); err != nil {
			return runHead{}, &engine.InputError{File: path, Err: err}
		}
	}
	return head, nil
}

// judgeText keeps the text of the judge's messages: audit reads the
// quotes and notes of its verdict.
func judgeText(m *transcript.Message) bool { return m.Role == transcript.RoleJudge }

// warnUnfinished says that the run in dir did not finish, when it did
// not: a command reads the episodes its log holds.
func warnUnfinished(w io.Writer, dir string, head runHead, episodes int) {
	if !head.unfinished {
		return
	}
	if name, ok := annotatorOf(dir); ok {
		// An annotator's folder of a study: moot judge goes on with it.
		fmt.Fprintf(w, "moot: %s has no %s: the person's judging did not finish (or goes on); this reads the %s its log holds — moot judge RUN --as %s goes on with it\n",
			dir, sinks.SummaryFile, noun.Count(episodes, "verdict"), name)
		return
	}
	fmt.Fprintf(w, "moot: %s has no %s: the run did not finish (or is still running); this reads the %s its log holds — run it again to resume it\n",
		dir, sinks.SummaryFile, noun.Count(episodes, "episode"))
}

// onceEach refuses an episode that two of the run folders a command
// pools hold alike — of one experiment at one seed (the same
// engine.ExperimentIdentity), in the same slot of its plan (protocol,
// sweep cell, task, question, assignment, repeat) and judged by the same
// judge, as a merged run and one of its shards do, a run and its copy, a
// run and its rejudge by the same judge, or two rejudges that kept one
// vote (society) as it was — whose verdict would count twice. Runs of
// two experiments, or of one at two seeds, pass; so do a rejudged run's
// episodes, another judge's. A folder without a lock is checked by its
// seed alone. Two episodes of one slot that name different draws
// (transcript.Episode.DrawKey) pass too: two samples, as an LLM's runs
// through two caches are.
//
// Runs of two experiments, or of one at two seeds, may yet hold one draw
// alike: two files that differ only where an episode does not look (a
// protocol added, more questions) play it alike at one seed. repeated
// finds such an episode by its draws (transcript.Episode.DrawKey), which
// only the episodes of repeatable agents name (the sim, an LLM behind the
// response cache), so that a command pooling the runs counts it once.
type onceEach struct {
	dirs  []string
	runs  []string // each folder's experiment identity
	seeds []uint64 // each folder's seed
	// formats are each folder's record format (engine.RecordFormat), 0
	// for one without a lock.
	formats []int
	seen    map[uint64]seenSlot // the hash of run, slot and judge
	// drawn maps an episode's draw key to the first folder that holds
	// it; slots, an episode's slot and seed.
	drawn map[string]int
	slots map[uint64]slotHolders
	// repeats counts, for each folder, the episodes repeated finds an
	// earlier folder holds: repeats[i][j] of dirs[i] are dirs[j]'s;
	// undrawn, those that may be one with dirs[j]'s, one of the two of
	// an older run that names no draws.
	repeats, undrawn []map[int]int
}

func newOnceEach(dirs []string) *onceEach {
	o := &onceEach{dirs: dirs, seen: map[uint64]seenSlot{}, drawn: map[string]int{}, slots: map[uint64]slotHolders{},
		repeats: make([]map[int]int, len(dirs)), undrawn: make([]map[int]int, len(dirs))}
	for _, dir := range dirs {
		head, _ := readHead(dir) // the scan of its log says why one does not read
		seed := head.Seed
		id, err := engine.ExperimentIdentity(dir)
		if err != nil {
			id = "seed " + strconv.FormatUint(seed, 10)
		}
		format := 0
		if lock, err := engine.ReadLockHead(dir); err == nil {
			format = lock.RecordFormat
		}
		o.runs = append(o.runs, id)
		o.seeds = append(o.seeds, seed)
		o.formats = append(o.formats, format)
	}
	return o
}

// seenSlot is the first folder to hold an episode of a slot, and the
// episode's draw key ("" where it names none).
type seenSlot struct {
	dir  int
	draw string
}

// admit notes the episode ep of dirs[i] and reports whether it is a
// repeat: a draw an earlier folder holds (repeated). It refuses one that
// an earlier folder of the same experiment identity holds in its slot
// with its judge — its id would not do, for a rejudge names its episodes
// anew — unless the two name different draws: two samples of the slot.
// Where count is set, a repeat is counted for noteRepeats.
func (o *onceEach) admit(i int, ep *transcript.Episode, count bool) (bool, error) {
	var key string
	drawn := false
	if len(o.dirs) > 1 {
		key, drawn = ep.DrawKey()
	}
	k := o.slotKey(o.runs[i], ep)
	if prev, ok := o.seen[k]; !ok {
		o.seen[k] = seenSlot{dir: i, draw: key}
	} else if prev.dir != i && (!drawn || prev.draw == "" || key == prev.draw) {
		return false, o.twice(prev.dir, i, ep)
	}
	return o.repeated(i, ep, key, drawn, count), nil
}

// repeated reports whether a folder before dirs[i] holds the draw that ep
// of dirs[i] holds (key, where drawn: transcript.Episode.DrawKey), and,
// where count is set, counts it. An episode that names no draw is never
// repeated. One of a run recorded before moot named draws (record format
// 2 or less), or with an answer replayed from the cache unnamed, may yet
// be one draw with an episode of another run in its slot at its seed:
// counted, such a pair is noted apart. Any other names no draw because it
// was drawn anew (an uncached LLM's, a person's): never one.
func (o *onceEach) repeated(i int, ep *transcript.Episode, key string, drawn, count bool) bool {
	if len(o.dirs) < 2 {
		return false
	}
	if drawn {
		j, held := o.drawn[key]
		if held && j != i {
			if count {
				tally(o.repeats, i, j)
			}
			return true
		}
		if !held {
			o.drawn[key] = i
		}
	}
	older := !drawn && (o.formats[i] < engine.RecordFormat || unnamedReplay(ep))
	if !drawn && !older {
		return false
	}
	slot := o.slotKey(o.seeds[i], ep)
	h, ok := o.slots[slot]
	if !ok {
		h = slotHolders{drawn: -1, older: -1}
	}
	// A pair of which one names no draw, for its run is older: the
	// earlier folder of that slot that could be one with ep.
	j := h.older
	if older && j < 0 {
		j = h.drawn
	}
	if j >= 0 && j != i && count {
		tally(o.undrawn, i, j)
	}
	if drawn && h.drawn < 0 {
		h.drawn = i
	} else if older && h.older < 0 {
		h.older = i
	}
	o.slots[slot] = h
	return false
}

// unnamedReplay reports whether a message of ep came from the response
// cache without naming its draw (an entry from before moot named draws,
// which the cache could not name then): a replay another run may hold
// too, not an answer drawn anew.
func unnamedReplay(ep *transcript.Episode) bool {
	for i := range ep.Messages {
		if m := &ep.Messages[i]; m.Cached && m.Draw == "" {
			return true
		}
	}
	return false
}

// slotHolders are the first folders to hold an episode of a slot at a
// seed that names its draws, and one of an older run that names none; -1
// for none.
type slotHolders struct{ drawn, older int }

// tally counts one in t[i][j].
func tally(t []map[int]int, i, j int) {
	if t[i] == nil {
		t[i] = map[int]int{}
	}
	t[i][j]++
}

// noteRepeats tells w of the draws counted once (repeated): in each
// row that pools the runs where pooled is set, else only in the games
// between debaters the Elo ratings are fitted to, each run's rows keeping
// their own; and of the episodes that name no draw in a slot an earlier
// run played at the same seed.
func (o *onceEach) noteRepeats(w io.Writer, pooled bool) {
	how := "each is counted once"
	if !pooled {
		how = "each run's rows count them, and the games between debaters (Elo) count each once"
	}
	for i, from := range o.repeats {
		for _, j := range slices.Sorted(maps.Keys(from)) {
			fmt.Fprintf(w, "moot: %d episodes of %s hold the same draws as %s's (the same agents answered the same prompts from the same seeds, or from the same cache entries): %s\n",
				from[j], o.dirs[i], o.dirs[j], how)
		}
	}
	for i, from := range o.undrawn {
		for _, j := range slices.Sorted(maps.Keys(from)) {
			fmt.Fprintf(w, "moot: %d episodes of %s play slots %s played at the same seed, one of each pair without draws though it may be a replay (a run recorded before moot named draws, record format 2 or earlier, or an answer from an old cache entry): each counts as a draw of its own — where they are one, they count twice\n",
				from[j], o.dirs[i], o.dirs[j])
		}
	}
}

// slotKey hashes run (an identity, or a seed) with ep's slot and judge.
func (o *onceEach) slotKey(run any, ep *transcript.Episode) uint64 {
	h := fnv.New64a()
	fmt.Fprint(h, run)
	for _, s := range [...]string{ep.Protocol, ep.Cell, ep.Task, ep.QuestionID, ep.Assignment, strconv.Itoa(ep.Repeat), ep.Judge} {
		h.Write([]byte{0})
		h.Write([]byte(s))
	}
	return h.Sum64()
}

// twice is the error of an episode that dirs[j] and dirs[i] both hold.
func (o *onceEach) twice(j, i int, ep *transcript.Episode) error {
	return fmt.Errorf("%w: %s and %s both hold episode %s judged by %s, of one experiment at one seed, naming the same draws or none: its verdict would count twice (a merged run holds its shards' episodes, a rejudge by the same judge its source's again; name each episode's run once, or set the two side by side with moot compare)",
		errUsage, o.dirs[j], o.dirs[i], ep.EpisodeID, ep.Judge)
}

// annotatorOf reports whether dir is an annotator's folder of a human
// study (a folder beside the study's humanjudge.StudyFile), and whose.
func annotatorOf(dir string) (name string, ok bool) {
	clean := filepath.Clean(dir)
	if _, err := os.Stat(filepath.Join(filepath.Dir(clean), humanjudge.StudyFile)); err != nil {
		return "", false
	}
	return filepath.Base(clean), true
}
