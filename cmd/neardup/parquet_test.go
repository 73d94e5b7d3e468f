package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/parquet-go/parquet-go"
)

type parquetRecord struct {
	ID    string `parquet:"id"`
	Text  string `parquet:"text"`
	Words int64  `parquet:"words"`
}

// writeRecords writes docs as the same records to dir/name.jsonl and to
// dir/name.parquet, in row groups of groupRows, and returns the two paths.
func writeRecords(t *testing.T, dir, name string, docs []gen.Doc, groupRows int64) (jsonlPath, parquetPath string) {
	t.Helper()
	var recs []parquetRecord
	var jsonl strings.Builder
	for _, d := range docs {
		r := parquetRecord{ID: d.Name, Text: d.Text, Words: int64(len(strings.Fields(d.Text)))}
		recs = append(recs, r)
		b, _ := json.Marshal(map[string]any{"id": r.ID, "text": r.Text, "words": r.Words})
		jsonl.Write(b)
		jsonl.WriteByte('\n')
	}
	jsonlPath, parquetPath = filepath.Join(dir, name+".jsonl"), filepath.Join(dir, name+".parquet")
	if err := os.WriteFile(jsonlPath, []byte(jsonl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(parquetPath)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[parquetRecord](f, parquet.MaxRowsPerRowGroup(groupRows))
	if _, err := w.Write(recs); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return jsonlPath, parquetPath
}

// TestParquetMatchesJSONL scans the same records as Parquet (in several row
// groups) and as JSONL: the reports are identical.
func TestParquetMatchesJSONL(t *testing.T) {
	c := gen.Generate(gen.News(9, 300))
	dir := t.TempDir()
	jp, pp := writeRecords(t, dir, "data", c.Docs, 50)
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

// TestSketchExport writes the sketches of a generated corpus as Parquet,
// reads them back, and joins them on (band, key) as an SQL engine would: the
// pairs found are the near candidates of a scan, and hold all of its near
// pairs; every sketch decodes.
func TestSketchExport(t *testing.T) {
	cfg := gen.News(4, 200)
	cfg.Copies = 100
	c := gen.Generate(cfg)
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(docs, 0o755)
	for _, d := range c.Docs {
		os.WriteFile(filepath.Join(docs, d.Name), []byte(d.Text), 0o644)
	}
	out := filepath.Join(dir, "sketches.parquet")
	if _, stderr, err := runCLI(t, "sketch", "--out", out, docs); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	rows, err := parquet.ReadFile[sketchRow](out)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[[2]int64][]string{}
	sketches := 0
	for _, r := range rows {
		byKey[[2]int64{int64(r.Band), r.Key}] = append(byKey[[2]int64{int64(r.Band), r.Key}], r.ID)
		if r.Band == 0 {
			var sk engine.Sketch
			if err := sk.UnmarshalBinary(r.Sketch); err != nil || len(sk.Signature) != 128 {
				t.Fatalf("%s: sketch does not decode: %v", r.ID, err)
			}
			sketches++
		} else if r.Sketch != nil {
			t.Fatalf("%s: a sketch on band %d", r.ID, r.Band)
		}
	}
	if sketches != len(c.Docs) || len(rows) != 21*len(c.Docs) {
		t.Fatalf("%d sketches, %d rows for %d documents", sketches, len(rows), len(c.Docs))
	}
	joined := map[[2]string]bool{}
	for _, ids := range byKey {
		for i, a := range ids {
			for _, b := range ids[i+1:] {
				joined[[2]string{min(a, b), max(a, b)}] = true
			}
		}
	}
	js, _, err := runCLI(t, "scan", "--format", "json", "--kinds", "exact,near", docs)
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ Pairs []struct{ A, B, Kind string } }
	json.Unmarshal([]byte(js), &r)
	near := 0
	for _, p := range r.Pairs {
		if !joined[[2]string{p.A, p.B}] {
			t.Errorf("near pair %s~%s not found by the join", p.A, p.B)
		}
		near++
	}
	if near < 10 {
		t.Fatalf("%d near pairs: a weak test", near)
	}
}

// TestDedupeParquet deduplicates a Parquet file into Parquet: the kept rows,
// with the input's schema, are those a dedupe of the same records as JSONL
// keeps.
func TestDedupeParquet(t *testing.T) {
	cfg := gen.News(6, 150)
	cfg.Copies = 60
	c := gen.Generate(cfg)
	dir := t.TempDir()
	jp, pp := writeRecords(t, dir, "in", c.Docs, 40)
	recs, err := parquet.ReadFile[parquetRecord](pp)
	if err != nil {
		t.Fatal(err)
	}

	jout, pout := filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "out.parquet")
	if _, stderr, err := runCLI(t, "dedupe", "--id-field", "id", "--out", jout, jp); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	if _, stderr, err := runCLI(t, "dedupe", "--id-field", "id", "--out", pout, pp); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(readFile(t, jout)), "\n") {
		var r struct{ ID string }
		json.Unmarshal([]byte(line), &r)
		want = append(want, r.ID)
	}
	got, err := parquet.ReadFile[parquetRecord](pout)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, ",") != strings.Join(want, ",") || len(ids) == len(recs) {
		t.Errorf("kept %d rows as Parquet, %d as JSONL, of %d", len(ids), len(want), len(recs))
	}
	in, _ := os.Open(pp)
	st, _ := in.Stat()
	pin, _ := parquet.OpenFile(in, st.Size())
	o, _ := os.Open(pout)
	st2, _ := o.Stat()
	pout2, err := parquet.OpenFile(o, st2.Size())
	if err != nil || !parquet.EqualNodes(pin.Schema(), pout2.Schema()) {
		t.Errorf("the output's schema is not the input's: %v", err)
	}
	if got[0].Words == 0 || got[0].Text == "" {
		t.Error("the kept rows lost their columns")
	}
	// Parquet output needs Parquet input.
	if _, _, err := runCLI(t, "dedupe", "--id-field", "id", "--out", filepath.Join(dir, "x.parquet"), jp); err == nil {
		t.Error("JSONL input deduplicated into Parquet")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
