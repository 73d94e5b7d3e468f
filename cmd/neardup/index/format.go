package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
)

// The index file, format version 1, is a bbolt database (one file, B+trees
// of sorted keys, copy-on-write pages: a transaction that commits is on disk
// whole, and one that does not leaves no trace). Its buckets:
//
//	meta   "version" -> the ASCII text "neardup-index 1"
//	       "params"  -> the parameters, JSON (Params): fixed at creation
//	       "docs"    -> the number of documents, 8 bytes big-endian
//	       "next"    -> the next document number, 4 bytes big-endian
//	docs   id -> the document's record (below)
//	nums   number (4 bytes big-endian) -> id
//	bands  band (1 byte) | band key (4 bytes) | number (4 bytes) -> empty:
//	       the band keys of the documents' MinHash signatures, for near
//	       candidates (a document and a query share a key in some band)
//	terms  term hash (8 bytes) | number (4 bytes) -> empty: each document's
//	       candidate terms (Sketch.Terms), for related candidates
//	df     term hash (8 bytes) -> uvarint: the number of documents whose
//	       candidate terms hold the term, the corpus statistics of the
//	       related score (engine.Stats), kept as documents come and go
//
// A document number is given once and never reused; numbers keep the keys
// of bands and terms short. All integers in keys are big-endian, so that keys
// sort by band, then key, then number (by term, then number).
//
// A record is:
//
//	uvarint   the document's number
//	uvarint   n, then n bytes: its Sketch (engine's encoding, versioned)
//	uvarint   m, then m uvarints: its shingle set, sorted ascending, as
//	          the first hash and then the differences between neighbors
//	uvarint   the size of the document as read, in bytes
//
// The record holds all that verification needs: a query classifies a pair
// from the two sketches and the two shingle sets, as a scan does, and never
// reads the indexed documents' files.
//
// Opening a file of another version fails, naming both versions.

// Version is the version of the index format.
const Version = 1

var versionText = []byte(fmt.Sprintf("neardup-index %d", Version))

var (
	bucketMeta  = []byte("meta")
	bucketDocs  = []byte("docs")
	bucketNums  = []byte("nums")
	bucketBands = []byte("bands")
	bucketTerms = []byte("terms")
	bucketDF    = []byte("df")
	allBuckets  = [][]byte{bucketMeta, bucketDocs, bucketNums, bucketBands, bucketTerms, bucketDF}

	keyVersion = []byte("version")
	keyParams  = []byte("params")
	keyDocs    = []byte("docs")
	keyNext    = []byte("next")
)

// record is a document as the index holds it.
type record struct {
	num    uint32
	sketch engine.Sketch
	set    []uint64 // sorted
	bytes  int64
}

// appendRecord appends the encoding of r to dst; r.set must be sorted.
func appendRecord(dst []byte, r *record) ([]byte, error) {
	dst = binary.AppendUvarint(dst, uint64(r.num))
	sk, err := r.sketch.AppendBinary(nil)
	if err != nil {
		return dst, err
	}
	dst = binary.AppendUvarint(dst, uint64(len(sk)))
	dst = append(dst, sk...)
	dst = binary.AppendUvarint(dst, uint64(len(r.set)))
	prev := uint64(0)
	for _, h := range r.set {
		dst = binary.AppendUvarint(dst, h-prev)
		prev = h
	}
	return binary.AppendUvarint(dst, uint64(r.bytes)), nil
}

var errRecord = errors.New("index: damaged record")

// decodeRecord decodes a record; the set is decoded only when withSet.
func decodeRecord(data []byte, r *record, withSet bool) error {
	num, n := binary.Uvarint(data)
	if n <= 0 || num > 1<<32-1 {
		return errRecord
	}
	r.num, data = uint32(num), data[n:]
	size, n := binary.Uvarint(data)
	if n <= 0 || size > uint64(len(data)-n) {
		return errRecord
	}
	if err := r.sketch.UnmarshalBinary(data[n : n+int(size)]); err != nil {
		return err
	}
	data = data[n+int(size):]
	count, n := binary.Uvarint(data)
	if n <= 0 || count > uint64(len(data)) {
		return errRecord
	}
	data = data[n:]
	r.set = r.set[:0]
	if withSet {
		r.set = slices.Grow(r.set, int(count))
	}
	prev := uint64(0)
	for range count {
		d, n := binary.Uvarint(data)
		if n <= 0 {
			return errRecord
		}
		data = data[n:]
		prev += d
		if withSet {
			r.set = append(r.set, prev)
		}
	}
	b, n := binary.Uvarint(data)
	if n <= 0 || n != len(data) {
		return errRecord
	}
	r.bytes = int64(b)
	return nil
}

// sameContent reports whether two encoded records hold the same document,
// whatever their numbers.
func sameContent(a, b []byte) bool {
	_, na := binary.Uvarint(a)
	_, nb := binary.Uvarint(b)
	return na > 0 && nb > 0 && string(a[na:]) == string(b[nb:])
}

func numKey(num uint32) []byte { return binary.BigEndian.AppendUint32(nil, num) }

func bandKey(dst []byte, band int, key, num uint32) []byte {
	dst = append(dst, byte(band))
	dst = binary.BigEndian.AppendUint32(dst, key)
	return binary.BigEndian.AppendUint32(dst, num)
}

func termKey(dst []byte, term uint64, num uint32) []byte {
	dst = binary.BigEndian.AppendUint64(dst, term)
	return binary.BigEndian.AppendUint32(dst, num)
}

func termOnly(term uint64) []byte { return binary.BigEndian.AppendUint64(nil, term) }
