package engine

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// The binary encoding of Stats, version 1: corpus statistics shipped between
// machines (the Beam runner combines them across workers and hands them to
// every worker that classifies pairs). Integers are uvarints, as in a
// Sketch's encoding, in their shortest form.
//
//	byte      StatsVersion (1)
//	uvarint   the number of documents, D
//	uvarint   n, the number of distinct terms, then n terms in ascending
//	          order of hash, each:
//	            uvarint   the hash, less the previous term's hash (the
//	                      first term: the hash itself); 0 only first
//	            uvarint   the term's document frequency, 1 to D
//
// Nothing follows. A decoder refuses another version, a frequency of 0 or
// over D, terms out of order, a truncated or longer input, and a
// non-shortest varint, so that equal stats have equal encodings.

// StatsVersion is the version of the Stats encoding.
const StatsVersion = 1

// AppendBinary appends the encoding of st to dst.
func (st *Stats) AppendBinary(dst []byte) ([]byte, error) {
	type term struct {
		h uint64
		n uint32
	}
	all := make([]term, 0, st.df.Len())
	st.df.Each(func(h uint64, n uint32) { all = append(all, term{h, n}) })
	slices.SortFunc(all, func(a, b term) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	dst = append(dst, StatsVersion)
	dst = binary.AppendUvarint(dst, uint64(st.docs))
	dst = binary.AppendUvarint(dst, uint64(len(all)))
	var prev uint64
	for _, t := range all {
		dst = binary.AppendUvarint(dst, t.h-prev)
		dst = binary.AppendUvarint(dst, uint64(t.n))
		prev = t.h
	}
	return dst, nil
}

// MarshalBinary returns the encoding of st.
func (st *Stats) MarshalBinary() ([]byte, error) { return st.AppendBinary(nil) }

// UnmarshalBinary decodes encoded stats into st, replacing its counts. It
// returns a *DecodeError for anything but an encoding that AppendBinary
// writes.
func (st *Stats) UnmarshalBinary(data []byte) error {
	d := decoder{data: data, what: "stats"}
	if v := d.byte(); d.err == nil && v != StatsVersion {
		return &DecodeError{0, fmt.Sprintf("version %d, want %d", v, StatsVersion), "stats"}
	}
	var out Stats
	out.docs = int(d.uvarint(1 << 62))
	// Each term takes two bytes at least: a count that the input cannot
	// hold is refused before anything is allocated for it.
	n := d.uvarint(uint64(len(data)-min(d.off, len(data))) / 2)
	var h uint64
	for i := range n {
		if d.err != nil {
			break
		}
		delta := d.uvarint(^uint64(0))
		if d.err == nil && i > 0 && (delta == 0 || h+delta < h) {
			d.fail("terms out of order")
		}
		h += delta
		df := d.uvarint(min(uint64(out.docs), math.MaxUint32))
		if d.err == nil && df == 0 {
			d.fail("term of no document")
		}
		out.df.Add(h, uint32(df))
	}
	if d.err == nil && d.off != len(data) {
		d.fail(fmt.Sprintf("%d bytes after the stats", len(data)-d.off))
	}
	if d.err != nil {
		return d.err
	}
	if again, err := out.AppendBinary(nil); err != nil || !bytes.Equal(again, data) {
		return &DecodeError{0, "not in canonical form", "stats"}
	}
	*st = out
	return nil
}
