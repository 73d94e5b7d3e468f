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
//
// The integrals use composite Simpson's rule with 256 intervals on each side
// of t. For each r, (1 - s^r)^b is built up one factor per b at the fixed
// nodes, so the whole search costs O(k log k) multiplications per node, about
// a millisecond, instead of a power per evaluation.
func Optimal(t float64, k int, wFP, wFN float64) (Params, error) {
	if !(t > 0 && t < 1) {
		return Params{}, fmt.Errorf("threshold %v out of range (0,1)", t)
	}
	if k < 1 {
		return Params{}, fmt.Errorf("signature size %d < 1", k)
	}
	const n = 256                    // Simpson intervals per side
	type node struct{ s, w float64 } // abscissa and Simpson weight times h/3
	var below, above [n + 1]node
	for i := 0; i <= n; i++ {
		w := 2.0
		switch {
		case i == 0 || i == n:
			w = 1
		case i%2 == 1:
			w = 4
		}
		below[i] = node{t * float64(i) / n, w * t / n / 3}
		above[i] = node{t + (1-t)*float64(i)/n, w * (1 - t) / n / 3}
	}
	var qb, pb, qa, pa [n + 1]float64 // 1 - s^r, and (1 - s^r)^b, at each node
	best, bestErr := Params{}, math.Inf(1)
	for r := 1; r <= k; r++ {
		for i := range below {
			qb[i], pb[i] = 1-math.Pow(below[i].s, float64(r)), 1
			qa[i], pa[i] = 1-math.Pow(above[i].s, float64(r)), 1
		}
		for b := 1; b*r <= k; b++ {
			fp, fn := 0.0, 0.0
			for i := range below {
				pb[i] *= qb[i]
				pa[i] *= qa[i]
				fp += below[i].w * (1 - pb[i]) // P(s) below t
				fn += above[i].w * pa[i]       // 1 - P(s) above t
			}
			e := wFP*fp + wFN*fn
			if e < bestErr || e == bestErr && b < best.Bands {
				best, bestErr = Params{Bands: b, Rows: r}, e
			}
		}
	}
	return best, nil
}
