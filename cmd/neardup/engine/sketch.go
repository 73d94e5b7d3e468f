package engine

import (
	"slices"

	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle/terms"
)

// MaxTerms is the most candidate terms a sketch keeps for the related tier:
// the document's terms with the largest related.Prior weight. A document's
// related vector is made of the related.K of these with the largest weight
// once corpus frequencies are known (see Classifier.Vector), and corpus
// frequencies count these terms only (see Stats). README.md records the
// measurement behind 64: with 48, all-kinds F1 on the ECB+ corpus fell from
// 0.824 to 0.823; with 64 it is 0.825.
const MaxTerms = 64

// MaxTF caps a sketch term's TF: a term that occurs more often weighs as if
// it occurred MaxTF times (1 + ln 63 = 5.1), a saturation in the manner of
// BM25's, which lets a scan keep a term's TF and flags in one byte. No term
// of the ECB+ corpus occurs more often: its F1 is the same as uncapped.
const MaxTF = 63

// A Sketch is everything the classification of a pair needs of a document,
// except its shingle set: a few hundred bytes to a few kilobytes whatever the
// document's length. It is a value: the Kernel fills one, and its slices
// belong to it. See encoding.go for its binary form.
type Sketch struct {
	// Config is the fingerprint of the Config the sketch was made with
	// (Config.Fingerprint); only sketches of equal Config compare.
	Config uint64
	// Hash is the 64-bit xxhash of the normalized text: equal for exact
	// duplicates.
	Hash uint64
	// TextBytes is the length of the document's text in bytes, as given
	// to the kernel (decoded, after extraction from markup): what "longest"
	// and "shortest" compare.
	TextBytes int64
	// Shingles is the number of distinct shingles.
	Shingles int
	// Signature is the MinHash signature of the shingle set, Config.Perm
	// values. Band keys are derived from it (BandKeys).
	Signature lsh.Signature
	// Terms are the related tier's candidate terms, at most MaxTerms,
	// heaviest by related.Prior first (ties to the smaller hash); nil when
	// the Config does not ask for terms. A term's TF is its number of
	// occurrences, at most MaxTF.
	Terms []terms.Term
	// HasTerms is Config.Terms: whether terms were extracted (a document
	// may have none).
	HasTerms bool
}

// Clone returns a copy of s that shares no memory with it.
func (s *Sketch) Clone() Sketch {
	c := *s
	c.Signature = slices.Clone(s.Signature)
	c.Terms = slices.Clone(s.Terms)
	return c
}

// BandKeys appends the sketch's band keys under the banding p to dst: one
// 32-bit key per band (lsh.AppendBandKeys). Two documents are candidate near
// duplicates when a key agrees.
func (s *Sketch) BandKeys(dst []uint32, p lsh.Params) []uint32 {
	return lsh.AppendBandKeys(dst, s.Signature, p)
}
