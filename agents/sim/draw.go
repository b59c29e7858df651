package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"sync"

	"github.com/mootlab/moot/agents"
)

// draw names the draw that gave resp to req (agents.Response.Draw), in 32
// hex digits: a SHA-256 of all that fixes a sim agent's answer — its
// settings, the request's seed and sample, and what it reads of the
// request, which the request's PromptSHA256 names (the seat, side, round,
// rules, view and turns seen: protocols.Templates.PromptSHA256) — and of
// the answer itself, so that an input the hash missed, had it made two
// answers differ, keeps them apart.
func (a *Agent) draw(req agents.Request, resp agents.Response) string {
	bp := drawBufs.Get().(*[]byte)
	b := append((*bp)[:0], "moot sim draw 1\x00"...)
	b = append(b, a.settingsSum[:]...)
	b = appendString(b, req.PromptSHA256)
	b = binary.LittleEndian.AppendUint64(b, req.Seed)
	b = binary.LittleEndian.AppendUint64(b, uint64(req.Sample))
	b = appendString(b, resp.Text)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(resp.Probabilities)))
	for _, p := range resp.Probabilities {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p))
	}
	sum := sha256.Sum256(b)
	*bp = b
	drawBufs.Put(bp)
	var out [32]byte
	hex.Encode(out[:], sum[:16])
	return string(out[:])
}

// appendString appends s to b, its length first.
func appendString(b []byte, s string) []byte {
	return append(binary.LittleEndian.AppendUint64(b, uint64(len(s))), s...)
}

// drawBufs are draw's buffers, kept between calls: a run names a draw at
// every message.
var drawBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}
