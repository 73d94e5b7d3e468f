package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/bench/gen"
	"github.com/parquet-go/parquet-go"
)

type parquetRecord struct {
	ID    string `parquet:"id"`
	Text  string `parquet:"text"`
	Words int64  `parquet:"words"`
}

// TestParquetMatchesJSONL scans the same records as Parquet (in several row
// groups) and as JSONL: the reports are identical.
func TestParquetMatchesJSONL(t *testing.T) {
	c := gen.Generate(gen.News(9, 300))
	dir := t.TempDir()
	var recs []parquetRecord
	var jsonl strings.Builder
	for _, d := range c.Docs {
		r := parquetRecord{ID: d.Name, Text: d.Text, Words: int64(len(strings.Fields(d.Text)))}
		recs = append(recs, r)
		b, _ := json.Marshal(map[string]any{"id": r.ID, "text": r.Text, "words": r.Words})
		jsonl.Write(b)
		jsonl.WriteByte('\n')
	}
	jp, pp := filepath.Join(dir, "data.jsonl"), filepath.Join(dir, "data.parquet")
	if err := os.WriteFile(jp, []byte(jsonl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(pp)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[parquetRecord](f, parquet.MaxRowsPerRowGroup(50))
	if _, err := w.Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fromJSONL, _, err := runCLI(t, "scan", "--format", "json", "--id-field", "id", jp)
	if err != nil {
		t.Fatal(err)
	}
	fromParquet, _, err := runCLI(t, "scan", "--format", "json", "--id-field", "id", pp)
	if err != nil {
		t.Fatal(err)
	}
	if fromJSONL != fromParquet {
		t.Errorf("the reports differ:\nJSONL %.600s\nParquet %.600s", fromJSONL, fromParquet)
	}
	if !strings.Contains(fromParquet, `"kind": "near"`) {
		t.Error("no near pairs: a weak test")
	}

	// Without --id-field, rows are file:row; the text column must be a
	// string: a row whose --text-field is a number is reported, with its
	// row, and the scan goes on.
	out, stderr, err := runCLI(t, "scan", "--format", "json", "--text-field", "words", pp)
	if err == nil || !strings.Contains(stderr, "data.parquet") || !strings.Contains(out, `"id": "`+filepath.ToSlash(pp)+`:1"`) {
		t.Errorf("a number as the text: err %v, stderr %.300s", err, stderr)
	}
	os.WriteFile(filepath.Join(dir, "bad.parquet"), []byte("PAR1 not really"), 0o644)
	if _, stderr, err := runCLI(t, "scan", filepath.Join(dir, "bad.parquet")); err == nil || !strings.Contains(stderr, "unreadable Parquet") {
		t.Errorf("a damaged Parquet file: err %v, stderr %q", err, stderr)
	}
}
