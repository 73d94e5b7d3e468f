package scan_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
)

func mapFS(docs []gen.Doc) fstest.MapFS {
	m := fstest.MapFS{}
	for _, d := range docs {
		m[d.Name] = &fstest.MapFile{Data: []byte(d.Text)}
	}
	return m
}

func run(t *testing.T, fsys fstest.MapFS, opt scan.Options) *scan.Result {
	t.Helper()
	l, err := corpus.Walk([]corpus.Root{{FS: fsys, Path: "."}}, corpus.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	r, err := scan.Scan(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// referenceGrams is the slow, obviously correct shingler: the set of word
// n-gram strings of the normalized text.
func referenceGrams(s string, n int) map[string]bool {
	w := strings.Fields(string(shingle.Normalize([]byte(s))))
	m := map[string]bool{}
	if len(w) < n {
		m[strings.Join(w, " ")] = true
		return m
	}
	for i := 0; i+n <= len(w); i++ {
		m[strings.Join(w[i:i+n], " ")] = true
	}
	return m
}

// referenceJaccard is exact Jaccard over string sets.
func referenceJaccard(ga, gb map[string]bool) float64 {
	inter := 0
	for g := range ga {
		if gb[g] {
			inter++
		}
	}
	return float64(inter) / float64(len(ga)+len(gb)-inter)
}

// TestRecallAgainstReference plants near duplicates at a spread of edit rates
// and checks the scan against exact Jaccard over all pairs computed by the
// reference: every reported near pair is at or above the threshold with the
// reference's similarity, and at least 98% of the pairs at threshold+0.05 or
// more are reported.
func TestRecallAgainstReference(t *testing.T) {
	for _, signer := range []lsh.SignerKind{lsh.OnePermKind, lsh.MinWiseKind} {
		t.Run(string(signer), func(t *testing.T) { testRecall(t, signer) })
	}
}

func testRecall(t *testing.T, signer lsh.SignerKind) {
	c := gen.Generate(gen.Config{Seed: 42, Docs: 150, Copies: 150, MinWords: 150, MaxWords: 400, MaxEdit: 0.12})
	opt := scan.DefaultOptions()
	opt.Signer = signer
	r := run(t, mapFS(c.Docs), opt)

	grams := map[string]map[string]bool{}
	for _, d := range c.Docs {
		grams[d.Name] = referenceGrams(d.Text, opt.Shingle.Size)
	}
	reported := map[[2]string]scan.Pair{}
	for _, p := range r.Pairs {
		reported[[2]string{p.A, p.B}] = p
		if p.Kind == engine.Related {
			continue // related pairs carry only their score
		}
		ref := referenceJaccard(grams[p.A], grams[p.B])
		if diff := p.Similarity - ref; diff > 1e-6 || diff < -1e-6 {
			t.Errorf("%s ~ %s: similarity %v, reference %v", p.A, p.B, p.Similarity, ref)
		}
		if ref < opt.Threshold {
			t.Errorf("%s ~ %s reported near at reference Jaccard %v < threshold", p.A, p.B, ref)
		}
	}
	want, found, between := 0, 0, 0
	for i, a := range c.Docs {
		for _, b := range c.Docs[i+1:] {
			j := referenceJaccard(grams[a.Name], grams[b.Name])
			_, ok := reported[[2]string{min(a.Name, b.Name), max(a.Name, b.Name)}]
			switch {
			case j >= opt.Threshold+0.05:
				want++
				if ok {
					found++
				} else {
					t.Logf("missed %s ~ %s at %.3f", a.Name, b.Name, j)
				}
			case j >= opt.Threshold:
				between++
			case ok && reported[[2]string{min(a.Name, b.Name), max(a.Name, b.Name)}].Kind != engine.Related:
				t.Errorf("%s ~ %s reported as a duplicate at reference Jaccard %v", a.Name, b.Name, j)
			}
		}
	}
	if want < 60 {
		t.Fatalf("only %d pairs at J >= %.2f: the generated corpus does not test recall", want, opt.Threshold+0.05)
	}
	recall := float64(found) / float64(want)
	t.Logf("%d of %d pairs at J >= %.2f found (recall %.4f); %d pairs in [t, t+0.05)", found, want, opt.Threshold+0.05, recall, between)
	if recall < 0.98 {
		t.Errorf("recall %.4f at J >= threshold+0.05, want >= 0.98", recall)
	}
}

func jsonOf(t *testing.T, r *scan.Result) []byte {
	var b bytes.Buffer
	if err := report.WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDeterministicAcrossWorkers checks byte-identical output for 1 and 8
// workers, on a corpus with exact groups, near clusters and skipped files.
func TestDeterministicAcrossWorkers(t *testing.T) {
	c := gen.Generate(gen.Config{Seed: 9, Docs: 120, Copies: 80, MinWords: 100, MaxWords: 300, MaxEdit: 0.1})
	fsys := mapFS(c.Docs)
	for i := 0; i < 10; i++ { // exact copies
		fsys[fmt.Sprintf("exact%02d.txt", i)] = &fstest.MapFile{Data: []byte(c.Docs[i*7].Text)}
	}
	fsys["empty.txt"] = &fstest.MapFile{}
	fsys["bin.txt"] = &fstest.MapFile{Data: []byte("a\x00b")}
	var first []byte
	for _, v := range []struct{ workers, memory int }{{1, 0}, {8, 0}, {2, 0}, {2, 1}} {
		opt := scan.DefaultOptions()
		opt.Workers = v.workers
		opt.VerifyMemory = int64(v.memory) // 1: every candidate pair in a batch of its own
		out := jsonOf(t, run(t, fsys, opt))
		if first == nil {
			first = out
			continue
		}
		if !bytes.Equal(first, out) {
			t.Fatalf("-j %d, verify memory %d: output differs from -j 1", v.workers, v.memory)
		}
	}
	var r scan.Result
	if err := json.Unmarshal(first, &r); err != nil {
		t.Fatal(err)
	}
	if r.Summary.Clusters[engine.Exact]+r.Summary.Clusters[engine.Near] < 20 || r.Summary.Skipped != 2 {
		t.Errorf("corpus too tame to test determinism: %+v", r.Summary)
	}
}

func TestExactGroupsAndClusters(t *testing.T) {
	base := strings.Repeat("The central bank raised interest rates by half a point on Thursday. ", 10)
	fsys := fstest.MapFS{
		"a.txt": {Data: []byte(base)},
		"b.txt": {Data: []byte(strings.ToUpper(base))},                   // exact after normalization
		"c.txt": {Data: []byte(strings.ReplaceAll(base, " ", "\n\n  "))}, // exact, longer: kept
		"d.txt": {Data: []byte("Something else entirely, about football and the weather in spring.")},
	}
	r := run(t, fsys, scan.DefaultOptions())
	if len(r.Clusters) != 1 {
		t.Fatalf("clusters %+v", r.Clusters)
	}
	cl := r.Clusters[0]
	if cl.Kind != engine.Exact || cl.Keep != "c.txt" || strings.Join(cl.Members, ",") != "a.txt,b.txt,c.txt" {
		t.Errorf("cluster %+v", cl)
	}
	// Exact pairs join each member to the kept document.
	if len(r.Pairs) != 2 || r.Pairs[0].A != "a.txt" || r.Pairs[0].B != "c.txt" || r.Pairs[1].A != "b.txt" || r.Pairs[1].Similarity != 1 {
		t.Errorf("pairs %+v", r.Pairs)
	}
}

// TestNearClusterThroughExactGroup checks that a near duplicate of one member
// of an exact group joins the whole group in one near cluster.
func TestNearClusterThroughExactGroup(t *testing.T) {
	c := gen.Generate(gen.Config{Seed: 3, Docs: 1, MinWords: 300, MaxWords: 300})
	text := c.Docs[0].Text
	edited := strings.Replace(text, ". ", ". Indeed ", 3)
	fsys := fstest.MapFS{
		"orig.txt":   {Data: []byte(text)},
		"copy.txt":   {Data: []byte(text)},
		"edited.txt": {Data: []byte(edited)},
	}
	r := run(t, fsys, scan.DefaultOptions())
	if len(r.Clusters) != 1 || r.Clusters[0].Kind != engine.Near || len(r.Clusters[0].Members) != 3 {
		t.Fatalf("clusters %+v", r.Clusters)
	}
	if r.Clusters[0].Keep != "edited.txt" {
		t.Errorf("kept %s, want the longest, edited.txt", r.Clusters[0].Keep)
	}
	kinds := map[engine.Kind]int{}
	for _, p := range r.Pairs {
		kinds[p.Kind]++
	}
	// Both members of the exact group are near the edited copy, with the
	// same scores.
	if kinds[engine.Exact] != 1 || kinds[engine.Near] != 2 {
		t.Fatalf("pairs %+v: want one exact and two near", r.Pairs)
	}
	var near []scan.Pair
	for _, p := range r.Pairs {
		if p.Kind == engine.Near {
			near = append(near, p)
		}
	}
	if near[0].Similarity != near[1].Similarity || near[0].Estimate != near[1].Estimate {
		t.Errorf("near pairs of identical documents differ: %+v", near)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, mod := range []func(*scan.Options){
		func(o *scan.Options) { o.Threshold = 1 },
		func(o *scan.Options) { o.Perm = 0 },
		func(o *scan.Options) { o.Shingle.Size = 0 },
		func(o *scan.Options) { o.MaxDocBytes = 0 },
	} {
		opt := scan.DefaultOptions()
		mod(&opt)
		_, err := scan.Scan(&corpus.Listing{}, opt)
		if _, ok := err.(*engine.FieldError); !ok {
			t.Errorf("options %+v: err = %v, want a FieldError", opt, err)
		}
	}
}

// TestChunksOfSkippedDocuments scans a folder in which whole chunks of
// documents are skipped, between documents that are not.
func TestChunksOfSkippedDocuments(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 100 {
		fsys[fmt.Sprintf("empty%03d.txt", i)] = &fstest.MapFile{}
	}
	text := strings.Repeat("The council approved the budget for the new library on Tuesday. ", 10)
	fsys["a.txt"] = &fstest.MapFile{Data: []byte(text)}
	fsys["zz.txt"] = &fstest.MapFile{Data: []byte(text)}
	for _, kinds := range []engine.Kinds{engine.All, engine.KindsOf(engine.Exact, engine.Near)} {
		opt := scan.DefaultOptions()
		opt.Kinds = kinds
		r := run(t, fsys, opt)
		if r.Summary.Documents != 2 || r.Summary.Skipped != 100 || len(r.Clusters) != 1 {
			t.Errorf("kinds %s: summary %+v", kinds, r.Summary)
		}
	}
}

// TestEmptyListsInJSON checks that a scan that finds nothing reports empty
// lists, not null: a reader iterates them without a check.
func TestEmptyListsInJSON(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt": {Data: []byte("The central bank raised interest rates by half a point on Thursday.")},
		"b.txt": {Data: []byte("Something else entirely, about football and the weather in spring.")},
	}
	out := string(jsonOf(t, run(t, fsys, scan.DefaultOptions())))
	for _, want := range []string{`"pairs": []`, `"clusters": []`, `"stories": []`, `"skipped": []`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in %s", want, out)
		}
	}
}
