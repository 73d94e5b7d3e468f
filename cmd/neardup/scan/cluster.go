package scan

import (
	"cmp"
	"slices"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
)

// result assembles the sorted result from the exact groups and the verified
// near and related pairs. Exact and near pairs make clusters; related pairs
// do not.
func (s *state) result(ignored int, groups [][]int, found []verified) *Result {
	r := &Result{
		Documents: make([]Document, len(s.docs)),
		Pairs:     []Pair{},
		Clusters:  []Cluster{},
		Skipped:   s.skipped,
		Params:    s.paramsRecord(),
	}
	for i, d := range s.docs {
		r.Documents[i] = Document{ID: d.entry.Name, Bytes: d.bytes, Shingles: int(d.shingles), RepairedUTF8: int(d.repaired)}
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
		keep := s.keep(g)
		for _, d := range g {
			if d != keep {
				// Identical normalized texts: identical sets, signatures
				// and term vectors.
				if s.opt.Kinds.Has(Exact) {
					r.Pairs = append(r.Pairs, s.pair(keep, d, verified{kind: Exact, sim: lsh.Similarity{Jaccard: 1, ContainmentAB: 1, ContainmentBA: 1}, est: 1, score: s.selfScore()}))
				}
				uf.union(keep, d)
			}
		}
	}
	// Pairs were verified between group representatives. The members of an
	// exact group have the same shingle set, signature and term vector as
	// their representative, so each pair stands, with the same scores, for
	// every pair of members of the two groups.
	members := map[int][]int{}
	for _, g := range groups {
		members[s.keep(g)] = g
	}
	expand := func(rep int) []int {
		if g, ok := members[rep]; ok {
			return g
		}
		return []int{rep}
	}
	for _, v := range found {
		for _, a := range expand(v.a) {
			for _, b := range expand(v.b) {
				va := v
				va.a, va.b = a, b
				r.Pairs = append(r.Pairs, s.pair(a, b, va))
			}
		}
		if v.kind == Near {
			uf.union(v.a, v.b)
			nearEdge[v.a] = true
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
		if len(members) < 2 || !hasNear[root] && !s.opt.Kinds.Has(Exact) {
			continue
		}
		c := Cluster{Kind: Exact, Keep: s.docs[s.keep(members)].entry.Name}
		if hasNear[root] {
			c.Kind = Near
		}
		for _, m := range members { // members are in index order, which is id order
			c.Members = append(c.Members, s.docs[m].entry.Name)
		}
		r.Clusters = append(r.Clusters, c)
	}
	slices.SortFunc(r.Clusters, func(a, b Cluster) int { return cmp.Compare(a.Members[0], b.Members[0]) })

	r.Summary = Summary{
		Documents: len(r.Documents),
		Skipped:   len(r.Skipped),
		Ignored:   ignored,
		Pairs:     map[Kind]int{},
		Clusters:  map[Kind]int{},
	}
	for _, k := range s.opt.Kinds.List() {
		r.Summary.Pairs[k] = 0
		if k != Related {
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

// selfScore is the related score of a document with itself: 1 when related
// pairs are searched, else 0 (and omitted from the JSON).
func (s *state) selfScore() float64 {
	if s.opt.Kinds.Has(Related) {
		return 1
	}
	return 0
}

// pair makes the reported pair of documents i and j, ordered by id; v's
// containments are given with i as A.
func (s *state) pair(i, j int, v verified) Pair {
	sim := v.sim
	if i > j {
		i, j = j, i
		sim.ContainmentAB, sim.ContainmentBA = sim.ContainmentBA, sim.ContainmentAB
	}
	return Pair{
		A:             s.docs[i].entry.Name,
		B:             s.docs[j].entry.Name,
		Kind:          v.kind,
		Similarity:    round6(sim.Jaccard),
		Estimate:      round6(v.est),
		ContainmentAB: round6(sim.ContainmentAB),
		ContainmentBA: round6(sim.ContainmentBA),
		Score:         round6(v.score),
	}
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
		Extensions:  s.opt.Walk.Extensions,
		MaxDocBytes: s.opt.MaxDocBytes,
	}
	if len(p.Extensions) == 0 {
		p.Extensions = corpus.DefaultExtensions
	}
	if s.opt.Kinds.Has(Related) {
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
