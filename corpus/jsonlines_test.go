package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// refRecord is a record as the slow reference finds it.
type refRecord struct {
	name     string
	off, n   int64
	line     int
	skipped  bool   // with an id field: skipped for want of an id
	idReason string // why, when skipped
}

// refRecords finds the records of data by splitting it at newlines, and
// their ids with encoding/json.
func refRecords(file string, data []byte, idPath []string) []refRecord {
	var out []refRecord
	off := int64(0)
	for i, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			break
		}
		start := off
		off += int64(len(line))
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(bytes.Trim(line, " \t\r")) == 0 {
			continue
		}
		r := refRecord{name: fmt.Sprintf("%s:%d", file, i+1), off: start, n: int64(len(line)), line: i + 1}
		if idPath != nil {
			if id, ok := refID(line, idPath); ok {
				r.name = id
			} else {
				r.skipped = true
				r.idReason, _ = fieldProblem(line, idPath)
			}
		}
		out = append(out, r)
	}
	return out
}

// refID is findID with encoding/json.
func refID(line []byte, path []string) (string, bool) {
	v := json.RawMessage(line)
	for _, key := range path {
		var obj map[string]json.RawMessage
		if json.Unmarshal(v, &obj) != nil {
			return "", false
		}
		next, ok := obj[key]
		if !ok {
			return "", false
		}
		v = next
	}
	var s string
	if bytes.HasPrefix(v, []byte(`"`)) && json.Unmarshal(v, &s) == nil {
		return s, s != ""
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil && n != "" {
		return n.String(), true
	}
	return "", false
}

// listed is what a walk of one JSONL file gives, to compare.
type listed struct {
	entries []refRecord
	skipped []Skipped
}

func walkJSONL(t testing.TB, p string, opt WalkOptions) listed {
	t.Helper()
	roots, err := RootsFromArgs([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	l, err := Walk(roots, opt)
	if err != nil {
		return listed{skipped: []Skipped{{ID: "error", Reason: err.Error()}}}
	}
	defer l.Close()
	var out listed
	for _, e := range l.Entries {
		out.entries = append(out.entries, refRecord{name: e.Name, off: e.off, n: e.n, line: int(e.line)})
	}
	slices.SortFunc(out.entries, func(a, b refRecord) int { return int(a.off - b.off) })
	out.skipped = l.Skipped
	return out
}

// expected is what a walk should give for the reference records.
func expected(file string, recs []refRecord) listed {
	var out listed
	if len(recs) > 0 && !slices.ContainsFunc(recs, func(r refRecord) bool { return !r.skipped }) {
		// An id field no record has.
		return listed{skipped: []Skipped{{ID: "error"}}}
	}
	seen := map[string]bool{}
	for _, r := range recs {
		switch {
		case r.skipped:
			out.skipped = append(out.skipped, Skipped{ID: fmt.Sprintf("%s:%d", file, r.line), File: file})
		case seen[r.name]:
			out.skipped = append(out.skipped, Skipped{ID: fmt.Sprintf("%s:%d", file, r.line), File: file, Cause: DuplicateID})
		default:
			seen[r.name] = true
			out.entries = append(out.entries, refRecord{name: r.name, off: r.off, n: r.n, line: r.line})
		}
	}
	return out
}

// sameListing compares the entries, and the ids and files of the skipped.
func sameListing(t testing.TB, what string, got, want listed) {
	t.Helper()
	if !slices.Equal(got.entries, want.entries) {
		t.Fatalf("%s: entries differ\n got %v\nwant %v", what, got.entries, want.entries)
	}
	ids := func(s []Skipped) []string {
		var out []string
		for _, x := range s {
			out = append(out, x.ID+" "+x.File)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(ids(got.skipped), ids(want.skipped)) {
		t.Fatalf("%s: skipped differ\n got %v\nwant %v", what, got.skipped, want.skipped)
	}
}

// randomJSONL writes lines of every kind the line finder must tell apart:
// records with and without ids of each JSON kind, blank lines of each
// whitespace, carriage returns, lines longer than a small block, lines that
// are not JSON, and a last line with or without a newline.
func randomJSONL(r *rand.Rand, lines int) []byte {
	var b bytes.Buffer
	for i := range lines {
		switch r.IntN(12) {
		case 0:
			b.WriteString("")
		case 1:
			b.WriteString([]string{" ", "\t", "\r", "  \t\r"}[r.IntN(4)])
		case 2:
			fmt.Fprintf(&b, `{"id": %d, "text": "%s"}`, i, strings.Repeat("long ", r.IntN(60)))
		case 3:
			fmt.Fprintf(&b, `{"text": "no id %d"}`, i)
		case 4:
			fmt.Fprintf(&b, `{"id": %s, "text": "odd id"}`, []string{"null", `""`, "true", "[1]", `{"a":1}`, "-7.5e3"}[r.IntN(6)])
		case 5:
			b.WriteString("not json \u00a0")
		case 6:
			fmt.Fprintf(&b, `{"id": "s%d", "text": "crlf"}`+"\r", i)
		case 7:
			fmt.Fprintf(&b, `{"id": "\u00e9%d", "text": "escaped id"}`, i)
		case 8:
			fmt.Fprintf(&b, `  {"text": "spaced", "id": "late%d"}  `, i)
		default:
			fmt.Fprintf(&b, `{"id": "r%d", "text": "record %d"}`, i, i)
		}
		if i < lines-1 || r.IntN(2) == 0 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// withSizes runs fn with the line finder's segments and blocks of the given
// sizes.
func withSizes(segment int64, block int, fn func()) {
	s, b := segmentSize, blockSize
	segmentSize, blockSize = segment, block
	defer func() { segmentSize, blockSize = s, b }()
	fn()
}

// TestFindLinesMatchesReference lists random JSONL files cut into segments
// and read in blocks of many sizes, and compressed (read as a stream), and
// checks every listing against the reference: the same records at the same
// offsets with the same line numbers and ids, and the same records skipped.
func TestFindLinesMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 20 {
		data := randomJSONL(r, 1+r.IntN(60))
		dir := t.TempDir()
		plain := filepath.Join(dir, "f.jsonl")
		packed := filepath.Join(dir, "g.jsonl.gz")
		os.WriteFile(plain, data, 0o644)
		os.WriteFile(packed, gz(data), 0o644)
		for _, id := range []string{"", "id"} {
			var path []string
			if id != "" {
				path = []string{id}
			}
			opt := WalkOptions{IDField: id}
			for _, sizes := range []struct {
				segment int64
				block   int
			}{{1, 7}, {5, 3}, {17, 1}, {100, 16}, {8 << 20, 1 << 20}, {int64(len(data)), 13}} {
				withSizes(sizes.segment, sizes.block, func() {
					what := fmt.Sprintf("trial %d id %q segment %d block %d", trial, id, sizes.segment, sizes.block)
					sameListing(t, what, walkJSONL(t, plain, opt), expected(filepath.ToSlash(plain), refRecords(filepath.ToSlash(plain), data, path)))
					sameListing(t, what+" gzip", walkJSONL(t, packed, opt), expected(filepath.ToSlash(packed), refRecords(filepath.ToSlash(packed), data, path)))
				})
			}
		}
	}
}

// FuzzFindLines checks the parallel line finder against the reference on
// any bytes, in small segments and blocks.
func FuzzFindLines(f *testing.F) {
	f.Add([]byte(jsonlText), int8(3), int8(2))
	f.Add([]byte("\n\n \r\n{\"id\":1}\r\n{"), int8(1), int8(1))
	f.Add(randomJSONL(rand.New(rand.NewPCG(1, 2)), 20), int8(9), int8(4))
	f.Fuzz(func(t *testing.T, data []byte, seg, block int8) {
		p := filepath.Join(t.TempDir(), "f.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		file := filepath.ToSlash(p)
		withSizes(int64(max(1, int(seg)&63)), max(1, int(block)&63), func() {
			for _, id := range []string{"", "id"} {
				var path []string
				if id != "" {
					path = []string{id}
				}
				got := walkJSONL(t, p, WalkOptions{IDField: id})
				want := expected(file, refRecords(file, data, path))
				sameListing(t, fmt.Sprintf("id %q", id), got, want)
			}
		})
	})
}

// TestLineIDReasons checks the reasons a record has no id.
func TestLineIDReasons(t *testing.T) {
	for _, c := range []struct{ line, reason string }{
		{`{"text": "x"}`, `no "id" field (the id)`},
		{`{"id": null}`, `"id" is null, not a string (the id)`},
		{`{"id": ""}`, `"id" is an empty string (the id)`},
		{`{"id": [1]}`, `"id" is an array, not a string (the id)`},
		{`{"id": 1`, "malformed JSON: unexpected end of JSON input"},
		{`[1]`, "not a JSON object"},
	} {
		_, reason, _ := lineID(nil, []string{"id"}, []byte(c.line), 0, int64(len(c.line)))
		if reason != c.reason {
			t.Errorf("%s: reason %q, want %q", c.line, reason, c.reason)
		}
	}
}
