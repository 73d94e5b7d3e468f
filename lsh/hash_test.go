package lsh

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// TestHash64IsXXH64 pins the inlined hash to the xxhash package.
func TestHash64IsXXH64(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 10000; i++ {
		x, seed := rng.Uint64(), rng.Uint64()
		if i < 3 {
			seed = uint64(i) // small seeds, zero included
		}
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], x)
		d := xxhash.NewWithSeed(seed)
		d.Write(b[:])
		if got, want := hash64(x, seed), d.Sum64(); got != want {
			t.Fatalf("hash64(%#x, %#x) = %#x, xxhash says %#x", x, seed, got, want)
		}
	}
}

func TestReduce(t *testing.T) {
	counts := make([]int, 10)
	rng := rand.New(rand.NewPCG(2, 2))
	for i := 0; i < 100000; i++ {
		counts[reduce(rng.Uint64(), 10)]++
	}
	for b, c := range counts {
		if c < 9500 || c > 10500 {
			t.Errorf("bin %d got %d of 100000, want about 10000", b, c)
		}
	}
	if reduce(^uint64(0), 7) != 6 || reduce(0, 7) != 0 {
		t.Error("reduce does not span [0, n)")
	}
}
