package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/bench/gen"
)

// The CLI tests of removals users can trust: each numbered item of the
// issue, with its commands.

func isUsage(err error) bool   { var ue usageError; return errors.As(err, &ue) }
func isPartial(err error) bool { var pe partialError; return errors.As(err, &pe) }

// docsFolder writes a folder of generated documents: a.txt, its exact copy
// a-exact.txt, its near copy a-near.txt, and b.txt, and returns it.
func docsFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	c := gen.Generate(gen.Config{Seed: 21, Docs: 2, MinWords: 300, MaxWords: 300})
	a := c.Docs[0].Text
	files := map[string]string{
		"a.txt":       a,
		"a-exact.txt": a,
		"a-near.txt":  strings.Replace(a, ". ", ". Indeed ", 4),
		"b.txt":       c.Docs[1].Text,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// listOf reads a dedupe list: id -> its line.
func listOf(t *testing.T, path string) map[string]map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]map[string]any{}
	dec := json.NewDecoder(r)
	for {
		var m map[string]any
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[m["id"].(string)] = m
	}
	return out
}

// Item 2: --kinds is honoured, and flags that cannot apply are not offered.
func TestDedupeKinds(t *testing.T) {
	dir := docsFolder(t)
	out := filepath.Join(t.TempDir(), "list.jsonl")
	if _, stderr, err := runCLI(t, "dedupe", "--kinds", "exact", "--out", out, dir); err != nil {
		t.Fatal(err, stderr)
	}
	list := listOf(t, out)
	if list["a-near.txt"]["status"] != "kept" || list["a-exact.txt"]["status"] != "removed" && list["a.txt"]["status"] != "removed" {
		t.Errorf("--kinds exact: %v", list)
	}
	for _, args := range [][]string{
		{"dedupe", "--kinds", "exact,related", "--out", out, dir},
		{"dedupe", "--related-threshold", "0.2", "--out", out, dir},
		{"dedupe", "--max-posting", "5", "--out", out, dir},
	} {
		if _, _, err := runCLI(t, args...); !isUsage(err) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}

// Item 3: outputs are what their names say.
func TestDedupeOutputNames(t *testing.T) {
	dir := docsFolder(t)
	// A file name with a tab and one with a newline stay one JSON string.
	a, _ := os.ReadFile(filepath.Join(dir, "a.txt"))
	os.WriteFile(filepath.Join(dir, "tab\there.txt"), a, 0o644)
	os.WriteFile(filepath.Join(dir, "new\nline.txt"), []byte("Another document entirely, about the weather and nothing else at all."), 0o644)
	outDir := t.TempDir()
	for _, name := range []string{"f.txt.gz", "f.zst", "d.txt"} {
		_, _, err := runCLI(t, "dedupe", "--out", filepath.Join(outDir, name), dir)
		if !isUsage(err) || !strings.Contains(err.Error(), "name it .jsonl or .ndjson") {
			t.Errorf("--out %s: err = %v, want a usage error asking for a JSONL name", name, err)
		}
	}
	out := filepath.Join(outDir, "f.jsonl.gz")
	if _, stderr, err := runCLI(t, "dedupe", "--out", out, dir); err != nil {
		t.Fatal(err, stderr)
	}
	list := listOf(t, out) // gzip, or listOf fails
	if list["tab\there.txt"]["status"] != "removed" || list["new\nline.txt"]["status"] != "kept" {
		t.Errorf("list %v", list)
	}
	// JSONL plus a folder into one output: refused.
	jsonl := filepath.Join(t.TempDir(), "m.jsonl")
	os.WriteFile(jsonl, []byte(`{"text": "one record of its own, long enough to be a document"}`+"\n"), 0o644)
	if _, _, err := runCLI(t, "dedupe", "--out", filepath.Join(outDir, "m.jsonl.gz"), jsonl, dir); !isUsage(err) {
		t.Errorf("JSONL plus a folder: err = %v, want a usage error", err)
	}
	if _, err := os.Stat(filepath.Join(outDir, "m.jsonl.gz")); err == nil {
		t.Error("the refused output was written")
	}
}

// Item 4: output paths are checked before scanning and errors name the
// user's path; an output that is an input, or that the scan would read, is
// refused; a folder is no output.
func TestOutputChecks(t *testing.T) {
	dir := docsFolder(t)
	missing := filepath.Join(t.TempDir(), "no", "such", "x.jsonl")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"dedupe", "--out", missing, dir}, missing + ": folder"},
		{[]string{"scan", "-o", dir, dir}, dir + ": is a folder"},
		{[]string{"scan", "-o", filepath.Join(dir, "report.txt"), dir}, "inside the scanned folder"},
		{[]string{"dedupe", "--out", filepath.Join(dir, "a.txt"), dir}, "JSONL"},
	} {
		_, _, err := runCLI(t, tc.args...)
		if !isUsage(err) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("%q: err = %v, want a usage error with %q and no temporary name", tc.args, err, tc.want)
		}
	}
	// dedupe --out X X: an input, refused.
	in := filepath.Join(t.TempDir(), "x.jsonl")
	os.WriteFile(in, []byte(`{"text": "a record"}`+"\n"+`{"text": "a record"}`+"\n"), 0o644)
	before, _ := os.ReadFile(in)
	if _, _, err := runCLI(t, "dedupe", "--out", in, in); !isUsage(err) || !strings.Contains(err.Error(), "is also an input") {
		t.Errorf("dedupe --out X X: err = %v", err)
	}
	if after, _ := os.ReadFile(in); !bytes.Equal(before, after) {
		t.Error("the input was changed")
	}
	// A report beside the documents with an extension the scan does not
	// read is fine, and is not read by the next scan.
	report := filepath.Join(dir, "report.json")
	if _, _, err := runCLI(t, "scan", "-o", report, dir); err != nil {
		t.Fatal(err)
	}
	out, _, _ := runCLI(t, "scan", dir)
	if !strings.Contains(out, "4 documents scanned") {
		t.Errorf("the report was read as a document:\n%s", out)
	}
	// -o - is standard output; the name sets the format.
	if out, _, err := runCLI(t, "scan", "-o", "-", "--format", "json", dir); err != nil || !json.Valid([]byte(out)) {
		t.Errorf("-o -: err %v", err)
	}
	if b, _ := os.ReadFile(report); !json.Valid(b) {
		t.Errorf("-o report.json is not JSON")
	}
	if _, _, err := runCLI(t, "scan", "--format", "csv", "-o", filepath.Join(t.TempDir(), "r.json"), dir); !isUsage(err) {
		t.Errorf("--format csv -o r.json: err = %v, want a usage error", err)
	}
}

// Item 5: damaged input is never silent.
func TestDamageIsNotSilent(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for i := 0; i < 2000; i++ {
		io.WriteString(zw, `{"text": "record number `+strings.Repeat("x", i%7)+` of a file cut short, with some words"}`+"\n")
	}
	zw.Close()
	trunc := filepath.Join(dir, "cut.jsonl.gz")
	os.WriteFile(trunc, gz.Bytes()[:gz.Len()/2], 0o644)
	out, stderr, err := runCLI(t, "scan", trunc)
	if !isPartial(err) || !strings.Contains(stderr, "unreadable input: "+trunc) || out == "" {
		t.Errorf("truncated .gz: err %v, stderr %q", err, stderr)
	}
	// A text field no record has, an id field no record has: errors naming
	// the field.
	plain := filepath.Join(dir, "p.jsonl")
	os.WriteFile(plain, []byte(`{"text": "one"}`+"\n"+`{"text": "two"}`+"\n"), 0o644)
	for flag, field := range map[string]string{"--text-field": "body", "--id-field": "nosuch"} {
		_, _, err := runCLI(t, "scan", flag, field, plain)
		if !isUsage(err) || !strings.Contains(err.Error(), flag+" "+field) || !strings.Contains(err.Error(), "no record of") {
			t.Errorf("%s %s: err = %v, want an error naming the field", flag, field, err)
		}
	}
}

// Item 6: longest measures the text, and --prefer that matches nothing
// warns.
func TestKeepMeasuresText(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("The council approved the budget for the new library on Tuesday evening. ", 20)
	// UTF-16 doubles the bytes, not the text; the UTF-8 original comes
	// first in input order, so it wins the tie.
	u16 := []byte{0xff, 0xfe}
	for _, r := range text {
		u16 = append(u16, byte(r), 0)
	}
	os.WriteFile(filepath.Join(dir, "a-original.txt"), []byte(text), 0o644)
	os.WriteFile(filepath.Join(dir, "b-utf16.txt"), u16, 0o644)
	out, stderr, err := runCLI(t, "scan", "--format", "json", "--prefer", "nothing/here", dir)
	if err != nil {
		t.Fatal(err)
	}
	r := decode(t, out)
	if len(r.Clusters) != 1 || r.Clusters[0].Keep != "a-original.txt" {
		t.Errorf("clusters %+v: want a-original.txt kept", r.Clusters)
	}
	if !strings.Contains(stderr, "--prefer nothing/here: no document's id is under it") {
		t.Errorf("no warning for a --prefer that matches nothing: %q", stderr)
	}
}

// Item 7: version, help and flag errors.
func TestVersionAndFlagErrors(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, err := runCLI(t, args...)
		if err != nil || !strings.HasPrefix(out, "neardup ") {
			t.Errorf("%q: %q, %v", args, out, err)
		}
	}
	out, _, _ := runCLI(t, "scan", "--format", "json")
	if r := decode(t, out); r.Tool == nil || r.Tool.Name != "neardup" || r.Tool.Version == "" {
		t.Errorf("the JSON report does not name its version: %+v", r.Tool)
	}
	// A bad flag value is reported once, without the list of flags.
	_, stderr, err := runCLI(t, "scan", "--threshold", "x")
	if !isUsage(err) || stderr != "" || strings.Count(err.Error(), "threshold") != 1 {
		t.Errorf("bad flag value: err %v, stderr %q", err, stderr)
	}
	if _, _, err := runCLI(t, "explain", "--format", "html", "a", "b"); !isUsage(err) {
		t.Errorf("explain --format html: err = %v", err)
	}
}

// --from replays the clusters of a report, refusing documents that changed.
func TestDedupeFromReport(t *testing.T) {
	dir := docsFolder(t)
	report := filepath.Join(t.TempDir(), "report.json.gz")
	if _, _, err := runCLI(t, "scan", "-o", report, dir); err != nil {
		t.Fatal(err)
	}
	outDir := t.TempDir()
	// Unchanged: the same as deduplicating directly.
	direct, replayed := filepath.Join(outDir, "direct.jsonl"), filepath.Join(outDir, "replayed.jsonl")
	if _, _, err := runCLI(t, "dedupe", "--out", direct, dir); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "dedupe", "--from", report, "--out", replayed, dir); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(direct)
	b, _ := os.ReadFile(replayed)
	if !bytes.Equal(a, b) {
		t.Errorf("replay:\n%s\ndirect:\n%s", b, a)
	}
	// A removed document that changed is not removed.
	var removed string
	for id, line := range listOf(t, direct) {
		if line["status"] == "removed" {
			removed = id
		}
	}
	os.WriteFile(filepath.Join(dir, removed), []byte("Now a different text altogether, about something else."), 0o644)
	_, stderr, err := runCLI(t, "dedupe", "--from", report, "--out", replayed, dir)
	if !isPartial(err) || !strings.Contains(stderr, "not replayed: "+removed+": changed since the report") {
		t.Errorf("changed document: err %v, stderr %q", err, stderr)
	}
	if listOf(t, replayed)[removed]["status"] != "kept" {
		t.Errorf("%s changed since the report, yet removed", removed)
	}
	// Flags that change a scan do not apply to a replay.
	if _, _, err := runCLI(t, "dedupe", "--from", report, "--threshold", "0.8", "--out", replayed, dir); !isUsage(err) {
		t.Errorf("--from with --threshold: err = %v", err)
	}
}
