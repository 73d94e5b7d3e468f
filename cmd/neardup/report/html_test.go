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

func hostileResult() (*scan.Result, *Sources) {
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
	return r, &Sources{Text: func(id string) ([]byte, error) { return []byte(texts[id]), nil }}
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
		Docs []struct {
			ID, Title, Text string
		}
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

// TestHTMLTextsAreBounded checks the bounds on the page's size: a long
// text is cut at HTMLTextBytes, and texts stop at HTMLTextBudget, given to
// the pairs of removal clusters first, then to the other exact and near
// pairs, then to related pairs within stories, then to the others.
func TestHTMLTextsAreBounded(t *testing.T) {
	type doc struct {
		ID, Title, Text string
		HasText         bool `json:"has_text"`
		Truncated       bool
	}
	page := func(r *scan.Result, src *Sources) []doc {
		var b bytes.Buffer
		if err := WriteHTML(&b, r, src); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?s)<script id="data" type="application/json">(.*?)</script>`).FindStringSubmatch(b.String())
		var p struct{ Docs []doc }
		if err := json.Unmarshal([]byte(m[1]), &p); err != nil {
			t.Fatal(err)
		}
		return p.Docs
	}
	long := &scan.Result{
		Documents: []scan.Document{{ID: "a", Text: HTMLTextBytes + 2}, {ID: "b", Text: 3}},
		Pairs:     []scan.Pair{{A: "a", B: "b", Kind: engine.Near}},
		Summary:   scan.Summary{Pairs: map[engine.Kind]int{}},
	}
	text := append([]byte("x"), bytes.Repeat([]byte("é"), HTMLTextBytes/2)...) // a rune across the cut
	docs := page(long, &Sources{Text: func(string) ([]byte, error) { return text, nil }})
	if !docs[0].Truncated || len(docs[0].Text) != HTMLTextBytes-1 || !strings.HasSuffix(docs[0].Text, "é") {
		t.Errorf("a long text is not cut at a rune within %d bytes: %d bytes, truncated %v", HTMLTextBytes, len(docs[0].Text), docs[0].Truncated)
	}

	// Pairs of documents of 64 KiB: the budget holds HTMLTextBudget/64Ki
	// documents. Related pairs come first by id, then a story's pair, then
	// a near pair, then a cluster's pair: they get texts in reverse.
	const size = 64 << 10
	fits := HTMLTextBudget / size
	many := &scan.Result{Summary: scan.Summary{Pairs: map[engine.Kind]int{}}}
	add := func(a, b string, kind engine.Kind) {
		many.Documents = append(many.Documents, scan.Document{ID: a, Text: size}, scan.Document{ID: b, Text: size})
		many.Pairs = append(many.Pairs, scan.Pair{A: a, B: b, Kind: kind})
	}
	for i := range fits {
		add(fmt.Sprintf("a%05d", i), fmt.Sprintf("b%05d", i), engine.Related)
	}
	add("s1", "s2", engine.Related)
	add("n1", "n2", engine.Near)
	add("x1", "x2", engine.Near)
	many.Stories = []scan.Story{{ID: "s1", Members: []string{"s1", "s2"}, Terms: []string{}}}
	many.Clusters = []scan.Cluster{{Kind: engine.Near, Keep: "x1", Members: []string{"x1", "x2"}, Removed: []scan.Removed{{ID: "x2", Kind: engine.Near, Similarity: 0.8}}}}
	loaded := 0
	docs = page(many, &Sources{Text: func(id string) ([]byte, error) {
		loaded++
		// Its own word, repeated: no passage to share.
		return append([]byte("A title of five words "+id+"\n"), bytes.Repeat([]byte(id+" "), size/(len(id)+1)-8)...), nil
	}})
	if loaded != len(many.Documents) {
		t.Errorf("loaded %d texts, want all %d for their titles", loaded, len(many.Documents))
	}
	with := map[string]bool{}
	for _, d := range docs {
		with[d.ID] = d.HasText
		if !strings.HasPrefix(d.Title, "A title of five words") {
			t.Errorf("%s: title %q", d.ID, d.Title)
		}
		if d.HasText != (d.Text != "") {
			t.Errorf("%s: has_text %v with %d bytes of text", d.ID, d.HasText, len(d.Text))
		}
	}
	n := 0
	for _, ok := range with {
		if ok {
			n++
		}
	}
	if n > fits || n < fits-1 {
		t.Errorf("%d documents with their texts, want the %d that fit", n, fits)
	}
	for _, id := range []string{"x1", "x2", "n1", "n2", "s1", "s2", "a00000"} {
		if !with[id] {
			t.Errorf("%s has no text: priority is clusters, exact and near, stories, others", id)
		}
	}
	if with[fmt.Sprintf("a%05d", fits-1)] {
		t.Error("the last related pair has texts beyond the budget")
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
