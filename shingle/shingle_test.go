package shingle

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// referenceHashes is the slow, obviously correct shingler: split into units;
// a character shingle is the hash of its characters, a word shingle the hash
// of its tokens' hashes written out in little-endian bytes.
func referenceHashes(norm string, o Options) []uint64 {
	var units []string
	if o.Unit == Words {
		units = strings.Fields(norm)
	} else {
		for _, r := range norm {
			units = append(units, string(r))
		}
	}
	hash := func(units []string) uint64 {
		if o.Unit == Chars {
			return xxhash.Sum64String(strings.Join(units, ""))
		}
		var b []byte
		for _, u := range units {
			b = binary.LittleEndian.AppendUint64(b, xxhash.Sum64String(u))
		}
		return xxhash.Sum64(b)
	}
	if len(units) == 0 {
		return nil
	}
	if len(units) < o.Size {
		return []uint64{hash(units)}
	}
	var out []uint64
	for i := 0; i+o.Size <= len(units); i++ {
		out = append(out, hash(units[i:i+o.Size]))
	}
	return out
}

func TestShinglerMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "bb", "ccc", "the", "china", "россия", "習", "café", "9.6"}
	for trial := 0; trial < 300; trial++ {
		n := rng.IntN(40)
		var parts []string
		for i := 0; i < n; i++ {
			parts = append(parts, words[rng.IntN(len(words))])
		}
		norm := strings.Join(parts, " ")
		for _, o := range []Options{{Words, 1}, {Words, 3}, {Words, 5}, {Chars, 1}, {Chars, 4}, {Chars, 9}} {
			got := New(o).AppendHashes(nil, []byte(norm))
			want := referenceHashes(norm, o)
			if !slices.Equal(got, want) {
				t.Fatalf("%v/%d on %q:\n got %x\nwant %x", o.Unit, o.Size, norm, got, want)
			}
		}
	}
}

// TestShingleGolden pins the hash of known shingles: a change here changes
// every signature and is a format break.
func TestShingleGolden(t *testing.T) {
	norm := Normalize([]byte("The Quick brown fox’s den."))
	if string(norm) != "the quick brown fox den" {
		t.Fatalf("normalized to %q", norm)
	}
	got := New(Options{Words, 3}).AppendHashes(nil, norm)
	tok := func(s string) uint64 { return xxhash.Sum64String(s) }
	want := []uint64{
		HashTokens(tok("the"), tok("quick"), tok("brown")),
		HashTokens(tok("quick"), tok("brown"), tok("fox")),
		HashTokens(tok("brown"), tok("fox"), tok("den")),
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %x, want %x", got, want)
	}
	pinned := []uint64{0xe0eac84ecb3d12fa, 0xd9f2a0b73f6761e3, 0x8032f2cd9d435c45}
	if !slices.Equal(got, pinned) {
		t.Errorf("got %#x, pinned %#x", got, pinned)
	}
	// xxhash's own published test vector for "asdf" (seed 0) is the hash of
	// the one token of "ASDF!", so a change of hash function or seed cannot
	// pass unnoticed.
	var n Normalizer
	_, words := n.AppendWords(nil, nil, []byte("ASDF!"))
	if len(words) != 1 || words[0].Hash != 0x415872f599cea71e {
		t.Errorf("words of %q = %+v, want one of hash 415872f599cea71e", "ASDF!", words)
	}
	one := New(Options{Words, 3}).AppendHashes(nil, Normalize([]byte("ASDF!")))
	if len(one) != 1 || one[0] != HashTokens(0x415872f599cea71e) {
		t.Errorf("shingles of %q = %x, want the hash of its one token's hash", "ASDF!", one)
	}
}

func TestShortDocuments(t *testing.T) {
	s := New(Options{Words, 5})
	if got := s.AppendHashes(nil, nil); len(got) != 0 {
		t.Errorf("empty text gave %d shingles", len(got))
	}
	got := s.AppendHashes(nil, []byte("two words"))
	if len(got) != 1 || got[0] != HashTokens(xxhash.Sum64String("two"), xxhash.Sum64String("words")) {
		t.Errorf("short text gave %x, want the hash of its two tokens", got)
	}
	if got := New(Options{Chars, 5}).AppendHashes(nil, []byte("abc")); len(got) != 1 || got[0] != xxhash.Sum64String("abc") {
		t.Errorf("short text gave %x character shingles, want the hash of the whole text", got)
	}
}

func TestSet(t *testing.T) {
	got := Set([]uint64{5, 1, 5, 3, 1})
	if !slices.Equal(got, []uint64{1, 3, 5}) {
		t.Errorf("Set = %v", got)
	}
}

func TestShinglerDoesNotAllocate(t *testing.T) {
	norm := Normalize([]byte(strings.Repeat("The economy grew by 3.2 percent last quarter, officials said. ", 20)))
	s := New(Options{Words, 3})
	dst := make([]uint64, 0, 1024)
	s.AppendHashes(dst[:0], norm) // warm the buffers
	allocs := testing.AllocsPerRun(20, func() { dst = s.AppendHashes(dst[:0], norm) })
	if allocs != 0 {
		t.Errorf("AppendHashes allocated %.1f times per call, want 0", allocs)
	}
	var n Normalizer
	buf := make([]byte, 0, 4096)
	text := []byte(strings.Repeat("Ünïcödé news from Москва, 北京. ", 20))
	n.Append(buf, text) // warm the buffers
	allocs = testing.AllocsPerRun(20, func() { buf = n.Append(buf[:0], text) })
	if allocs != 0 {
		t.Errorf("Normalizer.Append allocated %.1f times per call, want 0", allocs)
	}
	var words []Word
	for _, text := range [][]byte{text, norm} {
		buf, words = n.AppendWords(buf[:0], words[:0], text)
		allocs = testing.AllocsPerRun(20, func() { buf, words = n.AppendWords(buf[:0], words[:0], text) })
		if allocs != 0 {
			t.Errorf("Normalizer.AppendWords allocated %.1f times per call, want 0", allocs)
		}
		dst = s.AppendWordHashes(dst[:0], words)
		allocs = testing.AllocsPerRun(20, func() { dst = s.AppendWordHashes(dst[:0], words) })
		if allocs != 0 {
			t.Errorf("AppendWordHashes allocated %.1f times per call, want 0", allocs)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, o := range []Options{{Words, 0}, {Chars, 65}, {Unit(7), 3}} {
		if o.Validate() == nil {
			t.Errorf("Validate(%+v) = nil, want an error", o)
		}
	}
	if err := (Options{Words, DefaultSize}).Validate(); err != nil {
		t.Error(err)
	}
}

// TestHashWordsMatchesHashTokens pins HashWords to HashTokens, the xxhash of
// the words' hashes, for windows of every length up to 20.
func TestHashWordsMatchesHashTokens(t *testing.T) {
	var words []Word
	var hs []uint64
	for i := range 20 {
		h := xxhash.Sum64String(fmt.Sprint("word", i))
		words, hs = append(words, Word{Hash: h}), append(hs, h)
		if got, want := HashWords(words), HashTokens(hs...); got != want {
			t.Fatalf("%d words: HashWords %016x, HashTokens %016x", i+1, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { HashWords(words[:7]) }); n != 0 {
		t.Errorf("HashWords of 7 words allocates %v times", n)
	}
}
