package engine

import (
	"errors"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
)

// ErrNoWords is the error for a text with no words after normalization.
var ErrNoWords = errors.New("no words after normalization")

// A Kernel turns documents' texts into sketches. It is the one place where a
// document is normalized, shingled, signed and weighed: scans, explain,
// dedupe, the index and the Beam runner all call it. It reuses its buffers
// from call to call, so steady-state use allocates only what the sketch
// keeps. Not safe for concurrent use: give each goroutine its own.
type Kernel struct {
	cfg         Config
	fingerprint uint64
	normalizer  shingle.Normalizer
	extractor   terms.Extractor
	shingler    *shingle.Shingler
	dedup       shingle.Deduper
	signer      lsh.Signer
	prior       related.Weigher // background factors only
	norm        []byte
	words       []shingle.Word
	hashes      []uint64
	set         []uint64
	terms       []terms.Term
	entries     []related.Entry
}

// NewKernel returns a kernel for cfg, or a *FieldError.
func NewKernel(cfg Config) (*Kernel, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	signer, err := lsh.NewSigner(cfg.Signer, cfg.Perm, cfg.Seed)
	if err != nil {
		return nil, err
	}
	k := &Kernel{cfg: cfg, fingerprint: cfg.Fingerprint(), shingler: shingle.New(cfg.Shingle), signer: signer}
	if cfg.Terms {
		bg := terms.DefaultBackground()
		k.prior = related.Weigher{BackgroundDocs: bg.Docs, BackgroundDF: bg.DF}
		k.prior.Prepare()
	}
	return k, nil
}

// Config returns the kernel's configuration.
func (k *Kernel) Config() Config { return k.cfg }

// An Analysis is what the kernel computed on its way to a sketch. Its slices
// belong to the kernel and are overwritten by its next call.
type Analysis struct {
	// Normalized is the normalized text, whose hash is Sketch.Hash.
	Normalized []byte
	// Set is the shingle set: the distinct shingle hashes, in order of
	// first appearance.
	Set []uint64
}

// Sketch computes the sketch of a document's text into dst, reusing the
// memory of dst's Signature and Terms, and returns the analysis it was
// computed from. A text with no words after normalization gives ErrNoWords.
func (k *Kernel) Sketch(dst *Sketch, text []byte) (Analysis, error) {
	var norm []byte
	var words []shingle.Word
	if k.cfg.Terms {
		var an terms.Analysis
		k.terms, an = k.extractor.Analyze(k.terms[:0], text)
		norm, words = an.Folded, an.Words
	} else {
		k.norm, k.words = k.normalizer.AppendWords(k.norm[:0], k.words[:0], text)
		norm, words = k.norm, k.words
	}
	if len(norm) == 0 {
		return Analysis{}, ErrNoWords
	}
	if k.cfg.Shingle.Unit == shingle.Words {
		k.hashes = k.shingler.AppendWordHashes(k.hashes[:0], words)
	} else {
		k.hashes = k.shingler.AppendHashes(k.hashes[:0], norm)
	}
	k.set = k.dedup.Unique(k.set[:0], k.hashes)
	dst.Config = k.fingerprint
	dst.Hash = xxhash.Sum64(norm)
	dst.TextBytes = int64(len(text))
	dst.Shingles = len(k.set)
	dst.Signature = k.signer.Sign(dst.Signature[:0], k.set)
	dst.HasTerms = k.cfg.Terms
	dst.Terms = dst.Terms[:0]
	if k.cfg.Terms {
		dst.Terms = k.topTerms(dst.Terms)
		k.extractor.Contexts(dst.Terms)
	}
	return Analysis{Normalized: norm, Set: k.set}, nil
}

// topTerms appends the MaxTerms terms of k.terms with the largest
// related.Prior weight to dst, heaviest first (ties to the smaller hash),
// their TF capped at MaxTF.
func (k *Kernel) topTerms(dst []terms.Term) []terms.Term {
	k.entries = k.entries[:0]
	for _, t := range k.terms {
		k.entries = append(k.entries, related.Entry{Hash: t.Hash, Weight: related.Prior(k.prior, t.Hash, t.TF, t.Name, t.Number)})
	}
	for _, e := range related.Heaviest(k.entries, MaxTerms) {
		t := k.terms[k.extractor.Index(k.terms, e.Hash)]
		t.TF = min(t.TF, MaxTF)
		dst = append(dst, t)
	}
	return dst
}
