package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReaderMatchesLoad loads JSONL records with a Reader, prefetching runs
// of every length, and checks each document and skip against Entry.Load.
func TestReaderMatchesLoad(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		switch i % 23 {
		case 3:
			b.WriteString(`{"text": 7}` + "\n")
		case 5:
			b.WriteString("\n") // blank
		case 7:
			b.WriteString(`{"text": "` + strings.Repeat("long ", 300) + `"}` + "\n") // over the limit below
		case 11:
			b.WriteString(`not json` + "\n")
		default:
			fmt.Fprintf(&b, `{"text": "record %d, caf\u00e9 \xff"}`+"\n", i)
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "r.jsonl")
	os.WriteFile(p, []byte(b.String()), 0o644)
	roots, _ := RootsFromArgs([]string{p, filepath.Join("testdata", "bad")})
	l, err := Walk(roots, WalkOptions{Extensions: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	es := slices.Clone(l.Entries)
	slices.SortFunc(es, func(a, b Entry) int { return a.Seq() - b.Seq() })
	const max = 1000
	describe := func(d Doc, err error) string {
		return fmt.Sprintf("%q %d %d %x %v", d.Text, d.Bytes, d.Repaired, d.RawHash, err)
	}
	for _, chunk := range []int{1, 2, 5, 16, 64} {
		var r Reader
		for lo := 0; lo < len(es); lo += chunk {
			part := es[lo:min(lo+chunk, len(es))]
			r.Prefetch(part, max)
			for _, e := range part {
				want := describe(e.Load(nil, max))
				if got := describe(r.Load(e, max)); got != want {
					t.Fatalf("chunk %d, %s: Reader %s, Load %s", chunk, e.Name, got, want)
				}
			}
		}
	}
}
