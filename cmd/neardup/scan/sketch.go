package scan

import (
	"errors"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
)

// sketch is what the scan keeps of a document between stages, besides its
// band keys (4 bytes a band) and, when related pairs are searched, its
// prefiltered top terms (8 bytes each): 88 bytes (TestSketchSize) plus its
// id, whatever the document's length.
type sketch struct {
	entry    corpus.Entry
	bytes    int64  // file size as read
	normHash uint64 // xxhash of the normalized text
	shingles int32  // distinct shingles
	repaired int32
}

// prefilterK is how many terms a document keeps, by related.Prior, for
// related candidates; of these, the related.K with the most specific
// corpus frequencies enter the index.
const prefilterK = related.K + related.K/5

// worker holds one goroutine's reusable buffers.
type worker struct {
	opt        Options
	params     lsh.Params
	raw        []byte
	norm       []byte
	hashes     []uint64
	uniq       []uint64
	normalizer shingle.Normalizer
	dedup      shingle.Deduper
	shingler   *shingle.Shingler
	signer     lsh.Signer
	sig        lsh.Signature
	comparer   lsh.Comparer
	extractor  terms.Extractor
	terms      []terms.Term
	entries    []related.Entry
	df         shingle.Counts // document frequencies of the documents this worker sketched
}

func newWorker(opt Options, p lsh.Params) *worker {
	signer, err := lsh.NewSigner(opt.Signer, opt.Perm, opt.Seed)
	if err != nil {
		panic(err) // options are validated before workers are made
	}
	return &worker{opt: opt, params: p, shingler: shingle.New(opt.Shingle), signer: signer}
}

// normalize loads e and returns its document and normalized text, which are
// valid until the worker's next call. When related pairs are searched, it
// also leaves the document's content terms in w.terms, from the same
// normalization pass.
func (w *worker) normalize(e corpus.Entry) (corpus.Doc, []byte, error) {
	d, err := e.Load(w.raw, w.opt.MaxDocBytes)
	if err != nil {
		return d, nil, err
	}
	if cap(d.Text) > cap(w.raw) {
		w.raw = d.Text[:0]
	}
	if w.opt.Kinds.Has(Related) {
		w.terms, w.norm = w.extractor.Analyze(w.terms[:0], w.norm[:0], d.Text)
	} else {
		w.norm = w.normalizer.Append(w.norm[:0], d.Text)
	}
	if len(w.norm) == 0 {
		return d, nil, &corpus.SkipError{Name: e.Name, Reason: "no words after normalization"}
	}
	return d, w.norm, nil
}

// sketched is the outcome of sketching a document.
type sketched struct {
	sk    sketch
	keys  []uint32 // band keys
	terms []uint64 // top terms by related.Prior, heaviest first
	err   error
}

// sketch computes the sketch, band keys and top terms of e, and counts its
// terms' document frequencies.
func (w *worker) sketch(e corpus.Entry, weigh related.Weigher) sketched {
	d, norm, err := w.normalize(e)
	if err != nil {
		return sketched{err: err}
	}
	w.hashes = w.shingler.AppendHashes(w.hashes[:0], norm)
	w.uniq = w.dedup.Unique(w.uniq[:0], w.hashes)
	w.sig = w.signer.Sign(w.sig[:0], w.uniq)
	out := sketched{
		sk: sketch{
			entry:    e,
			bytes:    d.Bytes,
			normHash: xxhash.Sum64(norm),
			shingles: int32(len(w.uniq)),
			repaired: int32(d.Repaired),
		},
		keys: lsh.AppendBandKeys(make([]uint32, 0, w.params.Bands), w.sig, w.params),
	}
	if w.opt.Kinds.Has(Related) {
		w.entries = w.entries[:0]
		for _, t := range w.terms {
			w.df.Add(t.Hash, 1)
			w.entries = append(w.entries, related.Entry{Hash: t.Hash, Weight: related.Prior(weigh, t.Hash, t.TF, t.Name, t.Number)})
		}
		top := related.Heaviest(w.entries, prefilterK)
		out.terms = make([]uint64, len(top))
		for i, en := range top {
			out.terms[i] = en.Hash
		}
	}
	return out
}

// shingleSet is what verification recomputes of a document: its shingle set
// (distinct hashes, in no particular order), signature and related vector.
type shingleSet struct {
	set []uint64
	sig lsh.Signature
	vec related.Vector
}

// reload recomputes the shingle set, signature and related vector of a
// sketched document.
func (w *worker) reload(d sketch, weigh related.Weigher) (shingleSet, error) {
	_, norm, err := w.normalize(d.entry)
	if err != nil {
		return shingleSet{}, changed(d.entry, err)
	}
	w.hashes = w.shingler.AppendHashes(w.hashes[:0], norm)
	set := w.dedup.Unique(make([]uint64, 0, d.shingles), w.hashes)
	if len(set) != int(d.shingles) || xxhash.Sum64(norm) != d.normHash {
		return shingleSet{}, changed(d.entry, errDifferent)
	}
	out := shingleSet{set: set, sig: w.signer.Sign(make(lsh.Signature, 0, w.opt.Perm), set)}
	if w.opt.Kinds.Has(Related) {
		out.vec = w.vector(weigh)
	}
	return out, nil
}

// vector returns the related vector of the terms normalize left in w.terms.
func (w *worker) vector(weigh related.Weigher) related.Vector {
	w.entries = w.entries[:0]
	for _, t := range w.terms {
		w.entries = append(w.entries, related.Entry{Hash: t.Hash, Weight: weigh.Weight(t.Hash, t.TF, t.Name, t.Number)})
	}
	return related.Top(w.entries, related.K)
}

// sketchChunk is the number of documents sketched by one task: enough to
// make the stream's per-task cost negligible.
const sketchChunk = 16

// sketchAll sketches every entry; documents that cannot be used are skipped.
// It leaves the corpus's document frequencies in s.df.
func (s *state) sketchAll(entries []corpus.Entry) error {
	start := time.Now()
	defer s.stats.stage("sketch", start)
	var fatal error
	s.docs = make([]sketch, 0, len(entries))
	s.keys = make([]uint32, 0, len(entries)*s.params.Bands)
	s.termOff = append(s.termOff[:0], 0)
	weigh := s.priorWeigher()
	chunks := (len(entries) + sketchChunk - 1) / sketchChunk
	each(s, chunks, func(w *worker, c int) ([]sketched, error) {
		chunk := entries[c*sketchChunk : min((c+1)*sketchChunk, len(entries))]
		outs := make([]sketched, len(chunk))
		for i, e := range chunk {
			outs[i] = w.sketch(e, weigh)
		}
		return outs, nil
	}, func(c int, outs []sketched, _ error) {
		defer func() {
			s.progress(Progress{Stage: "sketch", Done: min((c+1)*sketchChunk, len(entries)), Total: len(entries), Bytes: s.stats.Bytes, Unit: "documents"})
		}()
		for _, o := range outs {
			var se *corpus.SkipError
			switch {
			case o.err == nil:
				s.docs = append(s.docs, o.sk)
				s.keys = append(s.keys, o.keys...)
				s.terms = append(s.terms, o.terms...)
				s.termOff = append(s.termOff, int32(len(s.terms)))
				s.stats.Bytes += o.sk.bytes
			case errors.As(o.err, &se) && s.opt.Strict:
				if fatal == nil {
					fatal = strictError(corpus.Skipped{ID: se.Name, Reason: se.Reason})
				}
			case errors.As(o.err, &se):
				s.skipped = append(s.skipped, corpus.Skipped{ID: se.Name, Reason: se.Reason})
			case fatal == nil:
				fatal = o.err
			}
		}
	})
	s.stats.Documents = len(s.docs)
	// Merge the workers' document frequencies: sums, in any order.
	s.df.Reset()
	idle := make([]*worker, cap(s.workers))
	for i := range idle {
		idle[i] = <-s.workers
		s.df.AddAll(&idle[i].df)
		idle[i].df.Reset()
	}
	for _, w := range idle {
		s.workers <- w
	}
	return fatal
}
