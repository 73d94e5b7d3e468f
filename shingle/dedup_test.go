package shingle

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDeduperMatchesSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	var d Deduper
	for trial := 0; trial < 200; trial++ {
		n := rng.IntN(3000)
		hs := make([]uint64, n)
		for i := range hs {
			hs[i] = rng.Uint64N(uint64(n/2+1)) * 0x9e3779b97f4a7c15 // many repeats, 0 included
		}
		got := d.Unique(nil, hs)
		// First-appearance order.
		seen := map[uint64]bool{}
		var want []uint64
		for _, h := range hs {
			if !seen[h] {
				seen[h] = true
				want = append(want, h)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: Unique differs from first-appearance dedupe", trial)
		}
	}
	if allocs := testing.AllocsPerRun(10, func() { d.Unique(make([]uint64, 0, 8), []uint64{1, 2, 1}) }); allocs > 1 {
		t.Errorf("Unique allocates %.0f times", allocs)
	}
}
