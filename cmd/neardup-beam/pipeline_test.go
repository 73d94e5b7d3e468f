package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/corpus/sample"
)

func TestMain(m *testing.M) {
	beam.Init()
	os.Exit(m.Run())
}

// TestPipelineMatchesScan runs the pipeline on Prism, offline, over the
// built-in sample as a folder (with a folder below it and a file of another
// extension), over a generated corpus of 2,000 originals with planted
// near duplicates, exact copies and files a scan skips, over the ECB+ sample
// (104 news articles, 8 stories), over HTML pages (one without text), over
// a folder of no document, and
// over two JSONL files with copies across them and bad lines (for exact and
// near pairs, keeping the shortest, with a size limit that the files exceed
// and some of their records too): its
// report is, byte for byte, the JSON report of a scan of the folder with the
// same settings (and extension, for a glob): pairs of every kind, scores,
// clusters, stories, counts and params.
func TestPipelineMatchesScan(t *testing.T) {
	sampleDir := t.TempDir()
	fs.WalkDir(sample.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(sample.FS(), p)
		return os.WriteFile(filepath.Join(sampleDir, p), b, 0o644)
	})
	// A folder below, with an exact copy of a sample file, and a file a
	// folder scan ignores for its extension.
	os.MkdirAll(filepath.Join(sampleDir, "more", "deeper"), 0o755)
	names, _ := fs.Glob(sample.FS(), "*.txt")
	b, _ := fs.ReadFile(sample.FS(), names[0])
	os.WriteFile(filepath.Join(sampleDir, "more", "deeper", "copy.txt"), b, 0o644)
	os.WriteFile(filepath.Join(sampleDir, "more", "notes.csv"), []byte("a,b\n1,2\n"), 0o644)
	genDir := t.TempDir()
	c := gen.Generate(gen.News(12, 2000))
	for i, d := range c.Docs {
		os.WriteFile(filepath.Join(genDir, d.Name), []byte(d.Text), 0o644)
		if i%97 == 0 {
			os.WriteFile(filepath.Join(genDir, fmt.Sprintf("exact%04d.txt", i)), []byte(strings.ToUpper(d.Text)), 0o644)
		}
	}
	os.WriteFile(filepath.Join(genDir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(genDir, "punctuation.txt"), []byte("... --- !!!"), 0o644)
	os.WriteFile(filepath.Join(genDir, "binary.txt"), []byte("a\x00b"), 0o644)
	// JSONL: two files of records, with bad lines and exact copies.
	jsonlDir := t.TempDir()
	c2 := gen.Generate(gen.News(13, 300))
	var files [2]strings.Builder
	for i, d := range c2.Docs {
		b, _ := json.Marshal(map[string]string{"text": d.Text})
		files[i%2].Write(b)
		files[i%2].WriteByte('\n')
		if i%50 == 0 {
			files[1-i%2].Write(b) // an exact copy in the other file
			files[1-i%2].WriteByte('\n')
		}
	}
	files[0].WriteString("{not json\n{\"body\": \"no text field\"}\n{\"text\": 42}\n")
	os.WriteFile(filepath.Join(jsonlDir, "a.jsonl"), []byte(files[0].String()), 0o644)
	os.WriteFile(filepath.Join(jsonlDir, "b.jsonl"), []byte(files[1].String()), 0o644)

	ecbDir := filepath.Join("..", "neardup", "testdata", "ecbplus", "docs")
	// HTML: pages with their text extracted, and one with none.
	htmlDir := t.TempDir()
	page := "<html><head><title>Rates</title><script>track()</script></head><body><p>%s</p></body></html>"
	for i, d := range c.Docs[:40] {
		os.WriteFile(filepath.Join(htmlDir, fmt.Sprintf("%02d.html", i)), []byte(fmt.Sprintf(page, d.Text)), 0o644)
		if i%10 == 0 {
			os.WriteFile(filepath.Join(htmlDir, fmt.Sprintf("%02d-copy.html", i)), []byte(fmt.Sprintf(page, strings.ToUpper(d.Text))), 0o644)
		}
	}
	// A folder whose only file is skipped: no document at all.
	emptyDir := t.TempDir()
	os.WriteFile(filepath.Join(emptyDir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(htmlDir, "empty.html"), []byte("<html><body><script>x()</script></body></html>"), 0o644)

	related, stories := 0, 0
	for _, c := range []struct {
		dir, glob string // a folder, or a glob in it
		ext       string // the scan's extension for the glob
		set       Settings
	}{
		{dir: sampleDir},
		{dir: genDir, glob: "*.txt", ext: ".txt"},
		{dir: ecbDir},
		{dir: htmlDir, glob: "*.html", ext: ".html"},
		{dir: emptyDir},
		{dir: jsonlDir, glob: "*.jsonl", ext: ".jsonl", set: Settings{Kinds: "exact,near", Keep: "shortest", MaxDocBytes: 6000}},
	} {
		dir := c.dir
		out := filepath.Join(t.TempDir(), "report.json")
		in := dir
		if c.glob != "" {
			in = dir + "/" + c.glob
		}
		p, err := Pipeline(in, out, c.set)
		if err != nil {
			t.Fatal(err)
		}
		if err := beamx.Run(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var walk corpus.WalkOptions
		if c.ext != "" {
			walk.Extensions = []string{c.ext}
		}
		l, err := corpus.Walk([]corpus.Root{{FS: os.DirFS(dir), Path: "."}}, walk)
		if err != nil {
			t.Fatal(err)
		}
		opt, err := c.set.Options()
		if err != nil {
			t.Fatal(err)
		}
		r, err := scan.Scan(l, opt)
		l.Close()
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := report.WriteJSON(&want, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: the pipeline's report differs from the scan's:\n%s", dir, firstDifference(got, want.Bytes()))
		}
		if dir == emptyDir && (len(r.Documents) != 0 || len(r.Skipped) != 1) {
			t.Errorf("%s: %d documents, %d skipped; want none and one", dir, len(r.Documents), len(r.Skipped))
		}
		if dir != ecbDir && dir != htmlDir && dir != emptyDir && (len(r.Clusters) == 0 || r.Summary.Pairs[engine.Near] == 0 || r.Summary.Pairs[engine.Exact] == 0) {
			t.Errorf("%s: %v pairs, %d clusters: a weak test", dir, r.Summary.Pairs, len(r.Clusters))
		}
		if dir == jsonlDir && !strings.Contains(fmt.Sprint(r.Skipped), "too large") {
			t.Errorf("%s: no record over the size limit skipped: a weak test", dir)
		}
		if dir == htmlDir && (r.Summary.Pairs[engine.Exact] != 4 || r.Summary.Skipped != 1) {
			t.Errorf("%s: %v pairs, %d skipped; want 4 exact and the page without text", dir, r.Summary.Pairs, r.Summary.Skipped)
		}
		if dir == sampleDir && r.Summary.Ignored != 1 {
			t.Errorf("%s: %d files ignored, want 1", dir, r.Summary.Ignored)
		}
		related += r.Summary.Pairs[engine.Related]
		stories += len(r.Stories)
		t.Logf("%s: %d documents, pairs %v, %d clusters, %d stories", dir, len(r.Documents), r.Summary.Pairs, len(r.Clusters), len(r.Stories))
	}
	if related < 50 || stories < 8 {
		t.Errorf("%d related pairs and %d stories in all: a weak test", related, stories)
	}
}

// firstDifference shows where two texts start to differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("at byte %d:\npipeline: %s\nscan:     %s", i, a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}
