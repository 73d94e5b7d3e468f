package lsh

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestEstimateBitsWithinError checks the b-bit estimate against the exact
// Jaccard of planted pairs: its mean error within 3 standard errors of 0,
// and each estimate within 5 standard deviations of a byte-agreement
// binomial (k = 128).
func TestEstimateBitsWithinError(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	s := NewOnePerm(128, 7)
	var errs []float64
	for i := 0; i < 400; i++ {
		a, b, j := plantedPair(rng, 200+rng.IntN(800), rng.Float64())
		est := EstimateBits(AppendBits(nil, s.Sign(nil, a)), AppendBits(nil, s.Sign(nil, b)))
		p := j + (1-j)/256
		sd := math.Sqrt(p*(1-p)/128) / (1 - 1.0/256)
		if math.Abs(est-j) > 5*sd+1e-9 {
			t.Errorf("pair %d: J %.3f, bit estimate %.3f, more than 5 sd (%.3f) off", i, j, est, sd)
		}
		errs = append(errs, est-j)
	}
	if mean, se := meanSE(errs); math.Abs(mean) > 3*se+0.005 {
		t.Errorf("bit estimates biased: mean error %.4f (se %.4f)", mean, se)
	}
}

func TestContainments(t *testing.T) {
	// |A| = 100, |B| = 300, |A∩B| = 80: J = 80/320 = 0.25.
	ab, ba := Containments(0.25, 100, 300)
	if math.Abs(ab-0.8) > 1e-12 || math.Abs(ba-80.0/300) > 1e-12 {
		t.Errorf("containments %v %v, want 0.8 and 0.2667", ab, ba)
	}
	if ab, ba := Containments(1, 10, 10); ab != 1 || ba != 1 {
		t.Errorf("identical sets: %v %v", ab, ba)
	}
}
