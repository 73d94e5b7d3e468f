package corpus

import (
	"errors"
	"io"
)

// A Reader loads documents into buffers it reuses: the Doc that Load returns
// is valid until its next call. Told what comes next (Prefetch), it reads a
// run of consecutive JSONL records of one file with one read instead of one
// read each. The zero value is ready; not safe for concurrent use.
type Reader struct {
	text []byte // the document's text
	line []byte // a record read alone
	run  []byte // the bytes of a run of records, from off
	src  *jsonlSource
	off  int64
	err  error // the error reading the run
}

// maxRun bounds the bytes a Prefetch reads at once.
const maxRun = 4 << 20

// Prefetch prepares the loading of es, the entries about to be loaded, in
// order: the longest prefix of them that are records of one JSONL file, each
// of at most maxBytes and after the one before it, spanning at most 4 MiB,
// is read with one read. Calling it is never necessary.
func (r *Reader) Prefetch(es []Entry, maxBytes int64) {
	r.src = nil
	if len(es) < 2 || !es[0].Record() {
		return
	}
	src, start := es[0].src.jsonl, es[0].off
	end := start
	for _, e := range es {
		if !e.Record() || e.src.jsonl != src || e.off < end || e.n > maxBytes || e.off+e.n-start > maxRun {
			break
		}
		end = e.off + e.n
	}
	if end == start {
		return
	}
	if int64(cap(r.run)) < end-start {
		r.run = make([]byte, end-start)
	}
	r.run = r.run[:end-start]
	n, err := src.data.ReadAt(r.run, start)
	if err != nil && !(errors.Is(err, io.EOF) && int64(n) == end-start) {
		r.err = err
	} else {
		r.err = nil
	}
	r.src, r.off = src, start
}

// Load loads entry e, as Entry.Load does, into the reader's buffers.
func (r *Reader) Load(e Entry, maxBytes int64) (Doc, error) {
	if !e.Record() {
		d, err := e.Load(r.text, maxBytes)
		if err == nil && cap(d.Text) > cap(r.text) {
			r.text = d.Text[:0]
		}
		return d, err
	}
	var line []byte
	if e.src.jsonl == r.src && r.err == nil && e.off >= r.off && e.off+e.n <= r.off+int64(len(r.run)) && e.n <= maxBytes {
		line = r.run[e.off-r.off : e.off-r.off+e.n]
	} else {
		if e.n > maxBytes {
			return e.recordSkip(TooLarge, "too large: %d bytes, over the limit of %d", e.n, maxBytes)
		}
		if int64(cap(r.line)) < e.n {
			r.line = make([]byte, e.n)
		}
		line = r.line[:e.n]
		if _, err := e.src.jsonl.data.ReadAt(line, e.off); err != nil && !errors.Is(err, io.EOF) {
			return e.recordSkip(Unreadable, "read error: %s", errText(err))
		}
	}
	d, err := e.decodeRecord(line, r.text)
	if err == nil && cap(d.Text) > cap(r.text) {
		r.text = d.Text[:0]
	}
	return d, err
}
