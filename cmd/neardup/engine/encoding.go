package engine

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/neardup/neardup/shingle/terms"
)

// The binary encoding of a Sketch, version 2. The index stores sketches and
// the Beam runner ships them in this form; golden vectors in encoding_test.go
// pin it, so any change to it, or to the values it holds (shingle hashes,
// signatures, terms), must raise Version.
//
// Integers marked uvarint are unsigned LEB128 varints, as encoding/binary's
// AppendUvarint writes them, in their shortest form; fixed-size integers are
// little-endian.
//
//	byte      Version (2)
//	byte      flags: bit 0 set when terms were extracted (Sketch.HasTerms);
//	          the other bits are 0
//	8 bytes   Config: the fingerprint of the sketch's Config
//	8 bytes   Hash: xxhash64 of the normalized text
//	uvarint   TextBytes
//	uvarint   Shingles
//	uvarint   k, the signature's length (at most MaxPerm), then k values of
//	          8 bytes each
//	uvarint   n, the number of terms (at most MaxTerms; 0 without terms),
//	          then n terms, each:
//	            8 bytes   the term's hash
//	            uvarint   TF<<2 | Name<<1 | Number, with 1 <= TF <= MaxTF
//	            4 bytes   the term's Context (terms.Term.Context)
//
// Nothing follows. A decoder refuses another version, a flag bit other than
// bit 0, a length out of range, a truncated or longer input, and any encoding
// that is not the one Encode would write (so that equal sketches have equal
// encodings).

// Version is the version of the Sketch encoding and of the values it holds.
//
// Version 2 added each term's Context, which the related score needs to
// tell a shared passage from a story told in other words.
const Version = 2

const flagTerms = 1

// AppendBinary appends the encoding of s to dst.
func (s *Sketch) AppendBinary(dst []byte) ([]byte, error) {
	if len(s.Signature) > MaxPerm || len(s.Terms) > MaxTerms || s.TextBytes < 0 || s.Shingles < 0 {
		return dst, errors.New("engine: sketch out of the encoding's range")
	}
	var flags byte
	if s.HasTerms {
		flags |= flagTerms
	}
	dst = append(dst, Version, flags)
	dst = binary.LittleEndian.AppendUint64(dst, s.Config)
	dst = binary.LittleEndian.AppendUint64(dst, s.Hash)
	dst = binary.AppendUvarint(dst, uint64(s.TextBytes))
	dst = binary.AppendUvarint(dst, uint64(s.Shingles))
	dst = binary.AppendUvarint(dst, uint64(len(s.Signature)))
	for _, v := range s.Signature {
		dst = binary.LittleEndian.AppendUint64(dst, v)
	}
	dst = binary.AppendUvarint(dst, uint64(len(s.Terms)))
	for _, t := range s.Terms {
		if t.TF < 1 || t.TF > MaxTF {
			return dst, errors.New("engine: sketch term's TF out of range")
		}
		dst = binary.LittleEndian.AppendUint64(dst, t.Hash)
		m := uint64(t.TF) << 2
		if t.Name {
			m |= 2
		}
		if t.Number {
			m |= 1
		}
		dst = binary.AppendUvarint(dst, m)
		dst = binary.LittleEndian.AppendUint32(dst, t.Context)
	}
	return dst, nil
}

// MarshalBinary returns the encoding of s.
func (s *Sketch) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// A DecodeError says why bytes are not a sketch's encoding.
type DecodeError struct {
	Offset int // where decoding stopped
	Reason string
	What   string // what was decoded: "stats", or "" for a sketch
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s encoding: %s at byte %d", cmp.Or(e.What, "sketch"), e.Reason, e.Offset)
}

// UnmarshalBinary decodes an encoded sketch into s, reusing the memory of its
// Signature and Terms. It returns a *DecodeError for anything but an encoding
// that AppendBinary writes.
func (s *Sketch) UnmarshalBinary(data []byte) error {
	d := decoder{data: data}
	if v := d.byte(); d.err == nil && v != Version {
		return &DecodeError{0, fmt.Sprintf("version %d, want %d", v, Version), ""}
	}
	flags := d.byte()
	if d.err == nil && flags&^flagTerms != 0 {
		return &DecodeError{1, fmt.Sprintf("unknown flags %#x", flags), ""}
	}
	out := Sketch{HasTerms: flags&flagTerms != 0, Signature: s.Signature[:0], Terms: s.Terms[:0]}
	out.Config = d.uint64()
	out.Hash = d.uint64()
	out.TextBytes = int64(d.uvarint(1 << 62))
	out.Shingles = int(d.uvarint(1 << 62))
	k := int(d.uvarint(MaxPerm))
	for range k {
		if d.err != nil {
			break
		}
		out.Signature = append(out.Signature, d.uint64())
	}
	n := int(d.uvarint(MaxTerms))
	for range n {
		if d.err != nil {
			break
		}
		h := d.uint64()
		m := d.uvarint(MaxTF<<2 | 3)
		if d.err == nil && m>>2 == 0 {
			d.fail("term with no occurrence")
		}
		c := d.uint32()
		out.Terms = append(out.Terms, terms.Term{Hash: h, TF: int(m >> 2), Name: m&2 != 0, Number: m&1 != 0, Context: c})
	}
	if d.err == nil && d.off != len(data) {
		d.fail(fmt.Sprintf("%d bytes after the sketch", len(data)-d.off))
	}
	if d.err != nil {
		return d.err
	}
	if !out.HasTerms && len(out.Terms) > 0 {
		return &DecodeError{d.off, "terms without the terms flag", ""}
	}
	// Varints have several encodings: accept only the shortest, so that a
	// sketch has one encoding.
	if again, err := out.AppendBinary(nil); err != nil || !bytes.Equal(again, data) {
		return &DecodeError{0, "not in canonical form", ""}
	}
	*s = out
	return nil
}

// decoder reads the fields of an encoding, remembering the first error.
type decoder struct {
	data []byte
	off  int
	err  *DecodeError
	what string // DecodeError.What
}

func (d *decoder) fail(reason string) {
	if d.err == nil {
		d.err = &DecodeError{d.off, reason, d.what}
	}
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if d.off >= len(d.data) {
		d.fail("truncated")
		return 0
	}
	d.off++
	return d.data[d.off-1]
}

func (d *decoder) uint64() uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.data)-d.off < 8 {
		d.fail("truncated")
		return 0
	}
	d.off += 8
	return binary.LittleEndian.Uint64(d.data[d.off-8:])
}

func (d *decoder) uint32() uint32 {
	if d.err != nil {
		return 0
	}
	if len(d.data)-d.off < 4 {
		d.fail("truncated")
		return 0
	}
	d.off += 4
	return binary.LittleEndian.Uint32(d.data[d.off-4:])
}

// uvarint reads a uvarint of at most max.
func (d *decoder) uvarint(max uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.off:])
	switch {
	case n == 0:
		d.fail("truncated")
		return 0
	case n < 0:
		d.fail("varint overflows 64 bits")
		return 0
	case v > max:
		d.fail(fmt.Sprintf("value %d over the limit of %d", v, max))
		return 0
	}
	d.off += n
	return v
}
