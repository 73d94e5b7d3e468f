package shingle

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   \n\t ", ""},
		{"Hello,   World!", "hello world"},
		{"Mishustin’s inaugural visit", "mishustin inaugural visit"},
		{"Mishustin's inaugural visit", "mishustin inaugural visit"},
		{"they’ve become", "they've become"},
		{"“unprecedented high level.”", "unprecedented high level"},
		{"‘Global South’ countries", "global south countries"},
		{"countries' leaders", "countries leaders"},
		{"China-Russia relations", "china russia relations"},
		{"jumping 153% to $9.6 billion.", "jumping 153 to 9.6 billion"},
		{"US$155.1 billion, 1,000 km", "us 155.1 billion 1,000 km"},
		{"end of sentence 3. Next", "end of sentence 3 next"},
		{"x's's", "x"},
		{"it's", "it"},
		{"'quoted'", "quoted"},
		{"rock'n'roll", "rock'n'roll"},
		{"ＦＵＬＬＷＩＤＴＨ １２３", "fullwidth 123"},    // NFKC width folding
		{"ﬁnance ﬂow", "finance flow"},        // ligatures
		{"STRASSE Straße", "strasse strasse"}, // full case folding
		{"ΌΣΟΣ όσος", "όσοσ όσοσ"},            // final sigma folds
		{"Café café CAFÉ", "café café café"},  // composed and cased alike
		{"Cafe\u0301", "café"},                // decomposed input composes
		{"Москва и Пекин", "москва и пекин"},  // Cyrillic
		{"習近平在北京", "習 近 平 在 北 京"},             // Han: one token per character
		{"ひらがなカタカナ", "ひ ら が な カ タ カ ナ"},       // kana likewise
		{"abc中文def", "abc 中 文 def"},           // script change splits
		{"서울 특별시", "서울 특별시"},                  // Hangul uses spaces: words
		{"العربية، نص", "العربية نص"},         // Arabic comma separates
		{"bad\xffutf8\xc3", "bad utf8"},       // invalid UTF-8 separates
		{"a\x00b", "a b"},                     // control bytes separate
		{"Read more »", "read more"},
		{"e-mail: x@y.com", "e mail x y com"},
	}
	for _, tt := range tests {
		got := string(Normalize([]byte(tt.in)))
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizerReuse checks that a reused Normalizer gives the same result
// as a fresh one, whatever it normalized before.
func TestNormalizerReuse(t *testing.T) {
	inputs := []string{"Ünïcödé TEXT", "plain ascii", "習近平", "", "ﬁnal Straße"}
	var n Normalizer
	for round := 0; round < 2; round++ {
		for _, in := range inputs {
			got := n.Append(nil, []byte(in))
			want := Normalize([]byte(in))
			if !bytes.Equal(got, want) {
				t.Errorf("reused Normalizer on %q = %q, want %q", in, got, want)
			}
		}
	}
}

func TestNormalizeAppends(t *testing.T) {
	got := (&Normalizer{}).Append([]byte("prefix|"), []byte("A b"))
	if string(got) != "prefix|a b" {
		t.Errorf("Append kept %q, want prefix|a b", got)
	}
}

// checkNormalized asserts the invariants of a normalized form.
func checkNormalized(t *testing.T, in, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("Normalize(%q) = %q: invalid UTF-8", in, out)
	}
	if len(out) > 0 && (out[0] == ' ' || out[len(out)-1] == ' ') {
		t.Fatalf("Normalize(%q) = %q: leading or trailing space", in, out)
	}
	if bytes.Contains(out, []byte("  ")) {
		t.Fatalf("Normalize(%q) = %q: double space", in, out)
	}
	again := Normalize(out)
	if !bytes.Equal(again, out) {
		t.Fatalf("Normalize is not idempotent on %q:\n once  %q\n twice %q", in, out, again)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"Hello, World!", "Mishustin’s visit", "x's's", "9.6 1,000 3.", "習近平在北京",
		"Cafe\u0301", "Straße ΌΣΟΣ", "bad\xffutf8", "=\u0338", "a-\u0301b", "ﬁ", "'s", "s's",
		"\u0345\u0399", "ǅ", "ﾞ", "1.\u0661", "\u2019\u2019s",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		out := Normalize(in)
		if !bytes.Equal(in, orig) {
			t.Fatalf("Normalize modified its input")
		}
		checkNormalized(t, in, out)
	})
}

func TestAppendWords(t *testing.T) {
	tests := []struct{ in, want, upper string }{
		{"Xi told Prime Minister Mikhail Mishustin’s team", "xi told prime minister mikhail mishustin team", "X_PMMM_"},
		{"XI'S visit, NATO-led", "xi visit nato led", "X_N_"},
		{"Москва и ПЕКИН", "москва и пекин", "М_П"},
		{"Straße ﬁ Ǆ", "strasse fi dž", "S_D"},
		{"北京 Beijing", "北 京 beijing", "__B"},
	}
	for _, tt := range tests {
		var n Normalizer
		out, words := n.AppendWords([]byte("x|"), nil, []byte(tt.in))
		if got := string(out[2:]); got != tt.want {
			t.Errorf("AppendWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
		upper := ""
		for _, w := range words {
			tok := out[w.Start:w.End]
			if w.Hash != TokenHash(tok) {
				t.Errorf("%q: word %q has hash %x", tt.in, tok, w.Hash)
			}
			if w.Upper {
				upper += strings.ToUpper(string([]rune(string(tok))[:1]))
			} else {
				upper += "_"
			}
		}
		if upper != tt.upper {
			t.Errorf("AppendWords(%q): upper %q, want %q", tt.in, upper, tt.upper)
		}
	}
}

// FuzzAppendWords checks AppendWords against Append and the case-keeping
// normalization: the same text, words that are exactly its tokens with their
// hashes, and Upper set for the words of tokens that start with an upper- or
// title-case letter before folding (for ASCII input, where tokens of the two
// normalizations correspond one to one).
func FuzzAppendWords(f *testing.F) {
	for _, s := range []string{"Xi's NATO-led 9.6 O'Neil", "IT'S x'S'S", "Straße ΌΣΟΣ Ⓐ ǅ", "Cafe\u0301 İstanbul", "\u0345x", "ǈ's", "A.B 1,000.5", "bad\xffutf8 Ok", "x'ſ", "İ\u0323x", "ᄀ\u1161 ᄀx", "ΣΑΣ σας", "ǅemal Straße"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var n Normalizer
		out, words := n.AppendWords(nil, nil, []byte(s))
		if want := Normalize([]byte(s)); !bytes.Equal(out, want) {
			t.Fatalf("AppendWords(%q) = %q, Normalize = %q", s, out, want)
		}
		fields := bytes.Fields(out)
		if len(fields) != len(words) {
			t.Fatalf("%q: %d words for %d tokens", s, len(words), len(fields))
		}
		for i, w := range words {
			if tok := out[w.Start:w.End]; !bytes.Equal(tok, fields[i]) || w.Hash != TokenHash(tok) {
				t.Fatalf("%q: word %d is %q (hash %x), token %q", s, i, tok, w.Hash, fields[i])
			}
		}
		if !isASCII([]byte(s)) {
			return
		}
		kept := bytes.Fields(n.appendUnicode(nil, []byte(s), false))
		for i, w := range words {
			if want := startsUpper(kept[i]); w.Upper != want {
				t.Fatalf("%q: word %q upper %v, kept token %q", s, fields[i], w.Upper, kept[i])
			}
		}
	})
}

// TestFoldTokenMatchesNormalize checks the rune-by-rune folding of tokens
// against normalizing them, for every letter and digit of the Basic
// Multilingual Plane between, before and after other characters.
func TestFoldTokenMatchesNormalize(t *testing.T) {
	var n Normalizer
	for r := rune(0x80); r < 0x10000; r++ {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			continue
		}
		c := string(r)
		for _, text := range []string{c, "a" + c + "b", c + "X", "Ab" + c, "x'" + c, c + c + "'s", "9" + c + "9"} {
			want := Normalize([]byte(text))
			got, words := n.AppendWords(nil, nil, []byte(text))
			if !bytes.Equal(got, want) {
				t.Fatalf("AppendWords(%q) = %q, Normalize %q", text, got, want)
			}
			for _, w := range words {
				if w.Hash != TokenHash(got[w.Start:w.End]) {
					t.Fatalf("AppendWords(%q): word %+v", text, w)
				}
			}
		}
	}
}

// FuzzAppendWordLines checks that the line ends AppendWordLines reports are
// those of normalizing the text line by line.
func FuzzAppendWordLines(f *testing.F) {
	for _, s := range []string{"Head Line\nLeave a Reply\n\nBody café text.\n", "x\n\n\ny", "Straße\nΌΣΟΣ\r\nǅ x", "\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var n Normalizer
		_, words, lines := n.AppendWordLines(nil, nil, nil, []byte(s))
		var want []int32
		count := 0
		for _, line := range strings.Split(s, "\n") {
			_, w := n.AppendWords(nil, nil, []byte(line))
			count += len(w)
			want = append(want, int32(count))
		}
		want = want[:len(want)-1] // the last line ends with no newline
		if !slices.Equal(lines, want) {
			t.Fatalf("%q: line ends %v, want %v", s, lines, want)
		}
		if count != len(words) {
			t.Fatalf("%q: %d words, %d line by line", s, len(words), count)
		}
	})
}
