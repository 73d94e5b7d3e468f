package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/corpus/sample"
)

// TestIndexCommands runs the index commands as a user would: add the sample's
// originals, query its copies, dedupe the copies against the index, refuse a
// conflicting flag, remove, and read the stats.
func TestIndexCommands(t *testing.T) {
	dir := t.TempDir()
	old, fresh := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	os.MkdirAll(old, 0o755)
	os.MkdirAll(fresh, 0o755)
	fs.WalkDir(sample.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(sample.FS(), p)
		to := old
		if strings.HasPrefix(p, "01") { // the copies: 010 to 013
			to = fresh
		}
		return os.WriteFile(filepath.Join(to, p), b, 0o644)
	})
	ix := filepath.Join(dir, "ix")
	if _, stderr, err := runCLI(t, "index", "add", ix, old); err != nil || !strings.Contains(stderr, "added 5") {
		t.Fatalf("index add: %v %s", err, stderr)
	}
	out, _, err := runCLI(t, "index", "query", "--format", "json", ix, fresh)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Pairs []struct{ A, B, Kind string }
	}
	json.Unmarshal([]byte(out), &r)
	kinds := map[string]string{}
	for _, p := range r.Pairs {
		kinds[p.A+"~"+p.B] = p.Kind
	}
	for pair, kind := range map[string]string{
		"000_899089616a540f22.txt~013_reformatted_copy_of_000.txt": "exact",
		"001_8b95919d7c02db6a.txt~012_exact_copy_of_001.txt":       "exact",
		"002_8877f4eaf635df03.txt~011_edited_copy_of_002.txt":      "near",
		"004_5f2e6780d2df67cc.txt~010_syndicated_copy_of_004.txt":  "near",
	} {
		if kinds[pair] != kind {
			t.Errorf("query: %s is %q, want %s (pairs %v)", pair, kinds[pair], kind, kinds)
		}
	}
	// The index is unchanged by a query.
	st, _, _ := runCLI(t, "index", "stats", "--format", "json", ix)
	if !strings.Contains(st, `"documents": 5`) {
		t.Errorf("stats after a query: %s", st)
	}
	// Dedupe the copies against the index: all four go.
	outFile := filepath.Join(dir, "kept.jsonl")
	if _, stderr, err := runCLI(t, "dedupe", "--index", ix, "--out", outFile, fresh); err != nil || !strings.Contains(stderr, "removed 4") {
		t.Fatalf("dedupe --index: %v %s", err, stderr)
	}
	if b, _ := os.ReadFile(outFile); strings.Count(string(b), `"indexed":true`) != 4 {
		t.Errorf("dedupe --index list: %s", b)
	}
	if _, _, err := runCLI(t, "index", "query", "--threshold", "0.5", ix, fresh); err == nil {
		t.Error("a query with another threshold than the index's was not refused")
	}
	if _, _, err := runCLI(t, "index", "remove", ix, "000_899089616a540f22.txt", "nope"); err == nil {
		t.Error("removing an id not in the index is not reported")
	}
	st, _, _ = runCLI(t, "index", "stats", "--format", "json", ix)
	if !strings.Contains(st, `"documents": 4`) {
		t.Errorf("stats after removing one: %s", st)
	}
}
