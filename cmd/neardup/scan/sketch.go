package scan

import (
	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
)

// sketch is what the scan keeps of a document between stages: a few hundred
// bytes to a few KB, whatever the document's length.
type sketch struct {
	entry    corpus.Entry
	bytes    int64
	shingles int
	repaired int
	normHash uint64 // xxhash of the normalized text
	sig      lsh.Signature
	keys     []uint64 // band keys
}

// worker holds one goroutine's reusable buffers.
type worker struct {
	opt      Options
	params   lsh.Params
	raw      []byte
	norm     []byte
	hashes   []uint64
	norm1    shingle.Normalizer
	shingler *shingle.Shingler
	signer   lsh.Signer
}

func newWorker(opt Options, p lsh.Params) *worker {
	return &worker{
		opt:      opt,
		params:   p,
		shingler: shingle.New(opt.Shingle),
		signer:   lsh.NewMinWise(opt.Perm, opt.Seed),
	}
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
	w.norm = w.norm1.Append(w.norm[:0], d.Text)
	if len(w.norm) == 0 {
		return d, nil, &corpus.SkipError{Name: e.Name, Reason: "no words after normalization"}
	}
	return d, w.norm, nil
}

// shingleSet returns the sorted set of shingle hashes of normalized text. It
// aliases the worker's buffer unless keep is set.
func (w *worker) shingleSet(norm []byte, keep bool) []uint64 {
	w.hashes = shingle.Set(w.shingler.AppendHashes(w.hashes[:0], norm))
	if keep {
		return append([]uint64(nil), w.hashes...)
	}
	return w.hashes
}

// sketch computes the sketch of e.
func (w *worker) sketch(e corpus.Entry) (sketch, error) {
	d, norm, err := w.normalize(e)
	if err != nil {
		return sketch{}, err
	}
	set := w.shingleSet(norm, false)
	sig := w.signer.Sign(make(lsh.Signature, 0, w.opt.Perm), set)
	return sketch{
		entry:    e,
		bytes:    e.Size,
		shingles: len(set),
		repaired: d.Repaired,
		normHash: xxhash.Sum64(norm),
		sig:      sig,
		keys:     lsh.AppendBandKeys(make([]uint64, 0, w.params.Bands), sig, w.params),
	}, nil
}
