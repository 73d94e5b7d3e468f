package dedupe

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

func TestPlan(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, n := range []string{"a", "b", "c", "x", "y", "ref/z", "tab\tname"} {
		fsys[n] = &fstest.MapFile{Data: []byte(n)}
	}
	l, err := corpus.Walk([]corpus.Root{{FS: fsys, Path: "."}}, corpus.WalkOptions{Extensions: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	r := &scan.Result{
		Clusters: []scan.Cluster{
			{Kind: engine.Near, Keep: "b", Removed: []scan.Removed{{ID: "a", Kind: engine.Near, Similarity: 0.8}, {ID: "c", Kind: engine.Exact, Similarity: 1}}},
			{Kind: engine.Exact, Keep: "ref/z", Removed: []scan.Removed{{ID: "y", Kind: engine.Exact, Similarity: 1}}},
		},
		Skipped: []corpus.Skipped{{ID: "x", Reason: "empty file", Cause: corpus.Empty}},
	}
	p := NewPlan(r, l, func(id string) bool { return strings.HasPrefix(id, "ref/") })
	if c := p.Counts; c != (Counts{Read: 6, Kept: 2, Removed: 3, Skipped: 1, References: 1}) {
		t.Errorf("counts %+v", c)
	}
	want := []Removal{{ID: "a", DuplicateOf: "b", Kind: engine.Near, Similarity: 0.8}, {ID: "c", DuplicateOf: "b", Kind: engine.Exact, Similarity: 1}, {ID: "y", DuplicateOf: "ref/z", Kind: engine.Exact, Similarity: 1}}
	if len(p.Removals) != len(want) {
		t.Fatalf("removals %+v", p.Removals)
	}
	for i := range want {
		if p.Removals[i] != want[i] {
			t.Errorf("removal %d: %+v, want %+v", i, p.Removals[i], want[i])
		}
	}
	var list bytes.Buffer
	if err := p.WriteList(&list); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(list.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, m)
	}
	status := map[string]string{}
	for _, m := range got {
		status[m["id"].(string)] = m["status"].(string)
	}
	for id, want := range map[string]string{"a": "removed", "b": "kept", "c": "removed", "x": "skipped", "y": "removed", "tab\tname": "kept"} {
		if status[id] != want {
			t.Errorf("%q: status %q, want %q", id, status[id], want)
		}
	}
	if _, ok := status["ref/z"]; ok {
		t.Error("a reference document is listed")
	}
	if recs, err := p.Records(); err != nil || recs {
		t.Errorf("Records() = %v, %v for files", recs, err)
	}
}

// TestPlanAgainst checks deduplication against an index: a document that
// duplicates an indexed one goes; a cluster whose kept document goes that
// way keeps its members that duplicate nothing indexed; references stay.
func TestPlanAgainst(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, n := range []string{"a", "b", "c", "d", "e", "ref/z"} {
		fsys[n] = &fstest.MapFile{Data: []byte(n)}
	}
	l, err := corpus.Walk([]corpus.Root{{FS: fsys, Path: "."}}, corpus.WalkOptions{Extensions: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	r := &scan.Result{Clusters: []scan.Cluster{
		// b keeps a and c; b duplicates an indexed document, c does too, a not.
		{Kind: engine.Near, Keep: "b", Removed: []scan.Removed{{ID: "a", Kind: engine.Near, Similarity: 0.8}, {ID: "c", Kind: engine.Near, Similarity: 0.9}}},
		// d keeps e; d duplicates nothing indexed.
		{Kind: engine.Exact, Keep: "d", Removed: []scan.Removed{{ID: "e", Kind: engine.Exact, Similarity: 1}}},
	}}
	indexed := map[string]Removal{
		"b":     {ID: "b", DuplicateOf: "old/1", Kind: engine.Near, Similarity: 0.75, Indexed: true},
		"c":     {ID: "c", DuplicateOf: "old/2", Kind: engine.Exact, Similarity: 1, Indexed: true},
		"ref/z": {ID: "ref/z", DuplicateOf: "old/3", Kind: engine.Exact, Similarity: 1, Indexed: true},
	}
	p := NewPlanAgainst(r, l, func(id string) bool { return strings.HasPrefix(id, "ref/") }, indexed)
	want := map[string]string{"a": "", "b": "old/1", "c": "old/2", "d": "", "e": "d"}
	for id, of := range want {
		rm, removed := p.removals[id]
		if removed != (of != "") || removed && rm.DuplicateOf != of {
			t.Errorf("%s: removed %v as a duplicate of %q, want %q", id, removed, rm.DuplicateOf, of)
		}
	}
	if kept := p.Kept(); strings.Join(kept, ",") != "a,d" {
		t.Errorf("kept %v, want a and d", kept)
	}
	if p.status["ref/z"] != Reference {
		t.Error("a reference document was removed against the index")
	}
}
