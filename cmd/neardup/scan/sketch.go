package scan

import (
	"errors"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
)

// sketch is what the scan keeps of a document between stages, besides its
// band keys (4 bytes a band): 72 bytes plus its id, whatever the document's
// length.
type sketch struct {
	entry    corpus.Entry
	bytes    int64  // file size as read
	normHash uint64 // xxhash of the normalized text
	shingles int32  // distinct shingles
	repaired int32
}

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
}

func newWorker(opt Options, p lsh.Params) *worker {
	signer, err := lsh.NewSigner(opt.Signer, opt.Perm, opt.Seed)
	if err != nil {
		panic(err) // options are validated before workers are made
	}
	return &worker{opt: opt, params: p, shingler: shingle.New(opt.Shingle), signer: signer}
}

// normalize loads e and returns its document and normalized text, which is
// valid until the worker's next call.
func (w *worker) normalize(e corpus.Entry) (corpus.Doc, []byte, error) {
	d, err := e.Load(w.raw, w.opt.MaxDocBytes)
	if err != nil {
		return d, nil, err
	}
	if cap(d.Text) > cap(w.raw) {
		w.raw = d.Text[:0]
	}
	w.norm = w.normalizer.Append(w.norm[:0], d.Text)
	if len(w.norm) == 0 {
		return d, nil, &corpus.SkipError{Name: e.Name, Reason: "no words after normalization"}
	}
	return d, w.norm, nil
}

// sketch computes the sketch and band keys of e.
func (w *worker) sketch(e corpus.Entry) (sketch, []uint32, error) {
	d, norm, err := w.normalize(e)
	if err != nil {
		return sketch{}, nil, err
	}
	w.hashes = w.shingler.AppendHashes(w.hashes[:0], norm)
	w.uniq = w.dedup.Unique(w.uniq[:0], w.hashes)
	w.sig = w.signer.Sign(w.sig[:0], w.uniq)
	return sketch{
		entry:    e,
		bytes:    d.Bytes,
		normHash: xxhash.Sum64(norm),
		shingles: int32(len(w.uniq)),
		repaired: int32(d.Repaired),
	}, lsh.AppendBandKeys(make([]uint32, 0, w.params.Bands), w.sig, w.params), nil
}

// shingleSet is a document's shingle set (distinct hashes, in no particular
// order) and signature, recomputed for verification.
type shingleSet struct {
	set []uint64
	sig lsh.Signature
}

// reload recomputes the shingle set and signature of a sketched document.
func (w *worker) reload(d sketch) (shingleSet, error) {
	_, norm, err := w.normalize(d.entry)
	if err != nil {
		return shingleSet{}, changed(d.entry, err)
	}
	w.hashes = w.shingler.AppendHashes(w.hashes[:0], norm)
	set := w.dedup.Unique(make([]uint64, 0, d.shingles), w.hashes)
	if len(set) != int(d.shingles) || xxhash.Sum64(norm) != d.normHash {
		return shingleSet{}, changed(d.entry, errDifferent)
	}
	return shingleSet{set: set, sig: w.signer.Sign(make(lsh.Signature, 0, w.opt.Perm), set)}, nil
}

// sketchChunk is the number of documents sketched by one task: enough to
// make the stream's per-task cost negligible.
const sketchChunk = 16

// sketchAll sketches every entry; documents that cannot be used are skipped.
func (s *state) sketchAll(entries []corpus.Entry) error {
	start := time.Now()
	defer s.stats.stage("sketch", start)
	type out struct {
		sk   sketch
		keys []uint32
		err  error
	}
	var fatal error
	s.docs = make([]sketch, 0, len(entries))
	s.keys = make([]uint32, 0, len(entries)*s.params.Bands)
	chunks := (len(entries) + sketchChunk - 1) / sketchChunk
	each(s, chunks, func(w *worker, c int) ([]out, error) {
		chunk := entries[c*sketchChunk : min((c+1)*sketchChunk, len(entries))]
		outs := make([]out, len(chunk))
		for i, e := range chunk {
			outs[i].sk, outs[i].keys, outs[i].err = w.sketch(e)
		}
		return outs, nil
	}, func(_ int, outs []out, _ error) {
		for _, o := range outs {
			var se *corpus.SkipError
			switch {
			case o.err == nil:
				s.docs = append(s.docs, o.sk)
				s.keys = append(s.keys, o.keys...)
				s.stats.Bytes += o.sk.bytes
			case errors.As(o.err, &se):
				s.skipped = append(s.skipped, corpus.Skipped{ID: se.Name, Reason: se.Reason})
			case fatal == nil:
				fatal = o.err
			}
		}
	})
	s.stats.Documents = len(s.docs)
	return fatal
}
