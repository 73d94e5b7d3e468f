package terms

import (
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/shingle"
)

// TestAnalyze checks that boilerplate lines give no terms but stay in the
// folded text, which is the normalization of the whole text.
func TestAnalyze(t *testing.T) {
	in := "\n  \nXi meets Mishustin\nLeave a Reply\nRead more:\nThe two leaders met in Beijing on Wednesday.\nAdvertisement\n"
	var x Extractor
	ts, an := x.Analyze(nil, []byte(in))
	folded := an.Folded
	var got []string
	for _, tm := range ts {
		got = append(got, name(tm.Hash))
	}
	if want := "xi meets mishustin leaders met beijing wednesday"; strings.Join(got, " ") != want {
		t.Errorf("terms %q, want %q", strings.Join(got, " "), want)
	}
	if want := string(shingle.Normalize([]byte(in))); string(folded) != want {
		t.Errorf("folded %q, want %q", folded, want)
	}
}

// FuzzAnalyzeFolded checks that Analyze's line-by-line normalization is the
// normalization of the whole text, with its words.
func FuzzAnalyzeFolded(f *testing.F) {
	f.Add([]byte("Head Line\nLeave a Reply\nBody text with five words or more.\n"))
	f.Add([]byte("\n\nǅ Ⓐ x's\n\xff"))
	f.Fuzz(func(t *testing.T, text []byte) {
		var x Extractor
		_, an := x.Analyze(nil, text)
		if want := string(shingle.Normalize(text)); string(an.Folded) != want {
			t.Fatalf("Analyze folded %q, want %q", an.Folded, want)
		}
		var n shingle.Normalizer
		_, words := n.AppendWords(nil, nil, text)
		if len(words) != len(an.Words) {
			t.Fatalf("%d words, want %d", len(an.Words), len(words))
		}
		for i := range words {
			if words[i].Hash != an.Words[i].Hash || words[i].Start != an.Words[i].Start || words[i].End != an.Words[i].End {
				t.Fatalf("word %d: %+v, want %+v", i, an.Words[i], words[i])
			}
		}
	})
}

func TestExtract(t *testing.T) {
	text := "Mishustin visits Beijing\n" +
		"Prime Minister Mikhail Mishustin met Xi Jinping in Beijing on Wednesday, officials said.\n" +
		"Officials said trade jumped 153% to $9.6 billion; Mishustin’s visit was his first.\n" +
		"Leave a Reply\n"
	var x Extractor
	got := map[string]Term{}
	for _, tm := range x.Extract(nil, []byte(text)) {
		got[name(tm.Hash)] = tm
	}
	check := func(term string, tf int, isName, isNumber bool) {
		t.Helper()
		tm, ok := got[term]
		if !ok {
			t.Errorf("%q not extracted", term)
			return
		}
		if tm.TF != tf || tm.Name != isName || tm.Number != isNumber {
			t.Errorf("%q = %+v, want tf %d name %v number %v", term, tm, tf, isName, isNumber)
		}
	}
	check("mishustin", 3, true, false)
	check("beijing", 2, true, false)
	check("officials", 2, false, false) // lower case once: not a name
	check("visits", 1, false, false)
	check("153", 1, false, true)
	check("9.6", 1, false, true)
	for _, stop := range []string{"the", "in", "on", "said", "his", "leave", "reply"} {
		if _, ok := got[stop]; ok {
			t.Errorf("%q extracted", stop)
		}
	}
}

// name maps the hashes of the words used in tests back to the words.
func name(h uint64) string {
	for _, w := range []string{"mishustin", "beijing", "officials", "visits", "153", "9.6", "the", "in", "on", "said", "his", "leave", "reply", "prime", "minister", "mikhail", "met", "xi", "jinping", "wednesday", "trade", "jumped", "billion", "visit", "was", "first", "two", "leaders", "meets", "xi"} {
		if xxhash.Sum64String(w) == h {
			return w
		}
	}
	return "?"
}

func TestExtractReuse(t *testing.T) {
	var x Extractor
	a := x.Extract(nil, []byte("Alpha beta gamma delta epsilon zeta\n"))
	x.Extract(nil, []byte("Something else entirely with other words here\n"))
	b := x.Extract(nil, []byte("Alpha beta gamma delta epsilon zeta\n"))
	if len(a) != len(b) {
		t.Fatalf("reuse changed the result: %d vs %d terms", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("term %d: %+v vs %+v", i, a[i], b[i])
		}
	}
	dst := make([]Term, 0, 64)
	text := []byte("Officials in the capital discussed the new trade agreement on Monday evening.\n")
	x.Extract(dst, text)
	if n := testing.AllocsPerRun(20, func() { dst = x.Extract(dst[:0], text) }); n != 0 {
		t.Errorf("Extract allocated %.0f times per call", n)
	}
}

func TestDefaultBackground(t *testing.T) {
	b := DefaultBackground()
	if b.Docs != 1649 {
		t.Errorf("background has %d documents, want 1649", b.Docs)
	}
	if df := b.DF(xxhash.Sum64String("the")); df < 1600 {
		t.Errorf("df(the) = %d", df)
	}
	if df := b.DF(xxhash.Sum64String("mishustin")); df != 0 {
		t.Errorf("df(mishustin) = %d", df)
	}
	if b.DF(xxhash.Sum64String("russia")) == 0 || b.DF(xxhash.Sum64String("economy")) <= b.DF(xxhash.Sum64String("russia")) {
		t.Error("background frequencies do not look like English")
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte("Mishustin’s VISIT\nThe two leaders met in Beijing on Wednesday.\n"))
	f.Add([]byte("\xff\xfe a\nb c d e f\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		var x Extractor
		seen := map[uint64]bool{}
		for _, tm := range x.Extract(nil, text) {
			if seen[tm.Hash] || tm.TF < 1 || isStopword(tm.Hash) {
				t.Fatalf("bad term %+v", tm)
			}
			seen[tm.Hash] = true
		}
	})
}

// TestContexts checks that a term has the same context in two documents that
// share the passage it occurs in, and another where a document uses it in its
// own words; and that setting contexts allocates nothing.
func TestContexts(t *testing.T) {
	passage := "Prime Minister Mikhail Mishustin arrived in Beijing on Tuesday for talks."
	texts := []string{
		"Headline one\nA first report says that " + passage + " More words follow here.",
		"Another headline\nThe wire story reads: " + passage + " Then other news entirely.",
		"Third headline\nOfficials said Mishustin would meet the premier later this week in the capital.",
	}
	ctx := func(text string) map[uint64]uint32 {
		var x Extractor
		ts := x.Extract(nil, []byte(text))
		x.Contexts(ts)
		out := map[uint64]uint32{}
		for _, tm := range ts {
			if tm.Context == 0 {
				t.Fatalf("term %x of %q has no context", tm.Hash, text)
			}
			out[tm.Hash] = tm.Context
		}
		return out
	}
	a, b, c := ctx(texts[0]), ctx(texts[1]), ctx(texts[2])
	mishustin := xxhash.Sum64String("mishustin")
	if a[mishustin] == 0 || a[mishustin] != b[mishustin] {
		t.Errorf("mishustin in a shared passage: contexts %x and %x, want equal", a[mishustin], b[mishustin])
	}
	if c[mishustin] == a[mishustin] {
		t.Errorf("mishustin in other words has the shared passage's context %x", c[mishustin])
	}
	// "headline" occurs in different words in each.
	if h := xxhash.Sum64String("headline"); a[h] == b[h] {
		t.Errorf("headline in different lines has one context")
	}
	var x Extractor
	text := []byte(texts[0])
	ts := x.Extract(nil, text)
	x.Contexts(ts)
	if n := testing.AllocsPerRun(50, func() { ts = x.Extract(ts[:0], text); x.Contexts(ts) }); n != 0 {
		t.Errorf("Extract and Contexts allocate %v times", n)
	}
}
