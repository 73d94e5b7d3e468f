package gen

import (
	"reflect"
	"strings"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	c := Config{Seed: 7, Docs: 20, Copies: 10, MinWords: 50, MaxWords: 80, MaxEdit: 0.1}
	a, b := Generate(c), Generate(c)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same config gave different corpora")
	}
	c.Seed = 8
	if reflect.DeepEqual(a, Generate(c)) {
		t.Fatal("different seeds gave the same corpus")
	}
	if len(a.Docs) != 30 || len(a.Plants) != 10 {
		t.Fatalf("%d docs, %d plants", len(a.Docs), len(a.Plants))
	}
	for _, d := range a.Docs[:20] {
		if n := len(strings.Fields(d.Text)); n < 50 || n > 80 {
			t.Errorf("%s has %d words, want 50..80", d.Name, n)
		}
	}
}

// TestSentencePool checks that pool documents are made of a shared stock of
// sentences: many documents repeat a sentence, and the vocabulary of all the
// originals is small next to their length.
func TestSentencePool(t *testing.T) {
	c := SentencePool(3, 400)
	if c.Pool != 1000 || c.Sites != 0 {
		t.Fatalf("config %+v", c)
	}
	g := Generate(c)
	if len(g.Docs) != 440 || len(g.Plants) != 40 {
		t.Fatalf("%d docs, %d plants", len(g.Docs), len(g.Plants))
	}
	// Count documents per 6-word window: a window of a pool sentence recurs.
	docsOf := map[string]map[int]bool{}
	vocab := map[string]bool{}
	words := 0
	for i, d := range g.Docs[:400] {
		w := strings.Fields(strings.ToLower(strings.NewReplacer(".", "", "\n", " ").Replace(d.Text)))
		words += len(w)
		for _, x := range w {
			vocab[x] = true
		}
		for j := 0; j+6 <= len(w); j++ {
			k := strings.Join(w[j:j+6], " ")
			if docsOf[k] == nil {
				docsOf[k] = map[int]bool{}
			}
			docsOf[k][i] = true
		}
	}
	shared := 0
	for _, ds := range docsOf {
		if len(ds) >= 5 {
			shared++
		}
	}
	if shared < 1000 {
		t.Errorf("only %d 6-word windows in 5 or more documents", shared)
	}
	if len(vocab)*10 > words {
		t.Errorf("vocabulary of %d words for %d words of text: not a shared pool", len(vocab), words)
	}
}

// TestStream checks that a streamed corpus is the same for the same config,
// has the sizes asked for, and that each copy shares most of its source's
// text.
func TestStream(t *testing.T) {
	c := News(4, 300)
	collect := func() ([]Doc, []Plant) {
		var docs []Doc
		var plants []Plant
		if err := Stream(c, func(d Doc, p *Plant, _ string) error {
			docs = append(docs, d)
			if p != nil {
				plants = append(plants, *p)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return docs, plants
	}
	a, pa := collect()
	b, pb := collect()
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(pa, pb) {
		t.Fatal("the same config streamed different corpora")
	}
	if len(a) != 330 || len(pa) != 30 {
		t.Fatalf("%d documents, %d plants", len(a), len(pa))
	}
	text := map[string]string{}
	for _, d := range a {
		text[d.Name] = d.Text
	}
	for _, p := range pa {
		src, cp := strings.Fields(text[p.Source]), strings.Fields(text[p.Copy])
		have := map[string]bool{}
		for _, w := range src {
			have[w] = true
		}
		shared := 0
		for _, w := range cp {
			if have[w] {
				shared++
			}
		}
		if float64(shared) < 0.8*float64(len(cp)) {
			t.Errorf("%s shares %d of %d words with its source %s", p.Copy, shared, len(cp), p.Source)
		}
	}
}
