package explain_test

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"io/fs"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/explain"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/corpus/sample"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(sample.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMishustinReports explains the two reports of Mishustin's visit among
// the five seeds: related, for the names they share, with the business
// forum in Shanghai and the multi-polarization phrase among the passages;
// and with the score a scan of the same five gives.
func TestMishustinReports(t *testing.T) {
	seeds := fstest.MapFS{}
	for _, n := range []string{"000_899089616a540f22.txt", "001_8b95919d7c02db6a.txt", "002_8877f4eaf635df03.txt", "003_e82b56988b2427cd.txt", "004_5f2e6780d2df67cc.txt"} {
		seeds[n] = &fstest.MapFile{Data: read(t, n)}
	}
	l, err := corpus.Walk([]corpus.Root{{FS: seeds, Path: "."}}, corpus.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	opt := scan.DefaultOptions()
	st, err := scan.CorpusStats(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	a := explain.Doc{ID: "000", Text: seeds["000_899089616a540f22.txt"].Data}
	b := explain.Doc{ID: "003", Text: seeds["003_e82b56988b2427cd.txt"].Data}
	e, err := explain.Explain(a, b, opt, st)
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != engine.Related {
		t.Errorf("kind %q, want related", e.Kind)
	}
	r, err := scan.Scan(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range r.Pairs {
		if p.A == "000_899089616a540f22.txt" && p.B == "003_e82b56988b2427cd.txt" {
			found = true
			if p.Score != math.Round(e.Score*1e6)/1e6 {
				t.Errorf("explain score %v, scan %v", e.Score, p.Score)
			}
		}
	}
	if !found {
		t.Error("the scan does not report 000 ~ 003")
	}
	sum := 0.0
	var names []string
	for _, s := range e.Shared {
		sum += s.Contribution
		names = append(names, s.Term)
	}
	if math.Abs(sum-e.Score) > 1e-9 {
		t.Errorf("contributions sum to %v, score %v", sum, e.Score)
	}
	for _, want := range []string{"mishustin", "li", "qiang"} {
		if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+want+" ") {
			t.Errorf("shared terms %v lack %q", names, want)
		}
	}
	var passages []string
	for _, p := range e.Passages {
		passages = append(passages, p.Text)
		if got := string(a.Text[p.A.Start:p.A.End]); got != p.Text {
			t.Errorf("passage %q is %q in A", p.Text, got)
		}
		if !strings.EqualFold(strings.Join(strings.Fields(string(b.Text[p.B.Start:p.B.End])), " ")[:4], strings.Join(strings.Fields(p.Text), " ")[:4]) {
			t.Errorf("passage %q starts otherwise in B: %q", p.Text, b.Text[p.B.Start:p.B.End])
		}
	}
	all := strings.Join(passages, "|")
	for _, want := range []string{"business forum in Shanghai", "promote the process of multi-polarization"} {
		if !strings.Contains(all, want) {
			t.Errorf("passages %q lack %q", passages, want)
		}
	}
}

func TestExactAndNear(t *testing.T) {
	opt := scan.DefaultOptions()
	text := read(t, "001_8b95919d7c02db6a.txt")
	e, _ := explain.Explain(explain.Doc{ID: "a", Text: text}, explain.Doc{ID: "b", Text: read(t, "012_exact_copy_of_001.txt")}, opt, nil)
	// Every shared term of an exact copy is in the passage the two share:
	// the cosine is 1, the related score (outside shared passages) 0.
	if e.Kind != engine.Exact || e.Similarity != 1 || e.Cosine < 0.999 || e.Score > 0.001 {
		t.Errorf("exact copy: kind %q, jaccard %v, cosine %v, score %v", e.Kind, e.Similarity, e.Cosine, e.Score)
	}
	e, _ = explain.Explain(explain.Doc{ID: "a", Text: read(t, "002_8877f4eaf635df03.txt")}, explain.Doc{ID: "b", Text: read(t, "011_edited_copy_of_002.txt")}, opt, nil)
	if e.Kind != engine.Near || e.Similarity < 0.8 || len(e.Passages) == 0 || e.Passages[0].Words < 50 {
		t.Errorf("edited copy: kind %q, jaccard %v, %d passages", e.Kind, e.Similarity, len(e.Passages))
	}
}
