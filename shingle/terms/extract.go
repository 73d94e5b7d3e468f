package terms

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/shingle"
)

// A Term is a content term of a document.
type Term struct {
	Hash   uint64 // xxhash of the case-folded term
	TF     int    // occurrences
	Name   bool   // capitalized wherever it occurs
	Number bool   // starts with a digit
}

// MinLineWords is the number of words a line needs, unless it is the
// headline, for its terms to count: shorter lines are taken for boilerplate.
const MinLineWords = 5

// An Extractor extracts terms, reusing its buffers from call to call. The
// zero value is ready; not safe for concurrent use.
type Extractor struct {
	kept   shingle.Normalizer // KeepCase
	folded shingle.Normalizer
	text   []byte
	norm   []byte
	fold   []byte
	slot   []int32 // open-addressing table: index into the terms, +1
	upper  []bool  // per term: seen capitalized
	lower  []bool  // per term: seen in lower case
}

// Extract appends the terms of text to dst, one per distinct term, in order
// of first appearance, and returns the extended slice.
func (x *Extractor) Extract(dst []Term, text []byte) []Term {
	x.kept.KeepCase = true
	x.text = content(x.text[:0], text)
	x.norm = x.kept.Append(x.norm[:0], x.text)
	start := len(dst)
	x.reset(bytes.Count(x.norm, []byte{' '}) + 1)
	for rest := x.norm; len(rest) > 0; {
		tok := rest
		if i := bytes.IndexByte(rest, ' '); i >= 0 {
			tok, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if utf8.RuneCount(tok) < 2 {
			continue
		}
		key := x.foldToken(tok)
		h := xxhash.Sum64(key)
		if stopHashes[h] {
			continue
		}
		r, _ := utf8.DecodeRune(tok)
		i := x.find(dst, start, h)
		if i < 0 {
			i = len(dst) - start
			dst = append(dst, Term{Hash: h, Number: unicode.IsDigit(r)})
			x.upper = append(x.upper, false)
			x.lower = append(x.lower, false)
			x.insert(h, i)
		}
		dst[start+i].TF++
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			x.upper[i] = true
		} else {
			x.lower[i] = true
		}
	}
	for i := range dst[start:] {
		dst[start+i].Name = x.upper[i] && !x.lower[i]
	}
	return dst
}

// foldToken returns the case-folded form of a token of KeepCase output: its
// letters lowered for ASCII, the folded normalization otherwise.
func (x *Extractor) foldToken(tok []byte) []byte {
	x.fold = x.fold[:0]
	for _, c := range tok {
		if c >= utf8.RuneSelf {
			x.fold = x.folded.Append(x.fold[:0], tok)
			return x.fold
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		x.fold = append(x.fold, c)
	}
	return x.fold
}

func (x *Extractor) reset(tokens int) {
	size := 64
	for size < 2*tokens {
		size *= 2
	}
	if cap(x.slot) < size {
		x.slot = make([]int32, size)
	}
	x.slot = x.slot[:size]
	clear(x.slot)
	x.upper, x.lower = x.upper[:0], x.lower[:0]
}

// find returns the index (from start) of the term with hash h, or -1.
func (x *Extractor) find(dst []Term, start int, h uint64) int {
	mask := uint64(len(x.slot) - 1)
	for i := (h >> 32) & mask; x.slot[i] != 0; i = (i + 1) & mask {
		if j := int(x.slot[i] - 1); dst[start+j].Hash == h {
			return j
		}
	}
	return -1
}

func (x *Extractor) insert(h uint64, j int) {
	mask := uint64(len(x.slot) - 1)
	i := (h >> 32) & mask
	for x.slot[i] != 0 {
		i = (i + 1) & mask
	}
	x.slot[i] = int32(j + 1)
}

// content appends to dst the lines of text that count: the first line with
// words, and every line of MinLineWords words or more.
func content(dst, text []byte) []byte {
	headline := true
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		n := countWords(line)
		if n == 0 {
			continue
		}
		if headline || n >= MinLineWords {
			dst = append(append(dst, line...), '\n')
		}
		headline = false
	}
	return dst
}

// countWords returns the number of runs of non-space characters in line.
func countWords(line []byte) int {
	n, inWord := 0, false
	for i := 0; i < len(line); {
		c, size := line[i], 1
		var space bool
		if c < utf8.RuneSelf {
			space = c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
		} else {
			var r rune
			r, size = utf8.DecodeRune(line[i:])
			space = unicode.IsSpace(r)
		}
		if !space && !inWord {
			n++
		}
		inWord = !space
		i += size
	}
	return n
}
