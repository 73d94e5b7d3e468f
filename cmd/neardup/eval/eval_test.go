package eval

import (
	"strings"
	"testing"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

func TestEvaluate(t *testing.T) {
	g, err := ReadGold(strings.NewReader("doc\tcluster\na\t1\nb\t1\nc\t1\nd\t2\ne\t2\n# comment\n"))
	if err != nil {
		t.Fatal(err)
	}
	if g.Positives() != 4 || g.Clusters() != 2 {
		t.Fatalf("positives %d clusters %d, want 4 and 2", g.Positives(), g.Clusters())
	}
	r := &scan.Result{
		Documents: []scan.Document{{ID: "a.txt"}, {ID: "b.txt"}, {ID: "c.txt"}, {ID: "d.txt"}, {ID: "x.txt"}},
		Pairs: []scan.Pair{
			{A: "a.txt", B: "b.txt", Kind: engine.Exact, Similarity: 1, Score: 1},
			{A: "a.txt", B: "c.txt", Kind: engine.Related, Similarity: 0.1, Score: 0.3},
			{A: "b.txt", B: "c.txt", Kind: engine.Related, Similarity: 0.05, Score: 0.1},
			{A: "c.txt", B: "d.txt", Kind: engine.Near, Similarity: 0.8, Score: 0.5},
			{A: "a.txt", B: "x.txt", Kind: engine.Near, Similarity: 0.9}, // x is not in the gold
		},
	}
	judged := g.Judge(r)
	if len(judged) != 4 {
		t.Fatalf("%d judged pairs, want 4", len(judged))
	}
	all := Evaluate(judged, g.Positives(), Thresholds{Near: 0.7, Related: 0.2})
	// Flagged: a-b exact (TP), a-c related (TP), c-d near (FP); b-c is
	// below the related threshold. Positives: a-b, a-c, b-c, d-e.
	if s := all[""]; s.Flagged != 3 || s.TP != 2 || s.FN != 2 || s.Precision != 2.0/3 || s.Recall != 0.5 {
		t.Errorf("all kinds: %+v", s)
	}
	if s := all[engine.Related]; s.Flagged != 1 || s.TP != 1 {
		t.Errorf("related: %+v", s)
	}
	// Raising the near threshold turns c-d from near into related.
	low := Evaluate(judged, g.Positives(), Thresholds{Near: 0.9, Related: 0.05})
	if s := low[engine.Related]; s.Flagged != 3 || s.TP != 2 {
		t.Errorf("related at 0.05 with near at 0.9: %+v", s)
	}
}
