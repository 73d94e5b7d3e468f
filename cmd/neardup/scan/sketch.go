package scan

import (
	"errors"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/shingle/terms"
)

// doc is what the scan keeps of a document between stages, besides its band
// keys (4 bytes a band) and, when related pairs are searched, its candidate
// terms (10 bytes each): 40 bytes (TestDocSize), whatever the document's
// length. Its id stays in the listing.
type doc struct {
	hash     uint64 // engine.Sketch.Hash
	bytes    int64  // size as read: the file, or the JSONL record
	text     int64  // engine.Sketch.TextBytes
	entry    int32  // index in the listing's entries
	shingles int32  // engine.Sketch.Shingles
	repaired int32  // invalid UTF-8 sequences replaced
}

// termStore holds the candidate terms of every document compactly: 10 bytes
// a term, where an engine.Sketch holds 24.
type termStore struct {
	hash []uint64
	meta []uint16 // TF<<2 | Name<<1 | Number; TF <= engine.MaxTF fits
	off  []int32  // document d's terms are at [off[d], off[d+1])
}

func (ts *termStore) add(t []terms.Term) {
	if len(ts.off) == 0 {
		ts.off = append(ts.off, 0)
	}
	for _, x := range t {
		m := uint16(x.TF) << 2
		if x.Name {
			m |= 2
		}
		if x.Number {
			m |= 1
		}
		ts.hash = append(ts.hash, x.Hash)
		ts.meta = append(ts.meta, m)
	}
	ts.off = append(ts.off, int32(len(ts.hash)))
}

// hashes returns document d's term hashes, heaviest first.
func (ts *termStore) hashes(d int) []uint64 { return ts.hash[ts.off[d]:ts.off[d+1]] }

// appendTerms appends document d's terms to dst.
func (ts *termStore) appendTerms(dst []terms.Term, d int) []terms.Term {
	for i := ts.off[d]; i < ts.off[d+1]; i++ {
		m := ts.meta[i]
		dst = append(dst, terms.Term{Hash: ts.hash[i], TF: int(m >> 2), Name: m&2 != 0, Number: m&1 != 0})
	}
	return dst
}

// sketch returns document d's sketch as the scan keeps it: without its
// signature, and with its terms appended to buf if withTerms is set.
func (s *state) sketch(d int, buf []terms.Term, withTerms bool) engine.Sketch {
	doc := s.docs[d]
	sk := engine.Sketch{Config: s.fingerprint, Hash: doc.hash, TextBytes: doc.text, Shingles: int(doc.shingles), HasTerms: s.cfg.Terms}
	if s.cfg.Terms && withTerms {
		sk.Terms = s.terms.appendTerms(buf, d)
	}
	return sk
}

// worker holds one goroutine's kernels and buffers.
type worker struct {
	kernel *engine.Kernel // the scan's configuration
	// plain is the kernel without terms, for re-reading documents, which
	// needs only their normalized texts, shingle sets and signatures.
	plain  *engine.Kernel
	sketch engine.Sketch
	raw    []byte
	corpus engine.Stats // statistics of the documents this worker sketched
	// classifier classifies pairs once the corpus statistics are known.
	classifier    *engine.Classifier
	terms, termsB []terms.Term
}

func newWorker(cfg engine.Config) (*worker, error) {
	k, err := engine.NewKernel(cfg)
	if err != nil {
		return nil, err
	}
	w := &worker{kernel: k, plain: k}
	if cfg.Terms {
		cfg.Terms = false
		if w.plain, err = engine.NewKernel(cfg); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// load loads e into the worker's buffer: its text is valid until the next
// load.
func (w *worker) load(e corpus.Entry, maxBytes int64) (corpus.Doc, error) {
	d, err := e.Load(w.raw, maxBytes)
	if err == nil && cap(d.Text) > cap(w.raw) {
		w.raw = d.Text[:0]
	}
	return d, err
}

// sketched is the outcome of sketching a document.
type sketched struct {
	doc   doc
	keys  []uint32
	terms []terms.Term
	err   error
}

// sketchOne loads and sketches entry i of the listing, and counts its terms
// in the worker's statistics.
func (s *state) sketchOne(w *worker, i int) sketched {
	e := s.listing.Entries[i]
	d, err := w.load(e, s.opt.MaxDocBytes)
	if err != nil {
		return sketched{err: err}
	}
	if _, err := w.kernel.Sketch(&w.sketch, d.Text); err != nil {
		if errors.Is(err, engine.ErrNoWords) {
			err = &corpus.SkipError{Name: e.Name, Reason: err.Error(), Cause: corpus.NoWords}
		}
		return sketched{err: err}
	}
	sk := &w.sketch
	w.corpus.Add(sk)
	return sketched{
		doc:   doc{hash: sk.Hash, bytes: d.Bytes, text: sk.TextBytes, entry: int32(i), shingles: int32(sk.Shingles), repaired: int32(d.Repaired)},
		keys:  sk.BandKeys(make([]uint32, 0, s.params.Bands), s.params),
		terms: append([]terms.Term(nil), sk.Terms...),
	}
}

// reloaded is what re-reading a document gives: its shingle set, signature
// and normalized text.
type reloaded struct {
	set  []uint64
	sig  []uint64
	norm []byte // only when asked for
}

// reload re-reads and re-sketches document d without terms, checks that it
// is unchanged, and returns its set and signature, and its normalized text if
// norm is set.
func (s *state) reload(w *worker, d int, norm bool) (reloaded, error) {
	e := s.entry(d)
	text, err := w.load(e, s.opt.MaxDocBytes)
	if err != nil {
		return reloaded{}, changed(e, err)
	}
	an, err := w.plain.Sketch(&w.sketch, text.Text)
	if err != nil {
		return reloaded{}, changed(e, err)
	}
	if w.sketch.Hash != s.docs[d].hash || w.sketch.Shingles != int(s.docs[d].shingles) {
		return reloaded{}, changed(e, errDifferent)
	}
	out := reloaded{set: append([]uint64(nil), an.Set...), sig: append([]uint64(nil), w.sketch.Signature...)}
	if norm {
		out.norm = append([]byte(nil), an.Normalized...)
	}
	return out, nil
}

// sketchChunk is the number of documents sketched by one task: enough to
// make the stream's per-task cost negligible.
const sketchChunk = 16

// sketchAll sketches every entry of the listing; documents that cannot be
// used are skipped. It leaves the corpus statistics in s.corpus.
func (s *state) sketchAll() error {
	start := time.Now()
	defer s.stats.stage("sketch", start)
	entries := s.listing.Entries
	var fatal error
	s.docs = make([]doc, 0, len(entries))
	s.keys = make([]uint32, 0, len(entries)*s.params.Bands)
	s.skipped = append(s.skipped[:0], s.listing.Skipped...)
	chunks(s, len(entries), sketchChunk, func(w *worker, lo, hi int) ([]sketched, error) {
		outs := make([]sketched, hi-lo)
		for i := range outs {
			outs[i] = s.sketchOne(w, lo+i)
		}
		return outs, nil
	}, func(lo, hi int, outs []sketched, _ error) {
		for _, o := range outs {
			var se *corpus.SkipError
			switch {
			case o.err == nil:
				s.docs = append(s.docs, o.doc)
				s.keys = append(s.keys, o.keys...)
				if s.cfg.Terms {
					s.terms.add(o.terms)
				}
				s.stats.Bytes += o.doc.bytes
			case errors.As(o.err, &se) && s.opt.Strict:
				if fatal == nil {
					fatal = strictError(corpus.Skipped{ID: se.Name, Reason: se.Reason, Cause: se.Cause})
				}
			case errors.As(o.err, &se):
				s.skipped = append(s.skipped, corpus.Skipped{ID: se.Name, Reason: se.Reason, Cause: se.Cause})
			case fatal == nil:
				fatal = o.err
			}
		}
		s.progress(Progress{Stage: "sketch", Done: hi, Total: len(entries), Bytes: s.stats.Bytes, Unit: "documents"})
	})
	s.stats.Documents = len(s.docs)
	// Merge the workers' statistics: sums, so in any order.
	s.corpus.Reset()
	idle := make([]*worker, cap(s.workers))
	for i := range idle {
		idle[i] = <-s.workers
		s.corpus.Merge(&idle[i].corpus)
		idle[i].corpus.Reset()
	}
	for _, w := range idle {
		s.workers <- w
	}
	return fatal
}
