package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"testing"

	"github.com/neardup/neardup/shingle/terms"
)

// TestEncodingLayout decodes a hand-made encoding field by field, as the
// format's description in encoding.go says it is laid out.
func TestEncodingLayout(t *testing.T) {
	enc := []byte{
		2, 1, // version, flags: terms
		8, 7, 6, 5, 4, 3, 2, 1, // Config
		0x11, 0, 0, 0, 0, 0, 0, 0, // Hash
		0xac, 0x02, // TextBytes 300
		5,                      // Shingles
		2,                      // k
		1, 0, 0, 0, 0, 0, 0, 0, // signature[0]
		2, 0, 0, 0, 0, 0, 0, 0x80, // signature[1]
		1,                         // n
		0xff, 0, 0, 0, 0, 0, 0, 0, // term hash
		3<<2 | 2,               // TF 3, name
		0x78, 0x56, 0x34, 0x12, // context
	}
	var s Sketch
	if err := s.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	want := Sketch{Config: 0x0102030405060708, Hash: 0x11, TextBytes: 300, Shingles: 5,
		Signature: []uint64{1, 0x8000000000000002}, Terms: []terms.Term{{Hash: 0xff, TF: 3, Name: true, Context: 0x12345678}}, HasTerms: true}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("decoded %+v\nwant %+v", s, want)
	}
	again, _ := s.MarshalBinary()
	if !bytes.Equal(again, enc) {
		t.Fatalf("re-encoded %x\nwant %x", again, enc)
	}
}

func TestEncodingRoundTrip(t *testing.T) {
	for _, cfg := range []Config{DefaultConfig(), func() Config { c := DefaultConfig(); c.Terms = false; return c }()} {
		s := sketchOf(t, cfg, sampleText)
		enc, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var d Sketch
		if err := d.UnmarshalBinary(enc); err != nil {
			t.Fatal(err)
		}
		if d.Terms == nil {
			d.Terms = s.Terms[:0:0]
		}
		if !reflect.DeepEqual(d.Clone(), s.Clone()) {
			t.Fatalf("round trip changed the sketch:\n%+v\n%+v", d, s)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	sk := sketchOf(t, DefaultConfig(), sampleText)
	good, _ := sk.MarshalBinary()
	mod := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	for name, enc := range map[string][]byte{
		"empty":         {},
		"version 1":     mod(func(b []byte) []byte { b[0] = 1; return b }),
		"unknown flag":  mod(func(b []byte) []byte { b[1] |= 4; return b }),
		"truncated":     good[:len(good)-1],
		"trailing byte": append(bytes.Clone(good), 0),
		"no terms flag": mod(func(b []byte) []byte { b[1] = 0; return b }),
		// Shingles written as a two-byte varint: a valid varint, not the
		// shortest.
		"long varint": mod(func(b []byte) []byte {
			at := 18 + varintLen(b[18:])
			return append(append(b[:at:at], b[at]|0x80, 0), b[at+1:]...)
		}),
		"k too large": {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0x81, 0x08},
	} {
		var s Sketch
		err := s.UnmarshalBinary(enc)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: err = %v, want a *DecodeError", name, err)
		}
	}
}

func varintLen(b []byte) int {
	_, n := binary.Uvarint(b)
	return n
}

// FuzzDecode checks that decoding never panics, and that whatever decodes
// encodes back to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, terms := range []bool{true, false} {
		cfg := DefaultConfig()
		cfg.Terms = terms
		s := sketchOf(f, cfg, sampleText)
		enc, _ := s.MarshalBinary()
		f.Add(enc)
	}
	f.Add([]byte{1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Sketch
		if err := s.UnmarshalBinary(data); err != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("decoded, but encodes to %x (%v)", again, err)
		}
	})
}
