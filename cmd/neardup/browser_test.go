package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neardup/neardup/corpus/sample"
)

// TestHTMLInBrowser renders HTML reports in headless Chromium and checks
// the DOM. The built-in sample, plus a hostile copy of one article: the
// overview shows the copies and the story with its names; the pairs are
// listed exact and near first; an open pair marks its shared passages; the
// kind and score filters and sorting work (they live in the URL fragment);
// and the hostile document's script and event handler did not run. The ECB+
// sample: its first story opens with its documents, and a related pair of it
// with the shared names explain gives. It needs Debian's chromium; .ci/run
// installs it and sets NEARDUP_BROWSER=1, which makes its absence a failure.
func TestHTMLInBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("NEARDUP_BROWSER") != "" {
			t.Fatal("NEARDUP_BROWSER is set but chromium is not installed")
		}
		t.Skip("chromium not installed (apt-get install chromium)")
	}
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	err = fs.WalkDir(sample.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sample.FS(), p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(docs, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := fs.ReadFile(sample.FS(), "004_5f2e6780d2df67cc.txt")
	evil := "<script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">\n" + string(orig)
	if err := os.WriteFile(filepath.Join(docs, "zz_hostile.txt"), []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	if _, _, err := runCLI(t, "scan", "--format", "html", "-o", page, docs); err != nil {
		t.Fatal(err)
	}

	// dumps loads the page at each fragment in its own Chromium, all at
	// once, and returns the DOMs.
	var launch atomic.Int32
	dumps := func(fragments ...string) []string {
		t.Helper()
		out := make([]string, len(fragments))
		errs := make([]error, len(fragments))
		var wg sync.WaitGroup
		for i, fragment := range fragments {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
				defer cancel()
				profile := filepath.Join(dir, fmt.Sprintf("profile%d", launch.Add(1)))
				cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--user-data-dir="+profile, "--dump-dom", "file://"+page+"#"+fragment)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					errs[i] = fmt.Errorf("chromium at #%s: %v\n%s", fragment, err, stderr.String())
				}
				out[i] = stdout.String()
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		return out
	}

	pages := dumps("", "kinds=near", "minr=0.15&sort=score", "sort=score")
	all, near, highPage, sortedPage := pages[0], pages[1], pages[2], pages[3]
	row := regexp.MustCompile(`<tr class="pair[^"]*" data-index="(\d+)" tabindex="0"><td><span class="badge kind-(\w+)">\w+</span></td><td>(.*?)</td><td>(.*?)</td>`)
	rows := row.FindAllStringSubmatch(all, -1)
	if len(rows) < 7 {
		t.Fatalf("%d pairs listed, want the sample's 6 and the hostile copy's", len(rows))
	}
	// Exact and near pairs come first, strongest first.
	for i := 1; i < len(rows); i++ {
		if rows[i-1][2] == "related" && rows[i][2] != "related" {
			t.Errorf("a %s pair listed after a related one", rows[i][2])
		}
	}
	hostile := -1
	for _, m := range rows {
		if m[2] == "near" && strings.Contains(m[3]+m[4], `<div class="id">004_5f2e6780d2df67cc.txt</div>`) && strings.Contains(m[3]+m[4], `<div class="id">zz_hostile.txt</div>`) {
			fmt.Sscan(m[1], &hostile)
		}
	}
	if hostile < 0 {
		t.Fatalf("the hostile copy is not listed as near 004:\n%s", all)
	}
	// The overview: the copies with the document kept, the story.
	for _, want := range []string{`<span class="badge kind-exact">exact</span>keep <b>`, `<span class="headline">Xi Jinping: Russia, China should bolster ties at multilateral groups</span>`, `<span>Mishustin</span>`} {
		if !strings.Contains(all, want) {
			t.Errorf("the overview lacks %s", want)
		}
	}

	open := dumps(fmt.Sprintf("pair=%d", hostile))[0]
	if !strings.Contains(open, "<title>neardup report</title>") || strings.Contains(open, "PWNED</title>") {
		t.Error("the hostile document's script or handler ran: the title changed")
	}
	if strings.Contains(open, "<img src=\"x\"") || strings.Contains(open, "<img src=x") {
		t.Error("the hostile document's <img> became an element")
	}
	if !strings.Contains(open, "&lt;script&gt;document.title='PWNED'&lt;/script&gt;") {
		t.Error("the hostile document's text is not shown as text")
	}
	if n := strings.Count(open, "<mark>"); n < 2 {
		t.Errorf("%d shared passages marked in the open pair, want some", n)
	}
	if !strings.Contains(open, `<section id="detail">`) {
		t.Error("the open pair's panel is hidden")
	}

	kinds := regexp.MustCompile(`<tr class="pair[^"]*" data-index="\d+" tabindex="0"><td><span class="badge kind-(\w+)">`).FindAllStringSubmatch(near, -1)
	if len(kinds) == 0 {
		t.Fatal("no near pairs shown with the near filter")
	}
	for _, k := range kinds {
		if k[1] != "near" {
			t.Errorf("a %s pair shown with the near filter", k[1])
		}
	}
	if !regexp.MustCompile(fmt.Sprintf(`>%d of %d pairs<`, len(kinds), len(rows))).MatchString(near) {
		t.Errorf("the count does not say %d of %d pairs", len(kinds), len(rows))
	}

	// The score filter and sorting: related score >= 0.15 leaves the
	// related pairs, not the exact and near ones (their terms are in the
	// passages they share, which the related score leaves out); sorted by
	// score, the scores in the table do not rise.
	cells := regexp.MustCompile(`<td class="num">([0-9.]*)</td><td class="num">([0-9.]*)</td><td class="num">([0-9.]*)</td><td class="num">([0-9.]*)</td>`)
	high := cells.FindAllStringSubmatch(highPage, -1)
	if len(high) == 0 || len(high) >= len(rows) {
		t.Errorf("%d of %d pairs shown with related score >= 0.15", len(high), len(rows))
	}
	for _, m := range high {
		var score float64
		fmt.Sscan(m[2], &score)
		if score < 0.15 {
			t.Errorf("a pair of score %v shown with related score >= 0.15", score)
		}
	}
	prev := 2.0
	sorted := cells.FindAllStringSubmatch(sortedPage, -1)
	if len(sorted) != len(rows) {
		t.Errorf("%d rows sorted by score, want %d", len(sorted), len(rows))
	}
	for _, m := range sorted {
		var score float64
		fmt.Sscan(m[2], &score)
		if score > prev {
			t.Errorf("sorted by score, %v follows %v", score, prev)
		}
		prev = score
	}

	// The ECB+ sample: a story opens with its documents and its pairs, and
	// a related pair of it opens with the names that make it related.
	ecb := filepath.Join("testdata", "ecbplus", "docs")
	js, _, err := runCLI(t, "scan", "--format", "json", ecb)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Pairs []struct {
			A, B, Kind string
			Score      float64
		}
		Stories []struct{ Members []string }
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Stories) == 0 {
		t.Fatal("no story in the ECB+ sample")
	}
	pair, best := -1, 0.0
	for i, p := range r.Pairs {
		if p.Kind == "related" && slices.Contains(r.Stories[0].Members, p.A) && slices.Contains(r.Stories[0].Members, p.B) && p.Score > best {
			pair, best = i, p.Score
		}
	}
	if pair < 0 {
		t.Fatal("no related pair in the ECB+ sample's first story")
	}
	ex, _, err := runCLI(t, "explain", "--format", "json", "--in", ecb, r.Pairs[pair].A, r.Pairs[pair].B)
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		Shared []struct {
			Term    string
			Name    bool
			Passage bool
		} `json:"shared_terms"`
	}
	if err := json.Unmarshal([]byte(ex), &e); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range e.Shared {
		if s.Name && !s.Passage {
			names = append(names, s.Term)
		}
	}
	if len(names) == 0 {
		t.Fatalf("explain shows no shared name for %s and %s", r.Pairs[pair].A, r.Pairs[pair].B)
	}
	page = filepath.Join(dir, "ecb.html")
	if _, _, err := runCLI(t, "scan", "--format", "html", "-o", page, ecb); err != nil {
		t.Fatal(err)
	}
	story := dumps(fmt.Sprintf("story=0&pair=%d", pair))[0]
	if !strings.Contains(story, `<li id="story-0" class="open">`) || !strings.Contains(story, "<h3>Its documents</h3>") {
		t.Error("the first story is not open with its documents")
	}
	for _, m := range r.Stories[0].Members {
		if !strings.Contains(story, `<div class="id">`+m+`</div>`) {
			t.Errorf("the open story does not list %s", m)
		}
	}
	if !strings.Contains(story, "<h3>Why related</h3>") {
		t.Fatal("the open related pair does not say why it is related")
	}
	why := story[strings.Index(story, "<h3>Why related</h3>"):]
	for _, n := range names[:min(3, len(names))] {
		if !regexp.MustCompile(`(?i)<td class="headline">` + regexp.QuoteMeta(n) + `</td>`).MatchString(why) {
			t.Errorf("the shared name %q is not shown for the open pair", n)
		}
	}
}
