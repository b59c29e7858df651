// Package rank places things in an order drawn from a seed: the same seed
// and key always give the same place, whatever else is ranked, so that a
// larger sample keeps a smaller one's members and adding things moves the
// others only where a new one ranks in.
package rank

import (
	"encoding/binary"
	"hash/fnv"
	"io"
)

// Hash is FNV-1a of seed (8 bytes, little-endian) and each of parts, each
// ended by a zero byte. Its high bits hardly depend on a key's last
// characters: to order by it, use Of.
func Hash(seed uint64, parts ...string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// Of is the rank of parts under seed: Hash finished by Mix, so that keys
// that differ only in their last characters ("q-110" … "q-119") are spread
// over the order, not ranked together.
func Of(seed uint64, parts ...string) uint64 { return Mix(Hash(seed, parts...)) }

// Mix is the 64-bit finaliser of MurmurHash3: each bit of x changes each
// bit of the result with probability about one half.
func Mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}
