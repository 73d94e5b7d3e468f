package lsh

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// referenceMinWise computes a MinWise signature from the definition: value i
// is the minimum over the set of h1(x) + i*h2(x).
func referenceMinWise(k int, seed uint64, set []uint64) Signature {
	h := func(x, s uint64) uint64 {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], x)
		d := xxhash.NewWithSeed(s)
		d.Write(b[:])
		return d.Sum64()
	}
	s1, s2 := splitmix(seed), splitmix(seed+1)
	sig := make(Signature, k)
	for i := range sig {
		sig[i] = math.MaxUint64
		for _, x := range set {
			sig[i] = min(sig[i], h(x, s1)+uint64(i)*h(x, s2))
		}
	}
	return sig
}

func randomSet(rng *rand.Rand, n int) []uint64 {
	s := make([]uint64, n)
	for i := range s {
		s[i] = rng.Uint64()
	}
	return s
}

func TestMinWiseMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := NewMinWise(32, 99)
	for trial := 0; trial < 50; trial++ {
		set := randomSet(rng, 1+rng.IntN(200))
		got := m.Sign(nil, set)
		if want := referenceMinWise(32, 99, set); !slices.Equal(got, want) {
			t.Fatalf("trial %d: signature differs from reference\n got %x\nwant %x", trial, got[:4], want[:4])
		}
	}
}

// TestMinWiseGolden pins the signature of a fixed set and seed: a change is a
// format break, since stored signatures would no longer compare.
func TestMinWiseGolden(t *testing.T) {
	set := []uint64{xxhash.Sum64String("the quick brown"), xxhash.Sum64String("quick brown fox"), 42}
	got := NewMinWise(4, DefaultSeed).Sign(nil, set)
	want := Signature{0x27a11ad03017295c, 0x3c21d111edc6c5a8, 0x50a28753ab7661f4, 0x26bf5f8b2f7bb6df}
	if !slices.Equal(got, want) {
		t.Errorf("golden signature changed:\n got %#x\nwant %#x", got, want)
	}
	if other := NewMinWise(4, DefaultSeed+1).Sign(nil, set); slices.Equal(other, got) {
		t.Error("a different seed gave the same signature")
	}
}

func TestSignAppendsAndIsOrderFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	set := randomSet(rng, 100)
	m := NewMinWise(16, 1)
	a := m.Sign(nil, set)
	shuffled := slices.Clone(set)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	withDups := append(slices.Clone(shuffled), set[:10]...)
	if b := m.Sign(nil, withDups); !slices.Equal(a, b) {
		t.Error("signature depends on order or duplicates")
	}
	prefix := Signature{7, 8}
	c := m.Sign(prefix, set)
	if !slices.Equal(c[:2], prefix) || !slices.Equal(c[2:], a) {
		t.Error("Sign does not append to dst")
	}
}

// plantedPair returns two sets of about n elements with exact Jaccard j.
func plantedPair(rng *rand.Rand, n int, j float64) (a, b []uint64, exact float64) {
	// |S| shared, d private to each: J = s / (s + 2d), s + d = n.
	s := int(math.Round(float64(n) * 2 * j / (1 + j)))
	d := n - s
	shared := randomSet(rng, s)
	a = append(slices.Clone(shared), randomSet(rng, d)...)
	b = append(slices.Clone(shared), randomSet(rng, d)...)
	return a, b, float64(s) / float64(s+2*d)
}

// TestEstimateWithinStandardError checks the MinHash estimate against exact
// Jaccard over many random pairs: each estimate should fall within 3 standard
// errors sqrt(J(1-J)/k) (true for 99.7% of pairs if the estimator is
// unbiased with binomial variance), and the mean error should be zero within
// 3 standard errors of the mean.
func TestEstimateWithinStandardError(t *testing.T) {
	const k, pairs = 128, 1000
	rng := rand.New(rand.NewPCG(7, 8))
	m := NewMinWise(k, DefaultSeed)
	outside := 0
	sumErr, sumVar := 0.0, 0.0
	for i := 0; i < pairs; i++ {
		a, b, j := plantedPair(rng, 50+rng.IntN(400), rng.Float64())
		est := Estimate(m.Sign(nil, a), m.Sign(nil, b))
		if exact := Compare(Set(a), Set(b)).Jaccard; math.Abs(exact-j) > 1e-12 {
			t.Fatalf("planted J %v but Compare says %v", j, exact)
		}
		v := j * (1 - j) / k
		if math.Abs(est-j) > 3*math.Sqrt(v)+1e-9 {
			outside++
		}
		sumErr += est - j
		sumVar += v
	}
	// Binomial(1000, 0.0027) exceeds 10 with probability below 1e-3.
	if outside > 10 {
		t.Errorf("%d of %d estimates outside 3 standard errors, want at most 10", outside, pairs)
	}
	if bias, se := sumErr/pairs, math.Sqrt(sumVar)/pairs; math.Abs(bias) > 3*se {
		t.Errorf("mean error %.5f exceeds 3 standard errors of the mean (%.5f)", bias, 3*se)
	}
}

// Set sorts a copy of s and removes duplicates.
func Set(s []uint64) []uint64 {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}
