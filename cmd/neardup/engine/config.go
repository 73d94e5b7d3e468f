package engine

import (
	"fmt"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
)

// Config holds the parameters that determine a document's sketch. Two
// sketches can be compared only if they were made with the same Config; each
// sketch records its Config's fingerprint.
type Config struct {
	Shingle shingle.Options
	Signer  lsh.SignerKind
	Perm    int    // signature size k
	Seed    uint64 // seed of the signer's hash functions
	// Terms makes sketches carry the related tier's candidate terms. A
	// search for exact and near duplicates alone does without them, and
	// sketches faster.
	Terms bool
}

// DefaultConfig returns the parameters a scan uses when given no flags.
func DefaultConfig() Config {
	return Config{
		Shingle: shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize},
		Signer:  lsh.OnePermKind,
		Perm:    128,
		Seed:    lsh.DefaultSeed,
		Terms:   true,
	}
}

// MaxPerm is the largest signature size.
const MaxPerm = 1024

// A FieldError is an unusable value of a field of Config or Rules. Field is
// the Go name of the field ("Perm", "Shingle.Size"), so that a command can
// name its own flag for it.
type FieldError struct {
	Field  string
	Value  any
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s %v: %s", e.Field, e.Value, e.Reason) }

// Validate returns a *FieldError if c cannot be used.
func (c Config) Validate() error {
	if c.Shingle.Unit != shingle.Words && c.Shingle.Unit != shingle.Chars {
		return &FieldError{"Shingle.Unit", c.Shingle.Unit, "want word or char"}
	}
	if err := c.Shingle.Validate(); err != nil {
		return &FieldError{"Shingle.Size", c.Shingle.Size, "out of range 1..64"}
	}
	if _, err := lsh.NewSigner(c.Signer, 1, 0); err != nil {
		return &FieldError{"Signer", c.Signer, "want oneperm or minwise"}
	}
	if c.Perm < 1 || c.Perm > MaxPerm {
		return &FieldError{"Perm", c.Perm, fmt.Sprintf("out of range 1..%d", MaxPerm)}
	}
	return nil
}

// termsVersion names the term extraction and weighting that sketches' terms
// come from (tokenizer, stopwords, background frequencies, MaxTerms). Any
// change to them changes terms, so it must change this string, and with it
// every Config's fingerprint.
const termsVersion = "terms/1"

// Fingerprint returns a hash of c and of the versions of the algorithms that
// make sketches: equal for configurations whose sketches can be compared.
func (c Config) Fingerprint() uint64 {
	s := fmt.Sprintf("neardup sketch v%d unit=%s size=%d signer=%s perm=%d seed=%d",
		Version, c.Shingle.Unit, c.Shingle.Size, c.Signer, c.Perm, c.Seed)
	if c.Terms {
		s += fmt.Sprintf(" %s max=%d background=%016x", termsVersion, MaxTerms, terms.DefaultBackground().Hash())
	}
	return xxhash.Sum64String(s)
}
