package outfile

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

func write(t *testing.T, g *Group, path, text string) {
	t.Helper()
	w, err := g.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, text)
}

// leftovers returns the hidden temporary files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestCompressionByName(t *testing.T) {
	dir := t.TempDir()
	g := NewGroup(io.Discard)
	for _, name := range []string{"a.txt", "b.jsonl.gz", "c.JSON.zst"} {
		write(t, g, filepath.Join(dir, name), "hello "+name)
	}
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	read := func(name string, open func(io.Reader) (io.Reader, error)) string {
		f, _ := os.Open(filepath.Join(dir, name))
		defer f.Close()
		r, err := open(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := io.ReadAll(r)
		return string(b)
	}
	plain := func(r io.Reader) (io.Reader, error) { return r, nil }
	gz := func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }
	zs := func(r io.Reader) (io.Reader, error) { return zstd.NewReader(r) }
	if got := read("a.txt", plain); got != "hello a.txt" {
		t.Errorf("a.txt: %q", got)
	}
	if got := read("b.jsonl.gz", gz); got != "hello b.jsonl.gz" {
		t.Errorf("b.jsonl.gz: %q", got)
	}
	if got := read("c.JSON.zst", zs); got != "hello c.JSON.zst" {
		t.Errorf("c.JSON.zst: %q", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left %v", l)
	}
	if BaseExt("c.JSON.zst") != ".json" || BaseExt("x.gz") != "" || BaseExt("r.html") != ".html" {
		t.Error("BaseExt")
	}
}

// TestCommitTogether makes the second of two renames fail (its target is a
// folder): the first target is put back as it was, and no temporary file is
// left.
func TestCommitTogether(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "removed.jsonl")
	os.WriteFile(first, []byte("old"), 0o644)
	os.MkdirAll(filepath.Join(second, "x"), 0o755)
	g := NewGroup(io.Discard)
	write(t, g, first, "new")
	write(t, g, second, "new too")
	err := g.Commit()
	var oe *Error
	if !errors.As(err, &oe) || oe.Path != second {
		t.Fatalf("err = %v, want an *Error naming %s", err, second)
	}
	if b, _ := os.ReadFile(first); string(b) != "old" {
		t.Errorf("first output holds %q after the failed commit, want the old content", b)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left %v", l)
	}
	// A target that did not exist before is removed again.
	os.Remove(first)
	g = NewGroup(io.Discard)
	write(t, g, first, "new")
	write(t, g, second, "new too")
	if g.Commit() == nil {
		t.Fatal("commit onto a folder succeeded")
	}
	if _, err := os.Stat(first); err == nil {
		t.Error("the first output exists after the failed commit")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]string{
		dir:                                     "is a folder",
		filepath.Join(dir, "missing", "x.json"): "folder",
		filepath.Join(dir, "ok.json"):           "",
		Stdout:                                  "",
	} {
		err := Check(path)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("Check(%q) = %v, want %q", path, err, want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), path+": ") {
			t.Errorf("Check(%q): %q does not start with the path", path, err)
		}
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("Check left %v", l)
	}
}

func TestCleanupAndStdout(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	g := NewGroup(&out)
	write(t, g, filepath.Join(dir, "a.txt"), "x")
	write(t, g, Stdout, "to stdout")
	if len(leftovers(t, dir)) != 1 {
		t.Fatal("no temporary file while writing")
	}
	Cleanup()
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("Cleanup left %v", l)
	}
	if out.String() != "to stdout" {
		t.Errorf("stdout got %q", out.String())
	}
}
