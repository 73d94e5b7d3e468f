package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

const jsonlText = `{"id": 1, "text": "first record"}
{"id": 2, "text": "second \u00e9 record", "extra": [1, 2]}
not json at all

{"id": 4, "body": "no text field"}
{"id": 5, "text": 42}
[1, 2, 3]
{"id": 7, "meta": {"text": "nested text"}, "text": "seventh"}
{"id": 8, "text": "caf` + "\xe9" + ` latin-1 inside"}
{"id": 9, "text": "last, no newline"}`

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func zst(data []byte) []byte {
	var b bytes.Buffer
	w, _ := zstd.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// loadAll lists path as a root and loads every entry, returning texts and
// skip reasons by id.
func loadAll(t *testing.T, path string, opt WalkOptions) (map[string]string, map[string]string, *Listing) {
	t.Helper()
	roots, err := RootsFromArgs([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	l, err := Walk(roots, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	texts, skips := map[string]string{}, map[string]string{}
	for _, s := range l.Skipped {
		skips[s.ID] = s.Reason
	}
	for _, e := range l.Entries {
		d, err := e.Load(nil, 1<<20)
		var se *SkipError
		switch {
		case errors.As(err, &se):
			skips[e.Name] = se.Reason
		case err != nil:
			t.Fatal(err)
		default:
			texts[e.Name] = string(d.Text)
		}
	}
	return texts, skips, l
}

func TestJSONLFormats(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"data.jsonl", []byte(jsonlText)},
		{"data.jsonl.gz", gz([]byte(jsonlText))},
		{"data.jsonl.zst", zst([]byte(jsonlText))},
		{"data.ndjson", gz([]byte(jsonlText))}, // compressed, found by magic bytes
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, c.name, c.data)
			texts, skips, l := loadAll(t, p, WalkOptions{})
			id := func(line int) string { return fmt.Sprintf("%s:%d", filepath.ToSlash(p), line) }
			want := map[int]string{1: "first record", 2: "second é record", 8: "seventh", 9: "caf\uFFFD latin-1 inside", 10: "last, no newline"}
			for line, text := range want {
				if texts[id(line)] != text {
					t.Errorf("line %d: %q, want %q", line, texts[id(line)], text)
				}
			}
			wantSkips := map[int]string{
				3: "line 3: malformed JSON",
				5: `line 5: no "text" field`,
				6: `line 6: "text" is a number, not a string`,
				7: "line 7: not a JSON object",
			}
			for line, reason := range wantSkips {
				if !strings.HasPrefix(skips[id(line)], reason) {
					t.Errorf("line %d skipped for %q, want %q", line, skips[id(line)], reason)
				}
			}
			if len(l.Entries) != 9 { // ten lines, one blank
				t.Errorf("%d records listed, want 9", len(l.Entries))
			}
			for _, e := range l.Entries {
				if e.Name == id(9) {
					if d, _ := e.Load(nil, 1<<20); d.Repaired != 1 {
						t.Errorf("latin-1 record: %d repairs, want 1", d.Repaired)
					}
				}
			}
		})
	}
}

func TestJSONLNestedField(t *testing.T) {
	p := writeFile(t, "n.jsonl", []byte(jsonlText))
	texts, skips, _ := loadAll(t, p, WalkOptions{TextField: "meta.text"})
	if got := texts[filepath.ToSlash(p)+":8"]; got != "nested text" {
		t.Errorf("meta.text of line 8 = %q", got)
	}
	if r := skips[filepath.ToSlash(p)+":1"]; r != `line 1: no "meta" field` {
		t.Errorf("line 1 skipped for %q", r)
	}
}

// TestJSONLTruncatedGzip checks that a gzip file cut short keeps the records
// before the damage and reports it.
func TestJSONLTruncatedGzip(t *testing.T) {
	var lines []string
	for i := 0; i < 5000; i++ {
		lines = append(lines, fmt.Sprintf(`{"text": "record %d with some words %d %d"}`, i, i*7, i*13))
	}
	full := gz([]byte(strings.Join(lines, "\n") + "\n"))
	p := writeFile(t, "cut.jsonl.gz", full[:len(full)/2])
	texts, skips, _ := loadAll(t, p, WalkOptions{})
	if len(texts) < 100 || len(texts) >= 5000 {
		t.Fatalf("%d records kept from half a gzip file", len(texts))
	}
	for i := 1; i <= len(texts); i++ {
		if want := fmt.Sprintf("record %d with", i-1); !strings.HasPrefix(texts[fmt.Sprintf("%s:%d", filepath.ToSlash(p), i)], want) {
			t.Fatalf("record %d is not line %d", i, i)
		}
	}
	r := skips[filepath.ToSlash(p)]
	if !strings.Contains(r, "read error after line") || !strings.Contains(r, fmt.Sprintf("the %d records before it are kept", len(texts))) {
		t.Errorf("damage reported as %q", r)
	}
}

func TestJSONLLongLine(t *testing.T) {
	long := `{"text": "` + strings.Repeat("word ", 600000) + `"}` // 3 MB
	p := writeFile(t, "long.jsonl", []byte(`{"text": "short one"}`+"\n"+long+"\n"+`{"text": "after"}`+"\n"))
	roots, _ := RootsFromArgs([]string{p})
	l, err := Walk(roots, WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if len(l.Entries) != 3 {
		t.Fatalf("%d records", len(l.Entries))
	}
	for _, e := range l.Entries {
		d, err := e.Load(nil, 4<<20)
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if strings.HasSuffix(e.Name, ":2") && len(d.Text) != 3000000 {
			t.Errorf("long record has %d bytes of text", len(d.Text))
		}
		if _, err := e.Load(nil, 1<<20); strings.HasSuffix(e.Name, ":2") && (err == nil || !strings.Contains(err.Error(), "too large")) {
			t.Errorf("long record under a 1 MiB limit: err = %v", err)
		}
	}
}

func TestJSONLInFolders(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.jsonl.gz"), gz([]byte(`{"text": "zipped"}`+"\n")), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("plain file"), 0o644)
	roots, _ := RootsFromArgs([]string{dir})
	l, err := Walk(roots, WalkOptions{Extensions: []string{".txt", ".jsonl"}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var names []string
	for _, e := range l.Entries {
		names = append(names, e.Name)
	}
	if strings.Join(names, ",") != "a.jsonl.gz:1,b.txt" {
		t.Errorf("entries %v", names)
	}
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(jsonlText))
	f.Add(gz([]byte(jsonlText))[:40])
	f.Add([]byte("\n\n{\"text\":\"\\ud800\"}\r\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		roots, _ := RootsFromArgs([]string{p})
		l, err := Walk(roots, WalkOptions{TextField: "a.text"})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		for _, e := range l.Entries {
			d, err := e.Load(nil, 1<<20)
			var se *SkipError
			if err != nil && !errors.As(err, &se) {
				t.Fatalf("%s: %v", e.Name, err)
			}
			if err == nil && len(d.Text) == 0 {
				t.Fatalf("%s: an empty document was not skipped", e.Name)
			}
		}
	})
}

func TestJSONLIDField(t *testing.T) {
	data := `{"doc": {"id": "alpha"}, "text": "one"}
{"doc": {"id": 42}, "text": "two"}
{"doc": {"id": "alpha"}, "text": "repeated id"}
{"text": "no id"}
`
	p := writeFile(t, "ids.jsonl", []byte(data))
	texts, skips, _ := loadAll(t, p, WalkOptions{IDField: "doc.id"})
	if texts["alpha"] != "one" || texts["42"] != "two" || len(texts) != 2 {
		t.Errorf("texts by id: %v", texts)
	}
	if r := skips[filepath.ToSlash(p)+":3"]; !strings.Contains(r, `id "alpha" already used by`) || !strings.HasSuffix(r, ":1") {
		t.Errorf("repeated id skipped for %q", r)
	}
	// A record without the id field is skipped, not given another id.
	if r := skips[filepath.ToSlash(p)+":4"]; r != `line 4: no "doc" field (the id)` {
		t.Errorf("record without an id skipped for %q", r)
	}
	// A field no record has is an error naming it.
	_, err := Walk([]Root{{FS: os.DirFS(filepath.Dir(p)), Path: filepath.Base(p), Prefix: "ids.jsonl"}}, WalkOptions{IDField: "nosuch"})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "IDField" || fe.Value != "nosuch" || !strings.Contains(fe.Error(), "no record of ids.jsonl has it") {
		t.Errorf("--id-field nosuch: err = %v", err)
	}
	// A record longer than the part of a line kept while walking has its id
	// read all the same.
	long := `{"text": "` + strings.Repeat("x ", maxIDLine) + `", "id": "late"}` + "\n"
	_, skips, l := loadAll(t, writeFile(t, "long.jsonl", []byte(long)), WalkOptions{IDField: "id"})
	if len(l.Entries) != 1 || l.Entries[0].Name != "late" {
		t.Errorf("long record: entries %d, skips %v", len(l.Entries), skips)
	}
}

func TestGlobs(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt", "c.md"} {
		os.WriteFile(filepath.Join(dir, n), []byte("text of "+n), 0o644)
	}
	roots, err := RootsFromArgs([]string{filepath.Join(dir, "*.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if len(roots) != 2 || !strings.HasSuffix(roots[0].Prefix, "a.txt") || !strings.HasSuffix(roots[1].Prefix, "b.txt") {
		t.Errorf("roots %+v", roots)
	}
	if _, err := RootsFromArgs([]string{filepath.Join(dir, "*.none")}); err == nil || !strings.Contains(err.Error(), "no file matches") {
		t.Errorf("empty glob: err = %v", err)
	}
}
