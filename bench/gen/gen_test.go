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
