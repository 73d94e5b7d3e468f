package shingle

import (
	"encoding/binary"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// A Normalizer maps text to its normalized form (see the package
// documentation). Its buffers are reused from call to call, so steady-state
// normalization does not allocate. The zero value is ready to use. A
// Normalizer is not safe for concurrent use.
type Normalizer struct {
	valid []byte
	out   []byte // text after normalization and folding, before tokenizing
	nfkc  []byte
	fold  []byte
	kept  []byte // AppendWords: the text normalized without case folding
	folds map[rune]foldedRune
	caser *cases.Caser
}

// Append appends the normalized form of src to dst and returns the extended
// buffer. src may hold any bytes; invalid UTF-8 separates tokens. src is not
// modified and must not overlap dst.
func (n *Normalizer) Append(dst, src []byte) []byte {
	return n.appendText(dst, src, nil)
}

// appendText appends the normalized form of src to dst and, if words is not
// nil, its words to words. The text is cut at ASCII white space into
// stretches: those of ASCII alone take the fast path, in which folding is
// lowering letters; the others, typically a word with an accent or a curly
// apostrophe, take the general path. Cutting there changes nothing: white
// space separates tokens, and no character composes with, or reorders
// across, an ASCII white space before or after it (fuzz tests check the
// result against normalizing the whole text at once).
func (n *Normalizer) appendText(dst, src []byte, out *tokens) []byte {
	base := len(dst)
	for i := 0; i < len(src); {
		j := indexNonASCII(src[i:])
		if j < 0 {
			return n.appendPart(dst, base, src[i:], true, out)
		}
		j += i
		s := i
		for k := j - 1; k >= i; k-- {
			if isSpace(src[k]) {
				s = k + 1
				break
			}
		}
		e := j + 1
		for e < len(src) && !isSpace(src[e]) {
			e++
		}
		dst = n.appendPart(dst, base, src[i:s], true, out)
		dst = n.appendPart(dst, base, src[s:e], false, out)
		i = e
	}
	return dst
}

// appendPart appends the tokens of part to dst, separated by a space from
// tokens that an earlier part appended after dst[:base]; ascii says part is
// ASCII. Only ASCII parts hold newlines.
func (n *Normalizer) appendPart(dst []byte, base int, part []byte, ascii bool, out *tokens) []byte {
	if len(part) == 0 {
		return dst
	}
	mark := len(dst)
	if mark > base {
		dst = append(dst, ' ')
	}
	start := len(dst)
	switch {
	case ascii:
		dst = appendASCII(dst, part, out)
	case out == nil:
		dst = n.appendUnicode(dst, part, true)
	default:
		dst = n.appendWordsUnicode(dst, part, &out.words)
	}
	if len(dst) == start {
		return dst[:mark]
	}
	return dst
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// indexNonASCII returns the index of the first byte of b that is not ASCII,
// or -1. It tests eight bytes at a time.
func indexNonASCII(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// appendUnicode is the general path of Append, for any input. For ASCII
// input it gives the same result as the fast path (a differential test
// checks this).
//
// Only the non-ASCII parts of the text go through normalization and folding.
// Cutting text just before an ASCII character never changes its NFKC form
// (no ASCII character composes with what precedes it, or reorders across
// it), and case folding maps each character on its own, so the text can be
// processed as ASCII runs, copied as they are, and islands that start at the
// character before a non-ASCII byte (it may compose with a following mark)
// and end before the next ASCII character. A fuzz test checks the result
// against normalizing the whole text at once.
func (n *Normalizer) appendUnicode(dst, src []byte, fold bool) []byte {
	if !utf8.Valid(src) {
		// Invalid bytes only separate tokens, but the normalizer
		// would pass them and their neighbours through unnormalized.
		n.valid = appendSpaceForInvalid(n.valid[:0], src)
		src = n.valid
	}
	out := n.out[:0]
	for i := 0; i < len(src); {
		j := i
		for j < len(src) && src[j] < utf8.RuneSelf {
			j++
		}
		if j == len(src) {
			out = append(out, src[i:]...)
			break
		}
		// src[j] starts a non-ASCII island; it begins one character
		// earlier when there is one, and ends before the next ASCII byte.
		start := j
		if start > i {
			start--
		}
		out = append(out, src[i:start]...)
		end := j + 1
		for end < len(src) && src[end] >= utf8.RuneSelf {
			end++
		}
		out = n.appendIsland(out, src[start:end], fold)
		i = end
	}
	n.out = out
	return appendTokens(dst, out, fold, nil)
}

// appendIsland appends the NFKC form of the case folding of the NFKC form of
// s to dst (without fold, its NFKC form). Each pass writes to an empty buffer:
// appending to a non-empty one makes norm check composition across the join,
// which is slow and allocates, and which an island never needs.
func (n *Normalizer) appendIsland(dst, s []byte, fold bool) []byte {
	if !fold {
		n.nfkc = norm.NFKC.Append(n.nfkc[:0], s...)
		return append(dst, n.nfkc...)
	}
	n.nfkc = norm.NFKC.Append(n.nfkc[:0], s...)
	n.fold = n.caseFold(n.fold[:0], n.nfkc)
	n.nfkc = norm.NFKC.Append(n.nfkc[:0], n.fold...)
	return append(dst, n.nfkc...)
}

// Normalize returns the normalized form of src in a new slice. It is a
// convenience for tests and one-off use; pipelines should reuse a Normalizer.
func Normalize(src []byte) []byte {
	var n Normalizer
	return n.Append(nil, src)
}

// caseFold appends the full Unicode case folding of src to dst.
func (n *Normalizer) caseFold(dst, src []byte) []byte {
	if n.caser == nil {
		c := cases.Fold()
		n.caser = &c
	}
	n.caser.Reset()
	if cap(dst) < len(src) {
		dst = make([]byte, 0, len(src)+len(src)/8+16)
	}
	for {
		buf := dst[len(dst):cap(dst)]
		nDst, nSrc, err := n.caser.Transform(buf, src, true)
		dst = dst[:len(dst)+nDst]
		src = src[nSrc:]
		if err != transform.ErrShortDst {
			// The folder accepts any input, invalid UTF-8 included,
			// so the only other outcome is success.
			return dst
		}
		dst = append(dst, make([]byte, len(src)+16)...)[:len(dst)]
	}
}

// appendSpaceForInvalid appends src to dst with every byte of invalid UTF-8
// replaced by a space.
func appendSpaceForInvalid(dst, src []byte) []byte {
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, ' ')
		} else {
			dst = append(dst, src[:size]...)
		}
		src = src[size:]
	}
	return dst
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
