// Package story groups documents into stories: sets of documents that report
// one story, in other words or in the same, found from the verified pairs of
// a scan and the related scores of its candidate pairs. Each document is in
// at most one story.
//
// Grouping runs in two phases. First, groups merge, starting from single
// documents, while at least Density of the pairs between two groups are
// verified pairs (exact, near or related), the two with the highest average
// score first: a story grows by what its documents were verified to share,
// never by one stray pair between two stories. Then each document moves to
// the story whose members it scores highest with on average (the related
// score, which leaves out shared passages), if that average reaches the
// story's bar, and leaves its story otherwise, all at once, in one pass:
// members that the merges left apart rejoin their story, and a document that
// only a chain of pairs tied to a story leaves it. (More passes until
// nothing moves scored lower on both halves of ECB+ and oscillate.)
//
// The bar is Join, the related threshold, for a story of one other report,
// and Join/sqrt(k) for k: an average over k reports varies less by chance
// than one score, by sqrt(k), so a large story admits a member on weaker
// evidence than a pair needs, and a story of two needs what a related pair
// does. A document's copies (its report: the removal cluster it is in) do
// not count in its average, so that a copy neither holds a document in a
// story nor keeps it out. README.md records the measurements behind both.
package story

import (
	"cmp"
	"container/heap"
	"math"
	"slices"

	"github.com/neardup/neardup/lsh/related"
)

// DefaultDensity was chosen on the ECB+ corpus (README.md): its
// topic-parity halves chose 0.25 (odd topics) and 0.15 (even).
const DefaultDensity = 0.25

// Params are the parameters of grouping.
type Params struct {
	Density float64 // least share of verified pairs between two groups that merge
	// Join is the least average related score of a document with a story
	// of one other report: the related threshold; with k reports, Join
	// divided by sqrt(k).
	Join float64
}

// ParamsFor returns the default parameters for a related threshold.
func ParamsFor(relatedThreshold float64) Params {
	return Params{Density: DefaultDensity, Join: relatedThreshold}
}

// A Pair is two documents, A < B, and their related score.
type Pair struct {
	A, B int32
	Sim  float32
}

// Input is what grouping works on.
type Input struct {
	Docs int // documents 0 .. Docs-1
	// Verified are the verified pairs: exact, near and related.
	Verified []Pair
	// Similar are the candidate pairs with their related scores, verified
	// pairs included; pairs not listed score 0.
	Similar []Pair
	// Vector returns a document's related vector; it is called several
	// times per document that takes part, and should be cheap.
	Vector func(d int) related.Vector
	// Report gives each document's report: documents of one report (a
	// document and its copies) do not count in each other's averages. Nil
	// makes each document its own report.
	Report []int32
}

// Group returns the stories of in under p: groups of two or more documents,
// each sorted, in order of their first member. It is deterministic.
func Group(in Input, p Params) [][]int {
	g := newGrouping(in)
	g.merge(p.Density)
	g.refine(p.Join)
	return g.stories()
}

// Centroid returns the centroid of the vectors of members: their sum, scaled
// to unit length, sorted by hash.
func Centroid(vecs []related.Vector) related.Vector {
	sum := map[uint64]float64{}
	for _, v := range vecs {
		for _, e := range v {
			sum[e.Hash] += e.Weight
		}
	}
	out := make(related.Vector, 0, len(sum))
	for h, w := range sum {
		out = append(out, related.Entry{Hash: h, Weight: w})
	}
	slices.SortFunc(out, func(a, b related.Entry) int { return cmp.Compare(a.Hash, b.Hash) })
	out.Scale()
	return out
}

type grouping struct {
	in      Input
	group   []int32 // each document's group: the index of its first member
	members map[int32][]int32
	sim     [][]neighbor // each document's candidate pairs
}

type neighbor struct {
	d   int32
	sim float32
}

func newGrouping(in Input) *grouping {
	g := &grouping{in: in, group: make([]int32, in.Docs), members: map[int32][]int32{}, sim: make([][]neighbor, in.Docs)}
	for d := range g.group {
		g.group[d] = int32(d)
	}
	for _, p := range in.Similar {
		g.sim[p.A] = append(g.sim[p.A], neighbor{p.B, p.Sim})
		g.sim[p.B] = append(g.sim[p.B], neighbor{p.A, p.Sim})
	}
	return g
}

// membersOf returns the members of group c.
func (g *grouping) membersOf(c int32) []int32 {
	if m, ok := g.members[c]; ok {
		return m
	}
	return []int32{c}
}

// link is what joins two groups: their verified pairs and the sum of the
// similarities between their members.
type link struct {
	verified int
	sum      float64
}

// sumBetween returns the sum of the similarities between the members of
// groups x and y.
func (g *grouping) sumBetween(x, y int32) float64 {
	mx, my := g.membersOf(x), g.membersOf(y)
	if len(mx) > len(my) {
		mx, y = my, x
	}
	s := 0.0
	for _, d := range mx {
		for _, n := range g.sim[d] {
			if g.group[n.d] == y {
				s += float64(n.sim)
			}
		}
	}
	return s
}

// merge merges groups while the share of verified pairs between two groups
// reaches density, the pair with the highest average similarity first.
func (g *grouping) merge(density float64) {
	links := map[int32]map[int32]*link{} // group -> linked group -> link
	get := func(x, y int32) *link {
		if links[x] == nil {
			links[x] = map[int32]*link{}
		}
		l := links[x][y]
		if l == nil {
			l = &link{}
			links[x][y] = l
			if links[y] == nil {
				links[y] = map[int32]*link{}
			}
			links[y][x] = l
		}
		return l
	}
	for _, p := range g.in.Verified {
		if p.A != p.B {
			get(p.A, p.B).verified++
		}
	}
	version := map[int32]int{}
	h := &mergeHeap{}
	push := func(x, y int32) {
		l := links[x][y]
		nx, ny := float64(len(g.membersOf(x))), float64(len(g.membersOf(y)))
		if float64(l.verified)/(nx*ny) < density {
			return
		}
		if x > y {
			x, y = y, x
		}
		heap.Push(h, mergeItem{avg: l.sum / (nx * ny), x: x, y: y, vx: version[x], vy: version[y]})
	}
	for x, ls := range links {
		for y, l := range ls {
			if x < y {
				l.sum = g.sumBetween(x, y)
				push(x, y)
			}
		}
	}
	for h.Len() > 0 {
		it := heap.Pop(h).(mergeItem)
		if it.vx != version[it.x] || it.vy != version[it.y] {
			continue
		}
		// Merge y into x.
		x, y := it.x, it.y
		mx := append(g.membersOf(x), g.membersOf(y)...)
		for _, d := range g.membersOf(y) {
			g.group[d] = x
		}
		g.members[x] = mx
		delete(g.members, y)
		version[x]++
		version[y]++
		delete(links[x], y)
		for w, l := range links[y] {
			if w == x {
				continue
			}
			lw := get(x, w)
			lw.verified += l.verified
			delete(links[w], y)
		}
		delete(links, y)
		for w, l := range links[x] {
			l.sum = g.sumBetween(x, w)
			push(x, w)
		}
	}
}

type mergeItem struct {
	avg    float64
	x, y   int32
	vx, vy int
}

type mergeHeap []mergeItem

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.avg != b.avg {
		return a.avg > b.avg
	}
	return a.x < b.x || a.x == b.x && a.y < b.y
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(mergeItem)) }
func (h *mergeHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

// vector returns document d's related vector.
func (g *grouping) vector(d int32) related.Vector { return g.in.Vector(int(d)) }

// refine moves each document, all at once, to the story whose members it
// scores highest with on average, among those whose bar it reaches
// (join/sqrt(k) for k other reports), and out of its story if none. The
// stories it could be in are its own and those of its neighbors that score
// at least the story's lowest bar with it: an average reaches a bar only if
// one of its terms does, and the candidate pairs are where high scores are
// (a member that is not a candidate of d's is taken to score under the bar).
func (g *grouping) refine(join float64) {
	profiles := map[int32]*profile{}
	for c, m := range g.members {
		if len(m) >= 2 {
			m = slices.Clone(m)
			slices.Sort(m)
			profiles[c] = g.profile(m)
		}
	}
	if len(profiles) == 0 {
		return
	}
	next := slices.Clone(g.group)
	var around []int32
	for d := range int32(len(g.group)) {
		around = append(around[:0], g.group[d])
		for _, n := range g.sim[d] {
			c := g.group[n.d]
			if p, ok := profiles[c]; ok && float64(n.sim) >= join/math.Sqrt(float64(len(p.byReport))) && !slices.Contains(around, c) {
				around = append(around, c)
			}
		}
		best, bestScore := int32(-1), -1.0
		for _, c := range around {
			p, ok := profiles[c]
			if !ok {
				continue
			}
			sc, k := g.average(d, p)
			if k > 0 && sc >= join/math.Sqrt(float64(k)) && (sc > bestScore || sc == bestScore && c < best) {
				best, bestScore = c, sc
			}
		}
		switch {
		case best >= 0:
			next[d] = best
		case len(g.membersOf(g.group[d])) >= 2:
			next[d] = -1 - d // alone
		}
	}
	g.regroup(next)
}

// A profile sums a story's members' vectors: each term's weight over all
// members, and over the members where it has a given context; and it lists
// the members of each report.
type profile struct {
	members  []int32
	terms    map[uint64]*termSum
	byReport map[int32][]int32
}

// A termSum is a term's weight summed over a story's members, and over those
// where it has each context: sorted by context, contexts of 0 left out.
type termSum struct {
	total float64
	ctx   []contextWeight
}

type contextWeight struct {
	ctx    uint32
	weight float64
}

// profile sums the vectors of the members m.
func (g *grouping) profile(m []int32) *profile {
	p := &profile{members: m, terms: map[uint64]*termSum{}, byReport: map[int32][]int32{}}
	for _, d := range m {
		r := g.reportOf(d)
		p.byReport[r] = append(p.byReport[r], d)
		for _, e := range g.vector(d) {
			t := p.terms[e.Hash]
			if t == nil {
				t = &termSum{}
				p.terms[e.Hash] = t
			}
			t.total += e.Weight
			if e.Context != 0 {
				t.ctx = append(t.ctx, contextWeight{e.Context, e.Weight})
			}
		}
	}
	for _, t := range p.terms {
		if len(t.ctx) < 2 {
			continue
		}
		// Sum each context's weights in member order (the order of the
		// additions fixes the result's last bits).
		slices.SortStableFunc(t.ctx, func(a, b contextWeight) int { return cmp.Compare(a.ctx, b.ctx) })
		out := t.ctx[:1]
		for _, c := range t.ctx[1:] {
			if last := &out[len(out)-1]; last.ctx == c.ctx {
				last.weight += c.weight
			} else {
				out = append(out, c)
			}
		}
		t.ctx = out
	}
	return p
}

// same returns the weight of the members where the term has context ctx.
func (t *termSum) same(ctx uint32) float64 {
	i, ok := slices.BinarySearchFunc(t.ctx, ctx, func(c contextWeight, x uint32) int { return cmp.Compare(c.ctx, x) })
	if !ok {
		return 0
	}
	return t.ctx[i].weight
}

// average returns document d's average related score with the members of
// the story p that are not of its report, and the number of reports they
// are of. For each term, the members that share d's context for it (a
// passage of d's, and d itself) do not count, as related.Score leaves them
// out.
func (g *grouping) average(d int32, p *profile) (float64, int) {
	vd := g.vector(d)
	sum := 0.0
	for _, e := range vd {
		t := p.terms[e.Hash]
		if t == nil {
			continue
		}
		w := t.total
		if e.Context != 0 {
			w -= t.same(e.Context)
		}
		sum += e.Weight * w
	}
	n, k := len(p.members), len(p.byReport)
	if own := p.byReport[g.reportOf(d)]; len(own) > 0 {
		k--
		n -= len(own)
		for _, m := range own {
			if m == d {
				sum -= related.Score(vd, vd) // its terms of unknown context
			} else {
				sum -= related.Score(vd, g.vector(m))
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return sum / float64(n), k
}

// reportOf returns document d's report.
func (g *grouping) reportOf(d int32) int32 {
	if g.in.Report == nil {
		return d
	}
	return g.in.Report[d]
}

// regroup sets the groups to next, where -1-d means document d alone.
func (g *grouping) regroup(next []int32) {
	g.members = map[int32][]int32{}
	byKey := map[int32][]int32{}
	for d, k := range next {
		if k < 0 {
			k = int32(len(next) + d) // alone: a key no group has
		}
		byKey[k] = append(byKey[k], int32(d))
	}
	for d := range g.group {
		g.group[d] = int32(d)
	}
	for _, m := range byKey {
		// A group is named by its first member, so that names do not
		// depend on the order of moves.
		c := slices.Min(m)
		for _, d := range m {
			g.group[d] = c
		}
		if len(m) > 1 {
			g.members[c] = m
		}
	}
}

// stories returns the groups of two or more documents, each sorted, in
// order of their first member.
func (g *grouping) stories() [][]int {
	var out [][]int
	for _, m := range g.members {
		if len(m) < 2 {
			continue
		}
		s := make([]int, len(m))
		for i, d := range m {
			s[i] = int(d)
		}
		slices.Sort(s)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b []int) int { return cmp.Compare(a[0], b[0]) })
	return out
}
