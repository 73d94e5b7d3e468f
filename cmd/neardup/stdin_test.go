package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/bench/gen"
)

// jsonlCorpus writes a generated corpus with planted duplicates as gzipped
// JSONL records {"id", "text"} and returns the file's path and bytes.
func jsonlCorpus(t *testing.T) (string, []byte) {
	t.Helper()
	c := gen.Generate(gen.Config{Seed: 5, Docs: 60, Copies: 20, MinWords: 120, MaxWords: 200, MaxEdit: 0.05})
	var raw bytes.Buffer
	for _, d := range c.Docs {
		b, _ := json.Marshal(map[string]string{"id": d.Name, "text": d.Text})
		raw.Write(append(b, '\n'))
	}
	b, _ := json.Marshal(map[string]string{"id": "exact-copy", "text": c.Docs[0].Text})
	raw.Write(append(b, '\n'))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	path := filepath.Join(t.TempDir(), "corpus.jsonl.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, gz.Bytes()
}

// TestStdinScan checks that a scan of standard input gives the report of the
// same file: with ids from a field, byte for byte.
func TestStdinScan(t *testing.T) {
	path, data := jsonlCorpus(t)
	for _, format := range []string{"json", "text", "csv"} {
		fromFile, _, err := runCLI(t, "scan", "--format", format, "--id-field", "id", path)
		if err != nil {
			t.Fatal(err)
		}
		fromStdin, _, err := runCLIStdin(t, data, "scan", "--format", format, "--id-field", "id", "-")
		if err != nil {
			t.Fatal(err)
		}
		if fromFile != fromStdin {
			t.Errorf("--format %s: the report of standard input differs from the file's", format)
		}
		if format == "json" && !strings.Contains(fromFile, `"kind": "near"`) {
			t.Errorf("no near pair: the corpus does not test the scan")
		}
	}
}

// TestStdinDedupe is the issue's check: `cat corpus.jsonl.gz | neardup dedupe
// --out clean.jsonl.zst -` writes the same bytes as the same command on the
// file, and three records of which two are identical give two.
func TestStdinDedupe(t *testing.T) {
	path, data := jsonlCorpus(t)
	dir := t.TempDir()
	fromFile, fromStdin := filepath.Join(dir, "a.jsonl.zst"), filepath.Join(dir, "b.jsonl.zst")
	_, errFile, err := runCLI(t, "dedupe", "--out", fromFile, path)
	if err != nil {
		t.Fatal(err)
	}
	_, errStdin, err := runCLIStdin(t, data, "dedupe", "--out", fromStdin, "-")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(fromFile)
	b, _ := os.ReadFile(fromStdin)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("dedupe of standard input wrote %d bytes, of the file %d, not the same", len(b), len(a))
	}
	if errFile != errStdin || !strings.Contains(errFile, "read 81, kept") {
		t.Errorf("summaries %q and %q", errFile, errStdin)
	}

	three := []byte(`{"text":"The cat sat on the mat and looked at the bird outside the window."}
{"text":"The cat sat on the mat and looked at the bird outside the window."}
{"text":"A different story entirely, about trains and stations in the north."}
`)
	out := filepath.Join(dir, "three.jsonl")
	_, stderr, err := runCLIStdin(t, three, "dedupe", "--out", out, "-")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	lines := strings.Split(string(three), "\n")
	if want := lines[0] + "\n" + lines[2] + "\n"; string(got) != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if !strings.Contains(stderr, "read 3, kept 2, removed 1") {
		t.Errorf("summary %q", stderr)
	}
}

// TestStdinHTML checks that the HTML report of standard input includes the
// documents' texts, read again after the scan.
func TestStdinHTML(t *testing.T) {
	_, data := jsonlCorpus(t)
	page, _, err := runCLIStdin(t, data, "scan", "--format", "html", "-")
	if err != nil {
		t.Fatal(err)
	}
	c := gen.Generate(gen.Config{Seed: 5, Docs: 60, Copies: 20, MinWords: 120, MaxWords: 200, MaxEdit: 0.05})
	first := strings.Fields(c.Docs[0].Text)
	if !strings.Contains(page, strings.Join(first[:8], " ")) {
		t.Errorf("the report lacks the text of the first document")
	}
}

// TestRepeatedIDs scans JSONL records with --id-field, some of whose ids
// repeat: the repeats are skipped, the others scanned.
func TestRepeatedIDs(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ids.jsonl")
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, `{"id": "doc%d", "text": "document %d says something about topic %d and more words"}`+"\n", i%30, i, i)
	}
	os.WriteFile(p, []byte(b.String()), 0o644)
	out, stderr, err := runCLI(t, "scan", "--id-field", "id", "--format", "json", p)
	if !isPartial(err) || !strings.Contains(stderr, "10 record(s) skipped (10 duplicate id)") {
		t.Fatalf("err %v, stderr %q: want the dropped records named, exit status 3", err, stderr)
	}
	r := decode(t, out)
	if r.Summary.Documents != 30 || r.Summary.Skipped != 10 {
		t.Errorf("summary %+v: want 30 documents, 10 repeated ids skipped", r.Summary)
	}
}
