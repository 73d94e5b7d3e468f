package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/neardup/neardup/corpus"
)

func TestInputOf(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755)
	os.WriteFile(filepath.Join(dir, "x.txt"), []byte("x"), 0o644)
	for _, c := range []struct {
		in     string
		want   input
		failed bool
	}{
		{in: dir + "/*.txt", want: input{base: dir, globs: []string{dir + "/*.txt"}, exts: []string{".txt"}}},
		{in: dir + "/*", want: input{base: dir, globs: []string{dir + "/*"}, exts: []string{"*"}}},
		{in: "gs://bucket/docs/*.jsonl.gz", want: input{base: "gs://bucket/docs", globs: []string{"gs://bucket/docs/*.jsonl.gz"}, exts: []string{".gz"}}},
		{in: "s3://bucket/docs/", want: input{base: "s3://bucket/docs", globs: []string{"s3://bucket/docs/*"}, exts: corpus.DefaultExtensions, folder: true}},
		{in: dir, want: input{base: dir, globs: []string{dir + "/*", dir + "/a/*", dir + "/a/b/*"}, exts: corpus.DefaultExtensions, folder: true}},
		{in: dir + "/x.txt", want: input{base: dir, globs: []string{dir + "/x.txt"}, exts: []string{".txt"}}},
		{in: dir + "/*/x.txt", failed: true},
		{in: dir + "/none", failed: true},
		{in: "", failed: true},
	} {
		got, err := inputOf(c.in)
		if c.failed {
			if err == nil {
				t.Errorf("%q: %+v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got.base != c.want.base || got.folder != c.want.folder || !slices.Equal(got.globs, c.want.globs) || !slices.Equal(got.exts, c.want.exts) {
			t.Errorf("%q: %+v (%v), want %+v", c.in, got, err, c.want)
		}
	}
}

// TestOrderIsWalkOrder checks Order.compare against the order in which
// neardup walks a folder: by path element, so that "a/b.txt" comes before
// "a.txt" (the folder "a" sorts before the file "a.txt"), which comparing
// whole paths would not give.
func TestOrderIsWalkOrder(t *testing.T) {
	dir := t.TempDir()
	names := []string{"a.txt", "a/b.txt", "a/a.txt", "a-b.txt", "a b.txt", "ab/c.txt", "a/z/y.txt", "b.txt", "A.txt", "a0.txt"}
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("some words here"), 0o644)
	}
	l, err := corpus.Walk([]corpus.Root{{FS: os.DirFS(dir), Path: "."}}, corpus.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	entries := slices.Clone(l.Entries)
	slices.SortFunc(entries, func(a, b corpus.Entry) int { return a.Seq() - b.Seq() })
	var walked []string
	for _, e := range entries {
		walked = append(walked, e.Name)
	}
	ordered := slices.Clone(names)
	slices.SortFunc(ordered, func(a, b string) int { return Order{File: a}.compare(Order{File: b}) })
	if !slices.Equal(walked, ordered) {
		t.Fatalf("walk order %q, Order.compare %q", walked, ordered)
	}
	if slices.IsSorted(walked) {
		t.Fatal("the walk order is the order of whole paths here: a weak test")
	}
}
