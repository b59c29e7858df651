package report

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
)

// ChunkSize is the number of episodes, in plan order, in one chunk of the
// transcript browser: the page loads a chunk when one of its episodes is
// opened.
const ChunkSize = 200

// InlineEpisodes is the most episodes a report.html written by WriteFile
// carries in itself. A larger run's episodes go to chunk files in
// EpisodesDir, next to the page, which loads them with script elements (a
// page opened from a file may not fetch). The index of every episode is
// always in the page.
const InlineEpisodes = 5000

// EpisodesDir is the folder, next to report.html, of a large run's episode
// chunks: EpisodesDir/NNNNN.js, each a call of the page's loader with the
// chunk's episodes, compressed.
const EpisodesDir = "report-episodes"

// chunkCallback is the function a chunk file calls: chunkCallback(k, "…").
const chunkCallback = "mootReportChunk"

// episodeData is what the page's script reads from the page: the index,
// and the chunks themselves or the folder they are in.
type episodeData struct {
	Total     int    `json:"total"`
	ChunkSize int    `json:"chunk_size"`
	Index     string `json:"index"` // episodeIndex, packed
	// Chunks are the packed chunks, when the page carries them; else
	// ChunkDir names the folder of their files, relative to the page.
	Chunks   []string `json:"chunks,omitempty"`
	ChunkDir string   `json:"chunk_dir,omitempty"`
}

// pack encodes v as JSON compressed with raw deflate, in base64: the page
// decodes it with DecompressionStream("deflate-raw"). Base64 has no
// character that HTML or a script could read as markup.
func pack(v any) (string, error) {
	var buf bytes.Buffer
	zw := deflater(&buf)
	defer deflaters.Put(zw)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// deflaters keeps deflate writers for reuse: each holds about a megabyte
// of tables, and a large run's report packs thousands of chunks.
var deflaters sync.Pool

// deflater is a deflate writer to w at the default compression, from the
// pool when it has one; put it back in deflaters once closed.
func deflater(w io.Writer) *flate.Writer {
	if zw, ok := deflaters.Get().(*flate.Writer); ok {
		zw.Reset(w)
		return zw
	}
	zw, err := flate.NewWriter(w, flate.DefaultCompression)
	if err != nil {
		panic(err) // only for a level out of range
	}
	return zw
}

// chunkStore packs the episodes of a run into chunks of ChunkSize. It
// keeps them in memory up to inline episodes, and then, when it has a
// folder, writes them there as script files. Chunks are packed on other
// goroutines, up to GOMAXPROCS at a time, and kept in plan order.
type chunkStore struct {
	inline  int    // episodes kept in memory; beyond, files
	dir     string // where chunk files go; "" keeps every chunk in memory
	pending []episodeView
	packing []chan packedChunk // chunks being packed, in order
	packed  []string           // chunks in memory
	written int                // chunks written to dir
	total   int
	err     error
}

// packedChunk is a chunk packed by another goroutine.
type packedChunk struct {
	data string
	err  error
}

func (s *chunkStore) add(v episodeView) {
	if s.err != nil {
		return
	}
	s.total++
	s.pending = append(s.pending, v)
	if len(s.pending) == ChunkSize {
		s.flush()
	}
}

// flush starts packing the pending episodes, after waiting for the oldest
// chunk being packed when as many as there are cores already are.
func (s *chunkStore) flush() {
	if len(s.pending) == 0 || s.err != nil {
		return
	}
	if len(s.packing) >= runtime.GOMAXPROCS(0) {
		s.collect(1)
	}
	done := make(chan packedChunk, 1)
	s.packing = append(s.packing, done)
	go func(eps []episodeView) {
		p, err := pack(eps)
		done <- packedChunk{p, err}
	}(s.pending)
	s.pending = make([]episodeView, 0, ChunkSize)
}

// collect waits for the oldest n chunks being packed.
func (s *chunkStore) collect(n int) {
	for _, done := range s.packing[:n] {
		p := <-done
		if p.err != nil && s.err == nil {
			s.err = fmt.Errorf("report: packing episodes: %w", p.err)
		}
		s.packed = append(s.packed, p.data)
	}
	s.packing = s.packing[n:]
	if s.err == nil && s.dir != "" && s.total > s.inline {
		s.spill()
	}
}

// spill writes the chunks held in memory to files.
func (s *chunkStore) spill() {
	if s.written == 0 {
		if err := os.MkdirAll(s.dir, 0o777); err != nil {
			s.err = fmt.Errorf("report: %w", err)
			return
		}
	}
	for _, p := range s.packed {
		name := filepath.Join(s.dir, chunkFileName(s.written))
		body := chunkCallback + "(" + strconv.Itoa(s.written) + ",\"" + p + "\");\n"
		if err := os.WriteFile(name, []byte(body), 0o666); err != nil {
			s.err = fmt.Errorf("report: %w", err)
			return
		}
		s.written++
	}
	s.packed = nil
}

// finish packs the last chunk and waits for every chunk; it reports
// whether the chunks went to files.
func (s *chunkStore) finish() (files bool, err error) {
	s.flush()
	s.collect(len(s.packing))
	if s.err == nil && s.written > 0 {
		s.spill()
	}
	return s.written > 0, s.err
}

// chunkFileName is the file of chunk k, as the page's script names it.
func chunkFileName(k int) string {
	return fmt.Sprintf("%05d.js", k)
}
