package corpus

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// A Root is a place to look for documents: Path inside FS, a folder or a
// single file ("." for the whole FS). Documents under it get ids of the form
// Prefix + (path relative to Path); a single file gets the id Prefix alone.
type Root struct {
	FS     fs.FS
	Path   string
	Prefix string
	Stdin  bool // standard input, read as JSONL; FS and Path are unused
	// OSPath is the root's path in the operating system's file system, as
	// RootsFromArgs was given it (cleaned), or "" for roots elsewhere.
	OSPath string
}

// DefaultExtensions are the file name extensions read when none are given.
var DefaultExtensions = []string{".txt", ".md"}

// WalkOptions control which files a walk lists.
type WalkOptions struct {
	// Extensions lists the extensions to read, lower case with the dot
	// (".txt"); "*" matches every file; empty means DefaultExtensions.
	// Files given directly as roots are read whatever their extension.
	Extensions []string
	// TextField is the dotted path of the text field of JSONL records
	// ("text" if empty).
	TextField string
	// IDField is the dotted path of the id field of JSONL records; if
	// empty, a record's id is file:line.
	IDField string
	// Stdin is what a root with Stdin set reads (os.Stdin if nil).
	Stdin io.Reader
	// FollowSymlinks makes the walk follow symbolic links to files and
	// folders. A link to a folder that encloses it (a cycle) is skipped, so
	// the walk ends; a folder reached by two paths is listed under both.
	FollowSymlinks bool
}

// An Entry is a document found by a walk: its id and where to read it, in
// 48 bytes besides its id. The walk reads only folders, never a file's
// metadata, so an entry costs no system call until it is loaded.
type Entry struct {
	Name string  // document id: slash-separated, unique within a listing
	src  *source // the root of a file, or the JSONL file of a record
	off  int64   // a record: the offset of its line
	n    int64   // a record: the length of its line, without the newline
	line int32   // a record: its line number
	seq  int32   // position in input order: roots as given, records in file order
}

// A source is what entries are read from: the files of one root, or one JSONL
// file.
type source struct {
	// The files of a root.
	fsys   fs.FS
	dir    string // the root's Path
	prefix string // the root's Prefix
	single bool   // the root is one file, whose path in fsys is dir
	osPath string // the root's path in the OS, to load with system calls; "" if none
	// A JSONL file.
	jsonl *jsonlSource
}

// path returns the path in its FS of the file of a file entry: the inverse
// of walker.id.
func (e Entry) path() string {
	s := e.src
	if s.single {
		return s.dir
	}
	rel := e.Name[len(s.prefix):]
	if s.dir == "." {
		return rel
	}
	return s.dir + "/" + rel
}

// osPath returns the path in the operating system of the file of a file
// entry, or "" if it has none.
func (e Entry) osPath() string {
	s := e.src
	switch {
	case s.osPath == "":
		return ""
	case s.single:
		return s.osPath
	}
	return filepath.Join(s.osPath, filepath.FromSlash(e.Name[len(s.prefix):]))
}

// Seq returns the entry's position in input order: roots in the order given,
// files as walked, records in file order.
func (e Entry) Seq() int { return int(e.seq) }

// Record reports whether the entry is a JSONL record.
func (e Entry) Record() bool { return e.src.jsonl != nil }

// Skipped records a file, folder or record that could not be used, and why.
type Skipped struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
	Cause  Cause  `json:"cause"`
	// File is the JSONL file a skipped record comes from ("" for files
	// and folders).
	File string `json:"file,omitempty"`
}

// Cause classifies why a document, file or folder was skipped.
type Cause string

const (
	// Input that could not be read, or was damaged: an unreadable file or
	// folder, a read error, a truncated or corrupt compressed stream.
	Unreadable Cause = "unreadable"
	// Input that is not what its format says: a JSONL line that is not a
	// JSON object, or whose field is not a string; undecodable UTF-16.
	Malformed Cause = "malformed"
	// A JSONL record without the text field or the id field.
	NoField  Cause = "no_field"
	TooLarge Cause = "too_large" // over the size limit (WalkOptions, Entry.Load's maxBytes)
	Empty    Cause = "empty"     // no bytes, an empty text, no text in an HTML page
	Binary   Cause = "binary"    // NUL bytes
	NoWords  Cause = "no_words"  // no words after normalization
	Symlink  Cause = "symlink"   // a symbolic link not followed (WalkOptions.FollowSymlinks)
	// A symbolic link that is broken, or leads into a folder that encloses
	// it.
	BadLink Cause = "bad_link"
	// Not a regular file, or a folder nested too deep.
	NotFile     Cause = "not_file"
	DuplicateID Cause = "duplicate_id" // a JSONL record whose id an earlier record has
)

// Damaged reports whether the cause is damaged, unreadable or malformed
// input, or a record dropped for an id an earlier one has: input lost, as
// opposed to input that is not wanted or has no text.
func (c Cause) Damaged() bool {
	return c == Unreadable || c == Malformed || c == NoField || c == DuplicateID
}

// A FieldError is a field of WalkOptions that no record of a JSONL file has.
type FieldError struct {
	Field  string // "TextField" or "IDField"
	Value  string
	File   string
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s %s: %s", e.Field, e.Value, e.Reason) }

// A Listing is the result of a walk.
type Listing struct {
	// Options are the options of the walk, Extensions made explicit.
	Options WalkOptions
	Entries []Entry   // sorted by Name
	Skipped []Skipped // sorted by ID
	Ignored int       // files passed over because of their extension
	closers []io.Closer
}

// Lookup returns the entry with the given id.
func (l *Listing) Lookup(id string) (Entry, bool) {
	i, ok := slices.BinarySearchFunc(l.Entries, id, func(e Entry, id string) int { return cmp.Compare(e.Name, id) })
	if !ok {
		return Entry{}, false
	}
	return l.Entries[i], true
}

// Close releases what the listing holds open for its entries (JSONL files
// and temporary copies); its entries cannot be loaded afterwards.
func (l *Listing) Close() error {
	var first error
	for _, c := range l.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	l.closers = nil
	return first
}

// maxDepth bounds folder nesting, so that a walk ends even on a file system
// whose folders cannot be identified (see sameDir).
const maxDepth = 512

// Walk lists the documents under roots. Problems with files or folders under
// a root are recorded in the listing's Skipped; an error is returned only if a
// root itself cannot be read or two documents would get the same id.
func Walk(roots []Root, opt WalkOptions) (*Listing, error) {
	if len(opt.Extensions) == 0 {
		opt.Extensions = DefaultExtensions
	}
	w := &walker{opt: opt, exts: opt.Extensions, l: &Listing{Options: opt}}
	if opt.IDField != "" {
		w.idPath = strings.Split(opt.IDField, ".")
	}
	for _, r := range roots {
		w.files = nil
		if r.Stdin {
			w.addJSONL(r, "", strings.TrimSuffix(r.Prefix, "/"))
			continue
		}
		info, err := fs.Stat(r.FS, r.Path)
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			w.walkDir(r, r.Path, info, 0)
		} else {
			w.addFile(r, r.Path, strings.TrimSuffix(r.Prefix, "/"), info.Mode().Type(), true)
		}
	}
	l := w.l
	l.Entries = w.list.all()
	for i := range l.Entries {
		l.Entries[i].seq = int32(i)
	}
	if w.fatal != nil {
		l.Close()
		return nil, w.fatal
	}
	// By id, and records of the same id in input order, so that the first
	// is kept.
	byName := func(a, b Entry) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.seq, b.seq)) }
	if !slices.IsSortedFunc(l.Entries, byName) { // a single folder is walked in order
		slices.SortFunc(l.Entries, byName)
	}
	// Records whose --id-field repeats an earlier record's are skipped.
	if w.opt.IDField != "" {
		first := map[string]Entry{}
		kept := l.Entries[:0]
		for _, e := range l.Entries {
			if f, ok := first[e.Name]; ok && e.Record() {
				file := e.src.jsonl.name
				w.skipRecord(fmt.Sprintf("%s:%d", file, e.line), file, DuplicateID, fmt.Sprintf("id %q already used by %s:%d", e.Name, f.src.jsonl.name, f.line))
				continue
			}
			first[e.Name] = e
			kept = append(kept, e)
		}
		l.Entries = kept
		slices.SortFunc(l.Skipped, func(a, b Skipped) int {
			return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Reason, b.Reason))
		})
	}
	for i := 1; i < len(l.Entries); i++ {
		if l.Entries[i].Name == l.Entries[i-1].Name {
			l.Close()
			return nil, fmt.Errorf("two documents would have the id %q: give each folder once", l.Entries[i].Name)
		}
	}
	slices.SortFunc(l.Skipped, func(a, b Skipped) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Reason, b.Reason))
	})
	return l, nil
}

// source returns the source of the files of root r: one for the root's files
// when it is a folder, its own when it is a file.
func (w *walker) source(r Root, single bool) *source {
	if single {
		return &source{fsys: r.FS, dir: r.Path, single: true, osPath: r.OSPath}
	}
	if w.files == nil {
		w.files = &source{fsys: r.FS, dir: r.Path, prefix: r.Prefix, osPath: r.OSPath}
	}
	return w.files
}

// entryList collects entries in chunks, so that a walk of millions of files
// copies each entry once, into the listing, instead of at every doubling of
// one slice.
type entryList struct{ chunks [][]Entry }

const entryChunk = 4096

func (el *entryList) add(e Entry) {
	if n := len(el.chunks); n == 0 || len(el.chunks[n-1]) == entryChunk {
		el.chunks = append(el.chunks, make([]Entry, 0, entryChunk))
	}
	last := &el.chunks[len(el.chunks)-1]
	*last = append(*last, e)
}

// all returns the entries in one slice of their number.
func (el *entryList) all() []Entry {
	n := 0
	for _, c := range el.chunks {
		n += len(c)
	}
	out := make([]Entry, 0, n)
	for _, c := range el.chunks {
		out = append(out, c...)
	}
	el.chunks = nil
	return out
}

type walker struct {
	list      entryList
	files     *source  // the source of the files of the root being walked
	idPath    []string // WalkOptions.IDField, split
	fatal     error    // a failure that ends the walk
	opt       WalkOptions
	exts      []string
	l         *Listing
	ancestors []fs.FileInfo // the folders enclosing the one being walked
}

func (w *walker) skip(id string, cause Cause, reason string) {
	w.l.Skipped = append(w.l.Skipped, Skipped{ID: id, Reason: reason, Cause: cause})
}

func (w *walker) skipRecord(id, file string, cause Cause, reason string) {
	w.l.Skipped = append(w.l.Skipped, Skipped{ID: id, Reason: reason, Cause: cause, File: file})
}

func (w *walker) walkDir(r Root, dir string, info fs.FileInfo, depth int) {
	id := w.id(r, dir)
	if depth > maxDepth {
		w.skip(id, NotFile, fmt.Sprintf("folder nested deeper than %d levels: not walked", maxDepth))
		return
	}
	for _, v := range w.ancestors {
		if sameDir(v, info) {
			w.skip(id, BadLink, "symbolic link cycle: folder inside itself, not walked again")
			return
		}
	}
	w.ancestors = append(w.ancestors, info)
	defer func() { w.ancestors = w.ancestors[:len(w.ancestors)-1] }()
	ents, err := fs.ReadDir(r.FS, dir)
	if err != nil {
		w.skip(id, Unreadable, "unreadable folder: "+errText(err))
		// ReadDir may return the entries it read before the error.
	}
	for _, de := range ents {
		p := path.Join(dir, de.Name())
		t := de.Type()
		if t&fs.ModeSymlink != 0 {
			if !w.opt.FollowSymlinks {
				if w.wanted(p) {
					w.skip(w.id(r, p), Symlink, "symbolic link: not followed")
				}
				continue
			}
			target, err := fs.Stat(r.FS, p)
			if err != nil {
				w.skip(w.id(r, p), BadLink, "broken symbolic link: "+errText(err))
				continue
			}
			if target.IsDir() {
				w.walkDir(r, p, target, depth+1)
			} else {
				w.addFile(r, p, w.id(r, p), target.Mode().Type(), false)
			}
			continue
		}
		if t.IsDir() {
			info, err := de.Info()
			if err != nil {
				w.skip(w.id(r, p), Unreadable, "unreadable folder: "+errText(err))
				continue
			}
			w.walkDir(r, p, info, depth+1)
			continue
		}
		w.addFile(r, p, w.id(r, p), t, false)
	}
}

// addFile lists the file at p, of type t, with the given id, if it is wanted.
// A file named as a root is always wanted.
func (w *walker) addFile(r Root, p, id string, t fs.FileMode, isRoot bool) {
	if !isRoot && !w.wanted(p) {
		w.l.Ignored++
		return
	}
	if !t.IsRegular() {
		w.skip(id, NotFile, "not a regular file ("+t.String()+")")
		return
	}
	if IsJSONL(p) {
		w.addJSONL(r, p, id)
		return
	}
	if IsParquet(p) {
		w.addParquet(r, p, id)
		return
	}
	w.list.add(Entry{Name: id, src: w.source(r, isRoot)})
}

func (w *walker) wanted(p string) bool { return w.opt.Wants(p) }

// Wants reports whether a walk reads the file named name when it finds it in
// a folder: whether its extension is one of Extensions (".jsonl.gz" and
// ".jsonl.zst" count as ".jsonl").
func (o WalkOptions) Wants(name string) bool {
	exts := o.Extensions
	if len(exts) == 0 {
		exts = DefaultExtensions
	}
	ext := strings.ToLower(path.Ext(name))
	if ext == ".gz" || ext == ".zst" {
		// "x.jsonl.gz" is wanted with .jsonl.
		ext = strings.ToLower(path.Ext(strings.TrimSuffix(name, path.Ext(name))))
	}
	for _, e := range exts {
		if e == "*" || e == ext {
			return true
		}
	}
	return false
}

// id returns the document id of path p under root r.
func (w *walker) id(r Root, p string) string {
	rel := p
	if r.Path != "." {
		rel = strings.TrimPrefix(strings.TrimPrefix(p, r.Path), "/")
	}
	return r.Prefix + rel
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// RootsFromArgs turns command-line paths (folders or files) into roots. One
// folder gives ids relative to it; with several paths, each folder's ids start
// with the folder as given ("a/x.txt", "b/x.txt"), so they stay unique. A
// file's id is its path as given. Paths that do not exist are an error.
//
// An argument that does not exist but holds glob characters (* ? [) is
// expanded with filepath.Glob, in sorted order; a pattern that matches
// nothing is an error.
func RootsFromArgs(args []string) ([]Root, error) {
	var expanded []string
	for _, a := range args {
		if _, err := os.Lstat(a); err != nil && strings.ContainsAny(a, "*?[") {
			matches, gerr := filepath.Glob(a)
			if gerr != nil {
				return nil, fmt.Errorf("%s: %w", a, gerr)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("%s: no file matches", a)
			}
			expanded = append(expanded, matches...)
			continue
		}
		expanded = append(expanded, a)
	}
	args = expanded
	var roots []Root
	seen := map[string]bool{}
	for _, a := range args {
		if a == "-" {
			if seen["-"] {
				return nil, fmt.Errorf("-: given more than once")
			}
			seen["-"] = true
			roots = append(roots, Root{Stdin: true, Prefix: "stdin"})
			continue
		}
		clean := filepath.Clean(a)
		abs, err := filepath.Abs(clean)
		if err != nil {
			return nil, err
		}
		if seen[abs] {
			return nil, fmt.Errorf("%s: given more than once", a)
		}
		seen[abs] = true
		info, err := os.Stat(clean)
		if err != nil {
			return nil, err
		}
		slash := filepath.ToSlash(clean)
		if info.IsDir() {
			prefix := ""
			if len(args) > 1 {
				prefix = strings.TrimSuffix(slash, "/") + "/"
			}
			roots = append(roots, Root{FS: os.DirFS(clean), Path: ".", Prefix: prefix, OSPath: clean})
		} else {
			roots = append(roots, Root{FS: os.DirFS(filepath.Dir(clean)), Path: filepath.Base(clean), Prefix: slash, OSPath: clean})
		}
	}
	return roots, nil
}
