package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// DefaultMaxBytes is the default size limit of one document.
const DefaultMaxBytes = 64 << 20

// A Doc is a loaded document.
type Doc struct {
	Name  string
	Bytes int64 // size of the file as read
	// Text is valid UTF-8: invalid sequences are replaced by U+FFFD and
	// counted in Repaired, and UTF-16 files with a byte order mark are
	// decoded.
	Text     []byte
	Repaired int // invalid UTF-8 sequences replaced
	// RawHash is the 64-bit xxhash of the document's bytes as read: the
	// file's content, or the JSONL line without its newline. It tells
	// whether a document changed.
	RawHash uint64
}

// A SkipError says why a document cannot be used. The scan goes on without it.
type SkipError struct {
	Name   string
	Reason string
	Cause  Cause
	File   string // the JSONL file of a record, "" for a file
}

func (e *SkipError) Error() string { return e.Name + ": " + e.Reason }

// Load reads the entry's document, reusing buf (which may be nil) for its
// text: the returned Doc's Text may alias buf and is overwritten by the next
// Load into the same buffer. A document larger than maxBytes, empty, binary
// (containing NUL bytes) or unreadable yields a *SkipError.
func (e Entry) Load(buf []byte, maxBytes int64) (Doc, error) {
	if e.Record() {
		return e.loadRecord(buf, maxBytes)
	}
	skip := func(cause Cause, format string, args ...any) (Doc, error) {
		return Doc{}, &SkipError{Name: e.Name, Reason: fmt.Sprintf(format, args...), Cause: cause}
	}
	text, size, err := e.read(buf[:0], maxBytes)
	var oe *openError
	switch {
	case errors.As(err, &oe):
		return skip(Unreadable, "unreadable file: %s", errText(oe.err))
	case size > maxBytes || errors.Is(err, errTooLarge) && size >= 0:
		return skip(TooLarge, "too large: %d bytes, over the limit of %d", size, maxBytes)
	case errors.Is(err, errTooLarge):
		return skip(TooLarge, "too large: over the limit of %d bytes", maxBytes)
	case err != nil:
		return skip(Unreadable, "read error: %s", errText(err))
	}
	raw, rawHash := int64(len(text)), xxhash.Sum64(text)
	path := e.path()
	d, err := Decode(e.Name, text)
	if err == nil && IsHTML(path) {
		d.Text = ExtractHTML(d.Text)
		if len(d.Text) == 0 {
			return Doc{}, &SkipError{Name: e.Name, Reason: "no text in the HTML page", Cause: Empty}
		}
	}
	d.Bytes, d.RawHash = raw, rawHash
	return d, err
}

// Decode checks and repairs the raw bytes of a document named name, as Load
// does after reading them. text may be returned as the Doc's Text.
func Decode(name string, text []byte) (Doc, error) {
	skip := func(cause Cause, reason string) (Doc, error) {
		return Doc{}, &SkipError{Name: name, Reason: reason, Cause: cause}
	}
	if len(text) == 0 {
		return skip(Empty, "empty file")
	}
	if isUTF16(text) {
		dec := unicode.BOMOverride(unicode.UTF8.NewDecoder())
		u, _, err := transform.Bytes(dec, text)
		if err != nil {
			return skip(Malformed, "undecodable UTF-16: "+err.Error())
		}
		text = u
	} else if bytes.IndexByte(text, 0) >= 0 {
		return skip(Binary, "binary file (contains NUL bytes)")
	}
	d := Doc{Name: name, Text: text}
	if !utf8.Valid(text) {
		d.Text, d.Repaired = repairUTF8(text)
	}
	return d, nil
}

func isUTF16(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

// repairUTF8 replaces each invalid sequence of b with U+FFFD, returning the
// new text and the number of replacements.
func repairUTF8(b []byte) ([]byte, int) {
	out := make([]byte, 0, len(b)+16)
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
			n++
			b = b[1:]
			continue
		}
		out = append(out, b[:size]...)
		b = b[size:]
	}
	return out, n
}

var errTooLarge = errors.New("too large")

// An openError is a file that could not be opened.
type openError struct{ err error }

func (e *openError) Error() string { return e.err.Error() }

// read reads the file of entry e into buf: with system calls when it has an
// OS path (load_unix.go), through its FS otherwise. It returns the file's
// size from stat (-1 if unknown): a file over maxBytes is not read, and
// errTooLarge is returned with its size.
func (e Entry) read(buf []byte, maxBytes int64) ([]byte, int64, error) {
	if p := e.osPath(); p != "" {
		if text, size, ok, err := readOS(p, buf, maxBytes); ok {
			return text, size, err
		}
	}
	f, err := e.src.fsys.Open(e.path())
	if err != nil {
		return nil, -1, &openError{err}
	}
	defer f.Close()
	size := int64(-1)
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	if size > maxBytes {
		return nil, size, errTooLarge
	}
	text, err := readAll(buf, f, size, maxBytes)
	return text, -1, err
}

// readAll appends all of r to buf, failing with errTooLarge past max bytes.
// size is the file's size from stat, or -1. With a size, one read of size+1
// bytes that returns exactly size bytes has read the whole file: that saves
// the read that would return end-of-file, a system call per document. If the
// file has grown or the read came back short, reading goes on to the end.
func readAll(buf []byte, r io.Reader, size, max int64) ([]byte, error) {
	if size >= 0 {
		if int64(cap(buf)) < size+1 {
			buf = make([]byte, 0, size+1+size/8)
		}
		n, err := r.Read(buf[:size+1])
		buf = buf[:n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return nil, err
		case int64(n) == size:
			return buf, nil
		}
	}
	return readLimited(buf, r, max)
}

// readLimited appends all of r to buf, failing with errTooLarge past max
// bytes without reading much further.
func readLimited(buf []byte, r io.Reader, max int64) ([]byte, error) {
	lr := &io.LimitedReader{R: r, N: max + 1}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, errTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
