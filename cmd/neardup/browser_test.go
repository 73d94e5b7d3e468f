package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neardup/neardup/corpus/sample"
)

// TestHTMLInBrowser renders the HTML report of the built-in sample, plus a
// hostile copy of one article, in headless Chromium and checks the DOM: the
// pairs are listed, shared passages are marked, the kind filter works (the
// filters live in the URL fragment), and the hostile document's script and
// event handler did not run. It needs Debian's chromium; .ci/run installs it
// and sets NEARDUP_BROWSER=1, which makes its absence a failure.
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

	pages := dumps("kinds=exact,near,related", "kinds=near", "kinds=exact,near,related&minr=0.15&sort=score", "kinds=exact,near,related&sort=score")
	all, near, highPage, sortedPage := pages[0], pages[1], pages[2], pages[3]
	rows := regexp.MustCompile(`<tr class="pair[^"]*" data-index="(\d+)"><td class="kind-(\w+)">`).FindAllStringSubmatch(all, -1)
	if len(rows) < 7 {
		t.Fatalf("%d pairs listed, want the sample's 6 and the hostile copy's", len(rows))
	}
	hostile := -1
	for _, m := range rows {
		idx := m[1]
		if strings.Contains(all, `data-index="`+idx+`"><td class="kind-near">near</td><td>004_5f2e6780d2df67cc.txt</td><td>zz_hostile.txt</td>`) {
			fmt.Sscan(idx, &hostile)
		}
	}
	if hostile < 0 {
		t.Fatalf("the hostile copy is not listed as near 004:\n%s", all)
	}

	open := dumps(fmt.Sprintf("kinds=exact,near,related&pair=%d", hostile))[0]
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

	kinds := regexp.MustCompile(`<td class="kind-(\w+)">`).FindAllStringSubmatch(near, -1)
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
	cells := regexp.MustCompile(`<td class="num">([0-9.]*)</td><td class="num">([0-9.]*)</td><td class="num">([0-9.]*)</td>`)
	high := cells.FindAllStringSubmatch(highPage, -1)
	if len(high) == 0 || len(high) >= len(rows) {
		t.Errorf("%d of %d pairs shown with related score >= 0.15", len(high), len(rows))
	}
	for _, m := range high {
		var score float64
		fmt.Sscan(m[3], &score)
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
		fmt.Sscan(m[3], &score)
		if score > prev {
			t.Errorf("sorted by score, %v follows %v", score, prev)
		}
		prev = score
	}
}
