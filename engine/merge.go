package engine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/transcript"
)

// shardRun is one shard's run folder as a merge reads it.
type shardRun struct {
	dir   string
	shard Shard
	lock  []byte // config.lock.yaml without its shard line
	f     *os.File
	// lines are the offsets of each episode's last line in f, by id.
	lines map[string]span
}

// span is where a line stands in a file: its offset and length.
type span struct{ off, n int64 }

func (r *shardRun) name() string { return fmt.Sprintf("shard %s (%s)", r.shard, r.dir) }

// Merge writes into out the run that the shard runs in dirs make
// together: x's whole plan, played once by exactly one of them. It checks
// that the shards are runs of x that differ only in their shard (and in
// what a resume allows to differ: cosmeticLockKeys), that
// each shard of the split is given once, and that each has played all of
// its part; then it writes x's lock, the transcripts in
// plan order, and hands every record in plan order to the sinks and
// finishes them, so that out holds what one unsharded run would have
// written. Errors about the shards wrap ErrShards.
func Merge(x *Experiment, out string, dirs []string, sinks []Sink) (*Result, error) {
	release, err := HoldFolders(dirs...)
	if err != nil {
		return nil, err
	}
	defer release()
	byIndex, err := x.openShards(dirs)
	for _, r := range byIndex {
		if r.f != nil {
			defer r.f.Close()
		}
	}
	if err != nil {
		return nil, err
	}
	plan := x.planOf(nil)
	owner := make(map[string]*shardRun, plan.Len())
	for _, r := range byIndex {
		for id := range r.lines {
			owner[id] = r
		}
	}
	unlock, err := LockFolder(out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := x.mergeInto(out); err != nil {
		return nil, err
	}
	// The experiment's own lock, which an unsharded run writes: the shards'
	// may name the file otherwise, or each its share of the budget.
	lock, err := x.Lock()
	if err != nil {
		return nil, err
	}
	for _, r := range byIndex {
		lock = oldestFormat(lock, r.dir)
	}
	if err := atomicfile.WriteBytes(filepath.Join(out, LockFile), lock); err != nil {
		return nil, err
	}
	if err := x.writeQuestions(out); err != nil {
		return nil, err
	}
	cut, err := mergePrompts(out, byIndex)
	if err != nil {
		return nil, err
	}
	if err := writeMerged(out, plan, owner, sinks); err != nil {
		return nil, err
	}
	res := &Result{Planned: plan.Len(), Done: plan.Len()}
	for _, r := range cut {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %s is cut short (its process was killed before it closed the store): the merged run keeps the prompts before the cut; the rest are lost", r.name(), PromptsFile))
	}
	for _, sk := range sinks {
		if f, ok := sk.(Finisher); ok {
			if err := f.Finish(""); err != nil {
				return nil, err
			}
		}
	}
	return res, MergeDone(out)
}

// MergingFile marks a folder that a merge is writing: it is made before
// the merge writes anything there and removed once the run in it is whole
// (its summary, tables and report written). A folder that keeps it holds a
// merge that stopped (Ctrl-C, a full disk), which the same merge may write
// again.
const MergingFile = ".moot-merging"

// mergeInto readies out for a merge of x: a folder that holds a run is
// refused, unless the run is a merge of x that did not finish (it keeps
// MergingFile), which is written again. It marks out as being merged.
func (x *Experiment) mergeInto(out string) error {
	_, held := os.Stat(filepath.Join(out, TranscriptsFile))
	if held == nil {
		if !Merging(out) {
			return fmt.Errorf("%w: %s; choose another folder to merge into", ErrFolderTaken, out)
		}
		if err := checkLock(out, x); err != nil {
			return fmt.Errorf("%w: %s holds a merge that did not finish, of another experiment (%v); choose another folder to merge into", ErrFolderTaken, out, err)
		}
	}
	return MarkMerging(out)
}

// MarkMerging marks dir as being written by a merge (MergingFile).
func MarkMerging(dir string) error {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, MergingFile), nil)
}

// MergeDone removes dir's MergingFile: the merge written there is whole.
func MergeDone(dir string) error {
	if err := os.Remove(filepath.Join(dir, MergingFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Merging reports whether dir holds a merge that did not finish.
func Merging(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, MergingFile))
	return err == nil
}

// CheckShards checks, writing nothing, what Merge checks before it
// writes: that the runs in dirs are the shards of x, each given once, each
// whole. A replicated experiment's merge checks every seed's shards so
// before it writes any.
func (x *Experiment) CheckShards(dirs []string) error {
	byIndex, err := x.openShards(dirs)
	for _, r := range byIndex {
		if r.f != nil {
			r.f.Close()
		}
	}
	return err
}

// openShards reads the shards' locks, checks that they are the shards of
// x, each given once, opens their logs and checks each whole; it returns
// them by index, their logs open (the caller closes those it gets, on
// error too).
func (x *Experiment) openShards(dirs []string) ([]*shardRun, error) {
	if x.Shard != nil {
		return nil, fmt.Errorf("%w: merge takes the whole experiment, not shard %s", ErrShards, x.Shard)
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%w: no shard folders given", ErrShards)
	}
	runs := make([]*shardRun, len(dirs))
	for i, dir := range dirs {
		r, err := readShardLock(dir)
		if err != nil {
			return nil, err
		}
		runs[i] = r
	}
	byIndex, err := checkShards(x, runs)
	if err != nil {
		return nil, err
	}
	for _, r := range byIndex {
		if err := r.open(); err != nil {
			return byIndex, err
		}
	}
	return byIndex, x.checkShardsPlayed(byIndex)
}

// readShardLock reads a shard's lock and the shard it records.
func readShardLock(dir string) (*shardRun, error) {
	data, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a run folder: %v", ErrShards, dir, err)
	}
	var head struct {
		Shard string `yaml:"shard"`
	}
	if err := yaml.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrShards, filepath.Join(dir, LockFile), err)
	}
	if head.Shard == "" {
		return nil, fmt.Errorf("%w: %s is not a shard's run (its %s records no shard)", ErrShards, dir, LockFile)
	}
	s, err := ParseShard(head.Shard, func(string) string { return "" })
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrShards, filepath.Join(dir, LockFile), err)
	}
	line := "shard: " + head.Shard + "\n"
	if !bytes.Contains(data, []byte(line)) {
		return nil, fmt.Errorf("%w: %s: no line %q", ErrShards, filepath.Join(dir, LockFile), strings.TrimSpace(line))
	}
	return &shardRun{dir: dir, shard: s, lock: bytes.Replace(data, []byte(line), nil, 1)}, nil
}

// checkShards checks that the runs are of x, all of one split, and give
// each of its shards once; it returns them by shard.
func checkShards(x *Experiment, runs []*shardRun) ([]*shardRun, error) {
	now, err := x.Lock()
	if err != nil {
		return nil, err
	}
	count := runs[0].shard.Count
	byIndex := make([]*shardRun, count)
	for _, r := range runs {
		if r.shard.Count != count {
			return nil, fmt.Errorf("%w: %s is of a split into %d shards, %s of one into %d", ErrShards, r.name(), r.shard.Count, runs[0].name(), count)
		}
		// As a resume does, shards may differ in what changes no episode:
		// the file's name or path, the run's name, budget and failure limit.
		if field, err := lockDifference(runs[0].lock, r.lock, runs[0].name(), r.name(), false); err != nil || field != "" {
			return nil, fmt.Errorf("%w: %s and %s are runs of different experiments: %s%s", ErrShards, runs[0].name(), r.name(), field, errSuffix(err))
		}
		if field, err := lockDifference(r.lock, now, r.name(), x.Path, true); err != nil || field != "" {
			return nil, fmt.Errorf("%w: %s is a run of another experiment than %s: %s%s", ErrShards, r.name(), x.Path, field, errSuffix(err))
		}
		if prev := byIndex[r.shard.Index-1]; prev != nil {
			return nil, fmt.Errorf("%w: shard %s is given twice: %s and %s", ErrShards, r.shard, prev.dir, r.dir)
		}
		byIndex[r.shard.Index-1] = r
	}
	var missing []string
	for i, r := range byIndex {
		if r == nil {
			missing = append(missing, Shard{Index: i + 1, Count: count}.String())
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: shard %s missing; give every shard's folder", ErrShards, strings.Join(missing, ", "))
	}
	return byIndex, nil
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}

// open reads the offsets of the shard's transcript lines, each a record
// that does not contradict itself; a later line of one episode supersedes
// an earlier one, as in a resumed run's log.
func (r *shardRun) open() error {
	f, err := os.Open(filepath.Join(r.dir, TranscriptsFile))
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrShards, r.name(), err)
	}
	r.f = f
	r.lines = map[string]span{}
	br := bufio.NewReaderSize(f, 1<<16)
	var off int64
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(line) > 0 {
				return fmt.Errorf("%w: %s: %s:%d: a line cut short; run the shard again to finish it", ErrShards, r.name(), TranscriptsFile, n)
			}
			return nil
		}
		if err != nil {
			return err
		}
		// The whole record, checked as every reader of a log checks it,
		// so that an edited one is refused before anything is written.
		var ep transcript.Episode
		if err := transcript.DecodeLine(line, &ep); err != nil {
			return fmt.Errorf("%w: %s: %s:%d: not an episode record: %v", ErrShards, r.name(), filepath.Join(r.dir, TranscriptsFile), n, err)
		}
		r.lines[ep.EpisodeID] = span{off, int64(len(line))}
		off += int64(len(line))
	}
}

// LockedExperiment returns the path of the experiment file that the run
// in dir was played from, as its lock records it.
func LockedExperiment(dir string) (string, error) {
	head, err := ReadLockHead(dir)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%w: %s is not a run folder: %v", ErrShards, dir, err)
	}
	if err != nil || head.Experiment == "" {
		return "", fmt.Errorf("%w: %s names no experiment file; give it with --experiment", ErrShards, filepath.Join(dir, LockFile))
	}
	return head.Experiment, nil
}

// checkShardsPlayed checks that each shard's run played its part of the
// plan, every episode of it and no other.
func (x *Experiment) checkShardsPlayed(byIndex []*shardRun) error {
	for _, r := range byIndex {
		s := r.shard
		part := x.planOf(&s)
		missing := 0
		for i := range part.Len() {
			if _, ok := r.lines[part.At(i).ID]; !ok {
				missing++
			}
		}
		if missing > 0 {
			return fmt.Errorf("%w: %s has not played %d of its %d episodes; run it again to finish it (it resumes)", ErrShards, r.name(), missing, part.Len())
		}
		if len(r.lines) != part.Len() {
			return fmt.Errorf("%w: %s holds %s not in its part of the plan", ErrShards, r.name(), noun.Count(len(r.lines)-part.Len(), "episode"))
		}
	}
	return nil
}

// writeMerged writes the merged transcripts into out, in plan order, each
// episode's line as its shard wrote it, and hands each record to sinks.
func writeMerged(out string, plan *planned, owner map[string]*shardRun, sinks []Sink) error {
	var buf []byte
	return atomicfile.Write(filepath.Join(out, TranscriptsFile), func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		for i := range plan.Len() {
			id := plan.At(i).ID
			r := owner[id]
			s := r.lines[id]
			buf = append(buf[:0], make([]byte, s.n)...)
			if _, err := r.f.ReadAt(buf, s.off); err != nil {
				return err
			}
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			var rec transcript.Episode
			if err := json.Unmarshal(buf, &rec); err != nil {
				return fmt.Errorf("%s: episode %s: %w", r.name(), id, err)
			}
			for _, sk := range sinks {
				if err := sk.Episode(&rec, false); err != nil {
					return err
				}
			}
		}
		return bw.Flush()
	})
}

// mergePrompts writes into out every distinct prompt of the shards'
// prompt stores, shard by shard, as one gzip stream; it writes no store
// when no shard has one (sim runs). A store cut short (a shard killed
// after its last episode) gives the prompts before the cut, as
// ReadPrompts does, and is returned among cut.
func mergePrompts(out string, runs []*shardRun) (cut []*shardRun, err error) {
	dirs := make([]string, len(runs))
	for i, r := range runs {
		dirs[i] = r.dir
	}
	at, err := copyPrompts(out, dirs)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrShards, err)
	}
	for _, i := range at {
		cut = append(cut, runs[i])
	}
	return cut, nil
}

// copyPrompts writes into out every distinct prompt of the prompt stores
// of the run folders dirs, folder by folder, as one gzip stream; it writes
// no store when none has one. A store cut short gives the prompts before
// the cut; cut are the indices in dirs of such stores.
func copyPrompts(out string, dirs []string) (cut []int, err error) {
	var stores []int
	for i, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, PromptsFile)); err == nil {
			stores = append(stores, i)
		}
	}
	if len(stores) == 0 {
		return nil, nil
	}
	err = atomicfile.Write(filepath.Join(out, PromptsFile), func(w io.Writer) error {
		zw := gzip.NewWriter(w)
		seen := map[string]bool{}
		for _, i := range stores {
			path := filepath.Join(dirs[i], PromptsFile)
			err := transcript.ScanGzipLines(path, func(line []byte) error {
				var p struct {
					SHA256 string `json:"prompt_sha256"`
				}
				if err := json.Unmarshal(line, &p); err != nil {
					return err
				}
				if seen[p.SHA256] {
					return nil
				}
				seen[p.SHA256] = true
				_, err := zw.Write(line)
				return err
			})
			switch {
			case errors.Is(err, transcript.ErrCutShort):
				cut = append(cut, i)
			case err != nil:
				return err // it names path
			}
		}
		return zw.Close()
	})
	return cut, err
}
