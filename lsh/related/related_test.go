package related

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neardup/neardup/lsh"
)

func TestTopAndCosine(t *testing.T) {
	entries := []Entry{{5, 1, 0}, {1, 3, 0}, {9, 4, 0}, {3, 2, 0}, {7, 0.5, 0}}
	v := Top(slices.Clone(entries), 3)
	if len(v) != 3 || v[0].Hash != 1 || v[1].Hash != 3 || v[2].Hash != 9 {
		t.Fatalf("Top kept %+v, want hashes 1, 3, 9 sorted", v)
	}
	norm := 0.0
	for _, e := range v {
		norm += e.Weight * e.Weight
	}
	if math.Abs(norm-1) > 1e-12 {
		t.Errorf("Top vector has squared length %v", norm)
	}
	if c := Cosine(v, v); math.Abs(c-1) > 1e-12 {
		t.Errorf("Cosine(v, v) = %v", c)
	}
	w := Top([]Entry{{2, 1, 0}, {4, 1, 0}}, 3)
	if c := Cosine(v, w); c != 0 {
		t.Errorf("disjoint vectors: cosine %v", c)
	}
	// 3 and 9 shared: (2*2 + 4*4) / (sqrt(29) * sqrt(20)).
	u := Top([]Entry{{3, 2, 0}, {9, 4, 0}}, 3)
	want := 20 / (math.Sqrt(29) * math.Sqrt(20))
	if c := Cosine(v, u); math.Abs(c-want) > 1e-12 {
		t.Errorf("Cosine = %v, want %v", c, want)
	}
	sh := Shared(v, u)
	if len(sh) != 2 || sh[0].Hash != 9 || sh[1].Hash != 3 {
		t.Errorf("Shared = %+v, want 9 then 3", sh)
	}
	if s := sh[0].Contribution + sh[1].Contribution; math.Abs(s-want) > 1e-12 {
		t.Errorf("shared contributions sum to %v, not the cosine %v", s, want)
	}
	if s := Score(v, u); math.Abs(s-want) > 1e-12 {
		t.Errorf("contexts unknown: Score %v, want the cosine %v", s, want)
	}
}

// TestScoreLeavesOutSharedPassages checks that a term with the same context
// in both vectors counts in the cosine but not in the score, and that Shared
// marks it.
func TestScoreLeavesOutSharedPassages(t *testing.T) {
	a := Top([]Entry{{1, 3, 10}, {2, 2, 20}, {3, 1, 30}}, 3)
	b := Top([]Entry{{1, 3, 10}, {2, 2, 21}, {3, 1, 30}}, 3)
	if c := Cosine(a, b); math.Abs(c-1) > 1e-12 {
		t.Fatalf("cosine %v, want 1", c)
	}
	// Only term 2 has different contexts: its weight squared, 4/14.
	if s := Score(a, b); math.Abs(s-4.0/14) > 1e-12 {
		t.Errorf("score %v, want %v", s, 4.0/14)
	}
	for _, st := range Shared(a, b) {
		if st.Passage != (st.Hash != 2) {
			t.Errorf("term %d: passage %v", st.Hash, st.Passage)
		}
	}
}

func TestTopTies(t *testing.T) {
	v := Top([]Entry{{Hash: 8, Weight: 1}, {Hash: 2, Weight: 1}, {Hash: 5, Weight: 1}}, 2)
	if v[0].Hash != 2 || v[1].Hash != 5 {
		t.Errorf("ties kept %+v, want the smaller hashes 2 and 5", v)
	}
}

func TestWeigher(t *testing.T) {
	df := map[uint64]int{1: 1, 2: 50, 3: 100}
	bg := map[uint64]int{1: 0, 2: 0, 3: 0, 4: 800}
	w := Weigher{Docs: 100, DF: func(h uint64) int { return df[h] }, BackgroundDocs: 1000, BackgroundDF: func(h uint64) int { return bg[h] }}
	if !(w.Weight(1, 1, false, false) > w.Weight(2, 1, false, false) && w.Weight(2, 1, false, false) > w.Weight(3, 1, false, false)) {
		t.Error("weight does not fall with corpus frequency")
	}
	if s := w.Specificity(3); math.Abs(s-math.Log(101.0/100)/math.Log(101)) > 1e-12 || s <= 0 || s > 0.01 {
		t.Errorf("a term in every document has specificity %v", s)
	}
	if w.Specificity(1) != 1 {
		t.Errorf("a term in one document has specificity %v, want 1", w.Specificity(1))
	}
	if w.Rarity(4) >= w.Rarity(1) {
		t.Error("a common English word is not less rare than an unknown one")
	}
	if w.Weight(1, 4, false, false) <= w.Weight(1, 1, false, false) {
		t.Error("weight does not grow with tf")
	}
	if got, want := w.Weight(1, 1, true, true), 4*w.Weight(1, 1, false, false); math.Abs(got-want) > 1e-12 {
		t.Errorf("name and number boosts: %v, want %v", got, want)
	}
}

func TestIndexPairs(t *testing.T) {
	const a, b, c = 1 << 32, 2 << 32, 3 << 32 // distinct 32-bit keys
	var ix Index
	ix.Add(0, []uint64{a, b})
	ix.Add(1, []uint64{a})
	ix.Add(2, []uint64{b, c})
	ix.Add(3, []uint64{c})
	ix.Add(4, []uint64{c})
	if got, want := ix.Pairs(10, 1), []lsh.Pair{{A: 0, B: 1}, {A: 0, B: 2}, {A: 2, B: 3}, {A: 2, B: 4}, {A: 3, B: 4}}; !slices.Equal(got, want) {
		t.Errorf("Pairs(10, 1) = %v, want %v", got, want)
	}
	// Term c is in three documents: over a limit of two, it makes no pairs.
	if got, want := ix.Pairs(2, 1), []lsh.Pair{{A: 0, B: 1}, {A: 0, B: 2}}; !slices.Equal(got, want) {
		t.Errorf("Pairs(2, 1) = %v, want %v", got, want)
	}
	// With two shared terms required: 0, 5 and 6 share a and b with each
	// other, 2 and 6 share b and c; 0 and 1, or 2 and 3, share one term.
	ix.Add(5, []uint64{a, b})
	ix.Add(6, []uint64{b, c, a})
	if got, want := ix.Pairs(10, 2), []lsh.Pair{{A: 0, B: 5}, {A: 0, B: 6}, {A: 2, B: 6}, {A: 5, B: 6}}; !slices.Equal(got, want) {
		t.Errorf("Pairs(10, 2) = %v, want %v", got, want)
	}
}

// TestIndexPairsMatchesBruteForce checks Pairs against counting the shared
// terms of every pair of documents, on random documents with popular and rare
// terms.
func TestIndexPairsMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for trial := 0; trial < 50; trial++ {
		docs := make([][]uint64, 1+rng.IntN(120))
		var ix Index
		for d := range docs {
			for range rng.IntN(12) {
				// Zipf-like: low term numbers are popular.
				docs[d] = append(docs[d], uint64(rng.IntN(1+rng.IntN(200)))<<32|uint64(rng.Uint32()))
			}
			ix.Add(uint32(d), docs[d])
		}
		maxPosting, minShared := 1+rng.IntN(30), 1+rng.IntN(3)
		df := map[uint64]map[int]bool{}
		for d, ts := range docs {
			for _, h := range ts {
				if df[h>>32] == nil {
					df[h>>32] = map[int]bool{}
				}
				df[h>>32][d] = true
			}
		}
		var want []lsh.Pair
		for a := range docs {
			for b := a + 1; b < len(docs); b++ {
				shared := 0
				for _, ds := range df {
					if ds[a] && ds[b] && len(ds) <= maxPosting {
						shared++
					}
				}
				if shared >= minShared {
					want = append(want, lsh.Pair{A: uint32(a), B: uint32(b)})
				}
			}
		}
		if got := ix.Pairs(maxPosting, minShared); !slices.Equal(got, want) {
			t.Fatalf("trial %d (max %d, min %d): got %d pairs, want %d\n%v\n%v", trial, maxPosting, minShared, len(got), len(want), got, want)
		}
	}
}

// TestHeaviestMatchesSort checks the selection against a full sort, on
// inputs with many ties.
func TestHeaviestMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for trial := 0; trial < 500; trial++ {
		n := rng.IntN(300)
		e := make([]Entry, n)
		for i := range e {
			e[i] = Entry{Hash: rng.Uint64N(1000), Weight: float64(rng.IntN(20))}
		}
		k := rng.IntN(n + 3)
		want := slices.Clone(e)
		slices.SortFunc(want, func(a, b Entry) int {
			switch {
			case heavier(a, b):
				return -1
			case heavier(b, a):
				return 1
			}
			return 0
		})
		want = want[:min(k, n)]
		if got := Heaviest(slices.Clone(e), k); !slices.Equal(got, want) {
			t.Fatalf("n=%d k=%d: Heaviest differs from sorting", n, k)
		}
	}
}
