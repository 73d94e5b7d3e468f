package shingle

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestAppendTokens(t *testing.T) {
	text := "Xi’s  visit:\nChina-Russia ties, 9.6 billion."
	var n Normalizer
	toks := n.AppendTokens(nil, []byte(text))
	var words []string
	for _, tk := range toks {
		words = append(words, tk.Text)
	}
	if got, want := strings.Join(words, " "), string(Normalize([]byte(text))); got != want {
		t.Fatalf("tokens %q, Normalize %q", got, want)
	}
	if tk := toks[0]; text[tk.Start:tk.End] != "Xi’s" {
		t.Errorf("first token spans %q", text[tk.Start:tk.End])
	}
	if toks[2].Text != "china" || toks[3].Text != "russia" || text[toks[3].Start:toks[3].End] != "China-Russia" {
		t.Errorf("hyphenated word: %+v %+v", toks[2], toks[3])
	}
}

func TestCommonRuns(t *testing.T) {
	a := strings.Fields("x the prime minister met xi in beijing on wednesday y z the prime minister")
	b := strings.Fields("q r the prime minister met xi in beijing on tuesday s the prime minister")
	runs := CommonRuns(a, b, 3)
	if len(runs) != 2 {
		t.Fatalf("runs %+v", runs)
	}
	if r := runs[0]; r.Len != 8 || strings.Join(a[r.A:r.A+r.Len], " ") != "the prime minister met xi in beijing on" || r.A != 1 || r.B != 2 {
		t.Errorf("longest run %+v", r)
	}
	if r := runs[1]; r.Len != 3 || r.A != 12 {
		t.Errorf("second run %+v", r)
	}
	if runs := CommonRuns(a, b, 8); len(runs) != 1 || runs[0].Len != 8 {
		t.Errorf("runs of 8: %+v", runs)
	}
	if runs := CommonRuns(a, b, 9); runs != nil {
		t.Errorf("runs of 9: %+v", runs)
	}
}

// TestCommonRunsProperties checks CommonRuns on random sequences against
// brute force: every run matches, runs do not overlap in a, and every
// minLen-gram of a that occurs in b lies inside a run.
func TestCommonRunsProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	words := []string{"a", "b", "c", "d"}
	for trial := 0; trial < 300; trial++ {
		mk := func() []string {
			s := make([]string, rng.IntN(60))
			for i := range s {
				s[i] = words[rng.IntN(len(words))]
			}
			return s
		}
		a, b := mk(), mk()
		const minLen = 4
		runs := CommonRuns(a, b, minLen)
		covered := make([]bool, len(a))
		for _, r := range runs {
			if r.Len < minLen || !slices.Equal(a[r.A:r.A+r.Len], b[r.B:r.B+r.Len]) {
				t.Fatalf("bad run %+v", r)
			}
			for k := r.A; k < r.A+r.Len; k++ {
				if covered[k] {
					t.Fatalf("runs overlap at %d: %+v", k, runs)
				}
				covered[k] = true
			}
		}
		for i := 0; i+minLen <= len(a); i++ {
			for j := 0; j+minLen <= len(b); j++ {
				if slices.Equal(a[i:i+minLen], b[j:j+minLen]) && !covered[i] {
					t.Fatalf("shared gram at a[%d] not in a run: %v", i, runs)
				}
			}
		}
	}
}
