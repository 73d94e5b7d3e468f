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

func TestCountsSubMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	var c Counts
	want := map[uint64]uint32{}
	keys := make([]uint64, 3000)
	for i := range keys {
		// Few distinct top bits, so that probe runs are long and the
		// backward shift is exercised; 0 included.
		keys[i] = uint64(i%7)<<32 | uint64(i)*0x9e3779b9&0xffffffff
	}
	for step := 0; step < 40000; step++ {
		h := keys[rng.IntN(len(keys))]
		if want[h] > 0 && rng.IntN(2) == 0 {
			n := uint32(rng.IntN(int(want[h])) + 1)
			c.Sub(h, n)
			if want[h] -= n; want[h] == 0 {
				delete(want, h)
			}
		} else {
			c.Add(h, 1)
			want[h]++
		}
		if step%1999 == 0 {
			if c.Len() != len(want) {
				t.Fatalf("step %d: Len = %d, want %d", step, c.Len(), len(want))
			}
			for _, k := range keys {
				if got := c.Get(k); got != want[k] {
					t.Fatalf("step %d: Get(%#x) = %d, want %d", step, k, got, want[k])
				}
			}
		}
	}
	seen := map[uint64]uint32{}
	c.Each(func(h uint64, n uint32) { seen[h] = n })
	if len(seen) != len(want) {
		t.Fatalf("Each saw %d hashes, want %d", len(seen), len(want))
	}
	for h, n := range want {
		if seen[h] != n {
			t.Fatalf("Each: %#x = %d, want %d", h, seen[h], n)
		}
	}
}

func TestCountsSubBelowZeroPanics(t *testing.T) {
	for _, h := range []uint64{0, 42 << 32} {
		var c Counts
		c.Add(h, 1)
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Sub(%#x, 2) of a count of 1 did not panic", h)
				}
			}()
			c.Sub(h, 2)
		}()
	}
}
