package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

func TestMain(m *testing.M) {
	beam.Init()
	os.Exit(m.Run())
}

// TestPipelineMatchesScan runs the pipeline on Prism, offline, over a
// generated corpus of 2,000 originals with planted near duplicates and exact
// copies: its pairs are a scan's (--kinds exact,near), every field equal.
func TestPipelineMatchesScan(t *testing.T) {
	cfg := gen.News(12, 2000)
	c := gen.Generate(cfg)
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(docs, 0o755)
	for i, d := range c.Docs {
		os.WriteFile(filepath.Join(docs, d.Name), []byte(d.Text), 0o644)
		if i%97 == 0 {
			os.WriteFile(filepath.Join(docs, fmt.Sprintf("exact%04d.txt", i)), []byte(strings.ToUpper(d.Text)), 0o644)
		}
	}
	out := filepath.Join(dir, "pairs.json")
	p, err := Pipeline(docs+"/*.txt", out)
	if err != nil {
		t.Fatal(err)
	}
	if err := beamx.Run(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	got := readPairs(t, out)

	l, err := corpus.Walk([]corpus.Root{{FS: os.DirFS(docs), Path: "."}}, corpus.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	r, err := scan.Scan(l, config())
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]scan.Pair{}
	for _, p := range r.Pairs {
		want[[2]string{p.A, p.B}] = p
	}
	near, exact := 0, 0
	for k, p := range got {
		if w, ok := want[k]; !ok || w != p {
			t.Errorf("pair %v: pipeline %+v, scan %+v", k, p, w)
		}
		switch p.Kind {
		case engine.Near:
			near++
		case engine.Exact:
			exact++
		}
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("pair %v of the scan not found by the pipeline", k)
		}
	}
	if exact < 10 || near < 100 {
		t.Errorf("%d exact pairs, %d near: a weak test", exact, near)
	}
}

func readPairs(t *testing.T, path string) map[[2]string]scan.Pair {
	t.Helper()
	matches, _ := filepath.Glob(path + "*")
	if len(matches) != 1 {
		t.Fatalf("outputs %v", matches)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Pairs []scan.Pair }
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%v: %.200s", err, b)
	}
	out := map[[2]string]scan.Pair{}
	for _, p := range r.Pairs {
		p.Compared = true
		out[[2]string{p.A, p.B}] = p
	}
	return out
}
