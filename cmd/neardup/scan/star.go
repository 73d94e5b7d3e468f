package scan

import (
	"cmp"
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
)

// A link is a verified exact or near pair seen from one of its documents.
type link struct {
	to   int
	kind engine.Kind
	sim  float64
}

// A Member is a document as removal clustering sees it.
type Member struct {
	ID   string
	Text int64 // the length of its text, which the keep rules compare
	Seq  int   // its position in input order
}

// An Edge is a verified exact or near pair of members, by index, with its
// exact Jaccard.
type Edge struct {
	A, B       int
	Kind       engine.Kind
	Similarity float64
}

// Before reports whether member a ranks before member b as a keeper:
// reference documents first, then preferred ones, then by the keep rule, ties
// to input order.
func (k Keep) Before(a, b Member) bool {
	if ra, rb := k.rank(a.ID), k.rank(b.ID); ra != rb {
		return ra < rb
	}
	switch k.Rule {
	case Shortest:
		if a.Text != b.Text {
			return a.Text < b.Text
		}
	case Last:
		return a.Seq > b.Seq
	case First:
	default:
		if a.Text != b.Text {
			return a.Text > b.Text
		}
	}
	return a.Seq < b.Seq
}

// First returns which of n members ranks first as a keeper: member(i) is
// the i-th.
func (k Keep) First(n int, member func(i int) Member) int {
	best, bm := 0, member(0)
	for i := 1; i < n; i++ {
		if m := member(i); k.Before(m, bm) {
			best, bm = i, m
		}
	}
	return best
}

// clusters makes the removal clusters of the scan's documents (Clusters).
func (s *state) clusters(groups [][]int, found []verified) []Cluster {
	members := make([]Member, len(s.docs))
	for d := range s.docs {
		members[d] = s.member(d)
	}
	var edges []Edge
	for _, f := range found {
		if f.v.Kind == engine.Exact || f.v.Kind == engine.Near {
			edges = append(edges, Edge{f.a, f.b, f.v.Kind, f.v.Similarity.Jaccard})
		}
	}
	return Clusters(members, groups, edges, s.opt.Keep, s.opt.Kinds.Has(engine.Exact))
}

// Clusters groups members joined by exact and near pairs into removal
// clusters by star clustering: members are taken in keeper order (keep);
// each not yet in a cluster becomes the centre of a new one, the document it
// keeps, and takes every member not yet in a cluster of its exact group
// (groups, when exact duplicates are searched) and every one it has an edge
// with. So every document a cluster removes is a verified duplicate of the
// document it keeps, at or above the threshold; a document linked to a
// cluster only through another member (a chain a~b, b~c with c below the
// threshold of a) is not removed, and is listed as kept apart. Reference
// documents are never taken into another's cluster. Clusters of one document
// are dropped. It is a function of its arguments: a scan and the Beam
// pipeline both call it.
func Clusters(members []Member, groups [][]int, edges []Edge, keep Keep, exact bool) []Cluster {
	links := map[int][]link{}
	for _, e := range edges {
		links[e.A] = append(links[e.A], link{e.B, e.Kind, e.Similarity})
		links[e.B] = append(links[e.B], link{e.A, e.Kind, e.Similarity})
	}
	groupOf := map[int][]int{} // every member of an exact group: its group
	for _, g := range groups {
		for _, d := range g {
			groupOf[d] = g
		}
	}
	var order []int
	for d := range members {
		if len(links[d]) > 0 || groupOf[d] != nil {
			order = append(order, d)
		}
	}
	byRank := func(a, b int) int {
		switch {
		case a == b:
			return 0
		case keep.Before(members[a], members[b]):
			return -1
		}
		return 1
	}
	slices.SortFunc(order, byRank)
	name := func(d int) string { return members[d].ID }

	const none = -1
	in := make(map[int]int, len(order)) // document -> the index of its cluster
	var out []Cluster
	var centres []int
	var removed [][]Removed
	for _, c := range order {
		if _, ok := in[c]; ok {
			continue
		}
		ci := len(out)
		in[c] = ci
		var rm []Removed
		take := func(d int, kind engine.Kind, sim float64) {
			if _, ok := in[d]; ok || keep.IsReference(name(d)) {
				return
			}
			in[d] = ci
			rm = append(rm, Removed{ID: name(d), Kind: kind, Similarity: round6(sim), doc: d})
		}
		if exact {
			for _, d := range groupOf[c] {
				if d != c {
					take(d, engine.Exact, 1)
				}
			}
		}
		ls := slices.Clone(links[c])
		slices.SortFunc(ls, func(x, y link) int { return byRank(x.to, y.to) })
		for _, l := range ls {
			take(l.to, l.kind, l.sim)
		}
		if len(rm) == 0 {
			in[c] = none
			continue
		}
		cl := Cluster{Kind: engine.Exact, Keep: name(c), Members: []string{name(c)}}
		for _, x := range rm {
			cl.Members = append(cl.Members, x.ID)
			if x.Kind == engine.Near {
				cl.Kind = engine.Near
			}
		}
		slices.Sort(cl.Members)
		slices.SortFunc(rm, func(x, y Removed) int { return cmp.Compare(x.ID, y.ID) })
		cl.Removed = rm
		out = append(out, cl)
		centres = append(centres, c)
		removed = append(removed, rm)
	}
	// Documents kept although linked to a removed member: a chain.
	isRemoved := func(d int) bool {
		ci, ok := in[d]
		return ok && ci != none && centres[ci] != d
	}
	for ci := range out {
		apart := map[string]KeptApart{}
		for _, x := range removed[ci] {
			for _, l := range links[x.doc] {
				if isRemoved(l.to) || in[l.to] == ci && centres[ci] == l.to {
					continue
				}
				id := name(l.to)
				if old, ok := apart[id]; !ok || l.sim > old.Similarity {
					apart[id] = KeptApart{ID: id, Via: x.ID, Kind: l.kind, Similarity: round6(l.sim)}
				}
			}
		}
		for _, a := range apart {
			out[ci].KeptApart = append(out[ci].KeptApart, a)
		}
		slices.SortFunc(out[ci].KeptApart, func(x, y KeptApart) int { return cmp.Compare(x.ID, y.ID) })
	}
	slices.SortFunc(out, func(a, b Cluster) int { return cmp.Compare(a.Members[0], b.Members[0]) })
	return out
}
