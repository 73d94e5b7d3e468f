package lsh

import (
	"math"
	"testing"
)

// TestOptimalPinned pins the banding chosen for k=128 at the thresholds users
// pick most; a change moves every user's recall and speed.
func TestOptimalPinned(t *testing.T) {
	tests := []struct {
		t    float64
		want Params
	}{
		{0.5, Params{26, 3}},
		{0.7, Params{21, 6}},
		{0.8, Params{16, 8}},
		{0.9, Params{9, 14}},
	}
	for _, tt := range tests {
		got, err := Optimal(tt.t, 128, WeightFalsePositive, WeightFalseNegative)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("Optimal(%v, 128) = %+v, want %+v", tt.t, got, tt.want)
		}
		if p := got.Probability(tt.t + 0.05); p < 0.98 {
			t.Errorf("threshold %v: P(candidate | J=t+0.05) = %.4f, want >= 0.98", tt.t, p)
		}
	}
}

// TestOptimalIsMinimal checks Optimal against a brute-force search that
// integrates with a different rule (midpoint, 20,000 steps).
func TestOptimalIsMinimal(t *testing.T) {
	// The midpoint rule with 2,000 intervals moves every cost below by at
	// most 2e-9 from 20,000 intervals, where the smallest gap between the
	// chosen banding's cost and any other's is 1.3e-5 (t = 0.55): the check
	// has four orders of magnitude to spare.
	midpoint := func(f func(float64) float64, a, b float64) float64 {
		const n = 2000
		h := (b - a) / n
		s := 0.0
		for i := 0; i < n; i++ {
			s += f(a + (float64(i)+0.5)*h)
		}
		return s * h
	}
	cost := func(p Params, th float64) float64 {
		fp := midpoint(p.Probability, 0, th)
		fn := midpoint(func(s float64) float64 { return 1 - p.Probability(s) }, th, 1)
		return WeightFalsePositive*fp + WeightFalseNegative*fn
	}
	for _, th := range []float64{0.55, 0.75, 0.85} {
		got, _ := Optimal(th, 64, WeightFalsePositive, WeightFalseNegative)
		gc := cost(got, th)
		for b := 1; b <= 64; b++ {
			for r := 1; b*r <= 64; r++ {
				if c := cost(Params{b, r}, th); c < gc-1e-9 {
					t.Errorf("t=%v: %+v costs %.6f, less than chosen %+v at %.6f", th, Params{b, r}, c, got, gc)
				}
			}
		}
	}
}

func TestOptimalRejects(t *testing.T) {
	for _, th := range []float64{0, 1, -0.1, math.NaN()} {
		if _, err := Optimal(th, 128, 0.5, 0.5); err == nil {
			t.Errorf("Optimal(%v) accepted", th)
		}
	}
	if _, err := Optimal(0.5, 0, 0.5, 0.5); err == nil {
		t.Error("Optimal accepted k=0")
	}
}

func TestProbability(t *testing.T) {
	p := Params{Bands: 2, Rows: 3}
	// 1 - (1 - 0.5^3)^2 = 1 - 0.875^2
	if got, want := p.Probability(0.5), 1-0.875*0.875; math.Abs(got-want) > 1e-15 {
		t.Errorf("Probability(0.5) = %v, want %v", got, want)
	}
}

func BenchmarkOptimal(b *testing.B) {
	for b.Loop() {
		Optimal(0.7, 128, WeightFalsePositive, WeightFalseNegative)
	}
}
