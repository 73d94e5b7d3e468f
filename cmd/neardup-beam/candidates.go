package main

import (
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
)

// Candidate pairs are keyed "a\x00b", a < b, with their flags (fromBands,
// fromTerms) as values.

// pairKey returns the key of the pair of documents a and b.
func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "\x00" + b
}

// candidates returns the candidate pairs of a scan: pairs of exact groups'
// representatives (documents in no group included) that agree on a band of
// their signatures (when near pairs are searched) or share two of their
// heaviest specific terms (when related pairs are), each expanded to the
// members of the two groups; and, when exact pairs are searched, each
// group's kept document with each other member.
func candidates(s beam.Scope, opt scan.Options, set Settings, reps, groups, stats beam.PCollection) beam.PCollection {
	s = s.Scope("candidates")
	var found []beam.PCollection
	if opt.Kinds.Has(engine.Near) {
		keys := beam.ParDo(s, &bandsFn{Set: set}, reps)
		found = append(found, beam.ParDo(s, pairsOf, beam.GroupByKey(s, keys)))
	}
	if opt.Kinds.Has(engine.Related) {
		keys := beam.ParDo(s, &termsFn{Set: set}, reps, beam.SideInput{Input: stats})
		rows := beam.ParDo(s, &postingFn{Limit: opt.PostingLimit()}, beam.GroupByKey(s, keys))
		found = append(found, beam.ParDo(s, sharing, beam.GroupByKey(s, rows)))
	}
	var out []beam.PCollection
	if len(found) > 0 {
		pairs := beam.CombinePerKey(s, orFlags, beam.Flatten(s, found...))
		byKeep := beam.ParDo(s, groupByKeep, groups)
		firsts := beam.CoGroupByKey(s, beam.ParDo(s, byFirst, pairs), byKeep)
		out = append(out, beam.ParDo(s, expandSecond, beam.CoGroupByKey(s, beam.ParDo(s, expandFirst, firsts), byKeep)))
	}
	if opt.Kinds.Has(engine.Exact) {
		out = append(out, beam.ParDo(s, withKept, groups))
	}
	return beam.Flatten(s, out...) // not empty: some kind is searched
}

// bandsFn emits a document's band keys, band and key in one integer.
type bandsFn struct {
	Set     Settings
	banding lsh.Params
}

func (f *bandsFn) Setup() error {
	opt := f.Set.options()
	var err error
	f.banding, err = opt.Rules().Banding(opt.Perm)
	return err
}

func (f *bandsFn) ProcessElement(id string, enc []byte, emit func(int64, string)) error {
	var sk engine.Sketch
	if err := sk.UnmarshalBinary(enc); err != nil {
		return err
	}
	for b, k := range sk.BandKeys(nil, f.banding) {
		emit(int64(b)<<32|int64(k), id)
	}
	return nil
}

// pairsOf emits the pairs of documents that share a band key.
func pairsOf(_ int64, ids func(*string) bool, emit func(string, int)) {
	var all []string
	var id string
	for ids(&id) {
		all = append(all, id)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	for i, a := range all {
		for _, b := range all[i+1:] {
			emit(pairKey(a, b), fromBands)
		}
	}
}

// termsFn emits the terms of a document that enter the related term index
// (scan.IndexedTerms), by the top 32 bits of their hashes, as a scan's index
// keys them: two terms whose keys collide count once.
type termsFn struct {
	Set   Settings
	limit int
	cc    classifierCache
	buf   []related.Entry
	out   []uint64
}

func (f *termsFn) Setup() { f.limit = f.Set.options().PostingLimit() }

func (f *termsFn) ProcessElement(id string, enc []byte, stats func(*[]byte) bool, emit func(int64, string)) error {
	c, _, err := f.cc.get(f.Set, stats)
	if err != nil {
		return err
	}
	var sk engine.Sketch
	if err := sk.UnmarshalBinary(enc); err != nil {
		return err
	}
	f.out, f.buf = scan.IndexedTerms(f.out[:0], sk.Terms, c.Weigher(), f.limit, f.buf)
	for i := range f.out {
		f.out[i] >>= 32
	}
	slices.Sort(f.out)
	for _, k := range slices.Compact(f.out) {
		emit(int64(k), id)
	}
	return nil
}

// postingFn emits, for a term held by 2 to Limit documents, each of them
// with the documents after it in the term's posting: a row of the pairs it
// makes, counted by sharing. (A record per row, not per pair, keeps the
// records between the two steps few: a posting of n documents makes n rows
// and n(n-1)/2 pairs.)
type postingFn struct{ Limit int }

func (f *postingFn) ProcessElement(_ int64, ids func(*string) bool, emit func(string, []string)) {
	var all []string
	var id string
	for ids(&id) {
		all = append(all, id)
		if len(all) > f.Limit {
			return
		}
	}
	if len(all) < 2 {
		return
	}
	slices.Sort(all)
	for i, a := range all[:len(all)-1] {
		emit(a, all[i+1:])
	}
}

// sharing counts, for document a, the postings it shares with each later
// document, and emits the pairs that share related.MinShared or more, as
// related.Index.Pairs does.
func sharing(a string, rows func(*[]string) bool, emit func(string, int)) {
	count := map[string]int{}
	var row []string
	for rows(&row) {
		for _, b := range row {
			count[b]++
		}
	}
	for b, n := range count {
		if n >= related.MinShared {
			emit(pairKey(a, b), fromTerms)
		}
	}
}

func orFlags(a, b int) int { return a | b }

func groupByKeep(g Group) (string, Group) { return g.Keep, g }

// byFirst keys a candidate pair by its first document.
func byFirst(p string, flags int) (string, Other) {
	a, b, _ := strings.Cut(p, "\x00")
	return a, Other{ID: b, Flags: flags}
}

// membersOf returns the members of the group a representative keeps: the
// group's, or the representative alone.
func membersOf(rep string, groups func(*Group) bool) []string {
	var g Group
	if groups(&g) {
		return g.Members
	}
	return []string{rep}
}

// expandFirst replaces the first document of each pair by each member of
// its group, and keys the pair by its second.
func expandFirst(a string, others func(*Other) bool, groups func(*Group) bool, emit func(string, Other)) {
	members := membersOf(a, groups)
	var o Other
	for others(&o) {
		for _, m := range members {
			emit(o.ID, Other{ID: m, Flags: o.Flags})
		}
	}
}

// expandSecond replaces the second document of each pair by each member of
// its group.
func expandSecond(b string, others func(*Other) bool, groups func(*Group) bool, emit func(string, int)) {
	members := membersOf(b, groups)
	var o Other
	for others(&o) {
		for _, m := range members {
			emit(pairKey(o.ID, m), o.Flags)
		}
	}
}

// withKept emits the pairs of a group's kept document with its other
// members: identical texts, compared as near candidates are.
func withKept(g Group, emit func(string, int)) {
	for _, m := range g.Members {
		if m != g.Keep {
			emit(pairKey(g.Keep, m), fromBands)
		}
	}
}
