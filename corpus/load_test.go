package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"testing/iotest"
)

func load(t *testing.T, fsys fstest.MapFS, name string, max int64) (Doc, error) {
	t.Helper()
	l, err := Walk([]Root{{FS: fsys, Path: "."}}, WalkOptions{Extensions: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.Entries {
		if e.Name == name {
			return e.Load(nil, max)
		}
	}
	t.Fatalf("%s not listed", name)
	return Doc{}, nil
}

func TestLoadBadInput(t *testing.T) {
	fsys := fstest.MapFS{
		"empty.txt":  {Data: nil},
		"binary.txt": {Data: []byte("PK\x03\x04\x00\x00data")},
		"big.txt":    {Data: []byte(strings.Repeat("x", 1000))},
		"latin1.txt": {Data: []byte("caf\xe9 na\xefve")},
		"utf16.txt":  {Data: []byte("\xff\xfeh\x00i\x00 \x00\xe9\x00")},
		"good.txt":   {Data: []byte("plain text")},
	}
	tests := []struct {
		name, reason string
		cause        Cause
	}{
		{"empty.txt", "empty file", Empty},
		{"binary.txt", "binary file (contains NUL bytes)", Binary},
		{"big.txt", "too large: 1000 bytes, over the limit of 999", TooLarge},
	}
	for _, tt := range tests {
		_, err := load(t, fsys, tt.name, 999)
		var se *SkipError
		if !errors.As(err, &se) || se.Reason != tt.reason || se.Name != tt.name || se.Cause != tt.cause {
			t.Errorf("%s: err = %v (%+v), want skip %q for %s", tt.name, err, se, tt.reason, tt.cause)
		}
	}
	d, err := load(t, fsys, "latin1.txt", 999)
	if err != nil || string(d.Text) != "caf\uFFFD na\uFFFDve" || d.Repaired != 2 {
		t.Errorf("latin1: %q repaired %d, err %v", d.Text, d.Repaired, err)
	}
	d, err = load(t, fsys, "utf16.txt", 999)
	if err != nil || string(d.Text) != "hi é" {
		t.Errorf("utf16: %q, err %v", d.Text, err)
	}
	d, err = load(t, fsys, "good.txt", 999)
	if err != nil || string(d.Text) != "plain text" || d.Repaired != 0 {
		t.Errorf("good: %q, err %v", d.Text, err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	fsys := faultyFS{MapFS: fstest.MapFS{"gone.txt": {Data: []byte("x")}}, bad: "gone.txt"}
	l, err := Walk([]Root{{FS: fsys, Path: "."}}, WalkOptions{})
	if err != nil || len(l.Entries) != 1 {
		t.Fatalf("walk: %v, %d entries", err, len(l.Entries))
	}
	_, err = l.Entries[0].Load(nil, 100)
	var se *SkipError
	if !errors.As(err, &se) || se.Reason != "unreadable file: permission denied" {
		t.Errorf("err = %v", err)
	}
}

// TestLoadLargeFileStopsEarly checks that a file over the limit is refused
// without reading it whole, even when its size is not known up front.
func TestLoadLargeFileStopsEarly(t *testing.T) {
	r := &countingReader{}
	_, err := readLimited(nil, r, 1<<20)
	if !errors.Is(err, errTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if r.n > 2<<20 {
		t.Errorf("read %d bytes to refuse a file over 1 MiB", r.n)
	}
}

// countingReader is an endless stream of 'a' that counts what it gave.
type countingReader struct{ n int }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n += len(p)
	return len(p), nil
}

// TestReadAll checks the one-read path against files that grew, shrank or
// come back in short reads.
func TestReadAll(t *testing.T) {
	text := []byte(strings.Repeat("0123456789", 100))
	tests := []struct {
		name string
		size int64 // as stat said
		r    io.Reader
	}{
		{"exact", 1000, bytes.NewReader(text)},
		{"grew", 900, bytes.NewReader(text)},
		{"shrank", 1200, bytes.NewReader(text)},
		{"short reads", 1000, iotest.HalfReader(bytes.NewReader(text))},
		{"one byte at a time", 1000, iotest.OneByteReader(bytes.NewReader(text))},
		{"no size", -1, bytes.NewReader(text)},
		{"empty", 0, bytes.NewReader(nil)},
	}
	for _, tt := range tests {
		got, err := readAll(nil, tt.r, tt.size, 5000)
		want := text
		if tt.name == "empty" {
			want = nil
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes, err %v; want %d", tt.name, len(got), err, len(want))
		}
	}
	if _, err := readAll(nil, bytes.NewReader(text), 100, 500); !errors.Is(err, errTooLarge) {
		t.Errorf("a file that grew past the limit: err = %v", err)
	}
}

// TestLoadWithSystemCalls loads the bad-input corpus twice, through its OS
// path (system calls) and through os.DirFS alone: the same documents, the
// same skips.
func TestLoadWithSystemCalls(t *testing.T) {
	dir := filepath.Join("testdata", "bad")
	roots, err := RootsFromArgs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if roots[0].OSPath == "" {
		t.Fatal("no OS path: the test would not use system calls")
	}
	plain := []Root{{FS: os.DirFS(dir), Path: "."}}
	outcome := func(roots []Root, max int64) []string {
		l, err := Walk(roots, WalkOptions{Extensions: []string{"*"}})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		var out []string
		for _, e := range l.Entries {
			d, err := e.Load(nil, max)
			out = append(out, fmt.Sprintf("%s %q %d %d %x %v", e.Name, d.Text, d.Bytes, d.Repaired, d.RawHash, err))
		}
		return out
	}
	for _, max := range []int64{1 << 20, 10} {
		a, b := outcome(roots, max), outcome(plain, max)
		if !slices.Equal(a, b) {
			t.Errorf("max %d: system calls and os.DirFS differ:\n%v\n%v", max, a, b)
		}
	}
}
