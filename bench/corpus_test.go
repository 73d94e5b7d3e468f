package bench

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/shingle"
)

// TestWrittenCorpusRecall writes a small generated corpus the way `neardup
// bench gen` does, reads planted.tsv back and checks the scan against it:
// recall of planted pairs at J >= t+0.05 of at least 0.98, precision 1.
func TestWrittenCorpusRecall(t *testing.T) {
	dir := t.TempDir()
	g := gen.Generate(gen.News(5, 1500))
	planted, err := Write(dir, g, shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize})
	if err != nil {
		t.Fatal(err)
	}
	back, err := readPlanted(filepath.Join(dir, "planted.tsv"))
	if err != nil || len(back) != len(planted) || len(planted) != 150 {
		t.Fatalf("planted.tsv: %d pairs read back, %d written, err %v", len(back), len(planted), err)
	}
	// Document 1000 opens the second folder.
	if id := ID(1000, g.Docs[1000].Name); id != "001/"+g.Docs[1000].Name {
		t.Fatalf("ID(1000) = %q", id)
	} else if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(id))); err != nil {
		t.Fatal(err)
	}
	opt := scan.DefaultOptions()
	l, r, err := scan.Run(dirRoots(t, dir), corpus.WalkOptions{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if r.Summary.Documents != 1650 || r.Summary.Ignored != 1 {
		t.Fatalf("summary %+v: want 1650 documents and planted.tsv ignored", r.Summary)
	}
	recall, precision := quality(&benchCorpus{planted: back}, r, opt.Threshold, nil)
	if recall < 0.98 || precision != 1 {
		t.Errorf("recall %.4f, precision %.4f; want >= 0.98 and 1", recall, precision)
	}
}

func dirRoots(t *testing.T, dir string) []corpus.Root {
	t.Helper()
	roots, err := corpus.RootsFromArgs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return roots
}
