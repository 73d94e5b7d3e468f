package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/neardup/neardup/bench/gen"
)

// TestDedupeJSONL is the acceptance check on a small scale: a
// gzipped JSONL corpus with planted duplicates and a bad line goes in; the
// zstd output holds the kept records byte for byte in input order, the
// removed file explains every removal, the counts add up, and deduplicating
// the output again removes nothing.
func TestDedupeJSONL(t *testing.T) {
	dir := t.TempDir()
	c := gen.Generate(gen.Config{Seed: 11, Docs: 200, Copies: 60, MinWords: 150, MaxWords: 300, MaxEdit: 0.05})
	var lines [][]byte
	for i, d := range c.Docs {
		b, _ := json.Marshal(map[string]any{"n": i, "text": d.Text})
		lines = append(lines, b)
	}
	lines = append(lines, []byte(`{"n": "bad", "text": `)) // malformed
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Join(lines, []byte("\n")))
	zw.Close()
	in := filepath.Join(dir, "corpus.jsonl.gz")
	if err := os.WriteFile(in, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, removedPath := filepath.Join(dir, "clean.jsonl.zst"), filepath.Join(dir, "removed.jsonl")
	_, stderr, err := runCLI(t, "dedupe", "--out", out, "--removed", removedPath, in)
	var pe partialError // the malformed line: exit status 3
	if !errors.As(err, &pe) || !strings.Contains(stderr, "damaged input: "+in+": 1 record(s) skipped (1 malformed)") {
		t.Fatalf("err %v, stderr %q", err, stderr)
	}
	m := regexp.MustCompile(`read (\d+), kept (\d+), removed (\d+), skipped (\d+)`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary: %q", stderr)
	}
	n := make([]int, 4)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	read, kept, removed, skipped := n[0], n[1], n[2], n[3]
	if read != len(lines) || kept+removed+skipped != read || skipped != 1 || removed < 30 {
		t.Errorf("read %d kept %d removed %d skipped %d, for %d lines", read, kept, removed, skipped, len(lines))
	}

	// The removed file names each removal once, with what it duplicates.
	rb, _ := os.ReadFile(removedPath)
	gone := map[int]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(rb)), "\n") {
		var rm struct {
			ID         string `json:"id"`
			Dup        string `json:"duplicate_of"`
			Kind       string
			Similarity float64
		}
		if err := json.Unmarshal([]byte(l), &rm); err != nil || rm.Dup == "" || rm.Similarity < 0.5 || (rm.Kind != "near" && rm.Kind != "exact") {
			t.Fatalf("bad removal line %q (%v)", l, err)
		}
		line, _ := strconv.Atoi(rm.ID[strings.LastIndex(rm.ID, ":")+1:])
		gone[line] = true
	}
	if len(gone) != removed {
		t.Errorf("%d removals listed, %d counted", len(gone), removed)
	}

	// The output is the kept records, byte for byte, in input order.
	f, _ := os.Open(out)
	zr, err := zstd.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	zr.Close()
	f.Close()
	var want []byte
	for i, l := range lines[:len(lines)-1] {
		if !gone[i+1] {
			want = append(append(want, l...), '\n')
		}
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("output is not the kept records in order (%d bytes, want %d)", len(got), len(want))
	}

	// Again, on its own output: nothing to remove.
	_, stderr, err = runCLI(t, "dedupe", "--out", filepath.Join(dir, "again.jsonl"), out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, fmt.Sprintf("read %d, kept %d, removed 0, skipped 0", kept, kept)) {
		t.Errorf("re-run: %q", stderr)
	}
}

// TestDedupeFolders checks folder input: a list of kept, removed and skipped
// files, no file touched; and a reference folder, whose documents win and
// are not listed.
func TestDedupeFolders(t *testing.T) {
	dir := t.TempDir()
	c := gen.Generate(gen.Config{Seed: 12, Docs: 3, MinWords: 200, MaxWords: 200})
	write := func(p, text string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "in", "a.txt"), c.Docs[0].Text)
	write(filepath.Join(dir, "in", "a-copy.txt"), c.Docs[0].Text+" More.")
	write(filepath.Join(dir, "in", "b.txt"), c.Docs[1].Text)
	write(filepath.Join(dir, "in", "empty.txt"), "")
	write(filepath.Join(dir, "ref", "b-original.txt"), c.Docs[1].Text+" Original.")
	out := filepath.Join(dir, "list.jsonl")
	in, ref := filepath.Join(dir, "in"), filepath.Join(dir, "ref")
	_, stderr, err := runCLI(t, "dedupe", "--out", out, "--reference", ref, in)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := os.ReadFile(out)
	p := func(s string) string { return filepath.ToSlash(filepath.Join(in, s)) }
	b := filepath.ToSlash(filepath.Join(ref, "b-original.txt"))
	for _, want := range []string{
		`{"id":"` + p("a-copy.txt") + `","status":"kept"}`,
		`{"id":"` + p("a.txt") + `","status":"removed","duplicate_of":"` + p("a-copy.txt") + `","kind":"near","similarity":`,
		`{"id":"` + p("b.txt") + `","status":"removed","duplicate_of":"` + b + `","kind":"near","similarity":`,
		`{"id":"` + p("empty.txt") + `","status":"skipped","reason":"empty file"}`,
	} {
		if !strings.Contains(string(list), want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(string(list), filepath.ToSlash(ref)+`","status":"kept"`) {
		t.Errorf("a reference document was listed as kept:\n%s", list)
	}
	if !strings.Contains(stderr, "read 4, kept 1, removed 2, skipped 1 (and 1 reference documents, not written)") {
		t.Errorf("summary %q", stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "in", "a.txt")); string(b) != c.Docs[0].Text {
		t.Error("an input file was changed")
	}
}
