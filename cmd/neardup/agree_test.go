package main

import (
	"math"
	"testing"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/explain"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/corpus/sample"
)

// TestExplainAgreesWithScan checks, for every pair a scan reports on the
// built-in sample and on the ECB+ sample, that explain gives the same kind
// and the same scores, given the scan's corpus statistics: both call the one
// engine.
func TestExplainAgreesWithScan(t *testing.T) {
	ecb, err := corpus.RootsFromArgs([]string{"testdata/ecbplus/docs"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[engine.Kind]int{}
	for name, roots := range map[string][]corpus.Root{
		"sample": {{FS: sample.FS(), Path: "."}},
		"ecb+":   ecb,
	} {
		opt := scan.DefaultOptions()
		l, r, err := scanRoots(roots, corpus.WalkOptions{}, opt)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		for _, p := range r.Pairs {
			kinds[p.Kind]++
			var docs [2]explain.Doc
			for i, id := range []string{p.A, p.B} {
				e, _ := l.Lookup(id)
				d, err := e.Load(nil, opt.MaxDocBytes)
				if err != nil {
					t.Fatal(err)
				}
				docs[i] = explain.Doc{ID: id, Text: d.Text}
			}
			e, err := explain.Explain(docs[0], docs[1], opt, r.Corpus)
			if err != nil {
				t.Fatal(err)
			}
			round := func(x float64) float64 { return math.Round(x*1e6) / 1e6 }
			if e.Kind != p.Kind || round(e.Score) != p.Score {
				t.Errorf("%s: %s ~ %s: scan %s, score %v; explain %s, score %v", name, p.A, p.B, p.Kind, p.Score, e.Kind, e.Score)
			}
			if p.Kind == engine.Related {
				continue
			}
			if round(e.Similarity) != p.Similarity || round(e.Estimate) != p.Estimate ||
				round(e.ContainmentAB) != p.ContainmentAB || round(e.ContainmentBA) != p.ContainmentBA {
				t.Errorf("%s: %s ~ %s: scan %+v; explain similarity %v, estimate %v, containments %v %v",
					name, p.A, p.B, p, e.Similarity, e.Estimate, e.ContainmentAB, e.ContainmentBA)
			}
		}
		t.Logf("%s: %d pairs checked", name, len(r.Pairs))
	}
	if len(kinds) < 3 {
		t.Errorf("pairs of kinds %v only: the corpora do not test every kind", kinds)
	}
}
