package dedupe

import (
	"testing"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

func TestPlan(t *testing.T) {
	r := &scan.Result{Clusters: []scan.Cluster{
		{Kind: engine.Near, Keep: "b", Members: []string{"a", "b", "c"}, Removed: []scan.Removed{
			{ID: "a", Kind: engine.Near, Similarity: 0.8}, {ID: "c", Kind: engine.Exact, Similarity: 1},
		}},
		{Kind: engine.Exact, Keep: "x", Members: []string{"x", "y"}, Removed: []scan.Removed{{ID: "y", Kind: engine.Exact, Similarity: 1}}},
	}}
	order := map[string]int{"y": 0, "c": 1, "b": 2, "a": 3, "x": 4}
	got := Plan(r, order)
	want := []Removal{{"y", "x", engine.Exact, 1}, {"c", "b", engine.Exact, 1}, {"a", "b", engine.Near, 0.8}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("removal %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
