package shingle

import "slices"

// wordLower maps each byte to its lowered form if it is an ASCII letter or
// digit (a word character), and to 0 otherwise.
var wordLower = func() (t [256]byte) {
	for c := range 128 {
		if asciiClass[c] == classWord {
			t[c] = asciiLower[c]
		}
	}
	return t
}()

// appendASCII is appendTokens for ASCII text with case folding, in one pass
// over the text with no call per byte: the tokenizer of most documents. Each
// token is also appended to out's words, when out is not nil, and newlines
// are counted when out asks for line ends. The general path and this one
// agree on every ASCII input (FuzzNormalizeMatchesReference).
func appendASCII(dst, s []byte, out *tokens) []byte {
	// The normalized form of ASCII text is never longer than the text.
	dst = slices.Grow(dst, len(s)+1)
	d := dst[:cap(dst)]
	n := len(dst)
	first := true
	for i := 0; i < len(s); {
		c := s[i]
		if wordLower[c] == 0 {
			if c == '\n' && out != nil && out.lineEnds {
				out.lines = append(out.lines, int32(len(out.words)))
			}
			i++
			continue
		}
		if !first {
			d[n] = ' '
			n++
		}
		first = false
		start := n
		upper := 'A' <= c && c <= 'Z'
		apostrophe, lastDigit := false, false
	word:
		for i < len(s) {
			c := s[i]
			if l := wordLower[c]; l != 0 {
				if apostrophe {
					d[n] = '\''
					n++
					apostrophe = false
				}
				d[n] = l
				n++
				lastDigit = '0' <= c && c <= '9'
				i++
				continue
			}
			switch {
			case c == '\'':
				apostrophe, lastDigit = true, false
				i++
			case (c == '.' || c == ',') && lastDigit && !apostrophe && i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9':
				d[n] = c
				n++
				lastDigit = false
				i++
			default:
				break word
			}
		}
		// Drop trailing "'s" segments (see trimPossessive).
		for n-start > 2 && d[n-1]|0x20 == 's' && d[n-2] == '\'' {
			n -= 2
		}
		if out != nil {
			out.words = append(out.words, Word{Hash: hashBytes(d[start:n]), Start: int32(start), End: int32(n), Upper: upper})
		}
	}
	return d[:n]
}
