package shingle

import (
	"bytes"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// A Token is a normalized token with the span of the original text it came
// from.
type Token struct {
	Text       string // normalized
	Start, End int    // byte offsets in the original text
}

// AppendTokens appends the normalized tokens of text to dst, each with the
// byte span of the whitespace-separated word of text it came from (a word
// such as "China-Russia" gives two tokens with the same span). The tokens are
// those of Normalize, for text whose words do not combine across white space,
// which is all ordinary text.
func (n *Normalizer) AppendTokens(dst []Token, text []byte) []Token {
	for i := 0; i < len(text); {
		// Skip white space, then take a word.
		r, size := utf8.DecodeRune(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			r, size := utf8.DecodeRune(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		n.valid = n.Append(n.valid[:0], text[i:j])
		for _, tok := range bytes.Fields(n.valid) {
			dst = append(dst, Token{Text: string(tok), Start: i, End: j})
		}
		i = j
	}
	return dst
}

// A Run is a run of tokens shared by two token sequences: A[a:a+Len] equals
// B[b:b+Len].
type Run struct{ A, B, Len int }

// CommonRuns returns the maximal runs of at least minLen tokens that a and b
// share, longest first (ties by position in a). A run is reported once, where
// it first occurs in b for its position in a. It costs O(len(a) + len(b))
// plus the length of the runs.
func CommonRuns(a, b []string, minLen int) []Run {
	if minLen < 1 || len(a) < minLen || len(b) < minLen {
		return nil
	}
	gram := func(s []string) uint64 {
		d := xxhash.New()
		for _, t := range s {
			d.WriteString(t)
			d.Write([]byte{' '})
		}
		return d.Sum64()
	}
	// Where each minLen-gram of b starts (first occurrence).
	at := map[uint64]int{}
	for j := 0; j+minLen <= len(b); j++ {
		if _, ok := at[gram(b[j:j+minLen])]; !ok {
			at[gram(b[j:j+minLen])] = j
		}
	}
	var runs []Run
	covered := make([]bool, len(a)) // a's tokens inside a reported run
	for i := 0; i+minLen <= len(a); i++ {
		if covered[i] {
			continue
		}
		j, ok := at[gram(a[i:i+minLen])]
		if !ok || !slices.Equal(a[i:i+minLen], b[j:j+minLen]) {
			continue
		}
		// Extend backwards and forwards.
		s, t := i, j
		for s > 0 && t > 0 && a[s-1] == b[t-1] && !covered[s-1] {
			s, t = s-1, t-1
		}
		e := i + minLen
		for e < len(a) && t+(e-s) < len(b) && a[e] == b[t+(e-s)] {
			e++
		}
		runs = append(runs, Run{A: s, B: t, Len: e - s})
		for k := s; k < e; k++ {
			covered[k] = true
		}
	}
	slices.SortFunc(runs, func(x, y Run) int {
		if x.Len != y.Len {
			return y.Len - x.Len
		}
		return x.A - y.A
	})
	return runs
}
