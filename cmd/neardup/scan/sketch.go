package scan

import (
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle/terms"
)

// doc is what the scan keeps of a document between stages, besides its band
// keys (4 bytes a band) and, when related pairs are searched, its candidate
// terms (13 bytes each) and bit signature (a byte per signature value): 48
// bytes (TestDocSize), whatever the document's length. Its id stays in the
// listing.
type doc struct {
	hash     uint64 // engine.Sketch.Hash
	raw      uint64 // corpus.Doc.RawHash
	bytes    int64  // size as read: the file, or the JSONL record
	text     int64  // engine.Sketch.TextBytes
	entry    int32  // index in the listing's entries
	shingles int32  // engine.Sketch.Shingles
	repaired int32  // invalid UTF-8 sequences replaced
}

// termStore holds the candidate terms of every document compactly: 13 bytes
// a term, where an engine.Sketch holds 32.
type termStore struct {
	hash []uint64
	meta []uint8  // TF<<2 | Name<<1 | Number; TF <= engine.MaxTF fits
	ctx  []uint32 // terms.Term.Context
	off  []int32  // document d's terms are at [off[d], off[d+1])
}

// add appends a document's terms.
func (ts *termStore) add(t []terms.Term) {
	if len(ts.off) == 0 {
		ts.off = append(ts.off, 0)
	}
	for _, x := range t {
		m := uint8(x.TF) << 2
		if x.Name {
			m |= 2
		}
		if x.Number {
			m |= 1
		}
		ts.hash = append(ts.hash, x.Hash)
		ts.meta = append(ts.meta, m)
		ts.ctx = append(ts.ctx, x.Context)
	}
	ts.off = append(ts.off, int32(len(ts.hash)))
}

// addAll appends the documents of o, which may have none.
func (ts *termStore) addAll(o *termStore) {
	if len(ts.off) == 0 {
		ts.off = append(ts.off, 0)
	}
	if len(o.off) == 0 {
		return
	}
	base := int32(len(ts.hash))
	ts.hash = append(ts.hash, o.hash...)
	ts.meta = append(ts.meta, o.meta...)
	ts.ctx = append(ts.ctx, o.ctx...)
	for _, x := range o.off[1:] {
		ts.off = append(ts.off, base+x)
	}
}

// appendTerms appends document d's terms to dst.
func (ts *termStore) appendTerms(dst []terms.Term, d int) []terms.Term {
	for i := ts.off[d]; i < ts.off[d+1]; i++ {
		m := ts.meta[i]
		dst = append(dst, terms.Term{Hash: ts.hash[i], TF: int(m >> 2), Name: m&2 != 0, Number: m&1 != 0, Context: ts.ctx[i]})
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
	reader corpus.Reader
	chunk  []corpus.Entry
	corpus engine.Stats // statistics of the documents this worker sketched
	// classifier classifies pairs once the corpus statistics are known.
	classifier    *engine.Classifier
	terms, termsB []terms.Term
	entries       []related.Entry
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

// load loads e into the worker's buffers: its text is valid until the next
// load.
func (w *worker) load(e corpus.Entry, maxBytes int64) (corpus.Doc, error) {
	return w.reader.Load(e, maxBytes)
}

// sketched is what sketching a chunk of documents gives: the documents,
// their band keys and terms, in order, and the outcome of each entry.
type sketched struct {
	docs  []doc
	keys  []uint32
	bits  []byte // with terms: the signatures' low bytes (lsh.AppendBits)
	terms termStore
	errs  []error // for each entry of the chunk: nil if it is in docs
}

// sketchChunk loads and sketches the entries of the listing at order[lo:hi]
// into out, reusing its memory, and counts their terms in the worker's
// statistics.
func (s *state) sketchChunk(w *worker, order []int32, lo, hi int, out *sketched) {
	out.docs, out.keys, out.bits, out.errs = out.docs[:0], out.keys[:0], out.bits[:0], append(out.errs[:0], make([]error, hi-lo)...)
	out.terms.hash, out.terms.meta, out.terms.ctx, out.terms.off = out.terms.hash[:0], out.terms.meta[:0], out.terms.ctx[:0], out.terms.off[:0]
	w.chunk = w.chunk[:0]
	for _, i := range order[lo:hi] {
		w.chunk = append(w.chunk, s.listing.Entries[i])
	}
	w.reader.Prefetch(w.chunk, s.opt.MaxDocBytes)
	for k, e := range w.chunk {
		i := order[lo+k]
		d, err := w.reader.Load(e, s.opt.MaxDocBytes)
		if err == nil {
			_, err = w.kernel.Sketch(&w.sketch, d.Text)
			if errors.Is(err, engine.ErrNoWords) {
				err = &corpus.SkipError{Name: e.Name, Reason: err.Error(), Cause: corpus.NoWords}
			}
		}
		if err != nil {
			out.errs[k] = err
			continue
		}
		sk := &w.sketch
		w.corpus.Add(sk)
		out.docs = append(out.docs, doc{hash: sk.Hash, raw: d.RawHash, bytes: d.Bytes, text: sk.TextBytes, entry: int32(i), shingles: int32(sk.Shingles), repaired: int32(d.Repaired)})
		out.keys = sk.BandKeys(out.keys, s.params)
		if s.cfg.Terms {
			out.terms.add(sk.Terms)
			out.bits = lsh.AppendBits(out.bits, sk.Signature)
		}
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

// sketchChunkSize is the number of documents sketched by one task: enough
// to make the stream's per-task cost negligible.
const sketchChunkSize = 16

// sketchAll sketches every entry of the listing; documents that cannot be
// used are skipped. It leaves the corpus statistics in s.corpus.
func (s *state) sketchAll() error {
	start := time.Now()
	defer s.stats.stage("sketch", start)
	entries := s.listing.Entries
	// Documents are read in input order, so that the records of a JSONL
	// file are read in runs (corpus.Reader.Prefetch); s.docs follows it.
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return entries[a].Seq() - entries[b].Seq() })
	var fatal error
	s.docs = make([]doc, 0, len(entries))
	s.keys = make([]uint32, 0, len(entries)*s.params.Bands)
	if s.cfg.Terms {
		// Room for every term: memory that is not written is not used.
		s.terms = termStore{
			hash: make([]uint64, 0, len(entries)*engine.MaxTerms),
			meta: make([]uint8, 0, len(entries)*engine.MaxTerms),
			ctx:  make([]uint32, 0, len(entries)*engine.MaxTerms),
			off:  make([]int32, 1, len(entries)+1),
		}
		s.bits = make([]byte, 0, len(entries)*s.cfg.Perm)
	}
	s.skipped = append(s.skipped[:0], s.listing.Skipped...)
	// Chunks' buffers are reused, so that the stage makes no garbage and
	// the heap stays near what the scan keeps.
	var free sync.Pool
	records := map[string][2]int{} // JSONL file -> records, and those without the text field
	chunks(s, len(entries), sketchChunkSize, func(w *worker, lo, hi int) (*sketched, error) {
		out, _ := free.Get().(*sketched)
		if out == nil {
			out = &sketched{}
		}
		s.sketchChunk(w, order, lo, hi, out)
		return out, nil
	}, func(lo, hi int, out *sketched, _ error) {
		defer free.Put(out)
		s.docs = append(s.docs, out.docs...)
		s.keys = append(s.keys, out.keys...)
		if s.cfg.Terms {
			s.terms.addAll(&out.terms)
			s.bits = append(s.bits, out.bits...)
		}
		for _, d := range out.docs {
			s.stats.Bytes += d.bytes
		}
		for i, err := range out.errs {
			var se *corpus.SkipError
			if f := entries[order[lo+i]].File(); f != "" {
				n := records[f]
				n[0]++
				if errors.As(err, &se) && se.Cause == corpus.NoField {
					n[1]++
				}
				records[f] = n
			}
			switch {
			case err == nil:
			case errors.As(err, &se) && s.opt.Strict:
				if fatal == nil {
					fatal = strictError(corpus.Skipped{ID: se.Name, Reason: se.Reason, Cause: se.Cause, File: se.File})
				}
			case errors.As(err, &se):
				s.skipped = append(s.skipped, corpus.Skipped{ID: se.Name, Reason: se.Reason, Cause: se.Cause, File: se.File})
			case fatal == nil:
				fatal = err
			}
		}
		s.progress(Progress{Stage: "sketch", Done: hi, Total: len(entries), Bytes: s.stats.Bytes, Unit: "documents"})
	})
	s.stats.Documents = len(s.docs)
	if fatal == nil {
		fatal = noTextField(records, s.listing.Options.TextField)
	}
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

// noTextField returns a *corpus.FieldError for the first JSONL file, by
// name, of which no record has the text field: a wrong field name, not a
// file of bad records.
func noTextField(records map[string][2]int, field string) error {
	if field == "" {
		field = "text"
	}
	var files []string
	for f, n := range records {
		if n[0] > 0 && n[1] == n[0] {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil
	}
	slices.Sort(files)
	return &corpus.FieldError{Field: "TextField", Value: field, File: files[0], Reason: "no record of " + files[0] + " has it"}
}
