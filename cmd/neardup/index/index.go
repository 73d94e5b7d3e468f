// Package index is a persistent index of sketched documents, one file, for
// deduplicating new documents against a corpus without scanning it again:
// documents are added, removed and queried; a query classifies each new
// document against the indexed ones and the others of its batch with the
// engine's kernel and classifier, from the sketches and shingle sets the index
// holds, as a scan of all of them would. format.go describes the file.
package index

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
	"github.com/sourcegraph/conc/pool"
	bolt "go.etcd.io/bbolt"
)

// Params are an index's parameters, fixed when it is created: those that
// decide sketches, band keys and kinds.
type Params struct {
	Unit             string  `json:"unit"`
	Shingle          int     `json:"shingle"`
	Signer           string  `json:"signer"`
	Perm             int     `json:"perm"`
	Seed             uint64  `json:"seed"`
	Threshold        float64 `json:"threshold"`
	RelatedThreshold float64 `json:"related_threshold"` // 0: auto, by the number of documents
	MaxPosting       int     `json:"max_posting"`
	Bands            int     `json:"bands"`
	Rows             int     `json:"rows"`
}

// ParamsOf returns the index parameters of scan options.
func ParamsOf(o scan.Options) (Params, error) {
	if err := o.Validate(); err != nil {
		return Params{}, err
	}
	b, err := o.Rules().Banding(o.Perm)
	if err != nil {
		return Params{}, err
	}
	mp := o.MaxPosting
	if mp == 0 {
		mp = related.MaxPosting
	}
	return Params{
		Unit: o.Shingle.Unit.String(), Shingle: o.Shingle.Size, Signer: string(o.Signer), Perm: o.Perm, Seed: o.Seed,
		Threshold: o.Threshold, RelatedThreshold: o.RelatedThreshold, MaxPosting: mp, Bands: b.Bands, Rows: b.Rows,
	}, nil
}

// Options returns the scan options of the parameters (all kinds).
func (p Params) Options() (scan.Options, error) {
	o := scan.DefaultOptions()
	u, err := shingle.ParseUnit(p.Unit)
	if err != nil {
		return o, err
	}
	o.Shingle = shingle.Options{Unit: u, Size: p.Shingle}
	o.Signer, o.Perm, o.Seed = lsh.SignerKind(p.Signer), p.Perm, p.Seed
	o.Threshold, o.RelatedThreshold, o.MaxPosting = p.Threshold, p.RelatedThreshold, p.MaxPosting
	o.Kinds = engine.All
	return o, o.Validate()
}

// Index is an open index. Many goroutines may query it at once, while one
// adds or removes.
type Index struct {
	db      *bolt.DB
	params  Params
	opt     scan.Options
	cfg     engine.Config
	banding lsh.Params

	mu      sync.Mutex
	base    *engine.Classifier // prepared for baseFor documents
	baseFor int
	kernels sync.Pool
}

// ErrVersion is the error of opening an index of another format version.
var ErrVersion = errors.New("index: another format version")

// Open opens the index file at path, creating it with the parameters of
// create if it does not exist and create is not nil. Opening an index made
// with other parameters than create's is no error: the index's own hold,
// and Params returns them; the caller decides whether flags conflict.
func Open(path string, create *Params) (*Index, error) {
	if _, err := os.Stat(path); err != nil {
		if !os.IsNotExist(err) || create == nil {
			return nil, err
		}
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%s: the index is in use by another process", path)
		}
		return nil, fmt.Errorf("%s: not an index: %w", path, err)
	}
	x := &Index{db: db}
	err = db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			if create == nil {
				return fmt.Errorf("%s: not a neardup index", path)
			}
			for _, name := range allBuckets {
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
			meta = tx.Bucket(bucketMeta)
			p, err := json.Marshal(create)
			if err != nil {
				return err
			}
			for k, v := range map[string][]byte{string(keyVersion): versionText, string(keyParams): p,
				string(keyDocs): binary.BigEndian.AppendUint64(nil, 0), string(keyNext): binary.BigEndian.AppendUint32(nil, 0)} {
				if err := meta.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		if v := meta.Get(keyVersion); !bytes.Equal(v, versionText) {
			return fmt.Errorf("%s: %w: the file is %q, this neardup reads %q", path, ErrVersion, v, versionText)
		}
		return json.Unmarshal(meta.Get(keyParams), &x.params)
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	if x.opt, err = x.params.Options(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: its parameters: %w", path, err)
	}
	x.cfg = x.opt.Config()
	x.banding = lsh.Params{Bands: x.params.Bands, Rows: x.params.Rows}
	if b, err := x.opt.Rules().Banding(x.opt.Perm); err != nil || b != x.banding {
		db.Close()
		return nil, fmt.Errorf("%s: its banding %d x %d is not that of its parameters", path, x.params.Bands, x.params.Rows)
	}
	x.kernels.New = func() any {
		k, err := engine.NewKernel(x.cfg)
		if err != nil {
			panic(err) // the configuration was validated
		}
		return k
	}
	return x, nil
}

// Close closes the index.
func (x *Index) Close() error { return x.db.Close() }

// Params returns the index's parameters.
func (x *Index) Params() Params { return x.params }

// Options returns the scan options of the index's parameters.
func (x *Index) Options() scan.Options { return x.opt }

// Path returns the index file's path.
func (x *Index) Path() string { return x.db.Path() }

// A Doc is a document to add or query.
type Doc struct {
	ID    string
	Text  []byte
	Bytes int64 // its size as read; len(Text) if 0
}

// A Status is what adding did with a document.
type Status string

const (
	Added     Status = "added"     // new
	Unchanged Status = "unchanged" // already there with the same content: nothing done
	Replaced  Status = "replaced"  // already there with other content: replaced
	NoWords   Status = "no_words"  // no words: not added
)

// sketched is a document sketched for the index.
type sketched struct {
	id     string
	rec    record
	enc    []byte   // the record, number 0
	keys   []uint32 // band keys
	noWord bool
}

// sketchAll sketches docs in parallel, in order.
func (x *Index) sketchAll(docs []Doc) ([]sketched, error) {
	out := make([]sketched, len(docs))
	p := pool.New().WithErrors().WithMaxGoroutines(max(1, min(len(docs), workers())))
	const chunk = 64
	for lo := 0; lo < len(docs); lo += chunk {
		p.Go(func() error {
			k := x.kernels.Get().(*engine.Kernel)
			defer x.kernels.Put(k)
			for i := lo; i < min(lo+chunk, len(docs)); i++ {
				if err := x.sketchOne(k, &docs[i], &out[i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return out, p.Wait()
}

func (x *Index) sketchOne(k *engine.Kernel, d *Doc, s *sketched) error {
	s.id = d.ID
	an, err := k.Sketch(&s.rec.sketch, d.Text)
	if errors.Is(err, engine.ErrNoWords) {
		s.noWord = true
		return nil
	}
	if err != nil {
		return err
	}
	s.rec.set = slices.Clone(an.Set)
	slices.Sort(s.rec.set)
	s.rec.bytes = d.Bytes
	if s.rec.bytes == 0 {
		s.rec.bytes = int64(len(d.Text))
	}
	s.keys = s.rec.sketch.BandKeys(nil, x.banding)
	s.enc, err = appendRecord(nil, &s.rec)
	return err
}

// Add adds docs, sketched in parallel and written in one transaction: all
// or none are added. A document whose id is in the index with the same
// content is left as it is; with other content, it is replaced. Of docs
// with one id, the last counts.
func (x *Index) Add(docs []Doc) ([]Status, error) {
	sk, err := x.sketchAll(docs)
	if err != nil {
		return nil, err
	}
	status := make([]Status, len(docs))
	last := map[string]int{}
	for i := range sk {
		last[sk[i].id] = i
	}
	err = x.db.Update(func(tx *bolt.Tx) error {
		w := newWriter(tx)
		for i := range sk {
			s := &sk[i]
			if last[s.id] != i {
				status[i] = Unchanged
				continue
			}
			old := w.docs.Get([]byte(s.id))
			switch {
			case s.noWord:
				status[i] = NoWords
				continue
			case old != nil && sameContent(old, s.enc):
				status[i] = Unchanged
				continue
			case old != nil:
				if err := w.remove(s.id, old); err != nil {
					return err
				}
				status[i] = Replaced
			default:
				status[i] = Added
			}
			if err := w.add(s); err != nil {
				return err
			}
		}
		return w.flush()
	})
	if err != nil {
		return nil, err
	}
	return status, nil
}

// Remove removes the documents of ids; it returns which were there.
func (x *Index) Remove(ids []string) ([]bool, error) {
	found := make([]bool, len(ids))
	err := x.db.Update(func(tx *bolt.Tx) error {
		w := newWriter(tx)
		for i, id := range ids {
			old := w.docs.Get([]byte(id))
			if old == nil {
				continue
			}
			found[i] = true
			if err := w.remove(id, old); err != nil {
				return err
			}
		}
		return w.flush()
	})
	return found, err
}

// writer gathers a transaction's changes to the index, to write the keys of
// bands, terms and document frequencies in sorted order.
type writer struct {
	tx                             *bolt.Tx
	meta, docs, nums, bands, terms *bolt.Bucket
	df                             *bolt.Bucket
	docCount                       uint64
	next                           uint32
	putBands, putTerms             [][]byte
	delBands, delTerms             [][]byte
	dfDelta                        map[uint64]int
	banding                        lsh.Params
}

func newWriter(tx *bolt.Tx) *writer {
	w := &writer{tx: tx, meta: tx.Bucket(bucketMeta), docs: tx.Bucket(bucketDocs), nums: tx.Bucket(bucketNums),
		bands: tx.Bucket(bucketBands), terms: tx.Bucket(bucketTerms), df: tx.Bucket(bucketDF), dfDelta: map[uint64]int{}}
	w.docCount = binary.BigEndian.Uint64(w.meta.Get(keyDocs))
	w.next = binary.BigEndian.Uint32(w.meta.Get(keyNext))
	var p Params
	json.Unmarshal(w.meta.Get(keyParams), &p)
	w.banding = lsh.Params{Bands: p.Bands, Rows: p.Rows}
	return w
}

func (w *writer) add(s *sketched) error {
	if w.next == 1<<32-1 {
		return errors.New("index: out of document numbers")
	}
	num := w.next
	w.next++
	s.rec.num = num
	enc := binary.AppendUvarint(nil, uint64(num))
	_, n := binary.Uvarint(s.enc)
	enc = append(enc, s.enc[n:]...)
	if err := w.docs.Put([]byte(s.id), enc); err != nil {
		return err
	}
	if err := w.nums.Put(numKey(num), []byte(s.id)); err != nil {
		return err
	}
	for b, k := range s.keys {
		w.putBands = append(w.putBands, bandKey(nil, b, k, num))
	}
	for _, t := range s.rec.sketch.Terms {
		w.putTerms = append(w.putTerms, termKey(nil, t.Hash, num))
		w.dfDelta[t.Hash]++
	}
	w.docCount++
	return nil
}

func (w *writer) remove(id string, old []byte) error {
	var r record
	if err := decodeRecord(old, &r, false); err != nil {
		return fmt.Errorf("%s: %w", id, err)
	}
	for b, k := range r.sketch.BandKeys(nil, w.banding) {
		w.delBands = append(w.delBands, bandKey(nil, b, k, r.num))
	}
	for _, t := range r.sketch.Terms {
		w.delTerms = append(w.delTerms, termKey(nil, t.Hash, r.num))
		w.dfDelta[t.Hash]--
	}
	if err := w.nums.Delete(numKey(r.num)); err != nil {
		return err
	}
	if err := w.docs.Delete([]byte(id)); err != nil {
		return err
	}
	w.docCount--
	return nil
}

// flush writes the gathered keys, each bucket's in sorted order, and the
// counts.
func (w *writer) flush() error {
	put := func(b *bolt.Bucket, keys [][]byte) error {
		slices.SortFunc(keys, bytes.Compare)
		for _, k := range keys {
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
		return nil
	}
	del := func(b *bolt.Bucket, keys [][]byte) error {
		slices.SortFunc(keys, bytes.Compare)
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	}
	if err := del(w.bands, w.delBands); err != nil {
		return err
	}
	if err := del(w.terms, w.delTerms); err != nil {
		return err
	}
	if err := put(w.bands, w.putBands); err != nil {
		return err
	}
	if err := put(w.terms, w.putTerms); err != nil {
		return err
	}
	terms := make([]uint64, 0, len(w.dfDelta))
	for t, d := range w.dfDelta {
		if d != 0 {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	for _, t := range terms {
		k := termOnly(t)
		n := int64(0)
		if v := w.df.Get(k); v != nil {
			c, _ := binary.Uvarint(v)
			n = int64(c)
		}
		n += int64(w.dfDelta[t])
		var err error
		switch {
		case n < 0:
			return fmt.Errorf("index: negative document frequency of term %x", t)
		case n == 0:
			err = w.df.Delete(k)
		default:
			err = w.df.Put(k, binary.AppendUvarint(nil, uint64(n)))
		}
		if err != nil {
			return err
		}
	}
	if err := w.meta.Put(keyDocs, binary.BigEndian.AppendUint64(nil, w.docCount)); err != nil {
		return err
	}
	return w.meta.Put(keyNext, binary.BigEndian.AppendUint32(nil, w.next))
}

// Stats describe an index.
type Stats struct {
	Documents int    `json:"documents"`
	Terms     int    `json:"terms"` // distinct candidate terms
	FileBytes int64  `json:"file_bytes"`
	Params    Params `json:"params"`
	Version   int    `json:"version"`
	// RelatedThreshold is the related threshold in force: the index's, or
	// the one its number of documents calls for.
	RelatedThreshold float64 `json:"related_threshold_in_force"`
}

// Stats returns the index's statistics. Counting its terms reads the df
// table through.
func (x *Index) Stats() (Stats, error) {
	st := Stats{Params: x.params, Version: Version}
	err := x.db.View(func(tx *bolt.Tx) error {
		st.Documents = int(binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keyDocs)))
		st.Terms = tx.Bucket(bucketDF).Stats().KeyN
		st.FileBytes = tx.Size()
		return nil
	})
	st.RelatedThreshold = x.params.RelatedThreshold
	if st.RelatedThreshold == 0 {
		st.RelatedThreshold = engine.RelatedThresholdFor(st.Documents)
	}
	return st, err
}

// DocInfo describes an indexed document.
type DocInfo struct {
	ID        string `json:"id"`
	Bytes     int64  `json:"bytes"`      // its size as read
	TextBytes int64  `json:"text_bytes"` // its text's
	Shingles  int    `json:"shingles"`
	Terms     int    `json:"terms"` // candidate terms
	Hash      string `json:"hash"`  // of its normalized text, hex
}

// Get returns the indexed document of that id, if any.
func (x *Index) Get(id string) (DocInfo, bool, error) {
	var d DocInfo
	var ok bool
	err := x.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketDocs).Get([]byte(id))
		if v == nil {
			return nil
		}
		var r record
		if err := decodeRecord(v, &r, false); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		ok = true
		d = DocInfo{ID: id, Bytes: r.bytes, TextBytes: r.sketch.TextBytes, Shingles: r.sketch.Shingles, Terms: len(r.sketch.Terms), Hash: fmt.Sprintf("%016x", r.sketch.Hash)}
		return nil
	})
	return d, ok, err
}

// Documents returns the number of indexed documents.
func (x *Index) Documents() (int, error) {
	var n int
	err := x.db.View(func(tx *bolt.Tx) error {
		n = int(binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keyDocs)))
		return nil
	})
	return n, err
}
