package engine

import (
	"bytes"
	"errors"
	"testing"

	"github.com/neardup/neardup/shingle/terms"
)

// statsOf returns the stats of sketches holding the given term hashes.
func statsOf(docs ...[]uint64) *Stats {
	var st Stats
	for _, hs := range docs {
		var s Sketch
		for _, h := range hs {
			s.Terms = append(s.Terms, terms.Term{Hash: h, TF: 1})
		}
		st.Add(&s)
	}
	return &st
}

// TestStatsEncodingGolden pins the encoding: version, documents, terms in
// ascending order of hash as deltas, each with its frequency.
func TestStatsEncodingGolden(t *testing.T) {
	for _, c := range []struct {
		st   *Stats
		want []byte
	}{
		{statsOf(), []byte{1, 0, 0}},
		{statsOf([]uint64{300, 1}, []uint64{1}), []byte{1, 2, 2, 1, 2, 0xab, 0x02, 1}},
		{statsOf([]uint64{0, 1 << 63}), []byte{1, 1, 2, 0, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1}},
	} {
		got, err := c.st.MarshalBinary()
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("encoding %x (%v), want %x", got, err, c.want)
			continue
		}
		var back Stats
		if err := back.UnmarshalBinary(got); err != nil || !back.Equal(c.st) {
			t.Errorf("%x decodes to other stats (%v)", got, err)
		}
	}
}

// TestStatsRoundTrip encodes the stats of real sketches, and of two halves
// merged: decoding gives equal stats, and equal stats encode equally.
func TestStatsRoundTrip(t *testing.T) {
	k := mustKernel(t, DefaultConfig())
	var all, a, b Stats
	var s Sketch
	for i, text := range randomTexts(7, 150) {
		if _, err := k.Sketch(&s, []byte(text)); err != nil {
			t.Fatal(err)
		}
		all.Add(&s)
		if i%3 == 0 {
			a.Add(&s)
		} else {
			b.Add(&s)
		}
	}
	a.Merge(&b)
	ea, _ := a.MarshalBinary()
	eall, _ := all.MarshalBinary()
	if !bytes.Equal(ea, eall) {
		t.Fatal("merged halves encode differently from the whole")
	}
	var back Stats
	if err := back.UnmarshalBinary(eall); err != nil {
		t.Fatal(err)
	}
	if !back.Equal(&all) || back.Docs() != 150 || back.Terms() != all.Terms() {
		t.Fatalf("decoded %d docs %d terms, want %d and %d", back.Docs(), back.Terms(), all.Docs(), all.Terms())
	}
}

// TestStatsDecodeRefuses checks that anything but a canonical encoding is
// refused, with the stats left as they were.
func TestStatsDecodeRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"version", []byte{2, 0, 0}},
		{"truncated", []byte{1, 2, 2, 1, 2, 0xab}},
		{"trailing", []byte{1, 0, 0, 0}},
		{"frequency 0", []byte{1, 2, 1, 5, 0}},
		{"frequency over documents", []byte{1, 2, 1, 5, 3}},
		{"repeated term", []byte{1, 2, 2, 5, 1, 0, 1}},
		{"hash overflow", []byte{1, 2, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 1, 2, 1}},
		{"long varint", []byte{1, 0x82, 0x00, 0}},
		{"more terms than bytes", []byte{1, 1, 100, 1, 1}},
	} {
		st := statsOf([]uint64{9})
		err := st.UnmarshalBinary(c.data)
		var de *DecodeError
		if !errors.As(err, &de) || de.What != "stats" {
			t.Errorf("%s: %x: error %v, want a stats *DecodeError", c.name, c.data, err)
		}
		if st.Docs() != 1 || st.DF(9) != 1 {
			t.Errorf("%s: a refused decoding changed the stats", c.name)
		}
	}
}

// FuzzDecodeStats checks that decoding never panics, and that whatever
// decodes encodes back to the same bytes.
func FuzzDecodeStats(f *testing.F) {
	enc, _ := statsOf([]uint64{300, 1}, []uint64{1}).MarshalBinary()
	f.Add(enc)
	f.Add([]byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var st Stats
		if err := st.UnmarshalBinary(data); err != nil {
			return
		}
		again, err := st.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("decoded, but encodes to %x (%v)", again, err)
		}
	})
}
