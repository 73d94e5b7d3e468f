package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/klauspost/compress/zstd"
)

// JSONL input: a file of one JSON object per line, each a document whose
// text is a string field (WalkOptions.TextField, "text" by default; a dotted
// path reaches into nested objects). A JSONL file is read once to find where
// its records start and end (jsonlines.go: in parallel segments when it can
// be read at any offset); records are then loaded on demand with ReadAt, in
// parallel and as often as verification needs. A compressed file (gzip or
// zstd, by magic bytes) or standard input is first copied, decompressed, to
// a temporary file, removed by Listing.Close. Lines may be of any length:
// finding them holds no more than a block of a line in memory.

// jsonlSuffixes name JSONL files, compressed or not.
var jsonlSuffixes = []string{".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst"}

// IsJSONL reports whether a file name says JSONL.
func IsJSONL(name string) bool {
	name = strings.ToLower(name)
	for _, s := range jsonlSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// jsonlSource is an opened JSONL file: its uncompressed bytes.
type jsonlSource struct {
	name    string         // for messages: the file's id
	data    io.ReaderAt    // the uncompressed bytes
	field   []string       // path of the text field
	parquet *parquetOrigin // the Parquet file it was made from, if any
}

// addJSONL lists the records of the JSONL file at p under root r, with id
// as the file's id.
func (w *walker) addJSONL(r Root, p, id string) {
	var in io.Reader
	var direct io.ReaderAt
	if r.Stdin {
		in = w.opt.Stdin
		if in == nil {
			in = os.Stdin
		}
	} else {
		f, err := r.FS.Open(p)
		if err != nil {
			w.skip(id, Unreadable, "unreadable file: "+errText(err))
			return
		}
		w.l.closers = append(w.l.closers, f)
		in = f
		if ra, ok := f.(io.ReaderAt); ok {
			direct = ra
		}
	}
	br := bufio.NewReaderSize(in, 1<<16)
	magic, _ := br.Peek(4)
	var dec io.Reader = br
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			w.skip(id, Unreadable, "unreadable gzip: "+err.Error())
			return
		}
		dec = zr
	case bytes.HasPrefix(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		zr, err := zstd.NewReader(br)
		if err != nil {
			w.skip(id, Unreadable, "unreadable zstd: "+err.Error())
			return
		}
		defer zr.Close()
		dec = zr
	}
	src := &jsonlSource{name: id, field: strings.Split(w.field(), ".")}
	jsrc := &source{jsonl: src}
	if dec == io.Reader(br) && direct != nil {
		src.data = direct
		if size, ok := fileSize(in); ok {
			w.findFile(jsrc, id, size)
			return
		}
	} else {
		// Compressed or a stream: copy the uncompressed bytes to a
		// temporary file while finding the lines.
		tmp, err := os.CreateTemp("", "neardup-*.jsonl")
		if err != nil {
			w.fatal = err
			return
		}
		w.l.closers = append(w.l.closers, tmp, removeFile(tmp.Name()))
		src.data = tmp
		dec = io.TeeReader(dec, tmp)
	}
	w.findStream(jsrc, id, dec)
}

// fileSize returns the size of a regular file.
func fileSize(f io.Reader) (int64, bool) {
	st, ok := f.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		return 0, false
	}
	info, err := st.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return 0, false
	}
	return info.Size(), true
}

func (w *walker) field() string {
	if w.opt.TextField != "" {
		return w.opt.TextField
	}
	return "text"
}

// loadRecord reads and decodes a record, into buf.
func (e Entry) loadRecord(buf []byte, maxBytes int64) (Doc, error) {
	if e.n > maxBytes {
		return e.recordSkip(TooLarge, "too large: %d bytes, over the limit of %d", e.n, maxBytes)
	}
	line := make([]byte, e.n)
	if _, err := e.src.jsonl.data.ReadAt(line, e.off); err != nil && !errors.Is(err, io.EOF) {
		return e.recordSkip(Unreadable, "read error: %s", errText(err))
	}
	return e.decodeRecord(line, buf)
}

func (e Entry) recordSkip(cause Cause, format string, args ...any) (Doc, error) {
	return Doc{}, &SkipError{Name: e.Name, Reason: fmt.Sprintf("line %d: ", e.line) + fmt.Sprintf(format, args...), Cause: cause, File: e.src.jsonl.name}
}

// decodeRecord decodes the record's line, as read, appending its text to
// buf[:0]: the Doc's Text is in buf's memory, or in new memory if buf is too
// small.
func (e Entry) decodeRecord(line, buf []byte) (Doc, error) {
	src := e.src.jsonl
	rawHash := xxhash.Sum64(line)
	raw := bytes.TrimRight(line, "\r")
	repaired := 0
	if !utf8.Valid(raw) {
		_, repaired = repairUTF8(raw)
	}
	value, res, _ := findField(buf[:0], raw, src.field)
	if res != fieldString {
		reason, cause := fieldProblem(raw, src.field)
		return e.recordSkip(cause, "%s", reason)
	}
	if len(value) == 0 {
		return e.recordSkip(Empty, "empty text")
	}
	d, err := Decode(e.Name, value)
	if err != nil {
		var se *SkipError
		if errors.As(err, &se) {
			return e.recordSkip(se.Cause, "%s", se.Reason)
		}
		return d, err
	}
	d.Bytes, d.RawHash = e.n, rawHash
	d.Repaired = repaired
	return d, nil
}

// fieldProblem says, in encoding/json's words, why a line has no string at
// path, and classifies it: NoField when the line is a JSON object without
// the field, Malformed otherwise. It runs only for lines that findField
// rejected.
func fieldProblem(raw []byte, path []string) (string, Cause) {
	var v json.RawMessage = raw
	for i, key := range path {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(v, &obj); err != nil {
			if i == 0 {
				var syntax *json.SyntaxError
				if errors.As(err, &syntax) || !json.Valid(v) {
					return "malformed JSON: " + err.Error(), Malformed
				}
				return "not a JSON object", Malformed
			}
			return fmt.Sprintf("%q is not an object", strings.Join(path[:i], ".")), Malformed
		}
		next, ok := obj[key]
		if !ok {
			return fmt.Sprintf("no %q field", strings.Join(path[:i+1], ".")), NoField
		}
		v = next
	}
	if k := jsonKind(v); k != "a string" {
		return fmt.Sprintf("%q is %s, not a string", strings.Join(path, "."), k), Malformed
	}
	return fmt.Sprintf("%q is an empty string", strings.Join(path, ".")), NoField
}

// jsonKind names the kind of a JSON value.
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "empty"
	}
	switch v[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '"':
		return "a string"
	}
	return "a number"
}

// removeFile is a closer that removes a file.
type removeFile string

func (r removeFile) Close() error { return os.Remove(string(r)) }

// File returns the id of the JSONL file a record comes from, "" for an entry
// that is not a record.
func (e Entry) File() string {
	if e.src.jsonl == nil {
		return ""
	}
	return e.src.jsonl.name
}

// Raw returns the bytes of a JSONL record as they are in its file (after
// decompression), without the newline that ends the line (a carriage return
// before it stays). It fails for entries that are not records.
func (e Entry) Raw() ([]byte, error) {
	if !e.Record() {
		return nil, fmt.Errorf("%s is not a JSONL record", e.Name)
	}
	buf := make([]byte, e.n)
	if _, err := e.src.jsonl.data.ReadAt(buf, e.off); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf, nil
}
