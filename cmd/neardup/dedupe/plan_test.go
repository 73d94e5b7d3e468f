package dedupe

import (
	"testing"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

func TestPlan(t *testing.T) {
	r := &scan.Result{
		Documents: []scan.Document{{ID: "a", Bytes: 100}, {ID: "ref/b", Bytes: 200}, {ID: "c", Bytes: 150}, {ID: "pref/d", Bytes: 50}},
		Pairs: []scan.Pair{
			{A: "a", B: "c", Kind: engine.Near, Similarity: 0.8},
			{A: "c", B: "ref/b", Kind: engine.Exact, Similarity: 1},
			{A: "a", B: "pref/d", Kind: engine.Near, Similarity: 0.75},
		},
		Clusters: []scan.Cluster{{Kind: engine.Near, Members: []string{"a", "c", "pref/d", "ref/b"}}},
	}
	order := map[string]int{"a": 0, "ref/b": 1, "c": 2, "pref/d": 3}
	keeper := func(p Policy) (string, int) {
		rm := Plan(r, order, p)
		if len(rm) == 0 {
			return "", 0
		}
		return rm[0].DuplicateOf, len(rm)
	}
	for _, tt := range []struct {
		p    Policy
		keep string
		n    int
	}{
		{Policy{Keep: Longest}, "ref/b", 3},
		{Policy{Keep: Shortest}, "pref/d", 3},
		{Policy{Keep: First}, "a", 3},
		{Policy{Keep: Last}, "pref/d", 3},
		{Policy{Keep: Longest, Prefer: []string{"pref"}}, "pref/d", 3},
		{Policy{Keep: Shortest, Reference: []string{"ref"}}, "ref/b", 3},
	} {
		if keep, n := keeper(tt.p); keep != tt.keep || n != tt.n {
			t.Errorf("%+v: keeps %q removing %d, want %q and %d", tt.p, keep, n, tt.keep, tt.n)
		}
	}
	// A reference document is never removed, even when not the keeper.
	rm := Plan(r, order, Policy{Keep: First, Reference: []string{"ref"}})
	for _, x := range rm {
		if x.ID == "ref/b" {
			t.Error("a reference document was removed")
		}
		if x.ID == "c" && (!x.Direct || x.Kind != engine.Exact) {
			t.Errorf("c duplicates ref/b directly, exactly: %+v", x)
		}
		if x.ID == "a" && x.Direct {
			t.Errorf("a and ref/b have no pair of their own: %+v", x)
		}
	}
	if len(rm) != 3 || rm[0].ID != "a" || rm[2].ID != "pref/d" {
		t.Errorf("removals not in input order: %+v", rm)
	}
}
