package story

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neardup/neardup/lsh/related"
)

// corpus is a synthetic corpus: each document's vector is made of its
// story's terms (a few of them) and terms of its own, so that documents of
// one story are similar and others not.
type corpus struct {
	vecs  []related.Vector
	story []int // each document's true story, -1 for none
}

func newCorpus(r *rand.Rand, stories, perStory, loners int) corpus {
	var c corpus
	term := uint64(1)
	for s := range stories {
		base := term
		term += 12
		for range perStory {
			var e []related.Entry
			for k := range uint64(12) {
				if r.IntN(4) > 0 { // each document tells 3/4 of its story's terms
					// In its own words, mostly: 1 in 4 of its story's
					// terms are in a passage another document holds.
					e = append(e, related.Entry{Hash: base + k, Weight: 1 + r.Float64(), Context: uint32(1 + r.IntN(4))})
				}
			}
			for range 8 {
				e = append(e, related.Entry{Hash: 1000000 + term, Weight: r.Float64(), Context: 7})
				term++
			}
			c.vecs = append(c.vecs, related.Top(e, len(e)))
			c.story = append(c.story, s)
		}
	}
	for range loners {
		var e []related.Entry
		for range 10 {
			e = append(e, related.Entry{Hash: 1000000 + term, Weight: 1})
			term++
		}
		c.vecs = append(c.vecs, related.Top(e, len(e)))
		c.story = append(c.story, -1)
	}
	return c
}

// input makes the input of grouping: every pair with a similarity is a
// candidate; those at or above verifyAt are verified.
func (c corpus) input(verifyAt float64) Input {
	in := Input{Docs: len(c.vecs), Vector: func(d int) related.Vector { return c.vecs[d] }}
	for a := range c.vecs {
		for b := a + 1; b < len(c.vecs); b++ {
			s := related.Score(c.vecs[a], c.vecs[b])
			if s == 0 {
				continue
			}
			p := Pair{A: int32(a), B: int32(b), Sim: float32(s)}
			in.Similar = append(in.Similar, p)
			if s >= verifyAt {
				in.Verified = append(in.Verified, p)
			}
		}
	}
	return in
}

// TestGroupFindsStories checks that synthetic stories come out whole and
// alone, and loners in none.
func TestGroupFindsStories(t *testing.T) {
	c := newCorpus(rand.New(rand.NewPCG(1, 2)), 5, 8, 20)
	got := Group(c.input(0.3), ParamsFor(0.3))
	if len(got) != 5 {
		t.Fatalf("%d stories, want 5: %v", len(got), got)
	}
	for _, s := range got {
		if len(s) != 8 || c.story[s[0]] < 0 {
			t.Errorf("story %v: want the 8 documents of one true story", s)
		}
		for _, d := range s {
			if c.story[d] != c.story[s[0]] {
				t.Errorf("story %v mixes true stories", s)
			}
		}
	}
}

// TestStrayPairDoesNotMerge joins two stories by one verified pair between
// them: they stay two, since 1 of 64 pairs is far below the density.
func TestStrayPairDoesNotMerge(t *testing.T) {
	c := newCorpus(rand.New(rand.NewPCG(3, 4)), 2, 8, 0)
	in := c.input(0.3)
	stray := Pair{A: 0, B: 8, Sim: 0.35}
	in.Verified = append(in.Verified, stray)
	in.Similar = append(in.Similar, stray)
	got := Group(in, ParamsFor(0.3))
	if len(got) != 2 {
		t.Fatalf("stories %v, want the two apart", got)
	}
}

// TestGroupIsDeterministic shuffles the input pairs: the stories are the same.
func TestGroupIsDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	c := newCorpus(r, 6, 7, 15)
	in := c.input(0.25)
	want := Group(in, ParamsFor(0.3))
	for i := range 5 {
		r.Shuffle(len(in.Verified), func(a, b int) { in.Verified[a], in.Verified[b] = in.Verified[b], in.Verified[a] })
		r.Shuffle(len(in.Similar), func(a, b int) { in.Similar[a], in.Similar[b] = in.Similar[b], in.Similar[a] })
		if got := Group(in, ParamsFor(0.3)); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("shuffle %d: %v, want %v", i, got, want)
		}
	}
}

// TestGroupMatchesReference checks Group against a slow reference that
// follows the package comment with dense matrices, on random corpora whose
// stories overlap in terms and whose verified pairs are noisy.
func TestGroupMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 30 {
		c := newCorpus(r, 1+r.IntN(5), 2+r.IntN(8), r.IntN(10))
		in := c.input(0.15 + 0.3*r.Float64())
		// Noise: drop some verified pairs, add some stray ones.
		kept := in.Verified[:0]
		for _, p := range in.Verified {
			if r.IntN(5) > 0 {
				kept = append(kept, p)
			}
		}
		in.Verified = kept
		// Candidate generation misses some pairs: they score 0 in the
		// merges and cannot bring a document to a story.
		similar := in.Similar[:0]
		for _, p := range in.Similar {
			if r.IntN(3) > 0 {
				similar = append(similar, p)
			}
		}
		in.Similar = similar
		for range r.IntN(4) {
			a, b := r.IntN(in.Docs), r.IntN(in.Docs)
			if a != b {
				in.Verified = append(in.Verified, Pair{A: int32(min(a, b)), B: int32(max(a, b))})
			}
		}
		if trial%2 == 1 {
			// Reports: some documents are copies of the one before.
			in.Report = make([]int32, in.Docs)
			for d := range in.Report {
				in.Report[d] = int32(d)
				if d > 0 && r.IntN(5) == 0 {
					in.Report[d] = in.Report[d-1]
				}
			}
		}
		p := Params{Density: 0.1 + 0.4*r.Float64(), Join: 0.1 + 0.4*r.Float64()}
		got, want := Group(in, p), reference(in, p)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("trial %d %+v:\n got %v\nwant %v", trial, p, got, want)
		}
	}
}

// reference groups by the rules of the package comment, with dense
// matrices and no cleverness: O(n^3).
func reference(in Input, p Params) [][]int {
	n := in.Docs
	sim := make([][]float64, n)
	cand := make([][]bool, n)
	ver := make([][]int, n)
	for i := range n {
		sim[i], cand[i], ver[i] = make([]float64, n), make([]bool, n), make([]int, n)
	}
	for _, q := range in.Similar {
		sim[q.A][q.B], sim[q.B][q.A] = float64(q.Sim), float64(q.Sim)
		cand[q.A][q.B], cand[q.B][q.A] = true, true
	}
	for _, q := range in.Verified {
		if q.A != q.B {
			ver[q.A][q.B]++
			ver[q.B][q.A]++
		}
	}
	group := make([]int, n)
	for i := range group {
		group[i] = i
	}
	members := func(c int) []int {
		var m []int
		for d, g := range group {
			if g == c {
				m = append(m, d)
			}
		}
		return m
	}
	for {
		bx, by, best := -1, -1, -1.0
		for x := range n {
			for y := x + 1; y < n; y++ {
				mx, my := members(x), members(y)
				if len(mx) == 0 || len(my) == 0 {
					continue
				}
				v, s := 0, 0.0
				for _, a := range mx {
					for _, b := range my {
						v += ver[a][b]
						s += sim[a][b]
					}
				}
				size := float64(len(mx) * len(my))
				if v == 0 || float64(v)/size < p.Density {
					continue
				}
				if avg := s / size; avg > best+1e-12 {
					bx, by, best = x, y, avg
				}
			}
		}
		if bx < 0 {
			break
		}
		for d := range group {
			if group[d] == by {
				group[d] = bx
			}
		}
	}
	// One pass of moves.
	cent := map[int]related.Vector{}
	for c := range n {
		if m := members(c); len(m) >= 2 {
			var vecs []related.Vector
			for _, d := range m {
				vecs = append(vecs, in.Vector(d))
			}
			cent[c] = Centroid(vecs)
		}
	}
	next := slices.Clone(group)
	report := func(d int) int {
		if in.Report == nil {
			return d
		}
		return int(in.Report[d])
	}
	for d := range n {
		best, bestSim := -1, -1.0
		for c := range cent {
			// Its own story, or one where a candidate of d's scores
			// the story's lowest bar.
			near := group[d] == c
			all := map[int]bool{}
			for _, e := range members(c) {
				all[report(e)] = true
			}
			for _, e := range members(c) {
				near = near || cand[d][e] && sim[d][e] >= p.Join/math.Sqrt(float64(len(all)))
			}
			if !near {
				continue
			}
			// The mean related score with the members of other
			// reports, against the bar for their number.
			sum, k := 0.0, 0
			reports := map[int]bool{}
			for _, m := range members(c) {
				if m != d && report(m) != report(d) {
					sum += related.Score(in.Vector(d), in.Vector(m))
					k++
					reports[report(m)] = true
				}
			}
			if k == 0 {
				continue
			}
			s := sum / float64(k)
			if s < p.Join/math.Sqrt(float64(len(reports)))-1e-9 {
				continue
			}
			if s > bestSim+1e-9 || math.Abs(s-bestSim) <= 1e-9 && c < best {
				best, bestSim = c, s
			}
		}
		switch {
		case best >= 0:
			next[d] = best
		case len(members(group[d])) >= 2:
			next[d] = n + d
		}
	}
	// Name each group by its first member.
	first := map[int]int{}
	for d, k := range next {
		if _, ok := first[k]; !ok {
			first[k] = d
		}
	}
	for d, k := range next {
		group[d] = first[k]
	}
	var out [][]int
	for c := range n {
		if m := members(c); len(m) >= 2 {
			out = append(out, m)
		}
	}
	return out
}

func TestCentroid(t *testing.T) {
	a := related.Vector{{Hash: 1, Weight: 0.6}, {Hash: 2, Weight: 0.8}}
	b := related.Vector{{Hash: 2, Weight: 0.8}, {Hash: 3, Weight: 0.6}}
	c := Centroid([]related.Vector{a, b})
	if len(c) != 3 || c[0].Hash != 1 || c[1].Hash != 2 || c[2].Hash != 3 {
		t.Fatalf("centroid %v", c)
	}
	if s := related.Cosine(c, c); s < 0.999999 {
		t.Errorf("centroid not of unit length: %v", s)
	}
	if related.Cosine(a, c) != related.Cosine(b, c) {
		t.Errorf("symmetric members not equally close to the centroid")
	}
}
