package shingle

import (
	"unicode"
	"unicode/utf8"
)

// tokens collects what appendTokens reports besides the text.
type tokens struct {
	words []Word
	// lines gets, for each newline passed, the number of words before it,
	// when lineEnds is set.
	lines    []int32
	lineEnds bool
}

// appendTokens appends the tokens of s, joined by single spaces, to dst. s
// should already be NFKC-normalized and, if fold is set, case-folded; with
// fold, ASCII letters are lowered here so that ASCII input can skip both
// steps. If out is not nil, each token is also appended to its words; a
// word's Upper then reports the case of the token's first letter in s, which
// is meaningful only when s was not case-folded before (ASCII input).
func appendTokens(dst, s []byte, fold bool, out *tokens) []byte {
	first := true
	for i := 0; i < len(s); {
		// Fast path: skip ASCII separators.
		if c := s[i]; c < utf8.RuneSelf {
			if asciiClass[c] == classSep {
				if c == '\n' && out != nil && out.lineEnds {
					out.lines = append(out.lines, int32(len(out.words)))
				}
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRune(s[i:])
			switch classify(r) {
			case classSep:
				i += size
				continue
			case classIdeo:
				if !first {
					dst = append(dst, ' ')
				}
				first = false
				start := len(dst)
				dst = append(dst, s[i:i+size]...)
				i += size
				// Combining marks stay with the character they modify.
				for i < len(s) {
					r, size := decode(s, i)
					if !isMark(r) {
						break
					}
					dst = append(dst, s[i:i+size]...)
					i += size
				}
				if out != nil {
					out.words = append(out.words, newWord(dst, start, false))
				}
				continue
			}
		}
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		start := len(dst)
		upper := out != nil && startsUpper(s[i:])
		dst, i = appendWord(dst, s, i, fold)
		if out != nil {
			out.words = append(out.words, newWord(dst, start, upper))
		}
	}
	return dst
}

// startsUpper reports whether s starts with an upper- or title-case letter.
func startsUpper(s []byte) bool {
	if c := s[0]; c < utf8.RuneSelf {
		return 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRune(s)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// appendWord appends the word token starting at s[i] (a word character) and
// returns the extended buffer and the index just past the token.
func appendWord(dst, s []byte, i int, fold bool) ([]byte, int) {
	start := len(dst)
	apostrophe := false // an apostrophe is pending: write it if a word character follows
	lastDigit := false
	for i < len(s) {
		// Fast path: a run of ASCII letters and digits, copied and lowered.
		if c := s[i]; c < utf8.RuneSelf && asciiClass[c] == classWord {
			if apostrophe {
				dst = append(dst, '\'')
				apostrophe = false
			}
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && asciiClass[s[j]] == classWord {
				j++
			}
			k := len(dst)
			dst = append(dst, s[i:j]...)
			for ; fold && k < len(dst); k++ {
				dst[k] = asciiLower[dst[k]]
			}
			lastDigit = '0' <= s[j-1] && s[j-1] <= '9'
			i = j
			continue
		}
		r, size := decode(s, i)
		switch {
		case classify(r) == classWord:
			if apostrophe {
				dst = append(dst, '\'')
				apostrophe = false
			}
			if f := stableFold(r); fold && f != r {
				dst = utf8.AppendRune(dst, f)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			lastDigit = isDigit(r)
			i += size
		case isApostrophe(r):
			apostrophe = true
			lastDigit = false
			i += size
		case (r == '.' || r == ',') && lastDigit && !apostrophe && i+1 < len(s):
			next, _ := decode(s, i+1)
			if !isDigit(next) {
				return trimPossessive(dst, start), i
			}
			dst = append(dst, byte(r))
			lastDigit = false
			i++
		default:
			return trimPossessive(dst, start), i
		}
	}
	return trimPossessive(dst, start), i
}

// trimPossessive drops trailing "'s" segments from the token dst[start:]:
// "xi's" becomes "xi" (and "XI'S" becomes "XI" when case is kept). Dropping
// all of them, not just one, keeps normalization idempotent ("x's's" becomes
// "x", not "x's").
func trimPossessive(dst []byte, start int) []byte {
	for len(dst)-start > 2 && (dst[len(dst)-1]|0x20) == 's' && dst[len(dst)-2] == '\'' {
		dst = dst[:len(dst)-2]
	}
	return dst
}

type class uint8

const (
	classSep  class = iota // separates tokens
	classWord              // letter, digit or combining mark
	classIdeo              // Han, Hiragana or Katakana: a token by itself
)

// asciiClass classifies the ASCII characters.
var asciiClass = func() (t [utf8.RuneSelf]class) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = classWord
		}
	}
	return t
}()

// asciiLower maps ASCII upper-case letters to lower case and every other byte
// to itself.
var asciiLower = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()

func classify(r rune) class {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	switch {
	case r == utf8.RuneError:
		return classSep
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
		return classIdeo
	case unicode.IsLetter(r) || unicode.IsDigit(r) || isMark(r):
		return classWord
	}
	return classSep
}

// stableFold maps r to one fixed member of its case orbit. cases.Fold alone is
// not idempotent (golang.org/x/text maps lower Cherokee to upper and upper to
// lower), so every non-ASCII word character also goes through this mapping,
// which is: ToUpper and then ToLower of any member of an orbit give the same
// rune.
func stableFold(r rune) rune {
	return unicode.ToLower(unicode.ToUpper(r))
}

func isMark(r rune) bool {
	return r >= utf8.RuneSelf && unicode.IsMark(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02BC':
		return true
	}
	return false
}

// decode returns the rune at s[i] and its width, with a fast path for ASCII.
// Invalid UTF-8 decodes as utf8.RuneError of width 1.
func decode(s []byte, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(s[i:])
}
