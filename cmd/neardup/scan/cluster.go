package scan

import (
	"cmp"
	"fmt"
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
		Skipped:   s.skipped,
		Params:    s.paramsRecord(),
		Corpus:    &s.corpus,
	}
	for i, d := range s.docs { // in input order: sorted by id by Finish
		r.Documents[i] = Document{ID: s.name(i), Bytes: d.bytes, Text: d.text, Hash: fmt.Sprintf("%016x", d.raw), Shingles: int(d.shingles), RepairedUTF8: int(d.repaired)}
	}
	for _, f := range found {
		r.Pairs = append(r.Pairs, s.pair(f))
	}
	r.Clusters = s.clusters(groups, found)
	return r
}

// Finish makes r as the JSON contract has it, once its documents, pairs,
// clusters, stories and skipped files are in: documents, pairs and skipped
// files sorted by id, each document's story, empty lists rather than nil
// ("clusters": [], not null), and the summary (Summarize).
func (r *Result) Finish(kinds engine.Kinds, ignored int) {
	slices.SortFunc(r.Documents, func(a, b Document) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(r.Skipped, func(a, b corpus.Skipped) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Reason, b.Reason))
	})
	slices.SortFunc(r.Pairs, func(x, y Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	r.Documents, r.Pairs, r.Clusters = nonNil(r.Documents), nonNil(r.Pairs), nonNil(r.Clusters)
	r.Stories, r.Skipped = nonNil(r.Stories), nonNil(r.Skipped)
	storyOf := map[string]string{}
	for _, st := range r.Stories {
		for _, id := range st.Members {
			storyOf[id] = st.ID
		}
	}
	for i := range r.Documents {
		r.Documents[i].Story = storyOf[r.Documents[i].ID]
	}
	r.summarize(kinds, ignored)
}

// nonNil returns s, or an empty slice if s is nil: JSON writes [], not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// summarize sets r.Summary from r's documents, skipped files, pairs,
// clusters and stories: pairs and clusters are counted by kind, with 0 for
// every kind searched. ignored counts the files passed over for their
// extension.
func (r *Result) summarize(kinds engine.Kinds, ignored int) {
	r.Summary = Summary{
		Documents: len(r.Documents),
		Skipped:   len(r.Skipped),
		Ignored:   ignored,
		Pairs:     map[engine.Kind]int{},
		Clusters:  map[engine.Kind]int{},
		Stories:   len(r.Stories),
	}
	for _, k := range kinds.List() {
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
}

// keep returns the document of a group that ranks first as a keeper.
func (s *state) keep(group []int) int {
	return group[s.opt.Keep.First(len(group), func(i int) Member { return s.member(group[i]) })]
}

// setsCompared reports whether a verified pair's sets were compared: exact
// and near pairs always, related ones when their documents may overlap.
func setsCompared(f verified) bool { return f.v.Kind != engine.Related || f.v.Compared }

// pair makes the reported pair of a verified pair, ordered by id; the
// verdict's containments are given with f.a as A.
func (s *state) pair(f verified) Pair {
	return PairOf(s.name(f.a), s.name(f.b), f.v, setsCompared(f))
}

// PairOf makes the reported pair of documents a and b and their verdict v,
// whose containments are given with a as A: ordered by id, scores rounded to
// 6 decimals, and with the similarity, estimate and containments when
// compared says to report them.
func PairOf(a, b string, v engine.Verdict, compared bool) Pair {
	sim := v.Similarity
	if a > b {
		a, b = b, a
		sim.ContainmentAB, sim.ContainmentBA = sim.ContainmentBA, sim.ContainmentAB
	}
	p := Pair{A: a, B: b, Kind: v.Kind, Score: round6(v.Score), Compared: compared}
	if p.Compared {
		p.Similarity = round6(sim.Jaccard)
		p.Estimate = round6(v.Estimate)
		p.ContainmentAB = round6(sim.ContainmentAB)
		p.ContainmentBA = round6(sim.ContainmentBA)
	}
	return p
}

func (s *state) paramsRecord() Params {
	return s.opt.Record(s.corpus.Docs(), s.listing.Options.Extensions)
}

// Record returns the params of a scan with these options, which must be
// valid, of a corpus of docs documents (an automatic related threshold
// depends on it) read with the given extensions.
func (o Options) Record(docs int, extensions []string) Params {
	banding, _ := o.banding()
	p := Params{
		Unit:        o.Shingle.Unit.String(),
		Shingle:     o.Shingle.Size,
		Signer:      string(o.Signer),
		Perm:        o.Perm,
		Seed:        o.Seed,
		Threshold:   o.Threshold,
		Kinds:       o.Kinds.List(),
		Bands:       banding.Bands,
		Rows:        banding.Rows,
		Extensions:  extensions,
		MaxDocBytes: o.MaxDocBytes,
	}
	if o.Kinds.Has(engine.Related) {
		p.RelatedThreshold = round6(o.relatedThreshold(docs))
		p.RelatedThresholdAuto = o.RelatedThreshold == 0
		p.RelatedTerms = related.K
		p.MaxPosting = o.PostingLimit()
	}
	return p
}
