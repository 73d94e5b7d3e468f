package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unsafe"
)

func names(l *Listing) []string {
	var out []string
	for _, e := range l.Entries {
		out = append(out, e.Name)
	}
	return out
}

func TestWalkOrderAndExtensions(t *testing.T) {
	fsys := fstest.MapFS{
		"b.txt":           {Data: []byte("b")},
		"a-c.md":          {Data: []byte("ac")},
		"a/z.TXT":         {Data: []byte("z")},
		"a/y.html":        {Data: []byte("y")},
		"a/deep/x.txt":    {Data: []byte("x")},
		"image.png":       {Data: []byte{0x89}},
		"notes":           {Data: []byte("no extension")},
		"empty-dir/.keep": {Data: nil},
	}
	l, err := Walk([]Root{{FS: fsys, Path: "."}}, WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a-c.md", "a/deep/x.txt", "a/z.TXT", "b.txt"}
	if got := names(l); !slices.Equal(got, want) {
		t.Errorf("entries %v, want %v", got, want)
	}
	if l.Ignored != 4 {
		t.Errorf("ignored %d files, want 4", l.Ignored)
	}
	l, _ = Walk([]Root{{FS: fsys, Path: "."}}, WalkOptions{Extensions: []string{".html"}})
	if got := names(l); !slices.Equal(got, []string{"a/y.html"}) {
		t.Errorf("--ext .html listed %v", got)
	}
	l, _ = Walk([]Root{{FS: fsys, Path: "."}}, WalkOptions{Extensions: []string{"*"}})
	if len(l.Entries) != 8 {
		t.Errorf("--ext * listed %d files, want 8", len(l.Entries))
	}
}

func TestWalkPrefixesAndSingleFiles(t *testing.T) {
	fsys := fstest.MapFS{"x.txt": {Data: []byte("x")}, "sub/y.txt": {Data: []byte("y")}, "data.csv": {Data: []byte("c")}}
	l, err := Walk([]Root{
		{FS: fsys, Path: "sub", Prefix: "corpusA/"},
		{FS: fsys, Path: "x.txt", Prefix: "files/x.txt"},
		{FS: fsys, Path: "data.csv", Prefix: "data.csv"}, // named directly: read whatever the extension
	}, WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(l), []string{"corpusA/y.txt", "data.csv", "files/x.txt"}; !slices.Equal(got, want) {
		t.Errorf("entries %v, want %v", got, want)
	}
	_, err = Walk([]Root{{FS: fsys, Path: "."}, {FS: fsys, Path: "."}}, WalkOptions{})
	if err == nil || !strings.Contains(err.Error(), "would have the id") {
		t.Errorf("a folder walked twice under one prefix: err = %v", err)
	}
	if _, err := Walk([]Root{{FS: fsys, Path: "missing"}}, WalkOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing root: err = %v", err)
	}
}

// faultyFS fails to read the folder or open the file named bad.
type faultyFS struct {
	fstest.MapFS
	bad string
}

func (f faultyFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f faultyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

func TestWalkUnreadableFolder(t *testing.T) {
	fsys := faultyFS{MapFS: fstest.MapFS{"ok.txt": {Data: []byte("ok")}, "locked/secret.txt": {Data: []byte("s")}}, bad: "locked"}
	l, err := Walk([]Root{{FS: fsys, Path: "."}}, WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(l); !slices.Equal(got, []string{"ok.txt"}) {
		t.Errorf("entries %v", got)
	}
	if len(l.Skipped) != 1 || l.Skipped[0].ID != "locked" || !strings.Contains(l.Skipped[0].Reason, "permission denied") {
		t.Errorf("skipped %+v, want locked: unreadable folder", l.Skipped)
	}
}

func TestWalkSymlinks(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "real"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "real", "a.txt"), []byte("a"), 0o644))
	must(os.Symlink("real", filepath.Join(dir, "linkdir")))
	must(os.Symlink(filepath.Join("real", "a.txt"), filepath.Join(dir, "link.txt")))
	must(os.Symlink("nowhere.txt", filepath.Join(dir, "broken.txt")))
	must(os.Symlink("..", filepath.Join(dir, "real", "loop"))) // a cycle

	roots := []Root{{FS: os.DirFS(dir), Path: "."}}
	l, err := Walk(roots, WalkOptions{})
	must(err)
	if got := names(l); !slices.Equal(got, []string{"real/a.txt"}) {
		t.Errorf("not following: entries %v", got)
	}
	var reasons []string
	for _, s := range l.Skipped {
		reasons = append(reasons, s.ID+": "+s.Reason)
	}
	if len(l.Skipped) != 2 || !strings.Contains(reasons[0], "broken.txt: symbolic link") || !strings.Contains(reasons[1], "link.txt: symbolic link") {
		t.Errorf("not following: skipped %v", reasons)
	}

	l, err = Walk(roots, WalkOptions{FollowSymlinks: true})
	must(err)
	if got, want := names(l), []string{"link.txt", "linkdir/a.txt", "real/a.txt"}; !slices.Equal(got, want) {
		t.Errorf("following: entries %v, want %v", got, want)
	}
	reasons = nil
	for _, s := range l.Skipped {
		reasons = append(reasons, s.ID+": "+s.Reason)
	}
	joined := strings.Join(reasons, "\n")
	if !strings.Contains(joined, "broken.txt: broken symbolic link") || !strings.Contains(joined, "real/loop: symbolic link cycle") || !strings.Contains(joined, "linkdir/loop: symbolic link cycle") {
		t.Errorf("following: skipped %v", reasons)
	}
}

func TestRootsFromArgs(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, b} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "x.txt"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	roots, err := RootsFromArgs([]string{a})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := Walk(roots, WalkOptions{})
	if got := names(l); !slices.Equal(got, []string{"x.txt"}) {
		t.Errorf("one folder: ids %v", got)
	}
	roots, _ = RootsFromArgs([]string{a, b + "/"})
	l, _ = Walk(roots, WalkOptions{})
	if got := names(l); !slices.Equal(got, []string{filepath.ToSlash(a) + "/x.txt", filepath.ToSlash(b) + "/x.txt"}) {
		t.Errorf("two folders: ids %v", got)
	}
	if _, err := RootsFromArgs([]string{a, a + "/."}); err == nil {
		t.Error("the same folder twice was accepted")
	}
	if _, err := RootsFromArgs([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Error("a missing path was accepted")
	}
}

func TestLookup(t *testing.T) {
	fsys := fstest.MapFS{"b.txt": {Data: []byte("b")}, "a.txt": {Data: []byte("a")}, "c/d.txt": {Data: []byte("d")}}
	l, err := Walk([]Root{{FS: fsys, Path: "."}}, WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a.txt", "b.txt", "c/d.txt"} {
		if e, ok := l.Lookup(id); !ok || e.Name != id {
			t.Errorf("Lookup(%q) = %q, %v", id, e.Name, ok)
		}
	}
	if _, ok := l.Lookup("c"); ok {
		t.Error("Lookup found a folder")
	}
}

// TestEntrySize pins what a listing keeps per document besides its id, as
// README.md states it: a change here is a change of the memory claim.
func TestEntrySize(t *testing.T) {
	if n := unsafe.Sizeof(Entry{}); n != 48 {
		t.Errorf("an entry is %d bytes; README.md says 48", n)
	}
}
