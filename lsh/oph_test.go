package lsh

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// referenceOnePerm computes a one-permutation signature from the definition,
// with maps and no shortcuts.
func referenceOnePerm(k int, seed uint64, set []uint64) Signature {
	s1, s2 := splitmix(seed^0x6f7068), splitmix(seed^0x66696c6c31)
	inBin := map[int][]uint64{}
	for _, x := range set {
		h := hash64(x, s1)
		inBin[reduce(h, k)] = append(inBin[reduce(h, k)], h>>1)
	}
	sig := make(Signature, k)
	for i := range sig {
		if hs := inBin[i]; len(hs) > 0 {
			sig[i] = slices.Min(hs)
			continue
		}
		sig[i] = math.MaxUint64
		for _, x := range set {
			g1 := hash64(x, s2)
			g := g1 + uint64(i)*(g1<<32|g1>>32)
			sig[i] = min(sig[i], g|1<<63)
		}
	}
	return sig
}

func TestOnePermMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	o := NewOnePerm(64, 5)
	for trial := 0; trial < 200; trial++ {
		set := randomSet(rng, rng.IntN(300)) // includes empty and tiny sets
		got := o.Sign(nil, set)
		if want := referenceOnePerm(64, 5, set); !slices.Equal(got, want) {
			t.Fatalf("trial %d (%d shingles): signature differs from reference", trial, len(set))
		}
	}
}

func TestOnePermGolden(t *testing.T) {
	// Three shingles in 8 bins: most bins filled by the per-bin MinHash.
	sparse := NewOnePerm(8, DefaultSeed).Sign(nil, []uint64{7, 8, 9})
	wantSparse := Signature{0xb627e975709c36e2, 0x1394205d2b9b1876, 0x8eb2a8d97e1bde96, 0x32c51a05a4bd3f2f, 0x441b482433fa70e6, 0xadfc1bf46ba0f2ea, 0x8dbf4252bacd4f06, 0xaa09540d5ac1608a}
	if !slices.Equal(sparse, wantSparse) {
		t.Errorf("golden sparse signature changed:\n got %#x\nwant %#x", sparse, wantSparse)
	}
	set := []uint64{1, 2, 3, 42, 1 << 40}
	got := NewOnePerm(4, DefaultSeed).Sign(nil, set)
	want := Signature{0x01e7c28ce028383d, 0x2640d4e15aa25c99, 0x4768d3218ae99d85, 0x78148c235a9c731e}
	if !slices.Equal(got, want) {
		t.Errorf("golden signature changed:\n got %#x\nwant %#x", got, want)
	}
}

// TestOnePermAccuracyVersusMinWise compares the one-permutation estimator with
// MinWise, the reference, at the same k over many random pairs of planted
// Jaccard, for each of several set sizes: far below k (most bins densified),
// about k, and far above. With e the estimation error of a pair, it checks,
// per size:
//   - bias: |mean e| is within 3 standard errors of the mean of zero;
//   - variance: mean(e_oph² - e_minwise²) <= 3 standard errors of that
//     paired difference, so OnePerm's mean squared error is no larger than
//     MinWise's beyond what the sample size can resolve.
func TestOnePermAccuracyVersusMinWise(t *testing.T) {
	const k = 128
	rng := rand.New(rand.NewPCG(15, 16))
	o, m := NewOnePerm(k, 77), NewMinWise(k, 77)
	for _, size := range []int{2, 10, 50, 128, 300, 1000, 3000} {
		// 1,500 pairs a size, 500 for the largest sets, whose MinWise
		// signatures cost most: each check is at 3 standard errors of
		// its own sample whatever its size, so fewer pairs keep the
		// confidence and only widen the margin.
		pairs := 1500
		if size >= 1000 {
			pairs = 500
		}
		var eo, em, d []float64
		for i := 0; i < pairs; i++ {
			a, b, j := plantedPair(rng, size, rng.Float64())
			x := Estimate(o.Sign(nil, a), o.Sign(nil, b)) - j
			y := Estimate(m.Sign(nil, a), m.Sign(nil, b)) - j
			eo, em, d = append(eo, x), append(em, y), append(d, x*x-y*y)
		}
		for _, s := range []struct {
			name string
			e    []float64
		}{{"onePerm", eo}, {"minWise", em}} {
			if mean, se := meanSE(s.e); math.Abs(mean) > 3*se {
				t.Errorf("size %d: %s mean error %.5f, more than 3 standard errors (%.5f) from 0", size, s.name, mean, 3*se)
			}
		}
		mean, se := meanSE(d)
		t.Logf("size %4d: MSE onePerm %.6f, minWise %.6f; difference %+.6f ± %.6f", size, meanSq(eo), meanSq(em), mean, se)
		if mean > 3*se {
			t.Errorf("size %d: onePerm MSE exceeds minWise's by %.6f, more than 3 standard errors (%.6f)", size, mean, 3*se)
		}
	}
}

func meanSE(x []float64) (mean, se float64) {
	var s, s2 float64
	for _, v := range x {
		s += v
		s2 += v * v
	}
	n := float64(len(x))
	mean = s / n
	return mean, math.Sqrt((s2/n - mean*mean) / n)
}

func meanSq(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s / float64(len(x))
}
