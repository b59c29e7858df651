package rank

import "testing"

// The expectations below were worked outside Go from the definitions the
// package's comments give: FNV-1a 64 (offset basis 0xcbf29ce484222325,
// prime 0x100000001b3) over the seed's 8 little-endian bytes and each
// part followed by a zero byte; Mix is MurmurHash3's fmix64. A change to
// any of these would change every drawn sample.

// TestHashIsFNV1aOfSeedAndParts: the seed's bytes, little-endian, then
// each part ended by a zero byte.
func TestHashIsFNV1aOfSeedAndParts(t *testing.T) {
	for _, c := range []struct {
		seed  uint64
		parts []string
		want  uint64
	}{
		{0, nil, 0xa8c7f832281a39c5},
		{7, []string{"q-1"}, 0xffef0e66f65d1665},
		{0x0102030405060708, []string{"x"}, 0x6b4177088724c3b5},
		{7, []string{"ab", "c"}, 0x5634249cfe095b50},
		{7, []string{"a", "bc"}, 0xc5aa336a1b3619d8},
	} {
		if got := Hash(c.seed, c.parts...); got != c.want {
			t.Errorf("Hash(%#x, %q) = %#x; want %#x", c.seed, c.parts, got, c.want)
		}
	}
}

// TestMixIsFmix64: MurmurHash3's finaliser; zero stays zero.
func TestMixIsFmix64(t *testing.T) {
	for x, want := range map[uint64]uint64{0: 0, 1: 0xb456bcfc34c2cb2c} {
		if got := Mix(x); got != want {
			t.Errorf("Mix(%#x) = %#x; want %#x", x, got, want)
		}
	}
}

// TestOfIsMixOfHash: the rank is the hash finished by Mix.
func TestOfIsMixOfHash(t *testing.T) {
	if got, want := Of(7, "q-1"), uint64(0x38ddb7c637bdbc18); got != want {
		t.Errorf("Of(7, q-1) = %#x; want %#x", got, want)
	}
}
