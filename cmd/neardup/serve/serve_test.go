package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/index"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

func newServer(t *testing.T, maxBody int64) (*httptest.Server, []gen.Doc) {
	t.Helper()
	p, err := index.ParamsOf(scan.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(filepath.Join(t.TempDir(), "ix"), &p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	c := gen.Generate(gen.News(3, 40))
	var docs []index.Doc
	for _, d := range c.Docs[:40] { // the originals
		docs = append(docs, index.Doc{ID: d.Name, Text: []byte(d.Text)})
	}
	if _, err := x.Add(docs); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(x, maxBody)) // on loopback
	t.Cleanup(srv.Close)
	return srv, c.Docs
}

func call(t *testing.T, method, url, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s %s: not JSON: %s", method, url, b)
		}
	}
	return res.StatusCode, m, res.Header
}

func body(id, text string) string {
	b, _ := json.Marshal(map[string]string{"id": id, "text": text})
	return string(b)
}

func TestAPI(t *testing.T) {
	srv, docs := newServer(t, 1<<20)
	copyOf := docs[len(docs)-1] // a planted copy, not indexed

	code, m, _ := call(t, "POST", srv.URL+"/v1/query", body("", docs[0].Text))
	if code != 200 {
		t.Fatalf("query: %d %v", code, m)
	}
	ms := m["matches"].([]any)
	if len(ms) != 1 || ms[0].(map[string]any)["id"] != docs[0].Name || ms[0].(map[string]any)["kind"] != "exact" {
		t.Errorf("an indexed document's text: matches %v", ms)
	}
	for _, f := range []string{"similarity", "estimate", "containment_ab", "containment_ba", "score"} {
		if _, ok := ms[0].(map[string]any)[f]; !ok {
			t.Errorf("a match has no %s", f)
		}
	}
	// Its id: it is not its own match.
	if _, m, _ := call(t, "POST", srv.URL+"/v1/query", body(docs[0].Name, docs[0].Text)); len(m["matches"].([]any)) != 0 {
		t.Errorf("a query with an indexed document's id matched itself: %v", m)
	}

	// The planted copy: a near match of its source, then added.
	code, m, _ = call(t, "POST", srv.URL+"/v1/documents", body("new/copy", copyOf.Text))
	if code != 201 || m["status"] != "added" {
		t.Fatalf("add: %d %v", code, m)
	}
	if ms := m["matches"].([]any); len(ms) == 0 || ms[0].(map[string]any)["kind"] != "near" {
		t.Errorf("the planted copy: matches %v", ms)
	}
	if code, m, _ = call(t, "POST", srv.URL+"/v1/documents", body("new/copy", copyOf.Text)); code != 200 || m["status"] != "unchanged" {
		t.Errorf("adding again: %d %v", code, m)
	}
	if code, m, _ = call(t, "GET", srv.URL+"/v1/documents/new/copy", ""); code != 200 || m["id"] != "new/copy" || m["shingles"].(float64) < 100 {
		t.Errorf("get: %d %v", code, m)
	}
	if code, _, _ = call(t, "GET", srv.URL+"/v1/documents/nope", ""); code != 404 {
		t.Errorf("get of an unknown id: %d", code)
	}
	if code, m, _ = call(t, "DELETE", srv.URL+"/v1/documents/new/copy", ""); code != 200 || m["removed"] != true {
		t.Errorf("delete: %d %v", code, m)
	}
	if code, _, _ = call(t, "DELETE", srv.URL+"/v1/documents/new/copy", ""); code != 404 {
		t.Errorf("delete again: %d", code)
	}
	if code, m, _ = call(t, "GET", srv.URL+"/healthz", ""); code != 200 || m["documents"].(float64) != 40 {
		t.Errorf("healthz: %d %v", code, m)
	}

	// Errors.
	for _, c := range []struct {
		method, path, body string
		code               int
	}{
		{"POST", "/v1/query", "{bad", 400},
		{"POST", "/v1/query", `{"text": 5}`, 400},
		{"POST", "/v1/query", `{"id": "x"}`, 400},
		{"POST", "/v1/query", `{"text": "a", "extra": 1}`, 400},
		{"POST", "/v1/query", `{"text": "a"} {"text": "b"}`, 400},
		{"POST", "/v1/documents", `{"text": "no id"}`, 400},
		{"POST", "/v1/query", body("", strings.Repeat("word ", 300000)), 413},
		{"GET", "/v1/query", "", 405},
		{"PUT", "/v1/documents/x", "", 405},
		{"POST", "/healthz", "", 405},
		{"GET", "/nowhere", "", 404},
	} {
		code, m, h := call(t, c.method, srv.URL+c.path, c.body)
		if code != c.code || m["error"] == nil {
			t.Errorf("%s %s %.40q: %d %v, want %d and an error", c.method, c.path, c.body, code, m, c.code)
		}
		if code == 405 && h.Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", c.method, c.path)
		}
	}

	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{
		`neardup_http_requests_total{endpoint="/v1/query",code="200"} 2`,
		`neardup_http_requests_total{endpoint="/v1/query",code="413"} 1`,
		`neardup_http_request_duration_seconds_count{endpoint="/v1/documents"} 3`,
		`neardup_http_request_duration_seconds_bucket{endpoint="/v1/query",le="+Inf"}`,
		"neardup_index_documents 40",
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("metrics lack %s:\n%s", want, b)
		}
	}
}

// TestConcurrent queries, adds and removes at once (run with -race): every
// request succeeds and the index ends as the writes say.
func TestConcurrent(t *testing.T) {
	srv, docs := newServer(t, 0)
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				d := docs[(g*10+i)%len(docs)]
				if code, m, _ := call(t, "POST", srv.URL+"/v1/query", body("", d.Text)); code != 200 {
					errs <- fmt.Sprintf("query: %d %v", code, m)
				}
				if g%2 == 0 {
					id := fmt.Sprintf("w%d/%d", g, i)
					if code, m, _ := call(t, "POST", srv.URL+"/v1/documents", body(id, d.Text+" extra words")); code != 201 {
						errs <- fmt.Sprintf("add: %d %v", code, m)
					}
					if i%2 == 0 {
						if code, _, _ := call(t, "DELETE", srv.URL+"/v1/documents/"+id, ""); code != 200 {
							errs <- fmt.Sprintf("delete: %d", code)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if _, m, _ := call(t, "GET", srv.URL+"/healthz", ""); m["documents"].(float64) != 40+4*5 {
		t.Errorf("%v documents, want %d", m["documents"], 40+4*5)
	}
}
