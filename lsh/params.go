package lsh

import (
	"fmt"
	"math"
)

// Params is a banding of a signature: Bands bands of Rows values each.
// Two documents become a candidate pair when all Rows values of at least one
// band agree.
type Params struct {
	Bands int `json:"bands"`
	Rows  int `json:"rows"`
}

// Probability returns the chance that two documents of Jaccard similarity s
// become a candidate pair: 1 - (1 - s^Rows)^Bands, the LSH "S-curve".
func (p Params) Probability(s float64) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(p.Rows)), float64(p.Bands))
}

// Weights of the two error areas minimized by [Optimal].
//
// Every candidate is verified by exact Jaccard, so a false positive costs one
// verification while a false negative is a duplicate lost for good; the
// false-negative area therefore weighs 19 times the false-positive area. With
// 128 permutations this makes a pair at threshold+0.05 a candidate with
// probability at least 0.98 for every threshold from 0.5 to 0.9, where
// datasketch's equal weights give 0.60 to 0.80 (pinned in params_test.go).
const (
	WeightFalsePositive = 0.05
	WeightFalseNegative = 0.95
)

// Optimal returns the banding of a k-value signature that minimizes
//
//	wFP * ∫₀ᵗ P(s) ds  +  wFN * ∫ₜ¹ (1 - P(s)) ds
//
// over all Bands*Rows <= k, where P is [Params.Probability]: the weighted
// areas of false positives below the threshold t and of false negatives above
// it, as datasketch's MinHashLSH does. Ties go to fewer bands.
func Optimal(t float64, k int, wFP, wFN float64) (Params, error) {
	if !(t > 0 && t < 1) {
		return Params{}, fmt.Errorf("threshold %v out of range (0,1)", t)
	}
	if k < 1 {
		return Params{}, fmt.Errorf("signature size %d < 1", k)
	}
	best, bestErr := Params{}, math.Inf(1)
	for b := 1; b <= k; b++ {
		for r := 1; b*r <= k; r++ {
			p := Params{Bands: b, Rows: r}
			fp := integrate(p.Probability, 0, t)
			fn := integrate(func(s float64) float64 { return 1 - p.Probability(s) }, t, 1)
			if e := wFP*fp + wFN*fn; e < bestErr {
				best, bestErr = p, e
			}
		}
	}
	return best, nil
}

// integrate is composite Simpson's rule with 256 intervals; the S-curves
// integrated here are smooth polynomials, for which this is exact to well
// below the differences between neighbouring bandings.
func integrate(f func(float64) float64, a, b float64) float64 {
	const n = 256
	h := (b - a) / n
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}
