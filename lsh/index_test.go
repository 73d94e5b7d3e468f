package lsh

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBandKeys(t *testing.T) {
	p := Params{Bands: 3, Rows: 2}
	a := Signature{1, 2, 3, 4, 5, 6}
	b := Signature{1, 2, 9, 4, 5, 6, 99} // differs in band 1; extra values ignored
	ka := AppendBandKeys(nil, a, p)
	kb := AppendBandKeys(nil, b, p)
	if len(ka) != 3 || ka[0] != kb[0] || ka[1] == kb[1] || ka[2] != kb[2] {
		t.Errorf("band keys %x and %x: want bands 0 and 2 equal, 1 different", ka, kb)
	}
	// Swapping two bands' contents must not make keys collide by position.
	c := Signature{3, 4, 1, 2, 5, 6}
	if kc := AppendBandKeys(nil, c, p); kc[0] == ka[0] {
		t.Error("band key ignores values")
	}
	defer func() {
		if recover() == nil {
			t.Error("short signature did not panic")
		}
	}()
	AppendBandKeys(nil, Signature{1, 2}, p)
}

func TestIndexPairs(t *testing.T) {
	p := Params{Bands: 2, Rows: 2}
	sigs := []Signature{
		{1, 1, 5, 5}, // 0
		{1, 1, 6, 6}, // 1: band 0 with 0
		{2, 2, 6, 6}, // 2: band 1 with 1
		{3, 3, 7, 7}, // 3: alone
		{1, 1, 6, 6}, // 4: both bands with 1, band 0 with 0, band 1 with 2
	}
	ix := NewIndex(p.Bands)
	for i, s := range sigs {
		ix.Add(uint32(i), AppendBandKeys(nil, s, p))
	}
	want := []Pair{{0, 1}, {0, 4}, {1, 2}, {1, 4}, {2, 4}}
	if got := ix.Pairs(); !slices.Equal(got, want) {
		t.Errorf("Pairs = %v, want %v", got, want)
	}
	if got := ix.Query(AppendBandKeys(nil, Signature{2, 2, 0, 0}, p)); !slices.Equal(got, []uint32{2}) {
		t.Errorf("Query = %v, want [2]", got)
	}
}

// TestBandPairsMatchesIndex checks BandPairs against an Index of the same
// documents, on random keys from a small range (so that buckets are large
// and pairs repeat across bands), with and without documents left out.
func TestBandPairsMatchesIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		bands, n := 1+r.IntN(6), 100+r.IntN(200)
		keys := make([]uint32, n*bands)
		for i := range keys {
			keys[i] = uint32(r.IntN(1 + trial*10))
		}
		skipped := func(id uint32) bool { return trial%2 == 1 && id%3 == 0 }
		ix := NewIndex(bands)
		for i := range n {
			if !skipped(uint32(i)) {
				ix.Add(uint32(i), keys[i*bands:(i+1)*bands])
			}
		}
		want := ix.Pairs()
		if got := BandPairs(keys, bands, skipped); !slices.Equal(got, want) {
			t.Fatalf("trial %d (%d documents, %d bands): %d pairs, want %d", trial, n, bands, len(got), len(want))
		}
		if trial > 5 && len(want) == 0 {
			t.Fatalf("trial %d: no pairs to compare", trial)
		}
	}
}

// TestCandidateRecall plants pairs at known Jaccard and checks the observed
// candidate rate of each signer against the S-curve, at J = t+0.05 (where the
// curve is lowest among pairs that must be found) and far below t. At
// t+0.05 the one-permutation signer must find at least as many pairs as
// MinWise, up to 3 standard errors of the difference: its recall is not
// worse. Sets have 700 shingles, the size of a news article.
func TestCandidateRecall(t *testing.T) {
	const k, th, trials = 128, 0.7, 2000
	p, _ := Optimal(th, k, WeightFalsePositive, WeightFalseNegative)
	rate := map[SignerKind]float64{}
	for _, kind := range []SignerKind{OnePermKind, MinWiseKind} {
		s, _ := NewSigner(kind, k, DefaultSeed)
		rng := rand.New(rand.NewPCG(9, 10))
		count := func(j float64, n int) int {
			hit := 0
			for i := 0; i < n; i++ {
				a, b, _ := plantedPair(rng, 700, j)
				ka := AppendBandKeys(nil, s.Sign(nil, a), p)
				kb := AppendBandKeys(nil, s.Sign(nil, b), p)
				for x := range ka {
					if ka[x] == kb[x] {
						hit++
						break
					}
				}
			}
			return hit
		}
		j := th + 0.05
		hit := count(j, trials)
		want := p.Probability(j)
		se := math.Sqrt(want * (1 - want) / trials)
		rate[kind] = float64(hit) / trials
		t.Logf("%s: J=%.2f candidate rate %.4f, S-curve %.4f ± %.4f", kind, j, rate[kind], want, se)
		if math.Abs(rate[kind]-want) > 3*se {
			t.Errorf("%s: J=%.2f candidate rate %.4f, more than 3 standard errors from the S-curve's %.4f", kind, j, rate[kind], want)
		}
		if low := count(0.3, 500); low > 10 {
			t.Errorf("%s: J=0.30: %d of 500 pairs were candidates, want <= 10 (S-curve %.4f)", kind, low, p.Probability(0.3))
		}
	}
	o, m := rate[OnePermKind], rate[MinWiseKind]
	if se := math.Sqrt((o*(1-o) + m*(1-m)) / trials); o < m-3*se {
		t.Errorf("one-permutation candidate rate %.4f below MinWise's %.4f by more than 3 standard errors (%.4f)", o, m, 3*se)
	}
}

func TestCompare(t *testing.T) {
	a := []uint64{1, 2, 3, 4}
	b := []uint64{3, 4, 5}
	s := Compare(a, b)
	if s.Jaccard != 2.0/5 || s.ContainmentAB != 0.5 || s.ContainmentBA != 2.0/3 {
		t.Errorf("Compare = %+v", s)
	}
	if s := Compare(nil, nil); s.Jaccard != 1 {
		t.Errorf("two empty sets: %+v", s)
	}
	if s := Compare(a, nil); s.Jaccard != 0 || s.ContainmentAB != 0 || s.ContainmentBA != 0 {
		t.Errorf("set and empty set: %+v", s)
	}
}

// TestCompareMatchesMap checks the hash-table intersection against a map, on
// sets in random order that include the value 0, reusing one Comparer.
func TestCompareMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var c Comparer
	for trial := 0; trial < 500; trial++ {
		a, b := Set(smallSet(rng)), Set(smallSet(rng))
		if trial%3 == 0 {
			a = append(a, randomSet(rng, rng.IntN(300))...) // a larger table
		}
		rng.Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
		inA := map[uint64]bool{}
		for _, x := range a {
			inA[x] = true
		}
		want := 0
		for _, x := range b {
			if inA[x] {
				want++
			}
		}
		got := c.Compare(a, b)
		if w := float64(want) / float64(len(a)+len(b)-want); len(a)+len(b) > 0 && got.Jaccard != w {
			t.Fatalf("Compare(%v, %v).Jaccard = %v, want %v", a, b, got.Jaccard, w)
		}
	}
}

func smallSet(rng *rand.Rand) []uint64 {
	s := make([]uint64, rng.IntN(30))
	for i := range s {
		s[i] = uint64(rng.IntN(40))
	}
	return s
}

func TestIndexAddAfterQuery(t *testing.T) {
	p := Params{Bands: 1, Rows: 1}
	ix := NewIndex(1)
	ix.Add(5, AppendBandKeys(nil, Signature{1}, p))
	if got := ix.Query(AppendBandKeys(nil, Signature{1}, p)); !slices.Equal(got, []uint32{5}) {
		t.Fatalf("Query = %v", got)
	}
	ix.Add(2, AppendBandKeys(nil, Signature{1}, p))
	if got := ix.Query(AppendBandKeys(nil, Signature{1}, p)); !slices.Equal(got, []uint32{2, 5}) {
		t.Errorf("Query after a later Add = %v, want [2 5]", got)
	}
	if got := ix.Pairs(); !slices.Equal(got, []Pair{{2, 5}}) {
		t.Errorf("Pairs = %v", got)
	}
}

func TestSignerKinds(t *testing.T) {
	var k SignerKind
	if err := k.Set("bogus"); err == nil {
		t.Error("Set accepted an unknown signer")
	}
	for _, name := range []string{"oneperm", "minwise"} {
		if err := k.Set(name); err != nil {
			t.Fatal(err)
		}
		s, err := NewSigner(k, 16, 1)
		if err != nil || s.Size() != 16 {
			t.Errorf("NewSigner(%s) = %v, %v", name, s, err)
		}
	}
}

func TestSortEntriesMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	var tmp []entry
	for _, tc := range []struct {
		n       int
		inOrder bool // ids increasing, as when documents are added in order
	}{{0, false}, {1, false}, {255, false}, {256, false}, {1000, false}, {70000, false}, {1000, true}, {70000, true}} {
		n := tc.n
		e := make([]entry, n)
		for i := range e {
			// Few distinct keys, so that ties are sorted by id.
			e[i] = entry{key: uint32(rng.Uint64N(uint64(n/4+1))) * 0x9e3779b9, id: rng.Uint32()}
			if tc.inOrder {
				e[i].id = uint32(3 * i)
			}
		}
		want := slices.Clone(e)
		slices.SortFunc(want, func(x, y entry) int {
			if x.key != y.key {
				if x.key < y.key {
					return -1
				}
				return 1
			}
			return int(int64(x.id) - int64(y.id))
		})
		tmp = sortEntries(e, tmp)
		if !slices.Equal(e, want) {
			t.Fatalf("n=%d: radix sort differs from slices.SortFunc", n)
		}
	}
}
