package scan

import (
	"runtime"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
)

// Options are the settings of a scan. Workers changes only the speed, never
// the result.
type Options struct {
	// The sketch parameters (engine.Config).
	Shingle shingle.Options
	Signer  lsh.SignerKind
	Perm    int    // signature size k
	Seed    uint64 // seed of the signer's hash functions
	// The classification rules (engine.Rules).
	Kinds            engine.Kinds // the kinds to search and report
	Threshold        float64      // near duplicates: exact Jaccard >= Threshold
	RelatedThreshold float64      // related pairs: related score >= RelatedThreshold
	// Keep decides which document each removal cluster keeps.
	Keep Keep
	// MaxPosting: a term in the candidate terms of more documents than this
	// makes no related candidates (0: related.MaxPosting).
	MaxPosting  int
	MaxDocBytes int64 // larger documents are skipped
	// VerifyMemory bounds the bytes of shingle sets and related vectors
	// held at once while verifying candidates (0: DefaultVerifyMemory);
	// candidates are verified in batches that fit. It does not change the
	// result.
	VerifyMemory int64
	// AllPairs makes every pair of documents a candidate: quadratic, for
	// measuring what candidate generation misses on small corpora.
	AllPairs bool
	// Strict makes the first document or file that would be skipped an
	// error that ends the scan.
	Strict bool
	// Progress, if set, is called as work is done, from one goroutine at a
	// time, in order; it must return quickly.
	Progress func(Progress)
	Workers  int // parallel tasks; <= 0 means GOMAXPROCS
}

// DefaultVerifyMemory is the default of Options.VerifyMemory.
const DefaultVerifyMemory = 16 << 20

// DefaultOptions returns the options a scan uses when given no flags.
func DefaultOptions() Options {
	cfg, rules := engine.DefaultConfig(), engine.DefaultRules()
	return Options{
		Shingle:          cfg.Shingle,
		Signer:           cfg.Signer,
		Perm:             cfg.Perm,
		Seed:             cfg.Seed,
		Kinds:            rules.Kinds,
		Threshold:        rules.Threshold,
		RelatedThreshold: rules.RelatedThreshold,
		Keep:             Keep{Rule: Longest},
		MaxDocBytes:      corpus.DefaultMaxBytes,
	}
}

// Config returns the sketch parameters of the options. Sketches carry terms
// only when related pairs are searched.
func (o Options) Config() engine.Config {
	return engine.Config{Shingle: o.Shingle, Signer: o.Signer, Perm: o.Perm, Seed: o.Seed, Terms: o.Kinds.Has(engine.Related)}
}

// Rules returns the classification rules of the options.
func (o Options) Rules() engine.Rules {
	return engine.Rules{Kinds: o.Kinds, Threshold: o.Threshold, RelatedThreshold: o.RelatedThreshold}
}

// Validate returns an *engine.FieldError, naming the field of Options, if the
// options cannot be used.
func (o Options) Validate() error {
	_, err := o.banding()
	return err
}

// banding checks the options and derives the banding of signatures.
func (o Options) banding() (lsh.Params, error) {
	if err := o.Config().Validate(); err != nil {
		return lsh.Params{}, err
	}
	if err := o.Rules().Validate(); err != nil {
		return lsh.Params{}, err
	}
	if o.MaxDocBytes < 1 {
		return lsh.Params{}, &engine.FieldError{Field: "MaxDocBytes", Value: o.MaxDocBytes, Reason: "must be positive"}
	}
	if err := (&o.Keep.Rule).Set(string(o.Keep.Rule)); err != nil {
		return lsh.Params{}, &engine.FieldError{Field: "Keep.Rule", Value: o.Keep.Rule, Reason: "want longest, shortest, first or last"}
	}
	if o.MaxPosting < 0 {
		return lsh.Params{}, &engine.FieldError{Field: "MaxPosting", Value: o.MaxPosting, Reason: "must not be negative"}
	}
	return o.Rules().Banding(o.Perm)
}

// relatedThreshold returns the related threshold in force in a corpus of
// docs documents.
func (o Options) relatedThreshold(docs int) float64 {
	if o.RelatedThreshold > 0 {
		return o.RelatedThreshold
	}
	return engine.RelatedThresholdFor(docs)
}

// PostingLimit returns the posting limit of the related term index:
// MaxPosting, or related.MaxPosting when it is 0.
func (o Options) PostingLimit() int {
	if o.MaxPosting > 0 {
		return o.MaxPosting
	}
	return related.MaxPosting
}

func (o Options) verifyMemory() int64 {
	if o.VerifyMemory > 0 {
		return o.VerifyMemory
	}
	return DefaultVerifyMemory
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}
