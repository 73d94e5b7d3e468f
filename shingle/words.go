package shingle

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// A Word is one token of normalized text, as [Normalizer.AppendWords]
// reports it.
type Word struct {
	Hash       uint64 // TokenHash of the token
	Start, End int32  // the token's byte offsets in the normalized text
	// Upper reports whether the token began with an upper- or title-case
	// letter before case folding: what tells names from words.
	Upper bool
}

// TokenHash returns the hash of a normalized token: the 64-bit xxhash of its
// bytes. Word shingles and terms are made of token hashes.
func TokenHash(tok []byte) uint64 { return hashBytes(tok) }

func newWord(dst []byte, start int, upper bool) Word {
	return Word{Hash: hashBytes(dst[start:]), Start: int32(start), End: int32(len(dst)), Upper: upper}
}

// AppendWords appends the normalized form of src to dst, exactly as Append
// does, and appends each of the appended tokens to words, with its offsets in
// the returned buffer, its hash and its case before folding. It returns both
// extended slices.
//
// ASCII is tokenized and folded in one pass. Other text is normalized without
// case folding first, so that each token's case can be read, and then each
// token is folded on its own, which gives the folded form of the whole text
// (a fuzz test checks this against Append). A token whose folding gives
// several tokens gives each of them its case.
func (n *Normalizer) AppendWords(dst []byte, words []Word, src []byte) ([]byte, []Word) {
	out := tokens{words: words}
	dst = n.appendText(dst, src, &out)
	return dst, out.words
}

// AppendWordLines is AppendWords that also appends to lines, for each
// newline ('\n') of src, the number of words before it (counting those that
// words held already): the words of line k of src are
// words[lines[k-1]:lines[k]], for the lines it ends. One pass then tells
// which line each word came from.
func (n *Normalizer) AppendWordLines(dst []byte, words []Word, lines []int32, src []byte) ([]byte, []Word, []int32) {
	out := tokens{words: words, lines: lines, lineEnds: true}
	dst = n.appendText(dst, src, &out)
	return dst, out.words, out.lines
}

// appendWordsUnicode is the general path of AppendWords.
func (n *Normalizer) appendWordsUnicode(dst, src []byte, words *[]Word) []byte {
	n.kept = n.appendUnicode(n.kept[:0], src, false)
	first := true
	for rest := n.kept; len(rest) > 0; {
		tok := rest
		if i := bytes.IndexByte(rest, ' '); i >= 0 {
			tok, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		upper := startsUpper(tok)
		mark := len(dst)
		if !first {
			dst = append(dst, ' ')
		}
		start := len(dst)
		if isASCII(tok) {
			dst = append(dst, tok...)
			for i := start; i < len(dst); i++ {
				dst[i] = asciiLower[dst[i]]
			}
			*words = append(*words, newWord(dst, start, upper))
			first = false
			continue
		}
		if d, ok := n.foldToken(dst, tok); ok {
			dst = d
			*words = append(*words, newWord(dst, start, upper))
			first = false
			continue
		}
		dst = n.appendUnicode(dst, tok, true)
		if len(dst) == start {
			dst = dst[:mark] // the token folded to nothing
			continue
		}
		first = false
		// The folded token may be several tokens.
		for i := start; i < len(dst); {
			end := bytes.IndexByte(dst[i:], ' ')
			if end < 0 {
				end = len(dst)
			} else {
				end += i
			}
			*words = append(*words, Word{Hash: TokenHash(dst[i:end]), Start: int32(i), End: int32(end), Upper: upper})
			i = end + 1
		}
	}
	return dst
}

// foldToken appends the folded form of tok, a token of case-keeping output
// with non-ASCII characters, rune by rune, and reports whether it could:
// ASCII is lowered, and each other rune becomes what normalizing it alone
// gives (foldRune). That is the normalization of the whole token when no
// rune is a combining mark or a Hangul jamo: case folding maps runes one by
// one, the token was in NFKC form already, and the pieces, each in NFKC form,
// start with no mark that could compose or reorder across the joins. A
// trailing possessive that folding made ("x'ſ") is trimmed as normalizing
// would. Otherwise it returns dst unchanged and false.
func (n *Normalizer) foldToken(dst, tok []byte) ([]byte, bool) {
	start := len(dst)
	for i := 0; i < len(tok); {
		if c := tok[i]; c < utf8.RuneSelf {
			dst = append(dst, asciiLower[c])
			i++
			continue
		}
		r, size := utf8.DecodeRune(tok[i:])
		piece, ok := n.foldRune(r)
		if !ok {
			return dst[:start], false
		}
		dst = append(dst, piece...)
		i += size
	}
	return trimPossessive(dst, start), true
}

// foldRune returns the normalization of r alone, and whether foldToken may
// use it as a piece: r is no mark or Hangul jamo, and normalizing it gives
// one token of at least one character. Results are cached.
func (n *Normalizer) foldRune(r rune) (string, bool) {
	if f, ok := n.folds[r]; ok {
		return f.s, f.ok
	}
	var buf [utf8.UTFMax]byte
	out := n.appendUnicode(nil, buf[:utf8.EncodeRune(buf[:], r)], true)
	f := foldedRune{s: string(out)}
	f.ok = len(out) > 0 && bytes.IndexByte(out, ' ') < 0 && !unicode.IsMark(r) && !isJamo(r)
	if n.folds == nil {
		n.folds = map[rune]foldedRune{}
	}
	n.folds[r] = f
	return f.s, f.ok
}

// foldedRune is a cached result of foldRune.
type foldedRune struct {
	s  string
	ok bool
}

// isJamo reports whether r is a Hangul jamo, which composes with jamo that
// follow it without being a mark.
func isJamo(r rune) bool {
	return 0x1100 <= r && r <= 0x11ff || 0x3130 <= r && r <= 0x318f || 0xa960 <= r && r <= 0xa97f || 0xd7b0 <= r && r <= 0xd7ff
}
