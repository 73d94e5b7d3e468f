package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/sourcegraph/conc/stream"
)

// Finding the records of a JSONL file. A line starts at offset 0 and after
// each newline, and ends before the next newline or at the end of the file;
// a line of JSON whitespace alone (spaces, tabs, carriage returns) is blank
// and not a record. A file that can be read at any offset is cut into
// segments searched in parallel, each for the lines that start in it, and
// their records are listed in order; a stream (compressed, or standard
// input) is searched as it is read. Either way each byte is read once, a
// block at a time, and with an id field a record's id is found where its
// line is, while it is in memory.

// A jsonLine is a record found in a JSONL file.
type jsonLine struct {
	off, n int64 // where its line is, without the newline
	line   int   // its line number: from 1 in the file, from 0 in a segment
	// With an id field: the record's id, or why it has none.
	id     string
	reason string
	cause  Cause
}

// blockReader reads a file a block at a time.
type blockReader interface {
	// at returns the bytes of the file from pos up to the end of a block,
	// or none at the end of the file or after a read error. Reading a
	// stream, pos is at most the end of what at returned last.
	at(pos int64) []byte
	// err is the read error that ended the bytes, if one did.
	err() error
}

// blockSize is the size of the reads that find lines; a variable so that
// tests can read in small blocks.
var blockSize = 1 << 20

// segmentSize is how much of a file one goroutine searches for lines at a
// time; a variable so that tests can cut small files into many segments.
var segmentSize int64 = 8 << 20

// lineFinder finds the records of a segment of a file.
type lineFinder struct {
	b      blockReader
	data   io.ReaderAt // the file, to read a long record for its id
	idPath []string    // the id field, or nil
	head   []byte      // the start of a line longer than a block, for its id
}

// segment calls emit for each record whose line starts in [lo, hi), in
// order, numbered from 0 among the segment's lines, and returns how many
// lines start there, blank ones included. A read error ends the segment, and
// a line it cut short is not counted.
func (f *lineFinder) segment(lo, hi int64, emit func(jsonLine)) (lines int) {
	pos := lo
	if lo > 0 {
		if prev := f.b.at(lo - 1); len(prev) == 0 || prev[0] != '\n' {
			// A line starts before lo: the first line of the segment
			// starts after its newline, if that is before hi.
			for {
				b := f.b.at(pos)
				if len(b) == 0 {
					return 0
				}
				b = b[:min(int64(len(b)), hi-pos)]
				if i := bytes.IndexByte(b, '\n'); i >= 0 {
					pos += int64(i) + 1
					break
				}
				if pos += int64(len(b)); pos >= hi {
					return 0
				}
			}
		}
	}
	for pos < hi {
		b := f.b.at(pos)
		if len(b) == 0 {
			return lines
		}
		start, n, blank := pos, int64(0), true
		var whole []byte // the line, when one block holds it
		f.head = f.head[:0]
		for {
			piece := b
			i := bytes.IndexByte(b, '\n')
			if i >= 0 {
				piece = b[:i]
			}
			if blank {
				blank = jsonSpace(piece)
			}
			if n == 0 && i >= 0 {
				whole = piece
			} else if f.idPath != nil && len(f.head) < maxIDLine {
				f.head = append(f.head, piece[:min(len(piece), maxIDLine-len(f.head))]...)
			}
			n += int64(len(piece))
			if i >= 0 {
				pos = start + n + 1
				break
			}
			pos = start + n
			if b = f.b.at(pos); len(b) == 0 {
				if f.b.err() != nil {
					return lines
				}
				break // the last line, without a newline
			}
		}
		lines++
		if blank {
			continue
		}
		rec := jsonLine{off: start, n: n, line: lines - 1}
		if f.idPath != nil {
			head := whole
			if head == nil {
				head = f.head
			}
			rec.id, rec.reason, rec.cause = lineID(f.data, f.idPath, head, start, n)
		}
		emit(rec)
	}
	return lines
}

// jsonSpace reports whether b is JSON whitespace alone.
func jsonSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// maxIDLine is how much of a line longer than a block is kept while finding
// lines, to look for its id in; a longer line is read again, whole, up to
// maxIDRecord bytes.
const (
	maxIDLine   = 1 << 20
	maxIDRecord = DefaultMaxBytes
)

// lineID returns the id at path of the record at [off, off+n) of data,
// whose first bytes (all of them if n <= len(head)) are head, or why it has
// none.
func lineID(data io.ReaderAt, path []string, head []byte, off, n int64) (id, reason string, cause Cause) {
	line := head
	if n > int64(len(head)) {
		if n > maxIDRecord {
			return "", fmt.Sprintf("too large to read its id: %d bytes, over %d", n, int64(maxIDRecord)), TooLarge
		}
		line = make([]byte, n)
		if _, err := data.ReadAt(line, off); err != nil && !errors.Is(err, io.EOF) {
			return "", "read error: " + errText(err), Unreadable
		}
	}
	if id, ok := findID(line, path); ok {
		return id, "", ""
	}
	reason, cause = fieldProblem(line, path)
	if _, r, at := findValue(line, path); r != fieldMalformed && !(r == fieldNotObject && at == 0) {
		reason += " (the id)" // the record is an object, its id is wanting
	}
	return "", reason, cause
}

// fileLines lists the records of one JSONL file, in order.
type fileLines struct {
	w        *walker
	src      *source
	file     string // the file's id
	lines    int    // lines listed so far
	records  int    // records so far
	ids      int    // records with an id, with an id field
	listed   int    // records listed
	damaged  bool   // a read error ended the file
	nameBuff []byte
}

func (w *walker) fileLines(src *source, file string) *fileLines {
	return &fileLines{w: w, src: src, file: file}
}

// add lists the records of a segment, whose lines follow those listed.
func (fl *fileLines) add(recs []jsonLine, lines int) {
	w := fl.w
	for _, r := range recs {
		r.line += fl.lines + 1
		fl.records++
		var name string
		if w.idPath != nil {
			if r.reason != "" {
				w.skipRecord(fl.file+":"+strconv.Itoa(r.line), fl.file, r.cause, fmt.Sprintf("line %d: %s", r.line, r.reason))
				continue
			}
			fl.ids++
			name = r.id
		} else {
			fl.nameBuff = strconv.AppendInt(append(append(fl.nameBuff[:0], fl.file...), ':'), int64(r.line), 10)
			name = string(fl.nameBuff)
		}
		fl.listed++
		w.list.add(Entry{Name: name, src: fl.src, off: r.off, n: r.n, line: int32(r.line)})
	}
	fl.lines += lines
}

// fail records the read error that ended the file.
func (fl *fileLines) fail(err error) {
	fl.damaged = true
	fl.w.skip(fl.file, Unreadable, fmt.Sprintf("read error after line %d (the %d records before it are kept): %s", fl.lines, fl.listed, errText(err)))
}

// done checks the file once its records are listed.
func (fl *fileLines) done() {
	w := fl.w
	if w.idPath != nil && fl.records > 0 && fl.ids == 0 && w.fatal == nil {
		w.fatal = &FieldError{Field: "IDField", Value: w.opt.IDField, File: fl.file, Reason: "no record of " + fl.file + " has it"}
	}
}

// findFile lists the records of a JSONL file of size bytes that can be read
// at any offset, searching its segments in parallel.
func (w *walker) findFile(src *source, file string, size int64) {
	fl := w.fileLines(src, file)
	data := src.jsonl.data
	segments := (size + segmentSize - 1) / segmentSize
	st := stream.New().WithMaxGoroutines(runtime.GOMAXPROCS(0))
	for k := range segments {
		st.Go(func() stream.Callback {
			buf := blockPool.Get().(*[]byte)
			defer blockPool.Put(buf)
			if cap(*buf) < blockSize {
				*buf = make([]byte, blockSize)
			}
			b := &fileBlocks{r: data, size: size, buf: (*buf)[:0:blockSize]}
			f := lineFinder{b: b, data: data, idPath: w.idPath}
			var recs []jsonLine
			lines := f.segment(k*segmentSize, min((k+1)*segmentSize, size), func(r jsonLine) { recs = append(recs, r) })
			err := b.err()
			return func() {
				if fl.damaged {
					return
				}
				fl.add(recs, lines)
				if err != nil {
					fl.fail(err)
				}
			}
		})
	}
	st.Wait()
	fl.done()
}

// findStream lists the records of a JSONL file read from r, as it is read.
func (w *walker) findStream(src *source, file string, r io.Reader) {
	fl := w.fileLines(src, file)
	b := &streamBlocks{r: r, buf: make([]byte, 0, blockSize)}
	f := lineFinder{b: b, data: src.jsonl.data, idPath: w.idPath}
	recs := make([]jsonLine, 1)
	lines := f.segment(0, math.MaxInt64, func(r jsonLine) {
		// Listed one by one: the stream's lines are numbered from its
		// start.
		recs[0] = r
		fl.add(recs, 0)
	})
	fl.lines = lines
	if err := b.err(); err != nil {
		fl.fail(err)
	}
	fl.done()
}

var blockPool = sync.Pool{New: func() any { b := make([]byte, 0, blockSize); return &b }}

// fileBlocks reads a file that can be read at any offset.
type fileBlocks struct {
	r    io.ReaderAt
	size int64
	buf  []byte // the file's bytes from off
	off  int64
	e    error
}

func (b *fileBlocks) at(pos int64) []byte {
	if pos >= b.off && pos < b.off+int64(len(b.buf)) {
		return b.buf[pos-b.off:]
	}
	if pos >= b.size || b.e != nil {
		return nil
	}
	n := int(min(int64(cap(b.buf)), b.size-pos))
	m, err := b.r.ReadAt(b.buf[:n], pos)
	b.buf, b.off = b.buf[:m], pos
	if m < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = fmt.Errorf("the file ends at %d bytes, not %d: %w", pos+int64(m), b.size, io.ErrUnexpectedEOF)
		}
		b.e = err
	}
	return b.buf
}

func (b *fileBlocks) err() error { return b.e }

// streamBlocks reads a stream.
type streamBlocks struct {
	r   io.Reader
	buf []byte // the stream's bytes from off
	off int64
	e   error // io.EOF at the end
}

func (b *streamBlocks) at(pos int64) []byte {
	if pos >= b.off && pos < b.off+int64(len(b.buf)) {
		return b.buf[pos-b.off:]
	}
	if b.e != nil {
		return nil
	}
	b.off += int64(len(b.buf))
	// Not io.ReadFull: a truncated gzip stream ends with
	// io.ErrUnexpectedEOF, which must stay an error.
	b.buf = b.buf[:0]
	for len(b.buf) < cap(b.buf) && b.e == nil {
		m, err := b.r.Read(b.buf[len(b.buf):cap(b.buf)])
		b.buf = b.buf[:len(b.buf)+m]
		b.e = err
	}
	if pos != b.off {
		return nil
	}
	return b.buf
}

func (b *streamBlocks) err() error {
	if b.e == io.EOF {
		return nil
	}
	return b.e
}
