package shingle

import (
	"bytes"
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
	// KeepCase skips case folding: tokens keep their letters' case (after
	// NFKC), so that callers can tell names from words. Lowering the ASCII
	// letters of such output gives the folded output, for ASCII text.
	KeepCase bool

	valid []byte
	out   []byte // text after normalization and folding, before tokenizing
	nfkc  []byte
	fold  []byte
	caser *cases.Caser
}

// Append appends the normalized form of src to dst and returns the extended
// buffer. src may hold any bytes; invalid UTF-8 separates tokens. src is not
// modified and must not overlap dst.
func (n *Normalizer) Append(dst, src []byte) []byte {
	if isASCII(src) {
		// ASCII is already NFKC and folds by lowering letters, which
		// appendTokens does itself.
		return appendTokens(dst, src, !n.KeepCase)
	}
	return n.appendUnicode(dst, src)
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
func (n *Normalizer) appendUnicode(dst, src []byte) []byte {
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
		out = n.appendIsland(out, src[start:end])
		i = end
	}
	n.out = out
	return appendTokens(dst, out, !n.KeepCase)
}

// appendIsland appends the NFKC form of the case folding of the NFKC form of
// s to dst. Each pass writes to an empty buffer: appending to a non-empty one
// makes norm check composition across the join, which is slow and allocates,
// and which an island never needs.
func (n *Normalizer) appendIsland(dst, s []byte) []byte {
	if n.KeepCase {
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

// AppendFolded appends to dst the folded normalized form of kept, the output
// of a KeepCase Normalizer, and returns the extended buffer: what a folding
// Normalizer would have made of the original text. Lower-case ASCII tokens are
// copied, upper-case ASCII lowered, and tokens with other characters folded
// one by one. n must not keep case.
func (n *Normalizer) AppendFolded(dst, kept []byte) []byte {
	first := true
	for len(kept) > 0 {
		// The tokens up to the first one with a non-ASCII byte are
		// lowered in bulk: KeepCase already trimmed their possessives.
		end := len(kept)
		for i, c := range kept {
			if c >= utf8.RuneSelf {
				end = bytes.LastIndexByte(kept[:i], ' ') + 1
				break
			}
		}
		if end > 0 {
			run := bytes.TrimSuffix(kept[:end], []byte{' '})
			if !first {
				dst = append(dst, ' ')
			}
			k := len(dst)
			dst = append(dst, run...)
			for ; k < len(dst); k++ {
				dst[k] = asciiLower[dst[k]]
			}
			first = false
			kept = kept[end:]
			continue
		}
		// A token with non-ASCII characters is folded on its own.
		tok := kept
		if i := bytes.IndexByte(kept, ' '); i >= 0 {
			tok, kept = kept[:i], kept[i+1:]
		} else {
			kept = nil
		}
		mark := len(dst)
		if !first {
			dst = append(dst, ' ')
		}
		start := len(dst)
		dst = n.appendUnicode(dst, tok)
		if len(dst) == start {
			dst = dst[:mark] // the token folded to nothing
			continue
		}
		first = false
	}
	return dst
}
