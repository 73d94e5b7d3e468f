package shingle

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// referenceNormalize is the slow, obviously correct normalizer the fast one
// is tested against: string and rune-slice operations, one rule at a time.
func referenceNormalize(in []byte) string {
	var valid strings.Builder
	for len(in) > 0 {
		r, size := utf8.DecodeRune(in)
		if r == utf8.RuneError && size == 1 {
			valid.WriteByte(' ')
		} else {
			valid.Write(in[:size])
		}
		in = in[size:]
	}
	text := norm.NFKC.String(cases.Fold().String(norm.NFKC.String(valid.String())))
	runes := []rune(text)
	var tokens []string
	for i := 0; i < len(runes); {
		r := runes[i]
		switch classify(r) {
		case classSep:
			i++
		case classIdeo:
			tok := string(r)
			for i++; i < len(runes) && unicode.IsMark(runes[i]); i++ {
				tok += string(runes[i])
			}
			tokens = append(tokens, tok)
		default:
			var tok []rune
			pending, lastDigit := false, false
		word:
			for ; i < len(runes); i++ {
				r := runes[i]
				switch {
				case classify(r) == classWord:
					if pending {
						tok = append(tok, '\'')
						pending = false
					}
					tok = append(tok, unicode.ToLower(unicode.ToUpper(r)))
					lastDigit = unicode.IsDigit(r)
				case r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02BC':
					pending, lastDigit = true, false
				case (r == '.' || r == ',') && lastDigit && !pending && i+1 < len(runes) && unicode.IsDigit(runes[i+1]):
					tok = append(tok, r)
					lastDigit = false
				default:
					break word
				}
			}
			t := string(tok)
			for len(t) > 2 && strings.HasSuffix(t, "'s") {
				t = t[:len(t)-2]
			}
			tokens = append(tokens, t)
		}
	}
	return strings.Join(tokens, " ")
}

func FuzzNormalizeMatchesReference(f *testing.F) {
	for _, s := range []string{
		"Hello, World!", "Mishustin’s visit", "x's's", "9.6 1,000 3.", "習近平在北京", "Cafe\u0301",
		"Straße ΌΣΟΣ", "bad\xffutf8", "it's ABC'S o'neil", "1.2.3,4", "a''b", "'s", "x'.5", "ǅ",
		// Island edges: marks after ASCII letters, composing pairs, width.
		"ae\u0301b", "A\u0308\u0301", "=\u0338x", "ｶﾞｷﾞ", "x\u0345y", "1\u20442", "Ω\u0301.5", "\u0301a",
		// Cuts at ASCII white space: marks and non-ASCII right after it.
		"a \u0301b", "x\t\u0345y", "9 \u00b4 6", "don’t stop", "A\n\u0308e 1.\u00a05",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got := string(Normalize(in))
		if want := referenceNormalize(in); got != want {
			t.Fatalf("Normalize(%q)\n = %q\nreference %q", in, got, want)
		}
		if isASCII(in) {
			// The ASCII fast path must agree with the general path.
			var n Normalizer
			if general := n.appendUnicode(nil, in, true); !bytes.Equal(general, []byte(got)) {
				t.Fatalf("ASCII fast path %q, general path %q, on %q", got, general, in)
			}
		}
	})
}
