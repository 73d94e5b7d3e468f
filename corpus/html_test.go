package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExtractHTML(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>Xi meets Mishustin &amp; Li</title>
<style>body { color: red }</style><script>var secret = "tracking";</script></head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>
<main><h1>Leaders meet in Beijing</h1>
<p>President Xi&nbsp;Jinping met Prime Minister <b>Mikhail Mishustin</b> on Wednesday.</p>
<p>They discussed   trade.<br>And more.</p>
<form><input value="search"><button>Go</button></form></main>
<aside>Most read</aside><footer>© 2023 Some Paper</footer></body></html>`
	got := string(ExtractHTML([]byte(page)))
	want := "Xi meets Mishustin & Li\nLeaders meet in Beijing\nPresident Xi Jinping met Prime Minister Mikhail Mishustin on Wednesday.\nThey discussed trade.\nAnd more."
	if got != want {
		t.Errorf("ExtractHTML =\n%q\nwant\n%q", got, want)
	}
	for _, gone := range []string{"secret", "color", "Home", "search", "Most read", "2023"} {
		if strings.Contains(got, gone) {
			t.Errorf("kept %q", gone)
		}
	}
}

func TestLoadHTML(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, "page.html", []byte("<html><title>T</title><body><p>Body text here</p><script>x()</script></body></html>"))
	_ = dir
	texts, _, _ := loadAll(t, p, WalkOptions{})
	for _, text := range texts {
		if text != "T\nBody text here" {
			t.Errorf("loaded %q", text)
		}
	}
	empty := writeFile(t, "empty.html", []byte("<html><script>only()</script></html>"))
	_, skips, _ := loadAll(t, empty, WalkOptions{})
	for _, r := range skips {
		if r != "no text in the HTML page" {
			t.Errorf("an HTML page without text skipped for %q", r)
		}
	}
}

func FuzzExtractHTML(f *testing.F) {
	f.Add([]byte("<p>a</p><script>b</script><title>t</title>"))
	f.Add([]byte("<svg><script>x</svg>y</script>z<nav>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		out := ExtractHTML(page)
		if utf8.Valid(page) && !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out of valid input %q", page)
		}
	})
}
