package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/shingle"
)

// referenceJaccard is the word 3-gram Jaccard of two texts, computed the
// slow, obvious way: sets of strings.
func referenceJaccard(a, b []byte) float64 {
	grams := func(t []byte) map[string]bool {
		w := strings.Fields(string(shingle.Normalize(t)))
		m := map[string]bool{}
		for i := 0; i+3 <= len(w); i++ {
			m[strings.Join(w[i:i+3], " ")] = true
		}
		if len(w) < 3 {
			m[strings.Join(w, " ")] = true
		}
		return m
	}
	ga, gb := grams(a), grams(b)
	inter := 0
	for g := range ga {
		if gb[g] {
			inter++
		}
	}
	return float64(inter) / float64(len(ga)+len(gb)-inter)
}

type removal struct {
	ID          string  `json:"id"`
	DuplicateOf string  `json:"duplicate_of"`
	Kind        string  `json:"kind"`
	Similarity  float64 `json:"similarity"`
}

func readRemovals(t *testing.T, path string) []removal {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []removal
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l == "" {
			continue
		}
		var r removal
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%s: %q: %v", path, l, err)
		}
		out = append(out, r)
	}
	return out
}

// TestDedupeSPDXChains deduplicates the SPDX licence families in which near
// duplicates chain, and checks each removed text against the text kept in
// its place, independently of the reported similarity: never below the
// threshold.
func TestDedupeSPDXChains(t *testing.T) {
	in := filepath.Join("testdata", "spdx", "licenses.jsonl.gz")
	l, err := corpus.Walk([]corpus.Root{{FS: os.DirFS(filepath.Dir(in)), Path: filepath.Base(in), Prefix: in}}, corpus.WalkOptions{IDField: "id"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	texts := map[string][]byte{}
	for _, e := range l.Entries {
		d, err := e.Load(nil, corpus.DefaultMaxBytes)
		if err != nil {
			t.Fatal(err)
		}
		texts[e.Name] = d.Text
	}
	dir := t.TempDir()
	rmPath := filepath.Join(dir, "removed.jsonl")
	_, stderr, err := runCLI(t, "dedupe", "--id-field", "id", "--out", filepath.Join(dir, "kept.jsonl"), "--removed", rmPath, in)
	if err != nil {
		t.Fatal(err, stderr)
	}
	removals := readRemovals(t, rmPath)
	if len(removals) < 20 {
		t.Fatalf("%d removals: the fixture does not test chains", len(removals))
	}
	for _, r := range removals {
		j := referenceJaccard(texts[r.ID], texts[r.DuplicateOf])
		if j < 0.7 {
			t.Errorf("%s removed as a duplicate of %s, but their Jaccard is %.3f", r.ID, r.DuplicateOf, j)
		}
		if d := j - r.Similarity; d > 1e-6 || d < -1e-6 {
			t.Errorf("%s ~ %s: reported similarity %v, reference %v", r.ID, r.DuplicateOf, r.Similarity, j)
		}
	}
	// The families chain: the scan keeps documents apart.
	out, _, err := runCLI(t, "scan", "--id-field", "id", "--kinds", "exact,near", "--format", "json", in)
	if err != nil {
		t.Fatal(err)
	}
	r := decode(t, out)
	apart := 0
	for _, c := range r.Clusters {
		apart += len(c.KeptApart)
		for _, a := range c.KeptApart {
			if j := referenceJaccard(texts[a.ID], texts[c.Keep]); j >= 0.7 {
				t.Errorf("%s kept apart from %s, whose Jaccard with it is %.3f", a.ID, c.Keep, j)
			}
		}
	}
	if apart < 10 {
		t.Errorf("%d documents kept apart: the fixture does not chain", apart)
	}
}

// editWords replaces the words at n random positions not in used, and marks
// them used.
func editWords(w []string, n int, used map[int]bool, rng *rand.Rand) []string {
	out := append([]string(nil), w...)
	for n > 0 {
		i := rng.IntN(len(w))
		if used[i] || used[i-1] || used[i+1] {
			continue
		}
		used[i] = true
		out[i] = fmt.Sprintf("edit%d", i)
		n--
	}
	return out
}

// TestDedupeChainKeepFirst is the chain: a~b at about 0.78, b~c at
// about 0.78, a~c below the threshold. With --keep first, a is kept and b
// removed; c, a duplicate of b only, stays.
func TestDedupeChainKeepFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	base := make([]string, 600)
	for i := range base {
		base[i] = fmt.Sprintf("w%d", rng.IntN(5000))
	}
	used := map[int]bool{-1: true, len(base): true}
	b := editWords(base, 24, used, rng)
	c := editWords(b, 24, used, rng)
	dir := t.TempDir()
	texts := map[string][]byte{"a.txt": []byte(strings.Join(base, " ")), "b.txt": []byte(strings.Join(b, " ")), "c.txt": []byte(strings.Join(c, " "))}
	for name, text := range texts {
		os.WriteFile(filepath.Join(dir, name), text, 0o644)
	}
	jab, jbc, jac := referenceJaccard(texts["a.txt"], texts["b.txt"]), referenceJaccard(texts["b.txt"], texts["c.txt"]), referenceJaccard(texts["a.txt"], texts["c.txt"])
	if jab < 0.72 || jbc < 0.72 || jac >= 0.7 {
		t.Fatalf("Jaccard a~b %.3f, b~c %.3f, a~c %.3f: not a chain", jab, jbc, jac)
	}
	rmPath := filepath.Join(t.TempDir(), "rm.jsonl")
	_, stderr, err := runCLI(t, "dedupe", "--keep", "first", "--out", filepath.Join(t.TempDir(), "list.jsonl"), "--removed", rmPath, dir)
	if err != nil {
		t.Fatal(err, stderr)
	}
	rm := readRemovals(t, rmPath)
	if len(rm) != 1 || rm[0].ID != "b.txt" || rm[0].DuplicateOf != "a.txt" {
		t.Fatalf("removals %+v, want b.txt as a duplicate of a.txt alone", rm)
	}
}
