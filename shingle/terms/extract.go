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
	kept    shingle.Normalizer // KeepCase
	folded  shingle.Normalizer
	norm    []byte   // KeepCase normalization of the whole text
	spans   [][2]int // the spans of norm from lines that count
	fold    []byte
	foldBuf []byte
	slot    []int32 // open-addressing table: index into the terms, +1
	upper   []bool  // per term: seen capitalized
	lower   []bool  // per term: seen in lower case
}

// Extract appends the terms of text to dst, one per distinct term, in order
// of first appearance, and returns the extended slice.
func (x *Extractor) Extract(dst []Term, text []byte) []Term {
	dst, _ = x.Analyze(dst, nil, text)
	return dst
}

// Analyze is Extract that also appends to folded the normalized form of the
// whole text, as a shingle.Normalizer makes it (boilerplate lines included):
// one normalization pass, keeping case, serves both. The appended text is
// valid until the next call if folded was nil.
func (x *Extractor) Analyze(dst []Term, folded, text []byte) ([]Term, []byte) {
	x.kept.KeepCase = true
	// Normalize line by line (a newline only separates tokens, so this is
	// the normalization of the whole text), noting where the lines that
	// count start and end.
	x.norm = x.norm[:0]
	x.spans = x.spans[:0]
	headline := true
	for rest := text; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		start := len(x.norm)
		if start > 0 {
			x.norm = append(x.norm, ' ')
		}
		x.norm = x.kept.Append(x.norm, line)
		if len(x.norm) == start+min(1, start) {
			x.norm = x.norm[:start] // no tokens
			continue
		}
		if headline || countWords(line, MinLineWords) >= MinLineWords {
			x.spans = append(x.spans, [2]int{start + min(1, start), len(x.norm)})
		}
		headline = false
	}
	if folded == nil {
		folded = x.foldBuf[:0]
		defer func() { x.foldBuf = folded[:0] }()
	}
	folded = x.folded.AppendFolded(folded, x.norm)

	start := len(dst)
	x.reset(bytes.Count(x.norm, []byte{' '}) + 1)
	for _, span := range x.spans {
		dst = x.addTokens(dst, start, x.norm[span[0]:span[1]])
	}
	for i := range dst[start:] {
		dst[start+i].Name = x.upper[i] && !x.lower[i]
	}
	return dst, folded
}

// addTokens adds the terms of a span of KeepCase output.
func (x *Extractor) addTokens(dst []Term, start int, span []byte) []Term {
	for rest := span; len(rest) > 0; {
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
		if len(key) <= maxStopwordLen && isStopword(h) {
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
	return dst
}

// foldToken returns the case-folded form of a token of KeepCase output: tok
// itself if it is lower-case ASCII, its letters lowered if it is ASCII, the
// folded normalization otherwise. The result is valid until the next call.
func (x *Extractor) foldToken(tok []byte) []byte {
	upper := false
	for _, c := range tok {
		if c >= utf8.RuneSelf {
			x.fold = x.folded.Append(x.fold[:0], tok)
			return x.fold
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return tok
	}
	x.fold = append(x.fold[:0], tok...)
	for i, c := range x.fold {
		if 'A' <= c && c <= 'Z' {
			x.fold[i] = c + 'a' - 'A'
		}
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
