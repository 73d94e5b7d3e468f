package lsh

import (
	"encoding/binary"

	minhash "github.com/dgryski/go-minhash"
)

// DefaultSeed is the seed used when none is given (small, so that it survives
// JSON readers that hold numbers as doubles). Signatures are comparable
// only between signers with the same seed and size.
const DefaultSeed = 1

// MinWise is the k-permutation MinHash signer of github.com/dgryski/go-minhash.
// It is the reference signer: simple and well understood, but O(k) per
// shingle. Not safe for concurrent use.
type MinWise struct {
	k      int
	s1, s2 uint64 // seeds of h1 and h2
	buf    []byte // the 8 bytes of the shingle being pushed
}

// NewMinWise returns a MinWise signer of k values whose hash functions are
// derived from seed.
func NewMinWise(k int, seed uint64) *MinWise {
	if k < 1 {
		panic("lsh: signature size < 1")
	}
	return &MinWise{
		k:   k,
		s1:  splitmix(seed),
		s2:  splitmix(seed + 1),
		buf: make([]byte, 8),
	}
}

// Size returns k.
func (m *MinWise) Size() int { return m.k }

// Sign appends the signature of shingles to dst.
func (m *MinWise) Sign(dst Signature, shingles []uint64) Signature {
	mw := minhash.NewMinWise(m.h1, m.h2, m.k)
	for _, x := range shingles {
		binary.LittleEndian.PutUint64(m.buf, x)
		mw.Push(m.buf)
	}
	// Signature returns go-minhash's internal slice: copy it.
	return append(dst, mw.Signature()...)
}

// h1 and h2 are XXH64 of the shingle hash under two seeds: two independent
// hash functions, fixed by the signer's seed.
func (m *MinWise) h1(b []byte) uint64 { return hash64(binary.LittleEndian.Uint64(b), m.s1) }
func (m *MinWise) h2(b []byte) uint64 { return hash64(binary.LittleEndian.Uint64(b), m.s2) }
