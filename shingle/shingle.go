package shingle

import (
	"bytes"
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
	starts []int // start offsets of the current window's tokens or runes
}

// New returns a Shingler for o, which must be valid.
func New(o Options) *Shingler {
	if err := o.Validate(); err != nil {
		panic("shingle: " + err.Error())
	}
	return &Shingler{opt: o, starts: make([]int, 0, o.Size+1)}
}

// Options returns the options the Shingler was made with.
func (s *Shingler) Options() Options { return s.opt }

// AppendHashes appends the hash of every shingle of the normalized text norm
// to dst, in text order, duplicates included, and returns the extended slice.
// Text with no tokens yields no shingles; text with fewer than n units yields
// one shingle of all of them.
func (s *Shingler) AppendHashes(dst []uint64, norm []byte) []uint64 {
	if len(norm) == 0 {
		return dst
	}
	var count int
	if s.opt.Unit == Words {
		dst, count = s.appendWords(dst, norm)
	} else {
		dst, count = s.appendChars(dst, norm)
	}
	if count < s.opt.Size {
		dst = append(dst, xxhash.Sum64(norm))
	}
	return dst
}

// appendWords hashes the word n-grams of norm, tokens joined by single spaces,
// and returns the number of tokens. starts is a ring of the start offsets of
// the last n tokens; the oldest is where the current shingle begins.
func (s *Shingler) appendWords(dst []uint64, norm []byte) ([]uint64, int) {
	n := s.opt.Size
	starts := s.starts[:n]
	next := 0 // ring slot of the oldest start, and of the next token
	count := 0
	start := 0
	for {
		end := start + bytes.IndexByte(norm[start:], ' ')
		if end < start {
			end = len(norm)
		}
		starts[next] = start
		if next++; next == n {
			next = 0
		}
		if count++; count >= n {
			dst = append(dst, xxhash.Sum64(norm[starts[next]:end]))
		}
		if end == len(norm) {
			return dst, count
		}
		start = end + 1
	}
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
