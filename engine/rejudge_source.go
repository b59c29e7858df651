package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/mootlab/moot/transcript"
)

// sourceLog is the log of the run a rejudge judges again, its records read
// back one at a time where they stand: a rejudge of a run of 100,000
// episodes had held every record, its messages' text and all, in memory
// (about 9 KB an episode, 1 GB in all).
type sourceLog struct {
	f    *os.File
	path string
	// spans are where the records stand, an episode each, in the order of
	// its first record; lines are their line numbers.
	spans []span
	lines []int
}

// openSource opens the log of the run to rejudge at path, and returns it
// with the SHA-256 of its bytes. A log an interrupted run left out of plan
// order may hold an episode twice (a failure, then its replay): its last
// record stands, at the place of its first, as the run's compaction would
// have it. Each record read is handed to each with the episode's place i
// (a place handed on before, where the record replaces an earlier one)
// and its line; an error of each stops the reading and is returned as it
// is. The caller closes the log.
func openSource(path string, each func(i int, rec *transcript.Episode, line int) error) (*sourceLog, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	s := &sourceLog{f: f, path: path}
	// Hashed as it is read: the bytes read are the bytes hashed.
	h := sha256.New()
	at := map[string]int{}
	var eachErr error
	_, torn, err := transcript.ScanLog(io.TeeReader(f, h), path, func(ep *transcript.Episode, line transcript.LogLine) error {
		i, ok := at[ep.EpisodeID]
		if ok {
			s.spans[i], s.lines[i] = span{line.Off, line.Len}, line.N
		} else {
			i = len(s.spans)
			at[ep.EpisodeID] = i
			s.spans, s.lines = append(s.spans, span{line.Off, line.Len}), append(s.lines, line.N)
		}
		eachErr = each(i, ep, line.N)
		return eachErr
	})
	if eachErr != nil {
		f.Close()
		return nil, "", eachErr
	}
	switch {
	case err == nil && torn:
		err = fmt.Errorf("%s ends in a line cut short (its run was killed): run it again to resume it, then rejudge it", path)
	case err == nil && len(s.spans) == 0:
		err = fmt.Errorf("%s holds no episode to judge again (a run that stopped before its first)", path)
	}
	if err != nil {
		f.Close()
		return nil, "", fmt.Errorf("%w: %w", ErrBadInput, err)
	}
	return s, hex.EncodeToString(h.Sum(nil)), nil
}

// len is the number of episodes the log holds.
func (s *sourceLog) len() int { return len(s.spans) }

// at reads back the record of episode i whole. It may be called at once
// from several goroutines.
func (s *sourceLog) at(i int) (*transcript.Episode, error) {
	return readBack(s.f, s.spans[i], fmt.Sprintf("%s:%d", s.path, s.lines[i]))
}

func (s *sourceLog) close() error { return s.f.Close() }
