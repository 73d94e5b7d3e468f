package engine

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
)

const sampleText = "Prime Minister Mikhail Mishustin arrived in Beijing on Monday.\n" +
	"Mishustin and Premier Li Qiang signed 12 agreements on trade, energy and transport in Beijing."

func mustKernel(t testing.TB, cfg Config) *Kernel {
	t.Helper()
	k, err := NewKernel(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sketchOf(t testing.TB, cfg Config, text string) Sketch {
	t.Helper()
	var s Sketch
	if _, err := mustKernel(t, cfg).Sketch(&s, []byte(text)); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKernelMatchesStages checks the kernel against the stages it composes,
// called one by one: the normalized text's hash, the shingle set, the
// signature, and the terms with the largest prior weight.
func TestKernelMatchesStages(t *testing.T) {
	for _, cfg := range []Config{DefaultConfig(), {Shingle: shingle.Options{Unit: shingle.Chars, Size: 5}, Signer: lsh.MinWiseKind, Perm: 64, Seed: 7}} {
		k := mustKernel(t, cfg)
		var s Sketch
		an, err := k.Sketch(&s, []byte(sampleText))
		if err != nil {
			t.Fatal(err)
		}
		norm := shingle.Normalize([]byte(sampleText))
		if string(an.Normalized) != string(norm) {
			t.Fatalf("normalized %q, want %q", an.Normalized, norm)
		}
		set := shingle.Set(shingle.New(cfg.Shingle).AppendHashes(nil, norm))
		got := slices.Clone(an.Set)
		slices.Sort(got)
		if !slices.Equal(got, set) {
			t.Fatalf("set differs from shingle.Set")
		}
		signer, _ := lsh.NewSigner(cfg.Signer, cfg.Perm, cfg.Seed)
		if !slices.Equal(s.Signature, signer.Sign(nil, set)) {
			t.Fatal("signature differs")
		}
		if s.Shingles != len(set) || s.TextBytes != int64(len(sampleText)) || s.Config != cfg.Fingerprint() {
			t.Fatalf("sketch header %+v", s)
		}
		if !cfg.Terms {
			if s.HasTerms || len(s.Terms) != 0 {
				t.Fatal("terms without Config.Terms")
			}
			continue
		}
		// The terms: every term of the text, ranked by prior weight with a
		// full sort; the sketch holds the first MaxTerms.
		var x terms.Extractor
		all := x.Extract(nil, []byte(sampleText))
		bg := terms.DefaultBackground()
		w := related.Weigher{BackgroundDocs: bg.Docs, BackgroundDF: bg.DF}
		prior := func(t terms.Term) float64 { return related.Prior(w, t.Hash, t.TF, t.Name, t.Number) }
		slices.SortFunc(all, func(a, b terms.Term) int {
			pa, pb := prior(a), prior(b)
			switch {
			case pa > pb || pa == pb && a.Hash < b.Hash:
				return -1
			case pa < pb || pa == pb && a.Hash > b.Hash:
				return 1
			}
			return 0
		})
		if len(all) > MaxTerms {
			all = all[:MaxTerms]
		}
		// Each term's context: the smallest, over its occurrences in the
		// text's words, of the top 32 bits of the hash of the window of
		// ContextWords words on each side.
		var nz shingle.Normalizer
		_, words := nz.AppendWords(nil, nil, []byte(sampleText))
		for i := range all {
			for p, w := range words {
				if w.Hash != all[i].Hash {
					continue
				}
				var hs []uint64
				for _, v := range words[max(0, p-terms.ContextWords):min(len(words), p+terms.ContextWords+1)] {
					hs = append(hs, v.Hash)
				}
				c := max(uint32(shingle.HashTokens(hs...)>>32), 1)
				if all[i].Context == 0 || c < all[i].Context {
					all[i].Context = c
				}
			}
		}
		if !slices.Equal(s.Terms, all) {
			t.Fatalf("terms\n%v\nwant\n%v", s.Terms, all)
		}
	}
}

func TestKernelNoWords(t *testing.T) {
	k := mustKernel(t, DefaultConfig())
	var s Sketch
	if _, err := k.Sketch(&s, []byte(" ... --- !!! ")); err != ErrNoWords {
		t.Fatalf("err = %v, want ErrNoWords", err)
	}
}

// TestKernelTermsCapped sketches a text with more distinct terms than
// MaxTerms.
func TestKernelTermsCapped(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "Alpha%d beta%d gamma delta epsilon %d.\n", i, i%50, i)
	}
	s := sketchOf(t, DefaultConfig(), b.String())
	if len(s.Terms) != MaxTerms {
		t.Fatalf("%d terms, want %d", len(s.Terms), MaxTerms)
	}
}

// TestKernelTFCapped sketches a text in which one term occurs more than MaxTF
// times.
func TestKernelTFCapped(t *testing.T) {
	s := sketchOf(t, DefaultConfig(), "Mishustin arrived.\n"+strings.Repeat("Mishustin spoke of grain and trade. ", MaxTF+5))
	found := false
	for _, tm := range s.Terms {
		if tm.TF > MaxTF {
			t.Fatalf("term with TF %d over MaxTF", tm.TF)
		}
		if tm.Hash == xxhash.Sum64String("mishustin") {
			found = true
			if tm.TF != MaxTF {
				t.Fatalf("mishustin: TF %d, want MaxTF", tm.TF)
			}
		}
	}
	if !found {
		t.Fatal("mishustin is not among the terms")
	}
}

func TestKernelDoesNotAllocate(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "testdata", "ecbplus", "docs", "1_10ecb.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, terms := range []bool{false, true} {
		cfg := DefaultConfig()
		cfg.Terms = terms
		k := mustKernel(t, cfg)
		var s Sketch
		k.Sketch(&s, text) // grow the buffers
		allocs := testing.AllocsPerRun(20, func() { k.Sketch(&s, text) })
		if allocs != 0 {
			t.Errorf("terms=%v: %.1f allocations per sketch, want 0", terms, allocs)
		}
	}
}

// golden pins the sketch of sampleText under the default configuration:
// its encoding's hash and its first bytes, and its band keys at the default
// threshold. A change is a format break: raise Version and update these.
func TestSketchGolden(t *testing.T) {
	s := sketchOf(t, DefaultConfig(), sampleText)
	enc, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := DefaultRules().Banding(128)
	keys := s.BandKeys(nil, p)
	got := fmt.Sprintf("len=%d xxhash=%016x head=%s keys=%08x", len(enc), xxhash.Sum64(enc), hex.EncodeToString(enc[:40]), keys)
	const want = "len=1256 xxhash=e173d441ca74f4a8 head=020171acacf8991b5e35c37cda9dcc7060c39d0116800194f711a9bfea3f0032de8f8132de8f81aa " +
		"keys=[b2572ead 28ce2f59 8d33ac18 28d02e21 0311c093 11c9e7c7 7bfd66f0 3fbf06c1 fe90b955 3dec9cd3 5f21ee8e 3fa3c1ff 9ec3cce9 fae70692 2f9dd421 5e621ff0 10c18e0f 7c866945 a6c6faf2 626b4589 c4dc76f7]"
	if got != want {
		t.Errorf("golden sketch:\n got %s\nwant %s", got, want)
	}
}
