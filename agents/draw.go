package agents

import (
	"crypto/rand"
	"encoding/hex"
)

// NewDraw names a draw that nothing fixes but the one answer it names
// (Response.Draw): 128 random bits in 32 hex digits, as the response
// cache names an entry it stores and batch mode an answer it gives the
// asks it merged.
func NewDraw() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}
