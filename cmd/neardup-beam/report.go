package main

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/cmd/neardup/story"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh/related"
)

// pairDocs emits the two documents of a classified pair: those whose
// sketches and texts stories may read.
func pairDocs(c Classified, emit func(string, bool)) {
	emit(c.A, true)
	emit(c.B, true)
}

func keyedTold(t Told) (string, Told) { return t.ID, t }

// pickTold emits the sketch and text of a document in a classified pair.
func pickTold(_ string, told func(*Told) bool, in func(*bool) bool, emit func(Told)) {
	var t Told
	var b bool
	if told(&t) && in(&b) {
		emit(t)
	}
}

// reportFn makes the report on one worker, from the documents, the skipped
// files, the classified pairs, and the sketches and texts of their
// documents, as a scan makes it: removal clusters by scan.Clusters, stories
// by scan.Stories, the rest by Result.Finish, params by Options.Record,
// written by report.WriteJSON. Documents are numbered in input order, as a
// scan numbers them.
type reportFn struct {
	Set  Settings
	Exts []string // the params' extensions
}

func (f *reportFn) ProcessElement(_ int, metas func(*Meta) bool, skips func(*Skip) bool, pairs func(*Classified) bool, told func(*Told) bool, ignored func(*string) bool, stats func(*[]byte) bool, emit func(string)) error {
	opt := f.Set.options()
	var cc classifierCache
	classifier, st, err := cc.get(f.Set, stats)
	if err != nil {
		return err
	}
	var docs []Meta
	var m Meta
	for metas(&m) {
		docs = append(docs, m)
	}
	slices.SortFunc(docs, func(a, b Meta) int { return a.Order.compare(b.Order) })
	index := map[string]int{}
	members := make([]scan.Member, len(docs))
	r := &scan.Result{}
	for i, d := range docs {
		index[d.ID] = i
		members[i] = scan.Member{ID: d.ID, Text: d.Text, Seq: i}
		r.Documents = append(r.Documents, scan.Document{ID: d.ID, Bytes: d.Bytes, Text: d.Text, Hash: fmt.Sprintf("%016x", d.RawHash), Shingles: d.Shingles, RepairedUTF8: d.Repaired})
	}
	var sk Skip
	for skips(&sk) {
		r.Skipped = append(r.Skipped, corpus.Skipped{ID: sk.ID, Reason: sk.Reason, Cause: corpus.Cause(sk.Cause), File: sk.File})
	}

	// Exact groups, from the exact pairs: each is a group's kept document
	// with another member (withKept).
	var all []Classified
	var pc Classified
	for pairs(&pc) {
		all = append(all, pc)
	}
	// In one order, whatever order they came in: clusters are made from
	// the pairs in this order.
	slices.SortFunc(all, func(x, y Classified) int { return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B)) })
	var groups [][]int
	byKeep := map[int][]int{}
	for _, c := range all {
		if engine.Kind(c.Kind) != engine.Exact {
			continue
		}
		a, b := index[c.A], index[c.B]
		keep, other := a, b
		if opt.Keep.Before(members[b], members[a]) {
			keep, other = b, a
		}
		byKeep[keep] = append(byKeep[keep], other)
	}
	for keep, others := range byKeep {
		g := append([]int{keep}, others...)
		slices.Sort(g)
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b []int) int { return a[0] - b[0] })

	var edges []scan.Edge
	var found []scan.Found
	var sims []story.Pair
	for _, c := range all {
		a, b := index[c.A], index[c.B]
		if c.Kind != "" {
			p := scan.Pair{A: c.A, B: c.B, Kind: engine.Kind(c.Kind), Similarity: c.Similarity, Estimate: c.Estimate,
				ContainmentAB: c.ContainmentAB, ContainmentBA: c.ContainmentBA, Score: c.Score, Compared: c.Compared}
			r.Pairs = append(r.Pairs, p)
			found = append(found, scan.Found{A: a, B: b, Copy: p.Kind != engine.Related || c.Overlaps})
			if p.Kind != engine.Related {
				edges = append(edges, scan.Edge{A: a, B: b, Kind: p.Kind, Similarity: p.Similarity})
			}
		}
		sims = append(sims, story.Pair{A: int32(min(a, b)), B: int32(max(a, b)), Sim: c.Sim})
	}
	r.Clusters = scan.Clusters(members, groups, edges, opt.Keep, true)

	if opt.Kinds.Has(engine.Related) {
		sd := storyDocs{docs: docs, c: classifier, told: map[string]Told{}}
		var t Told
		for told(&t) {
			sd.told[t.ID] = t
		}
		stories, err := scan.Stories(len(docs), found, sims, classifier.RelatedThreshold(), sd)
		if err != nil {
			return err
		}
		r.Stories = stories
	}
	n := 0
	var id string
	for ignored(&id) {
		n++
	}
	r.Params = opt.Record(st.Docs(), f.Exts)
	r.Finish(opt.Kinds, n)
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		return err
	}
	emit(strings.TrimSuffix(buf.String(), "\n"))
	return nil
}

// storyDocs is scan.StoryDocs over the documents of the report, numbered in
// input order, and the sketches and texts of those in classified pairs.
type storyDocs struct {
	docs []Meta
	c    *engine.Classifier
	told map[string]Told
}

func (s storyDocs) Name(d int) string { return s.docs[d].ID }

func (s storyDocs) Vector(d int) related.Vector {
	var sk engine.Sketch
	if err := sk.UnmarshalBinary(s.told[s.docs[d].ID].Sketch); err != nil {
		// The pipeline encoded it, and sent the sketch of every document
		// in a pair: a bug, which fails the bundle.
		panic(fmt.Sprintf("neardup-beam: the sketch of %s: %v", s.docs[d].ID, err))
	}
	return s.c.Vector(&sk)
}

func (s storyDocs) Text(d int) ([]byte, error) {
	t, ok := s.told[s.docs[d].ID]
	if !ok {
		return nil, fmt.Errorf("neardup-beam: no text of %s for its story", s.docs[d].ID)
	}
	return t.Text, nil
}
