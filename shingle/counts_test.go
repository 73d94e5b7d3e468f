package shingle

import (
	"math/rand/v2"
	"testing"
)

func TestCountsMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	var c, d Counts
	want := map[uint64]uint32{}
	for i := 0; i < 20000; i++ {
		h := rng.Uint64N(5000) * 0x9e3779b97f4a7c15 // includes 0
		n := uint32(rng.IntN(3) + 1)
		c.Add(h, n)
		want[h] += n
	}
	if c.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", c.Len(), len(want))
	}
	for h, n := range want {
		if got := c.Get(h); got != n {
			t.Fatalf("Get(%#x) = %d, want %d", h, got, n)
		}
	}
	if c.Get(12345) != 0 {
		t.Error("an absent hash has a count")
	}
	d.AddAll(&c)
	d.AddAll(&c)
	for h, n := range want {
		if got := d.Get(h); got != 2*n {
			t.Fatalf("after AddAll twice, Get(%#x) = %d, want %d", h, got, 2*n)
		}
	}
	c.Reset()
	if c.Len() != 0 || c.Get(0) != 0 {
		t.Error("Reset left counts")
	}
}
