package terms

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/shingle"
)

// A Term is a content term of a document.
type Term struct {
	Hash   uint64 // xxhash of the case-folded term
	TF     int    // occurrences
	Name   bool   // capitalized wherever it occurs
	Number bool   // starts with a digit
	// Context identifies where the term occurs: the smallest, over its
	// occurrences, of 32 bits of the hash of the ContextWords words on each
	// side of it and itself (fewer at the text's ends). Two documents that
	// share a passage holding the term give it the same Context; reports
	// that use it in their own words do not. 0 when not computed
	// (Extractor.Contexts sets it; it is never 0 once set).
	Context uint32
}

// ContextWords is the number of words on each side of a term's occurrence
// that make its context: with 3, a term shares its context with another
// document's only where the two share a run of 7 words around it.
const ContextWords = 3

// MinLineWords is the number of words a line needs, unless it is the
// headline, for its terms to count: shorter lines are taken for boilerplate.
const MinLineWords = 5

// An Extractor extracts terms, reusing its buffers from call to call. The
// zero value is ready; not safe for concurrent use.
type Extractor struct {
	norm   shingle.Normalizer
	folded []byte         // the normalized text
	words  []shingle.Word // its words
	lines  []int32        // for each newline of the text, the words before it
	slot   []int32        // open-addressing table: index into the terms, +1
	ctx    []int32        // Contexts' table of the terms it is given, +1
	upper  []bool         // per term: seen capitalized
	lower  []bool         // per term: seen in lower case
}

// Extract appends the terms of text to dst, one per distinct term, in order
// of first appearance, and returns the extended slice.
func (x *Extractor) Extract(dst []Term, text []byte) []Term {
	dst, _ = x.Analyze(dst, text)
	return dst
}

// An Analysis is the normalized text of a document and its words, as a
// shingle.Normalizer's AppendWords makes them, boilerplate lines included.
// Its slices belong to the Extractor and are overwritten by its next call.
type Analysis struct {
	Folded []byte
	Words  []shingle.Word
}

// Analyze is Extract that also returns the normalized text and its words:
// one normalization pass serves the terms, the shingles and the exact hash.
func (x *Extractor) Analyze(dst []Term, text []byte) ([]Term, Analysis) {
	x.folded, x.words, x.lines = x.norm.AppendWordLines(x.folded[:0], x.words[:0], x.lines[:0], text)
	start := len(dst)
	x.reset(len(x.words) / 4)
	// The terms of the headline (the first line with words) and of lines
	// of MinLineWords or more words count.
	headline := true
	from := 0 // the first word of the line
	for k, rest := 0, text; len(rest) > 0 || k == len(x.lines); k++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		to := len(x.words)
		if k < len(x.lines) {
			to = int(x.lines[k])
		}
		if to > from && (headline || countWords(line, MinLineWords) >= MinLineWords) {
			for _, w := range x.words[from:to] {
				tok := x.folded[w.Start:w.End]
				if len(tok) < 2 || tok[0] >= utf8.RuneSelf && len(tok) <= utf8.UTFMax && utf8.RuneCount(tok) < 2 {
					continue // one character
				}
				if len(tok) <= maxStopwordLen && isStopword(w.Hash) {
					continue
				}
				dst = x.add(dst, start, w, tok)
			}
		}
		if to > from {
			headline = false
		}
		from = to
		if k == len(x.lines) {
			break
		}
	}
	for i := range dst[start:] {
		dst[start+i].Name = x.upper[i] && !x.lower[i]
	}
	return dst, Analysis{Folded: x.folded, Words: x.words}
}

// Index returns the index in terms of the term with hash h, or -1 if there
// is none; terms must be the terms that the last Extract or Analyze
// appended. It costs O(1), through the table that call built.
func (x *Extractor) Index(terms []Term, h uint64) int {
	if len(x.slot) == 0 {
		return -1
	}
	return x.find(terms, 0, h)
}

// Contexts sets the Context of each of ts, terms of the text that the last
// Analyze call analyzed (any subset of them, in any order), from every
// occurrence of the term in that text. It allocates nothing once its table
// has grown to the number of terms.
func (x *Extractor) Contexts(ts []Term) {
	size := 16
	for size < 2*len(ts) {
		size *= 2
	}
	if cap(x.ctx) < size {
		x.ctx = make([]int32, size)
	}
	x.ctx = x.ctx[:size]
	clear(x.ctx)
	mask := uint64(size - 1)
	for j := range ts {
		ts[j].Context = 0
		i := (ts[j].Hash >> 32) & mask
		for x.ctx[i] != 0 {
			i = (i + 1) & mask
		}
		x.ctx[i] = int32(j + 1)
	}
	words := x.words
	for p, w := range words {
		j := -1
		for i := (w.Hash >> 32) & mask; x.ctx[i] != 0; i = (i + 1) & mask {
			if k := int(x.ctx[i] - 1); ts[k].Hash == w.Hash {
				j = k
				break
			}
		}
		if j < 0 {
			continue
		}
		c := uint32(shingle.HashWords(words[max(0, p-ContextWords):min(len(words), p+ContextWords+1)]) >> 32)
		c = max(c, 1)
		if t := &ts[j]; t.Context == 0 || c < t.Context {
			t.Context = c
		}
	}
}

// add counts the word w, whose token is tok, as an occurrence of its term.
func (x *Extractor) add(dst []Term, start int, w shingle.Word, tok []byte) []Term {
	i := x.find(dst, start, w.Hash)
	if i < 0 {
		i = len(dst) - start
		if 2*(i+1) > len(x.slot) {
			x.grow(dst[start:])
		}
		number := '0' <= tok[0] && tok[0] <= '9'
		if tok[0] >= utf8.RuneSelf {
			r, _ := utf8.DecodeRune(tok)
			number = unicode.IsDigit(r)
		}
		dst = append(dst, Term{Hash: w.Hash, Number: number})
		x.upper = append(x.upper, false)
		x.lower = append(x.lower, false)
		x.insert(w.Hash, i)
	}
	dst[start+i].TF++
	if w.Upper {
		x.upper[i] = true
	} else {
		x.lower[i] = true
	}
	return dst
}

// reset empties the term table, sized for about n terms.
func (x *Extractor) reset(n int) {
	size := 64
	for size < 2*n {
		size *= 2
	}
	if cap(x.slot) < size {
		x.slot = make([]int32, size)
	}
	x.slot = x.slot[:size]
	clear(x.slot)
	x.upper, x.lower = x.upper[:0], x.lower[:0]
}

// grow doubles the term table and re-inserts the terms.
func (x *Extractor) grow(terms []Term) {
	size := 2 * len(x.slot)
	if cap(x.slot) < size {
		x.slot = make([]int32, size)
	}
	x.slot = x.slot[:size]
	clear(x.slot)
	for i, t := range terms {
		x.insert(t.Hash, i)
	}
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

// countWords returns the number of runs of non-space characters in line, or
// enough once it has counted that many.
func countWords(line []byte, enough int) int {
	n, inWord := 0, false
	for i := 0; i < len(line) && n < enough; {
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
