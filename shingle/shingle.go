package shingle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// Unit is what a shingle counts: words or characters.
type Unit uint8

const (
	Words Unit = iota // word n-grams: n consecutive tokens
	Chars             // character n-grams: n consecutive runes of the normalized text
)

func (u Unit) String() string {
	switch u {
	case Words:
		return "word"
	case Chars:
		return "char"
	}
	return fmt.Sprintf("Unit(%d)", uint8(u))
}

// ParseUnit parses "word" or "char" (plural forms accepted).
func ParseUnit(s string) (Unit, error) {
	switch s {
	case "word", "words":
		return Words, nil
	case "char", "chars":
		return Chars, nil
	}
	return 0, fmt.Errorf("unknown shingle unit %q (want word or char)", s)
}

// Options says how to cut normalized text into shingles.
type Options struct {
	Unit Unit
	Size int // n, at least 1
}

// DefaultSize is the default word n-gram size; README.md records the
// measurement behind it.
const DefaultSize = 3

// Validate reports whether o describes a usable shingling.
func (o Options) Validate() error {
	if o.Unit != Words && o.Unit != Chars {
		return fmt.Errorf("unknown shingle unit %d", o.Unit)
	}
	if o.Size < 1 || o.Size > 64 {
		return fmt.Errorf("shingle size %d out of range 1..64", o.Size)
	}
	return nil
}

// A Shingler cuts normalized text into hashed shingles. It keeps a small
// buffer of token offsets from call to call, so steady-state use does not
// allocate. The zero value is not usable; use [New]. Not safe for concurrent
// use.
type Shingler struct {
	opt    Options
	starts []int    // start offsets of the current window's runes
	window []uint64 // AppendWordHashes: the last n token hashes
	rounds []uint64 // and their XXH64 rounds
	words  []Word   // AppendHashes: the tokens of the normalized text
}

// New returns a Shingler for o, which must be valid.
func New(o Options) *Shingler {
	if err := o.Validate(); err != nil {
		panic("shingle: " + err.Error())
	}
	return &Shingler{opt: o, starts: make([]int, 0, o.Size+1), window: make([]uint64, o.Size), rounds: make([]uint64, o.Size)}
}

// Options returns the options the Shingler was made with.
func (s *Shingler) Options() Options { return s.opt }

// AppendHashes appends the hash of every shingle of the normalized text norm
// to dst, in text order, duplicates included, and returns the extended slice.
// Text with no tokens yields no shingles; text with fewer than n units yields
// one shingle of all of them. For word shingles it gives what
// AppendWordHashes gives for the words of norm.
func (s *Shingler) AppendHashes(dst []uint64, norm []byte) []uint64 {
	if len(norm) == 0 {
		return dst
	}
	if s.opt.Unit == Words {
		s.words = s.words[:0]
		for start := 0; start < len(norm); {
			end := bytes.IndexByte(norm[start:], ' ')
			if end < 0 {
				end = len(norm)
			} else {
				end += start
			}
			s.words = append(s.words, Word{Hash: hashBytes(norm[start:end]), Start: int32(start), End: int32(end)})
			start = end + 1
		}
		return s.AppendWordHashes(dst, s.words)
	}
	dst, count := s.appendChars(dst, norm)
	if count < s.opt.Size {
		dst = append(dst, xxhash.Sum64(norm))
	}
	return dst
}

// AppendWordHashes appends the hash of every word n-gram of words, the tokens
// of a normalized text in order (as Normalizer.AppendWords reports them), to
// dst, and returns the extended slice. The hash of an n-gram is that of its
// tokens' hashes, HashTokens, so no text is hashed twice; fewer than n words
// yield one shingle of all of them, no words none. It panics if the Shingler
// cuts character shingles.
func (s *Shingler) AppendWordHashes(dst []uint64, words []Word) []uint64 {
	if s.opt.Unit != Words {
		panic("shingle: AppendWordHashes on a character shingler")
	}
	n := min(s.opt.Size, len(words))
	if n == 0 {
		return dst
	}
	// The window of the last n token hashes, oldest first, and each
	// passed through XXH64's round, which every window it is in reuses.
	hs, ks := s.window[:n], s.rounds[:n]
	for i, w := range words {
		for j := 0; j < n-1; j++ {
			hs[j], ks[j] = hs[j+1], ks[j+1]
		}
		hs[n-1], ks[n-1] = w.Hash, round(0, w.Hash)
		if i >= n-1 {
			dst = append(dst, hashLanes(hs, ks))
		}
	}
	return dst
}

// HashWords returns HashTokens of the words' hashes: the hash of a window of
// words, the same as the word shingle of those words. It allocates nothing
// for windows of up to 16 words.
func HashWords(words []Word) uint64 {
	if len(words) > 16 {
		hs := make([]uint64, len(words))
		for i, w := range words {
			hs[i] = w.Hash
		}
		return HashTokens(hs...)
	}
	var hs, ks [16]uint64
	for i, w := range words {
		hs[i], ks[i] = w.Hash, round(0, w.Hash)
	}
	return hashLanes(hs[:len(words)], ks[:len(words)])
}

// HashTokens returns the hash of a sequence of token hashes (TokenHash): the
// 64-bit xxhash of their little-endian bytes, in order. It is the hash of a
// word shingle.
func HashTokens(hashes ...uint64) uint64 {
	b := make([]byte, 0, 8*len(hashes))
	for _, h := range hashes {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	return xxhash.Sum64(b)
}

// appendChars hashes the character n-grams of norm and returns the number of
// runes.
func (s *Shingler) appendChars(dst []uint64, norm []byte) ([]uint64, int) {
	n := s.opt.Size
	starts := s.starts[:n]
	next, count := 0, 0
	for i := 0; i < len(norm); {
		size := 1
		if norm[i] >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(norm[i:])
		}
		starts[next] = i
		if next++; next == n {
			next = 0
		}
		i += size
		if count++; count >= n {
			dst = append(dst, xxhash.Sum64(norm[starts[next]:i]))
		}
	}
	return dst, count
}

// Set sorts hashes and removes duplicates in place, returning the sorted set.
func Set(hashes []uint64) []uint64 {
	slices.Sort(hashes)
	return slices.Compact(hashes)
}
