package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// TestEvalECBPlus runs eval on the ECB+ sample in testdata (8 stories, two
// per topic): at the default thresholds, the pairs flagged of all kinds must
// have precision 0.95 and recall 0.5 against the story clusters (1.0 and
// 0.56 when written: the related threshold the sample's size calls for,
// 0.201, flags only pairs well above chance).
func TestEvalECBPlus(t *testing.T) {
	out, _, err := runCLI(t, "eval", "--gold", "testdata/ecbplus/clusters.tsv", "testdata/ecbplus/docs")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "104 documents in 8 clusters, 690 positive pairs") {
		t.Fatalf("gold not read as expected:\n%s", out)
	}
	m := regexp.MustCompile(`(?m)^ +all +\d+ +\d+ +\d+ +\d+ +([0-9.]+) +([0-9.]+) +([0-9.]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no 'all' row:\n%s", out)
	}
	p, _ := strconv.ParseFloat(m[1], 64)
	r, _ := strconv.ParseFloat(m[2], 64)
	if r < 0.5 || p < 0.95 {
		t.Errorf("all kinds: precision %.4f, recall %.4f; want >= 0.95 and >= 0.5\n%s", p, r, out)
	}
	if !strings.Contains(out, "best F1") {
		t.Errorf("no sweep:\n%s", out)
	}
}

// scanPath scans the folder or file at path.
func scanPath(t *testing.T, path string, opt scan.Options) *scan.Result {
	t.Helper()
	roots, err := corpus.RootsFromArgs([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	l, r, err := scanRoots(roots, corpus.WalkOptions{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	return r
}

// TestRelatedCandidatesMissNothing checks candidate generation against
// verifying every pair, on the ECB+ sample: the same pairs come out.
func TestRelatedCandidatesMissNothing(t *testing.T) {
	opt := scan.DefaultOptions()
	fast := scanPath(t, "testdata/ecbplus/docs", opt)
	opt.AllPairs = true
	all := scanPath(t, "testdata/ecbplus/docs", opt)
	if len(fast.Pairs) != len(all.Pairs) || len(all.Pairs) < 100 {
		t.Fatalf("%d pairs from candidates, %d from all pairs", len(fast.Pairs), len(all.Pairs))
	}
	// The same pairs of the same kinds and scores; verifying every pair
	// also compares the shingle sets of related pairs, which candidates
	// leave alone unless the two may overlap.
	for i := range all.Pairs {
		f, a := fast.Pairs[i], all.Pairs[i]
		if f.A != a.A || f.B != a.B || f.Kind != a.Kind || f.Score != a.Score {
			t.Errorf("pair %d: %+v from candidates, %+v from all pairs", i, f, a)
		}
	}
}
