// Package outfile writes the files a command produces: each to a temporary
// file beside its target, compressed as its name says (.gz, .zst), and
// renamed into place only once every output of the command is complete, so
// that a target holds its old content or the whole new one, and a command's
// outputs land together or not at all. Temporary files are removed on
// failure, and, through Cleanup, when the process is interrupted.
package outfile

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Compression is how an output is compressed, by its name.
type Compression int

const (
	None Compression = iota
	Gzip             // name ends in .gz
	Zstd             // name ends in .zst
)

// CompressionOf returns the compression a file name asks for.
func CompressionOf(name string) Compression {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".gz":
		return Gzip
	case ".zst":
		return Zstd
	}
	return None
}

// BaseExt returns the extension of name under its compression suffix, lower
// case: ".jsonl" for "out.JSONL.gz".
func BaseExt(name string) string {
	if CompressionOf(name) != None {
		name = strings.TrimSuffix(name, filepath.Ext(name))
	}
	return strings.ToLower(filepath.Ext(name))
}

// Stdout is the name of standard output as an output path.
const Stdout = "-"

// An Error is a problem with an output, named by the path the user gave.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Check reports whether path can be written, before any work is done: it
// is standard output, or a file (existing or not) in an existing folder that
// the process can create files in, and it is not a folder.
func Check(path string) error {
	if path == Stdout {
		return nil
	}
	if path == "" {
		return &Error{path, errors.New("empty file name")}
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return &Error{path, errors.New("is a folder: give a file name")}
	} else if err == nil && !info.Mode().IsRegular() {
		return &Error{path, errors.New("is not a regular file")}
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return &Error{path, fmt.Errorf("folder %s: %w", dir, pathErr(err))}
	}
	if !info.IsDir() {
		return &Error{path, fmt.Errorf("%s is not a folder", dir)}
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".check*")
	if err != nil {
		return &Error{path, fmt.Errorf("cannot create files in %s: %w", dir, pathErr(err))}
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// pathErr strips the path from a *fs.PathError, which names a temporary
// file or a folder the message already names.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// live holds the temporary files of every group not yet committed or
// aborted, for Cleanup.
var live struct {
	sync.Mutex
	paths map[string]bool
}

func register(p string) {
	live.Lock()
	defer live.Unlock()
	if live.paths == nil {
		live.paths = map[string]bool{}
	}
	live.paths[p] = true
}

func unregister(p string) {
	live.Lock()
	defer live.Unlock()
	delete(live.paths, p)
}

// Cleanup removes every temporary file not yet committed: for a command
// interrupted by a signal, before it exits.
func Cleanup() {
	live.Lock()
	defer live.Unlock()
	for p := range live.paths {
		os.Remove(p)
	}
	live.paths = nil
}

// A Group is a set of outputs committed together. Not safe for concurrent
// use.
type Group struct {
	files []*file
	out   io.Writer // standard output
}

type file struct {
	path   string // as given
	tmp    *os.File
	buf    *bufio.Writer
	closer io.Closer // the compressor, if any
}

// NewGroup returns an empty group; stdout is what Stdout writes to.
func NewGroup(stdout io.Writer) *Group { return &Group{out: stdout} }

// Create returns a writer for the output path: standard output for Stdout,
// else a temporary file beside path, compressed as path's name says.
func (g *Group) Create(path string) (io.Writer, error) {
	if path == Stdout {
		return g.out, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, &Error{path, pathErr(err)}
	}
	register(tmp.Name())
	f := &file{path: path, tmp: tmp, buf: bufio.NewWriterSize(tmp, 1<<16)}
	g.files = append(g.files, f)
	switch CompressionOf(path) {
	case Gzip:
		zw := gzip.NewWriter(f.buf)
		f.closer = zw
		return zw, nil
	case Zstd:
		zw, err := zstd.NewWriter(f.buf)
		if err != nil {
			g.Abort()
			return nil, &Error{path, err}
		}
		f.closer = zw
		return zw, nil
	}
	return f.buf, nil
}

// Abort removes the group's temporary files.
func (g *Group) Abort() {
	for _, f := range g.files {
		f.tmp.Close()
		os.Remove(f.tmp.Name())
		unregister(f.tmp.Name())
	}
	g.files = nil
}

// Commit finishes every output (compressed stream, buffer, sync) and renames
// each into place. If one cannot be finished, nothing is renamed; if a
// rename fails, the outputs already renamed are put back as they were. On
// any failure the temporary files are removed.
func (g *Group) Commit() error {
	defer g.Abort()
	for _, f := range g.files {
		if err := f.finish(); err != nil {
			return &Error{f.path, pathErr(err)}
		}
	}
	// Keep the current content of each target, to put it back if a later
	// rename fails.
	type undo struct {
		path, backup string // backup "" when the target did not exist
	}
	var done []undo
	rollback := func() {
		for i := len(done) - 1; i >= 0; i-- {
			if done[i].backup == "" {
				os.Remove(done[i].path)
			} else {
				os.Rename(done[i].backup, done[i].path)
			}
		}
	}
	for _, f := range g.files {
		u := undo{path: f.path}
		if _, err := os.Lstat(f.path); err == nil && len(g.files) > 1 {
			u.backup = f.tmp.Name() + ".old"
			register(u.backup)
			if err := os.Link(f.path, u.backup); err != nil {
				rollback()
				return &Error{f.path, fmt.Errorf("keeping the old content: %w", pathErr(err))}
			}
		}
		if err := os.Rename(f.tmp.Name(), f.path); err != nil {
			if u.backup != "" {
				os.Remove(u.backup)
			}
			rollback()
			return &Error{f.path, pathErr(err)}
		}
		unregister(f.tmp.Name())
		done = append(done, u)
	}
	for _, u := range done {
		if u.backup != "" {
			os.Remove(u.backup)
			unregister(u.backup)
		}
	}
	g.files = nil
	return nil
}

// finish closes the compressor, flushes, syncs and closes the temporary file.
func (f *file) finish() error {
	if f.closer != nil {
		if err := f.closer.Close(); err != nil {
			return err
		}
	}
	if err := f.buf.Flush(); err != nil {
		return err
	}
	if err := f.tmp.Sync(); err != nil {
		return err
	}
	if err := f.tmp.Chmod(0o644); err != nil {
		return err
	}
	return f.tmp.Close()
}

// Open opens a file to read, decompressing it when its first bytes are
// those of gzip or zstd; "-" is not accepted.
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(f)
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, &Error{path, err}
		}
		return readCloser{zr, f}, nil
	case len(magic) == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd:
		zr, err := zstd.NewReader(br)
		if err != nil {
			f.Close()
			return nil, &Error{path, err}
		}
		return readCloser{zr.IOReadCloser(), f}, nil
	}
	return readCloser{br, f}, nil
}

type readCloser struct {
	io.Reader
	f *os.File
}

func (r readCloser) Close() error {
	if c, ok := r.Reader.(io.Closer); ok {
		c.Close()
	}
	return r.f.Close()
}
