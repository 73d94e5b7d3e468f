package index

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/klauspost/compress/s2"
	"github.com/neardup/neardup/cmd/neardup/engine"
)

// The index file, format version 1, is a bbolt database: one file of
// B+trees of sorted keys, with copy-on-write pages, so that a transaction
// that commits is on disk whole and one that does not leaves no trace. Its
// buckets:
//
//	meta     "version" -> the ASCII text "neardup-index 1"
//	         "params"  -> the parameters, JSON (Params): fixed at creation
//	         "docs"    -> the number of posted documents, 8 bytes
//	         "next"    -> the next document number, 4 bytes
//	         "posted"  -> every document numbered below it is posted, 4 bytes
//	ids      id -> its document number, 4 bytes
//	records  number (4 bytes) -> the document's record (below)
//	bands    band (1 byte) | band key (4 bytes) | number (4 bytes) -> empty:
//	         the band keys of the documents' MinHash signatures; a query's
//	         near candidates share a key with it in some band
//	terms    term hash (8 bytes) | number (4 bytes) -> empty: each document's
//	         PostedTerms heaviest candidate terms (by their weight before the
//	         corpus factor); a query's related candidates share two
//	df       term hash (8 bytes) -> uvarint: the number of posted documents
//	         whose candidate terms (all of Sketch.Terms) hold the term: the
//	         corpus statistics of the related score, as engine.Stats counts
//
// Integers in keys are big-endian, so that keys sort by their fields in
// order. A document number is given once and never reused: numbers grow, so
// records are appended at the end of their tree.
//
// A document is added in two steps. Its record and id are written first; its
// keys in bands and terms, and its terms' document frequencies, are written
// later with those of many other documents, sorted (it is "posted"), which
// writes each page of those trees once per batch rather than once per
// document. Every document numbered below "posted" is posted; opening the
// index for writing posts the others (after an interrupted add), from their
// records. "docs" counts the posted documents.
//
// A record is:
//
//	uvarint   n, then n bytes: the document's id
//	uvarint   n, then n bytes: its Sketch (engine's encoding, versioned),
//	          without its signature, which its text gives back
//	uvarint   its size as read, in bytes
//	the rest: its text, compressed as an S2 block (klauspost/compress/s2,
//	          an extension of Snappy: fast to compress and to read back)
//
// The text is what verification needs: a query recomputes a candidate's
// shingle set, normalized text and signature from it with the index's
// kernel, exactly as a scan computes them, and never reads the indexed
// documents' files. Compressed, it is about two thirds of the size of the
// shingle set it gives (3.7–4.3 KB against 5.6–6.7 KB of sorted, delta-coded
// hashes for a generated news article). Pages are 16 KiB.
//
// Opening a file of another version fails, naming both versions.

// Version is the version of the index format.
const Version = 1

// PostedTerms is the number of a document's heaviest candidate terms that
// are posted for related candidates.
const PostedTerms = 32

var versionText = []byte(fmt.Sprintf("neardup-index %d", Version))

var (
	bucketMeta    = []byte("meta")
	bucketIDs     = []byte("ids")
	bucketRecords = []byte("records")
	bucketBands   = []byte("bands")
	bucketTerms   = []byte("terms")
	bucketDF      = []byte("df")
	allBuckets    = [][]byte{bucketMeta, bucketIDs, bucketRecords, bucketBands, bucketTerms, bucketDF}

	keyVersion = []byte("version")
	keyParams  = []byte("params")
	keyDocs    = []byte("docs")
	keyNext    = []byte("next")
	keyPosted  = []byte("posted")
)

// record is a document as the index holds it.
type record struct {
	id     string
	sketch engine.Sketch
	bytes  int64
	text   []byte // compressed
}

// appendRecord appends the encoding of a document's record to dst.
func appendRecord(dst []byte, id string, sk *engine.Sketch, size int64, text []byte) ([]byte, error) {
	skb, err := sk.AppendBinary(nil)
	if err != nil {
		return dst, err
	}
	dst = binary.AppendUvarint(dst, uint64(len(id)))
	dst = append(dst, id...)
	dst = binary.AppendUvarint(dst, uint64(len(skb)))
	dst = append(dst, skb...)
	dst = binary.AppendUvarint(dst, uint64(size))
	return append(dst, s2.Encode(nil, text)...), nil
}

var errRecord = errors.New("index: damaged record")

// decodeRecord decodes a record; its text stays compressed.
func decodeRecord(data []byte, r *record) error {
	field := func() ([]byte, bool) {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data)-k) {
			return nil, false
		}
		f := data[k : k+int(n)]
		data = data[k+int(n):]
		return f, true
	}
	id, ok := field()
	if !ok {
		return errRecord
	}
	sk, ok := field()
	if !ok {
		return errRecord
	}
	if err := r.sketch.UnmarshalBinary(sk); err != nil {
		return err
	}
	size, k := binary.Uvarint(data)
	if k <= 0 {
		return errRecord
	}
	r.id, r.bytes, r.text = string(id), int64(size), data[k:]
	return nil
}

// decompress returns the record's text.
func (r *record) decompress(dst []byte) ([]byte, error) {
	n, err := s2.DecodedLen(r.text)
	if err != nil {
		return nil, err
	}
	return s2.Decode(slices.Grow(dst[:0], n)[:n], r.text)
}

func numKey(num uint32) []byte { return binary.BigEndian.AppendUint32(nil, num) }

func termOnly(term uint64) []byte { return binary.BigEndian.AppendUint64(nil, term) }

// A bandEntry and a termEntry are keys of the bands and terms buckets.
type bandEntry struct {
	band uint8
	key  uint32
	num  uint32
}

func (e bandEntry) bytes(dst []byte) []byte {
	dst = append(dst[:0], e.band)
	dst = binary.BigEndian.AppendUint32(dst, e.key)
	return binary.BigEndian.AppendUint32(dst, e.num)
}

func compareBand(a, b bandEntry) int {
	return cmp.Or(cmp.Compare(a.band, b.band), cmp.Compare(a.key, b.key), cmp.Compare(a.num, b.num))
}

type termEntry struct {
	term uint64
	num  uint32
}

func (e termEntry) bytes(dst []byte) []byte {
	dst = binary.BigEndian.AppendUint64(dst[:0], e.term)
	return binary.BigEndian.AppendUint32(dst, e.num)
}

func compareTerm(a, b termEntry) int {
	return cmp.Or(cmp.Compare(a.term, b.term), cmp.Compare(a.num, b.num))
}

// postings are the keys of documents to post or to unpost, and the changes
// to document frequencies they make.
type postings struct {
	bands []bandEntry
	terms []termEntry
	df    map[uint64]int
	docs  int
}

// add adds the keys of document num of sketch sk, banded by b.
func (p *postings) add(num uint32, sk *engine.Sketch, keys []uint32, sign int) {
	if p.df == nil {
		p.df = map[uint64]int{}
	}
	for b, k := range keys {
		p.bands = append(p.bands, bandEntry{uint8(b), k, num})
	}
	for i, t := range sk.Terms {
		if i < PostedTerms {
			p.terms = append(p.terms, termEntry{t.Hash, num})
		}
		p.df[t.Hash] += sign
	}
	p.docs += sign
}

func (p *postings) empty() bool {
	return len(p.bands) == 0 && len(p.terms) == 0 && p.docs == 0 && len(p.df) == 0
}
