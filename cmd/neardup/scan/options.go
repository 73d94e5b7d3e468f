package scan

import (
	"fmt"
	"runtime"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
)

// DefaultThreshold is the default exact Jaccard at or above which two
// documents are near duplicates; README.md records the measurement behind it.
const DefaultThreshold = 0.7

// DefaultRelatedThreshold is the default related score at or above which two
// documents are related; README.md records the measurement behind it.
const DefaultRelatedThreshold = 0.16

// Options are the settings of a scan. Workers changes only the speed, never
// the result.
type Options struct {
	Shingle   shingle.Options
	Signer    lsh.SignerKind
	Perm      int     // signature size k
	Seed      uint64  // seed of the signer's hash functions
	Threshold float64 // near duplicates: exact Jaccard >= Threshold
	Kinds     Kinds   // the kinds to search and report
	// RelatedThreshold: related pairs have a related score at or above it.
	RelatedThreshold float64
	// MaxPosting: a term in the top terms of more documents than this
	// makes no related candidates (0: related.MaxPosting).
	MaxPosting  int
	MaxDocBytes int64 // larger documents are skipped
	// VerifyMemory bounds the bytes of shingle sets held at once while
	// verifying candidates (0: DefaultVerifyMemory); candidates are verified
	// in batches that fit. It does not change the result.
	VerifyMemory int64
	Walk         corpus.WalkOptions
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
	return Options{
		Shingle:          shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize},
		Signer:           lsh.OnePermKind,
		Perm:             128,
		Seed:             lsh.DefaultSeed,
		Threshold:        DefaultThreshold,
		Kinds:            Kinds{Exact: true, Near: true, Related: true},
		RelatedThreshold: DefaultRelatedThreshold,
		MaxDocBytes:      corpus.DefaultMaxBytes,
	}
}

// An OptionError is an invalid setting in Options.
type OptionError struct{ Msg string }

func (e *OptionError) Error() string { return e.Msg }

func optionErrorf(format string, args ...any) error {
	return &OptionError{fmt.Sprintf(format, args...)}
}

// Validate reports an *OptionError if the options cannot be used.
func (o Options) Validate() error {
	_, err := o.params()
	return err
}

// params checks the options and derives the banding.
func (o Options) params() (lsh.Params, error) {
	if err := o.Shingle.Validate(); err != nil {
		return lsh.Params{}, &OptionError{err.Error()}
	}
	if _, err := lsh.NewSigner(o.Signer, 1, 0); err != nil {
		return lsh.Params{}, &OptionError{err.Error()}
	}
	if o.Perm < 1 || o.Perm > 1024 {
		return lsh.Params{}, optionErrorf("--perm %d out of range 1..1024", o.Perm)
	}
	if !(o.Threshold > 0 && o.Threshold < 1) {
		return lsh.Params{}, optionErrorf("--threshold %v out of range (0,1)", o.Threshold)
	}
	if len(o.Kinds) == 0 {
		return lsh.Params{}, optionErrorf("no kinds to search")
	}
	if !(o.RelatedThreshold > 0 && o.RelatedThreshold <= 1) {
		return lsh.Params{}, optionErrorf("--related-threshold %v out of range (0,1]", o.RelatedThreshold)
	}
	if o.MaxDocBytes < 1 {
		return lsh.Params{}, optionErrorf("--max-doc-bytes %d must be positive", o.MaxDocBytes)
	}
	return lsh.Optimal(o.Threshold, o.Perm, lsh.WeightFalsePositive, lsh.WeightFalseNegative)
}

func (o Options) maxPosting() int {
	if o.MaxPosting > 0 {
		return o.MaxPosting
	}
	return related.MaxPosting
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}
