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
