package main

import (
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// Normal is what exact grouping reads of a document.
type Normal struct {
	ID     string
	Norm   []byte
	Sketch []byte
	Text   int64 // the length of its text, which the keep rules compare
	Order  Order
}

// byHash keys a document by the hash of its normalized text.
func byHash(s Sketched) (int64, Normal, error) {
	var sk engine.Sketch
	if err := sk.UnmarshalBinary(s.Sketch); err != nil {
		return 0, Normal{}, err
	}
	return int64(sk.Hash), Normal{ID: s.ID, Norm: s.Norm, Sketch: s.Sketch, Text: sk.TextBytes, Order: s.Order}, nil
}

// exactFn splits the documents of one normalized-text hash into groups of
// equal normalized texts, as a scan confirms them, and chooses the document
// each keeps by the keep rule. It emits each group's representative (the
// kept document; a document in no group is its own) with its sketch, and
// each group of two or more.
type exactFn struct {
	Set  Settings
	keep scan.Keep
}

func (f *exactFn) Setup() { f.keep = f.Set.options().Keep }

func (f *exactFn) ProcessElement(_ int64, docs func(*Normal) bool, group func(Group), rep func(string, []byte)) {
	var all []Normal
	var d Normal
	for docs(&d) {
		all = append(all, d)
	}
	// Input order: the keep rule's ties go to the earlier document.
	slices.SortFunc(all, func(a, b Normal) int { return a.Order.compare(b.Order) })
	texts := make([][]byte, len(all))
	for i, d := range all {
		texts[i] = d.Norm
	}
	for _, g := range scan.EqualTexts(texts) {
		k := g[f.keep.First(len(g), func(i int) scan.Member {
			d := all[g[i]]
			return scan.Member{ID: d.ID, Text: d.Text, Seq: g[i]}
		})]
		rep(all[k].ID, all[k].Sketch)
		if len(g) > 1 {
			out := Group{Keep: all[k].ID}
			for _, j := range g {
				out.Members = append(out.Members, all[j].ID)
			}
			slices.Sort(out.Members)
			group(out)
		}
	}
}
