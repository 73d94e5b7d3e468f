package lsh

import "fmt"

// A Signature is a MinHash sketch of a set: k values, one per hash function.
type Signature []uint64

// Estimate returns the fraction of positions at which a and b agree, an
// unbiased estimate of the Jaccard similarity of the sets they sketch. It
// panics if their lengths differ.
func Estimate(a, b Signature) float64 {
	return agreement(a, b)
}

// agreement returns the fraction of positions at which a and b agree, 0 for
// empty ones. It panics if their lengths differ.
func agreement[T comparable](a, b []T) float64 {
	if len(a) != len(b) {
		panic("lsh: signatures of different sizes")
	}
	if len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// A Signer computes signatures of shingle sets.
type Signer interface {
	// Sign appends the signature of the set of shingle hashes to dst and
	// returns it. Duplicate hashes are allowed and change nothing.
	Sign(dst Signature, shingles []uint64) Signature
	// Size returns k, the number of values in a signature.
	Size() int
}

// SignerKind names a signer; it implements flag.Value.
type SignerKind string

const (
	OnePermKind SignerKind = "oneperm" // [OnePerm], the default
	MinWiseKind SignerKind = "minwise" // [MinWise], the reference
)

func (k *SignerKind) String() string { return string(*k) }

// Set parses a signer name.
func (k *SignerKind) Set(s string) error {
	switch SignerKind(s) {
	case OnePermKind, MinWiseKind:
		*k = SignerKind(s)
		return nil
	}
	return fmt.Errorf("unknown signer %q (want oneperm or minwise)", s)
}

// NewSigner returns a signer of the given kind, size and seed.
func NewSigner(kind SignerKind, k int, seed uint64) (Signer, error) {
	switch kind {
	case OnePermKind:
		return NewOnePerm(k, seed), nil
	case MinWiseKind:
		return NewMinWise(k, seed), nil
	}
	return nil, fmt.Errorf("unknown signer %q", kind)
}
