package shingle

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// TestHashBytesIsXXH64 pins the inlined token hash to the xxhash package, at
// every length up to well past its short-input path.
func TestHashBytesIsXXH64(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 80; n++ {
		for range 50 {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			if got, want := hashBytes(b), xxhash.Sum64(b); got != want {
				t.Fatalf("len %d: hashBytes %#x, xxhash %#x", n, got, want)
			}
		}
	}
}

// TestHashLanesIsXXH64 pins the hash of token hashes to xxhash over their
// little-endian bytes, for 1 to 20 lanes.
func TestHashLanesIsXXH64(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 1; n <= 20; n++ {
		for range 50 {
			hs := make([]uint64, n)
			ks := make([]uint64, n)
			var b []byte
			for i := range hs {
				hs[i] = rng.Uint64()
				ks[i] = round(0, hs[i])
				b = binary.LittleEndian.AppendUint64(b, hs[i])
			}
			if got, want := hashLanes(hs, ks), xxhash.Sum64(b); got != want {
				t.Fatalf("%d lanes: %#x, xxhash %#x", n, got, want)
			}
		}
	}
}
