package engine

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// randomTexts returns n short texts over a small vocabulary, so that terms
// repeat across texts.
func randomTexts(seed uint64, n int) []string {
	rng := rand.New(rand.NewPCG(seed, 1))
	words := []string{"Mishustin", "Beijing", "trade", "energy", "Li", "Qiang", "agreement", "2024", "summit", "port", "grain", "Kazan", "pipeline", "minister", "visit"}
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 3 + rng.IntN(4) {
			for j := range 6 + rng.IntN(6) {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[rng.IntN(len(words))])
			}
			fmt.Fprintf(&b, " %d.\n", rng.IntN(50))
		}
		out[i] = b.String()
	}
	return out
}

func TestStatsMergeEqualsScanningBoth(t *testing.T) {
	k := mustKernel(t, DefaultConfig())
	texts := randomTexts(1, 200)
	var all, a, b Stats
	var s Sketch
	for i, text := range texts {
		if _, err := k.Sketch(&s, []byte(text)); err != nil {
			t.Fatal(err)
		}
		all.Add(&s)
		if i < 70 {
			a.Add(&s)
		} else {
			b.Add(&s)
		}
	}
	var merged Stats
	merged.Merge(&b)
	merged.Merge(&a)
	if !merged.Equal(&all) || !all.Equal(&merged) {
		t.Fatal("a+b differs from scanning both")
	}
	if all.Docs() != 200 || all.Terms() == 0 {
		t.Fatalf("docs %d, terms %d", all.Docs(), all.Terms())
	}
	// Removing b's documents leaves a.
	for _, text := range texts[70:] {
		k.Sketch(&s, []byte(text))
		all.Remove(&s)
	}
	if !all.Equal(&a) {
		t.Fatal("removing b's documents does not leave a")
	}
}

func TestStatsCountDocumentsPerTerm(t *testing.T) {
	k := mustKernel(t, DefaultConfig())
	var st Stats
	var s Sketch
	for _, text := range []string{"Mishustin visited Beijing.\nMishustin met Li Qiang in Beijing.", "Mishustin flew home."} {
		k.Sketch(&s, []byte(text))
		st.Add(&s)
	}
	for term, want := range map[string]int{"mishustin": 2, "beijing": 1, "flew": 1, "qiang": 1, "absent": 0} {
		if got := st.DF(xxhash.Sum64String(term)); got != want {
			t.Errorf("df(%s) = %d, want %d", term, got, want)
		}
	}
	if st.Docs() != 2 {
		t.Errorf("docs %d, want 2", st.Docs())
	}
}
