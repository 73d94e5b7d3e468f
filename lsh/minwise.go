package lsh

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
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

// h1 and h2 are xxhash of the shingle hash x xored with a seed: two
// independent-looking hash functions, fixed by the seed.
func (m *MinWise) h1(b []byte) uint64 { return seeded(b, m.s1) }
func (m *MinWise) h2(b []byte) uint64 { return seeded(b, m.s2) }

func seeded(b []byte, seed uint64) uint64 {
	var x [8]byte
	binary.LittleEndian.PutUint64(x[:], binary.LittleEndian.Uint64(b)^seed)
	return xxhash.Sum64(x[:])
}

// splitmix is the SplitMix64 finalizer, used to spread a user's seed (often
// a small number) into well-mixed 64-bit seeds.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
