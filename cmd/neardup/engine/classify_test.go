package engine

import (
	"math"
	"strings"
	"testing"
)

// side sketches text and returns it as a side with its set and normalized
// text, and the stats of the given texts.
type sketched struct {
	s    Sketch
	set  []uint64
	norm []byte
}

func sketchAll(t *testing.T, cfg Config, texts ...string) ([]sketched, *Stats) {
	t.Helper()
	k := mustKernel(t, cfg)
	var st Stats
	out := make([]sketched, len(texts))
	for i, text := range texts {
		an, err := k.Sketch(&out[i].s, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		out[i].set = append([]uint64(nil), an.Set...)
		out[i].norm = append([]byte(nil), an.Normalized...)
		st.Add(&out[i].s)
	}
	return out, &st
}

func (d *sketched) full() Side   { return Side{Sketch: &d.s, Set: d.set, Normalized: d.norm} }
func (d *sketched) sketch() Side { return Side{Sketch: &d.s} }

const story = "Prime Minister Mikhail Mishustin arrived in Beijing on Monday for talks with Premier Li Qiang.\n" +
	"The two governments signed twelve agreements on grain exports, energy and transport corridors.\n" +
	"Mishustin said trade between Russia and China reached a record of 240 billion dollars last year.\n" +
	"Li Qiang called the visit a new stage of the partnership and invited Mishustin to Shanghai."

func TestClassifyKinds(t *testing.T) {
	edited := strings.Replace(story, "twelve agreements", "twelve new agreements", 1)
	retold := "Russian premier Mishustin met Li Qiang in Beijing; the sides agreed on grain, energy and corridors.\n" +
		"Trade between Russia and China hit 240 billion dollars, Mishustin told reporters after meeting Li Qiang."
	other := "The city council of Lyon voted on Tuesday to extend the tram network to the airport by 2030.\n" +
		"The mayor said the line would carry forty thousand passengers a day once it opens."
	docs, st := sketchAll(t, DefaultConfig(), story, strings.ToUpper(story), edited, retold, other)
	c := NewClassifier(DefaultRules(), st)
	check := func(name string, a, b Side, want Kind) Verdict {
		t.Helper()
		v := c.Classify(a, b)
		if v.Kind != want {
			t.Errorf("%s: kind %q (J %.3f, score %.3f), want %q", name, v.Kind, v.Similarity.Jaccard, v.Score, want)
		}
		w := c.Classify(b, a)
		if w.Kind != v.Kind || w.Score != v.Score || w.Similarity.Jaccard != v.Similarity.Jaccard ||
			w.Similarity.ContainmentAB != v.Similarity.ContainmentBA {
			t.Errorf("%s: not symmetric: %+v and %+v", name, v, w)
		}
		return v
	}
	v := check("upper-case copy", docs[0].full(), docs[1].full(), Exact)
	if v.Similarity.Jaccard != 1 || v.Estimate != 1 {
		t.Errorf("exact pair: %+v", v)
	}
	check("upper-case copy, sketches only", docs[0].sketch(), docs[1].sketch(), Exact)
	v = check("edited copy", docs[0].full(), docs[2].full(), Near)
	if !v.Compared || v.Similarity.Jaccard >= 1 || v.Estimate == 0 {
		t.Errorf("near pair: %+v", v)
	}
	// Without sets, nothing says the pair is near, and its terms are all in
	// passages the two share, which the related score leaves out: only the
	// sets can say what it is.
	check("edited copy, sketches only", docs[0].sketch(), docs[2].sketch(), "")
	check("retold", docs[0].full(), docs[3].full(), Related)
	check("other story", docs[0].full(), docs[4].full(), "")

	// The kinds searched: an exact pair is nothing else; a near pair is
	// related (it overlaps) when near duplicates are not searched.
	for _, tc := range []struct {
		kinds Kinds
		a, b  int
		want  Kind
	}{
		{KindsOf(Near, Related), 0, 1, ""},
		{KindsOf(Exact), 0, 2, ""},
		{KindsOf(Related), 0, 2, Related}, // they overlap
		{KindsOf(Exact, Near), 0, 3, ""},
	} {
		r := DefaultRules()
		r.Kinds = tc.kinds
		got := NewClassifier(r, st).Classify(docs[tc.a].full(), docs[tc.b].full()).Kind
		if got != tc.want {
			t.Errorf("kinds %s, docs %d and %d: %q, want %q", tc.kinds, tc.a, tc.b, got, tc.want)
		}
	}
}

// TestClassifyExactNeedsEqualTexts forges a hash collision: equal hashes, but
// normalized texts that differ are not exact duplicates.
func TestClassifyExactNeedsEqualTexts(t *testing.T) {
	docs, st := sketchAll(t, DefaultConfig(), story, story+" And more.")
	docs[1].s.Hash, docs[1].s.Shingles = docs[0].s.Hash, docs[0].s.Shingles
	c := NewClassifier(DefaultRules(), st)
	if v := c.Classify(docs[0].full(), docs[1].full()); v.Kind == Exact {
		t.Fatalf("different texts with equal hashes classified exact: %+v", v)
	}
}

func TestClassifyVectorsGiven(t *testing.T) {
	docs, st := sketchAll(t, DefaultConfig(), story, strings.Replace(story, "Monday", "Sunday", 1))
	c := NewClassifier(DefaultRules(), st)
	a, b := docs[0].full(), docs[1].full()
	want := c.Classify(a, b)
	a.Vector, b.Vector = c.Vector(a.Sketch), c.Vector(b.Sketch)
	if got := c.Classify(a, b); got != want {
		t.Fatalf("with vectors %+v, without %+v", got, want)
	}
}

func TestClassifyRefusesMixedConfigs(t *testing.T) {
	a, st := sketchAll(t, DefaultConfig(), story)
	cfg := DefaultConfig()
	cfg.Seed = 2
	b, _ := sketchAll(t, cfg, story)
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for sketches of different configurations")
		}
	}()
	NewClassifier(DefaultRules(), st).Classify(a[0].full(), b[0].full())
}

// TestSharedPassageIsNotAStory checks that a document quoting another's
// sentence, names and all, is not related to it for that, while one that
// tells the same story in its own words is; and that one holding most of
// the other is related as an overlap, though not a near duplicate.
func TestSharedPassageIsNotAStory(t *testing.T) {
	quote := "Prime Minister Mikhail Mishustin arrived in Beijing on Monday for talks with Premier Li Qiang."
	quoting := "Markets in Frankfurt closed lower on Friday as carmakers and chemical firms fell sharply.\n" +
		"Analysts pointed to weak orders from Asia, and one trader read out the wire: " + quote + "\n" +
		"The DAX lost two percent over the week, its worst run since the spring."
	retold := "Russian premier Mishustin met Li Qiang in Beijing; the sides agreed on grain, energy and corridors.\n" +
		"Trade between Russia and China hit 240 billion dollars, Mishustin told reporters after meeting Li Qiang."
	half := story + "\nThe delegation then flew to Kazan for a regional forum on river transport and shipbuilding,\n" +
		"where governors discussed dredging, barges, port tariffs and the winter navigation season in detail."
	docs, st := sketchAll(t, DefaultConfig(), story, quoting, retold, half)
	c := NewClassifier(DefaultRules(), st)
	if v := c.Classify(docs[0].full(), docs[1].full()); v.Kind != "" || v.Score >= v.Cosine {
		t.Errorf("quoting a sentence: kind %q, score %.3f, cosine %.3f; want no kind and the quote's terms left out", v.Kind, v.Score, v.Cosine)
	}
	if v := c.Classify(docs[0].full(), docs[2].full()); v.Kind != Related || v.Score != v.Cosine {
		t.Errorf("retold: kind %q, score %.3f, cosine %.3f; want related on every shared term", v.Kind, v.Score, v.Cosine)
	}
	if v := c.Classify(docs[0].full(), docs[3].full()); v.Kind != Related || !v.Overlaps() || v.Similarity.Jaccard >= DefaultThreshold {
		t.Errorf("half the text: kind %q, J %.3f, containments %.3f %.3f; want related as an overlap", v.Kind, v.Similarity.Jaccard, v.Similarity.ContainmentAB, v.Similarity.ContainmentBA)
	}
}

// TestRelatedThresholdFor pins the threshold's growth with the number of
// pairs: the floor for a few documents, 0.054 per decade of pairs beyond.
func TestRelatedThresholdFor(t *testing.T) {
	for _, c := range []struct {
		docs int
		want float64
	}{{0, RelatedFloor}, {2, RelatedFloor}, {5, RelatedFloor}, {772, 0.2956}, {22000, 0.4527}, {1000000, 0.6317}} {
		if got := RelatedThresholdFor(c.docs); math.Abs(got-c.want) > 5e-5 {
			t.Errorf("%d documents: %.4f, want %.4f", c.docs, got, c.want)
		}
	}
	r := DefaultRules()
	st := &Stats{}
	for range 772 {
		st.Add(&Sketch{})
	}
	if got := NewClassifier(r, st).RelatedThreshold(); math.Abs(got-0.2956) > 5e-5 {
		t.Errorf("default rules at 772 documents: threshold %.4f", got)
	}
	r.RelatedThreshold = 0.2
	if got := NewClassifier(r, st).RelatedThreshold(); got != 0.2 {
		t.Errorf("given 0.2: threshold %.4f", got)
	}
}
