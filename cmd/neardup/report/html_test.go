package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// hostile is document text that would run script, or break out of the
// page's data, if it were not escaped.
const hostile = `Breaking news </script><script>document.title="PWNED"</script>
<img src=x onerror="document.title='PWNED'"> <a href="javascript:alert(1)">click</a>
</textarea><div onclick=alert(1)>x</div> <!-- --> ]]> \u2028 ` + "\u2028"

func hostileResult() (*scan.Result, Source) {
	texts := map[string]string{
		"evil.txt":  hostile + " the same story about the summit in Geneva on Monday",
		"other.txt": "Other " + hostile + " the same story about the summit in Geneva on Monday",
	}
	r := &scan.Result{
		Documents: []scan.Document{{ID: "evil.txt", Bytes: int64(len(texts["evil.txt"]))}, {ID: "other.txt"}},
		Pairs:     []scan.Pair{{A: "evil.txt", B: "other.txt", Kind: engine.Near, Similarity: 0.9, Score: 0.8}},
		Clusters:  []scan.Cluster{{Kind: engine.Near, Keep: "other.txt", Members: []string{"evil.txt", "other.txt"}}},
		Summary:   scan.Summary{Documents: 2, Pairs: map[engine.Kind]int{engine.Near: 1}},
	}
	return r, func(id string) ([]byte, error) { return []byte(texts[id]), nil }
}

func TestHTMLEscapesDocuments(t *testing.T) {
	r, src := hostileResult()
	var b bytes.Buffer
	if err := WriteHTML(&b, r, src); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Exactly the page's two script elements: the data and the code.
	if n := strings.Count(strings.ToLower(out), "<script"); n != 2 {
		t.Errorf("%d <script elements, want 2", n)
	}
	for _, bad := range []string{`document.title="PWNED"</script>`, "<img src=x", "<div onclick", "</textarea>", `href="javascript:`} {
		if strings.Contains(out, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	// The data block parses back to the same texts.
	m := regexp.MustCompile(`(?s)<script id="data" type="application/json">(.*?)</script>`).FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no data block")
	}
	var p struct {
		Docs  []struct{ ID, Text string }
		Pairs []struct {
			Marks [][4]int
		}
	}
	if err := json.Unmarshal([]byte(m[1]), &p); err != nil {
		t.Fatalf("data block is not JSON: %v", err)
	}
	if len(p.Docs) != 2 || !strings.HasPrefix(p.Docs[0].Text, "Breaking news </script><script>") {
		t.Errorf("texts did not survive the round trip: %+v", p.Docs)
	}
	if len(p.Pairs) != 1 || len(p.Pairs[0].Marks) == 0 {
		t.Errorf("no shared passages marked: %+v", p.Pairs)
	}
	if !strings.Contains(out, "Content-Security-Policy") {
		t.Error("no content security policy")
	}
}

func TestUTF16Offsets(t *testing.T) {
	text := []byte("aé😀b")
	got := utf16Offsets(text)
	// a:0, é (2 bytes):1, 😀 (4 bytes, 2 units):2, b:4, end:5
	want := map[int]int{0: 0, 1: 1, 3: 2, 7: 4, 8: 5}
	for byteOff, u := range want {
		if got[byteOff] != u {
			t.Errorf("offset of byte %d = %d, want %d", byteOff, got[byteOff], u)
		}
	}
}

// TestHTMLTextsAreBounded checks the two bounds on the page's size: a long
// text is cut at HTMLTextBytes, and only the first HTMLTexts pairs bring
// their documents' texts.
func TestHTMLTextsAreBounded(t *testing.T) {
	page := func(r *scan.Result, src Source) string {
		var b bytes.Buffer
		if err := WriteHTML(&b, r, src); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	long := &scan.Result{
		Documents: []scan.Document{{ID: "a"}, {ID: "b"}},
		Pairs:     []scan.Pair{{A: "a", B: "b", Kind: engine.Near}},
		Summary:   scan.Summary{Pairs: map[engine.Kind]int{}},
	}
	text := append(bytes.Repeat([]byte("é"), HTMLTextBytes/2-1), "xyz"...) // a rune across the cut
	out := page(long, func(string) ([]byte, error) { return text, nil })
	if !strings.Contains(out, `"truncated":true`) || len(out) > 2*HTMLTextBytes+64<<10 {
		t.Errorf("long texts: %d bytes, truncated %v", len(out), strings.Contains(out, `"truncated":true`))
	}

	many := &scan.Result{Summary: scan.Summary{Pairs: map[engine.Kind]int{}}}
	for i := 0; i < HTMLTexts+10; i++ {
		a, b := fmt.Sprintf("a%05d", i), fmt.Sprintf("b%05d", i)
		many.Documents = append(many.Documents, scan.Document{ID: a}, scan.Document{ID: b})
		many.Pairs = append(many.Pairs, scan.Pair{A: a, B: b, Kind: engine.Related})
	}
	loaded := 0
	out = page(many, func(id string) ([]byte, error) { loaded++; return []byte("the same four words " + id), nil })
	if loaded != 2*HTMLTexts {
		t.Errorf("loaded %d texts, want %d", loaded, 2*HTMLTexts)
	}
	if !strings.Contains(out, `"id":"a00999","bytes":0,"text"`) || strings.Contains(out, `"id":"a01000","bytes":0,"text"`) {
		t.Error("texts are not included for exactly the first HTMLTexts pairs")
	}
}

// TestWriteJSONMatchesEncoder checks the streaming JSON writer against
// encoding/json on a result with every field, and on empty lists.
func TestWriteJSONMatchesEncoder(t *testing.T) {
	r, _ := hostileResult()
	r.Skipped = append(r.Skipped, corpus.Skipped{ID: "x.jsonl:3", Reason: `line 3: no "text" field <&>`, Cause: corpus.NoField, File: "x.jsonl"})
	r.Clusters = append(r.Clusters, scan.Cluster{Kind: engine.Near, Keep: "a", Members: []string{"a", "b"},
		Removed: []scan.Removed{{ID: "b", Kind: engine.Near, Similarity: 0.8}}, KeptApart: []scan.KeptApart{{ID: "c", Via: "b", Kind: engine.Near, Similarity: 0.71}}})
	r.Tool = &scan.Tool{Name: "neardup", Version: "v1.2.3", Commit: "abc"}
	for _, res := range []*scan.Result{r, {Documents: []scan.Document{}, Pairs: []scan.Pair{}, Clusters: []scan.Cluster{}, Skipped: []corpus.Skipped{}}} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := WriteJSON(&got, res); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("streamed:\n%s\nencoding/json:\n%s", got.String(), want.String())
		}
	}
}
