package scan

import (
	"cmp"
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh/related"
)

// result assembles the sorted result from the exact groups and the verified
// pairs. Exact and near pairs make clusters; related pairs do not.
func (s *state) result(groups [][]int, found []verified) *Result {
	r := &Result{
		Documents: make([]Document, len(s.docs)),
		Pairs:     []Pair{},
		Clusters:  []Cluster{},
		Skipped:   s.skipped,
		Params:    s.paramsRecord(),
		Corpus:    &s.corpus,
	}
	for i, d := range s.docs {
		r.Documents[i] = Document{ID: s.name(i), Bytes: d.bytes, Shingles: int(d.shingles), RepairedUTF8: int(d.repaired)}
	}
	slices.SortFunc(r.Skipped, func(a, b corpus.Skipped) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Reason, b.Reason))
	})
	if r.Skipped == nil {
		r.Skipped = []corpus.Skipped{}
	}

	uf := newUnionFind(len(s.docs))
	nearEdge := make([]bool, len(s.docs)) // the component of this document has a near pair
	for _, g := range groups {
		for _, d := range g[1:] {
			uf.union(g[0], d)
		}
	}
	for _, f := range found {
		r.Pairs = append(r.Pairs, s.pair(f))
		if f.v.Kind == engine.Near {
			uf.union(f.a, f.b)
			nearEdge[f.a] = true
		}
	}
	slices.SortFunc(r.Pairs, func(x, y Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })

	comps := map[int][]int{}
	hasNear := map[int]bool{}
	for i := range s.docs {
		root := uf.find(i)
		comps[root] = append(comps[root], i)
		hasNear[root] = hasNear[root] || nearEdge[i]
	}
	for root, members := range comps {
		if len(members) < 2 || !hasNear[root] && !s.opt.Kinds.Has(engine.Exact) {
			continue
		}
		c := Cluster{Kind: engine.Exact, Keep: s.name(s.keep(members))}
		if hasNear[root] {
			c.Kind = engine.Near
		}
		for _, m := range members { // members are in index order, which is id order
			c.Members = append(c.Members, s.name(m))
		}
		r.Clusters = append(r.Clusters, c)
	}
	slices.SortFunc(r.Clusters, func(a, b Cluster) int { return cmp.Compare(a.Members[0], b.Members[0]) })

	r.Summary = Summary{
		Documents: len(r.Documents),
		Skipped:   len(r.Skipped),
		Ignored:   s.listing.Ignored,
		Pairs:     map[engine.Kind]int{},
		Clusters:  map[engine.Kind]int{},
	}
	for _, k := range s.opt.Kinds.List() {
		r.Summary.Pairs[k] = 0
		if k != engine.Related {
			r.Summary.Clusters[k] = 0
		}
	}
	for _, p := range r.Pairs {
		r.Summary.Pairs[p.Kind]++
	}
	for _, c := range r.Clusters {
		r.Summary.Clusters[c.Kind]++
	}
	return r
}

// keep returns the document of a group to keep: the longest, ties to the
// smallest id (documents are in id order, so the smallest index).
func (s *state) keep(group []int) int {
	best := group[0]
	for _, d := range group[1:] {
		if s.docs[d].bytes > s.docs[best].bytes || s.docs[d].bytes == s.docs[best].bytes && d < best {
			best = d
		}
	}
	return best
}

// pair makes the reported pair of a verified pair, ordered by id; the
// verdict's containments are given with f.a as A.
func (s *state) pair(f verified) Pair {
	i, j, sim := f.a, f.b, f.v.Similarity
	if i > j {
		i, j = j, i
		sim.ContainmentAB, sim.ContainmentBA = sim.ContainmentBA, sim.ContainmentAB
	}
	p := Pair{A: s.name(i), B: s.name(j), Kind: f.v.Kind, Score: round6(f.v.Score)}
	if p.Kind != engine.Related {
		p.Similarity = round6(sim.Jaccard)
		p.Estimate = round6(f.v.Estimate)
		p.ContainmentAB = round6(sim.ContainmentAB)
		p.ContainmentBA = round6(sim.ContainmentBA)
	}
	return p
}

func (s *state) paramsRecord() Params {
	p := Params{
		Unit:        s.opt.Shingle.Unit.String(),
		Shingle:     s.opt.Shingle.Size,
		Signer:      string(s.opt.Signer),
		Perm:        s.opt.Perm,
		Seed:        s.opt.Seed,
		Threshold:   s.opt.Threshold,
		Kinds:       s.opt.Kinds.List(),
		Bands:       s.params.Bands,
		Rows:        s.params.Rows,
		Extensions:  s.listing.Options.Extensions,
		MaxDocBytes: s.opt.MaxDocBytes,
	}
	if s.opt.Kinds.Has(engine.Related) {
		p.RelatedThreshold = s.opt.RelatedThreshold
		p.RelatedTerms = related.K
		p.MaxPosting = s.opt.maxPosting()
	}
	return p
}

// unionFind is a disjoint-set forest with path halving.
type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n)}
	for i := range u.parent {
		u.parent[i] = i
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra < rb {
		u.parent[rb] = ra
	} else if rb < ra {
		u.parent[ra] = rb
	}
}
