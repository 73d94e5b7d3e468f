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
	"sync/atomic"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
	"github.com/sourcegraph/conc/pool"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
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
	return Params{
		Unit: o.Shingle.Unit.String(), Shingle: o.Shingle.Size, Signer: string(o.Signer), Perm: o.Perm, Seed: o.Seed,
		Threshold: o.Threshold, RelatedThreshold: o.RelatedThreshold, MaxPosting: o.PostingLimit(), Bands: b.Bands, Rows: b.Rows,
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
// adds or removes. One process at a time opens a file.
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

	// write serializes writers; pending holds the keys of documents whose
	// records are written but that are not posted yet.
	write   sync.Mutex
	pending postings
	// unposted is true while pending holds documents: readers look at it
	// without taking write, so that a query does not wait for an add
	// when nothing is pending.
	unposted atomic.Bool
	// PostEvery is the number of documents whose postings Add gathers
	// before it posts them (0: DefaultPostEvery). Queries, Stats, Remove
	// and Close post first.
	PostEvery int
}

// DefaultPostEvery is the default of Index.PostEvery.
const DefaultPostEvery = 250000

// ErrVersion is the error of opening an index of another format version.
var ErrVersion = errors.New("index: another format version")

// Open opens the index file at path, creating it with the parameters of
// create if it does not exist and create is not nil, and posts the documents
// an interrupted add left unposted. Opening an index made with other
// parameters than create's is no error: the index's own hold, and Params
// returns them; the caller decides whether flags conflict.
func Open(path string, create *Params) (*Index, error) {
	if _, err := os.Stat(path); err != nil {
		if !os.IsNotExist(err) || create == nil {
			return nil, err
		}
	}
	// Pages of 16 KiB hold a few records each (a record is 4.6 to 5.2 KB
	// for a generated news article); the size is fixed when the file is
	// created.
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 5 * time.Second, PageSize: 16 << 10})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
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
			zero4 := binary.BigEndian.AppendUint32(nil, 0)
			for k, v := range map[string][]byte{string(keyVersion): versionText, string(keyParams): p,
				string(keyDocs): binary.BigEndian.AppendUint64(nil, 0), string(keyNext): zero4, string(keyPosted): zero4} {
				if err := meta.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		if v := meta.Get(keyVersion); !bytes.Equal(v, versionText) {
			return fmt.Errorf("%s: %w: the file is %q, this neardup reads %q", path, ErrVersion, v, versionText)
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				return fmt.Errorf("%s: a damaged index: no %s bucket", path, name)
			}
		}
		for k, n := range map[string]int{string(keyDocs): 8, string(keyNext): 4, string(keyPosted): 4} {
			if len(meta.Get([]byte(k))) != n {
				return fmt.Errorf("%s: a damaged index: meta %q", path, k)
			}
		}
		if err := json.Unmarshal(meta.Get(keyParams), &x.params); err != nil {
			return fmt.Errorf("%s: a damaged index: its parameters: %w", path, err)
		}
		return nil
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
	if err := x.recover(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: posting the documents of an interrupted add: %w", path, err)
	}
	return x, nil
}

// recover posts the documents whose records were written but that were not
// posted: those of an add that was interrupted.
func (x *Index) recover() error {
	err := x.db.View(func(tx *bolt.Tx) error {
		posted := binary.BigEndian.Uint32(tx.Bucket(bucketMeta).Get(keyPosted))
		c := tx.Bucket(bucketRecords).Cursor()
		for k, v := c.Seek(numKey(posted)); k != nil; k, v = c.Next() {
			r, keys, err := x.reread(v)
			if err != nil {
				return err
			}
			x.pending.add(binary.BigEndian.Uint32(k), &r.sketch, keys, 1)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return x.postLocked()
}

// reread decodes a record and gives its band keys, from its text.
func (x *Index) reread(v []byte) (*record, []uint32, error) {
	var r record
	if err := decodeRecord(v, &r); err != nil {
		return nil, nil, err
	}
	text, err := r.decompress(nil)
	if err != nil {
		return nil, nil, err
	}
	k := x.kernels.Get().(*engine.Kernel)
	defer x.kernels.Put(k)
	var sk engine.Sketch
	if _, err := k.Sketch(&sk, text); err != nil {
		return nil, nil, err
	}
	return &r, sk.BandKeys(nil, x.banding), nil
}

// Close posts what is pending and closes the index.
func (x *Index) Close() error {
	err := x.Post()
	if cerr := x.db.Close(); err == nil {
		err = cerr
	}
	return err
}

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

// sketched is a document sketched by the index's kernel.
type sketched struct {
	id     string
	sketch engine.Sketch
	set    []uint64 // for queries
	norm   []byte   // for queries
	enc    []byte   // the record, for adds
	keys   []uint32 // band keys
	noWord bool
}

// sketchAll sketches docs in parallel, in order: records for an add, sets
// and normalized texts for a query.
func (x *Index) sketchAll(docs []Doc, forAdd bool) ([]sketched, error) {
	out := make([]sketched, len(docs))
	p := pool.New().WithErrors().WithMaxGoroutines(max(1, min(len(docs), workers())))
	const chunk = 32
	for lo := 0; lo < len(docs); lo += chunk {
		p.Go(func() error {
			k := x.kernels.Get().(*engine.Kernel)
			defer x.kernels.Put(k)
			for i := lo; i < min(lo+chunk, len(docs)); i++ {
				if err := x.sketchOne(k, &docs[i], &out[i], forAdd); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return out, p.Wait()
}

func (x *Index) sketchOne(k *engine.Kernel, d *Doc, s *sketched, forAdd bool) error {
	s.id = d.ID
	an, err := k.Sketch(&s.sketch, d.Text)
	if errors.Is(err, engine.ErrNoWords) {
		s.noWord = true
		return nil
	}
	if err != nil {
		return err
	}
	s.keys = s.sketch.BandKeys(nil, x.banding)
	if forAdd {
		size := d.Bytes
		if size == 0 {
			size = int64(len(d.Text))
		}
		// The record's sketch leaves out the signature: the text gives it
		// back, and a record under a page's size packs better.
		stored := s.sketch
		stored.Signature = nil
		s.enc, err = appendRecord(nil, d.ID, &stored, size, d.Text)
		return err
	}
	s.set, s.norm = slices.Clone(an.Set), bytes.Clone(an.Normalized)
	return nil
}

// Add adds docs: sketched in parallel, their records written in one
// transaction, all or none. They are posted (queryable) by the next query,
// Stats, Remove, Post or Close, or by Add itself once PostEvery documents
// are pending. A document whose id is in the index with the same content is
// left as it is; with other content, it is replaced. Of docs with one id,
// the last counts.
func (x *Index) Add(docs []Doc) ([]Status, error) {
	b, err := x.Prepare(docs)
	if err != nil {
		return nil, err
	}
	return x.AddPrepared(b)
}

// A Batch is documents sketched for adding (Prepare).
type Batch struct{ sk []sketched }

// Prepare sketches docs for adding, in parallel; it may run while another
// goroutine adds a batch prepared before, so that sketching and writing
// overlap.
func (x *Index) Prepare(docs []Doc) (Batch, error) {
	sk, err := x.sketchAll(docs, true)
	return Batch{sk}, err
}

// AddPrepared adds a prepared batch, as Add does.
func (x *Index) AddPrepared(b Batch) ([]Status, error) {
	sk := b.sk
	var err error
	docs := sk
	x.write.Lock()
	defer x.write.Unlock()
	status := make([]Status, len(docs))
	last := map[string]int{}
	for i := range sk {
		last[sk[i].id] = i
	}
	// A replacement unposts the old document: post what is pending first.
	replacing := false
	x.db.View(func(tx *bolt.Tx) error {
		ids, recs := tx.Bucket(bucketIDs), tx.Bucket(bucketRecords)
		for i := range sk {
			if n := ids.Get([]byte(sk[i].id)); n != nil && !sk[i].noWord && !sameContent(recs.Get(n), sk[i].enc) {
				replacing = true
			}
		}
		return nil
	})
	if replacing {
		if err := x.postLocked(); err != nil {
			return nil, err
		}
	}
	var added postings
	var unpost postings
	err = x.db.Update(func(tx *bolt.Tx) error {
		meta, ids, recs := tx.Bucket(bucketMeta), tx.Bucket(bucketIDs), tx.Bucket(bucketRecords)
		recs.FillPercent = 1 // numbers grow: records are appended
		next := binary.BigEndian.Uint32(meta.Get(keyNext))
		for i := range sk {
			s := &sk[i]
			if last[s.id] != i {
				status[i] = Unchanged
				continue
			}
			if s.noWord {
				status[i] = NoWords
				continue
			}
			status[i] = Added
			if n := ids.Get([]byte(s.id)); n != nil {
				old := recs.Get(n)
				if sameContent(old, s.enc) {
					status[i] = Unchanged
					continue
				}
				r, keys, err := x.reread(old)
				if err != nil {
					return fmt.Errorf("%s: %w", s.id, err)
				}
				unpost.add(binary.BigEndian.Uint32(n), &r.sketch, keys, -1)
				if err := recs.Delete(n); err != nil {
					return err
				}
				status[i] = Replaced
			}
			if next == 1<<32-1 {
				return errors.New("index: out of document numbers")
			}
			num := next
			next++
			if err := recs.Put(numKey(num), s.enc); err != nil {
				return err
			}
			if err := ids.Put([]byte(s.id), numKey(num)); err != nil {
				return err
			}
			added.add(num, &s.sketch, s.keys, 1)
		}
		if !unpost.empty() {
			// The replaced documents were posted: unpost them now, and
			// post their replacements with them, so that "posted"
			// stays a watermark.
			if err := x.unpost(tx, &unpost); err != nil {
				return err
			}
		}
		return meta.Put(keyNext, numKey(next))
	})
	if err != nil {
		return nil, err
	}
	x.pending.merge(&added)
	x.unposted.Store(!x.pending.empty())
	if x.pending.docs >= x.postEvery() || replacing {
		if err := x.postLocked(); err != nil {
			return status, err
		}
	}
	return status, nil
}

func (x *Index) postEvery() int {
	if x.PostEvery > 0 {
		return x.PostEvery
	}
	return DefaultPostEvery
}

// merge appends o's keys and changes to p.
func (p *postings) merge(o *postings) {
	if p.df == nil {
		p.df = map[uint64]int{}
	}
	p.bands = append(p.bands, o.bands...)
	p.terms = append(p.terms, o.terms...)
	for t, d := range o.df {
		p.df[t] += d
	}
	p.docs += o.docs
}

// sameContent reports whether two encoded records hold the same document.
func sameContent(a, b []byte) bool { return a != nil && bytes.Equal(a, b) }

// Post posts the pending documents: their keys and document frequencies, in
// one transaction.
func (x *Index) Post() error {
	if !x.unposted.Load() {
		return nil
	}
	x.write.Lock()
	defer x.write.Unlock()
	return x.postLocked()
}

func (x *Index) postLocked() error {
	if x.pending.empty() {
		return nil
	}
	// The keys first, in transactions of postChunk keys (writing a key
	// twice is harmless, should a later one fail); then the document
	// frequencies, the count and the watermark, in one.
	slices.SortFunc(x.pending.bands, compareBand)
	slices.SortFunc(x.pending.terms, compareTerm)
	var buf []byte
	for lo := 0; lo < len(x.pending.bands)+len(x.pending.terms); lo += postChunk {
		err := x.db.Update(func(tx *bolt.Tx) error {
			bands, terms := tx.Bucket(bucketBands), tx.Bucket(bucketTerms)
			bands.FillPercent, terms.FillPercent = 0.9, 0.9
			for i := lo; i < min(lo+postChunk, len(x.pending.bands)+len(x.pending.terms)); i++ {
				var err error
				if i < len(x.pending.bands) {
					buf = x.pending.bands[i].bytes(buf)
					err = bands.Put(buf, nil)
				} else {
					buf = x.pending.terms[i-len(x.pending.bands)].bytes(buf)
					err = terms.Put(buf, nil)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	err := x.db.Update(func(tx *bolt.Tx) error {
		return x.post(tx, &x.pending, binary.BigEndian.Uint32(tx.Bucket(bucketMeta).Get(keyNext)))
	})
	if err == nil {
		x.pending = postings{}
		x.unposted.Store(false)
	}
	return err
}

// postChunk is the most keys posted in one transaction: bbolt splits its
// nodes when a transaction commits, and a node that takes many keys first
// grows by copying.
const postChunk = 200000

// post writes the document frequencies and the count of documents that
// postLocked posted the keys of, and sets the posted watermark to next.
func (x *Index) post(tx *bolt.Tx, p *postings, next uint32) error {
	meta := tx.Bucket(bucketMeta)
	if err := x.applyDF(tx, p.df); err != nil {
		return err
	}
	docs := int64(binary.BigEndian.Uint64(meta.Get(keyDocs))) + int64(p.docs)
	if err := meta.Put(keyDocs, binary.BigEndian.AppendUint64(nil, uint64(docs))); err != nil {
		return err
	}
	return meta.Put(keyPosted, numKey(next))
}

// unpost deletes the keys of p, and subtracts its document frequencies
// (p's changes are negative).
func (x *Index) unpost(tx *bolt.Tx, p *postings) error {
	meta, bands, terms := tx.Bucket(bucketMeta), tx.Bucket(bucketBands), tx.Bucket(bucketTerms)
	slices.SortFunc(p.bands, compareBand)
	slices.SortFunc(p.terms, compareTerm)
	var buf []byte
	for _, e := range p.bands {
		buf = e.bytes(buf)
		if err := bands.Delete(buf); err != nil {
			return err
		}
	}
	for _, e := range p.terms {
		buf = e.bytes(buf)
		if err := terms.Delete(buf); err != nil {
			return err
		}
	}
	if err := x.applyDF(tx, p.df); err != nil {
		return err
	}
	docs := int64(binary.BigEndian.Uint64(meta.Get(keyDocs))) + int64(p.docs)
	return meta.Put(keyDocs, binary.BigEndian.AppendUint64(nil, uint64(docs)))
}

// applyDF adds the changes to document frequencies, in term order.
func (x *Index) applyDF(tx *bolt.Tx, delta map[uint64]int) error {
	df := tx.Bucket(bucketDF)
	df.FillPercent = 0.9
	terms := make([]uint64, 0, len(delta))
	for t, d := range delta {
		if d != 0 {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	for _, t := range terms {
		k := termOnly(t)
		n := int64(0)
		if v := df.Get(k); v != nil {
			c, _ := binary.Uvarint(v)
			n = int64(c)
		}
		n += int64(delta[t])
		var err error
		switch {
		case n < 0:
			return fmt.Errorf("index: negative document frequency of term %x", t)
		case n == 0:
			err = df.Delete(k)
		default:
			err = df.Put(k, binary.AppendUvarint(nil, uint64(n)))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Remove removes the documents of ids; it returns which were there.
func (x *Index) Remove(ids []string) ([]bool, error) {
	x.write.Lock()
	defer x.write.Unlock()
	if err := x.postLocked(); err != nil {
		return nil, err
	}
	found := make([]bool, len(ids))
	err := x.db.Update(func(tx *bolt.Tx) error {
		idb, recs := tx.Bucket(bucketIDs), tx.Bucket(bucketRecords)
		var p postings
		for i, id := range ids {
			n := idb.Get([]byte(id))
			if n == nil || found[i] {
				continue
			}
			r, keys, err := x.reread(recs.Get(n))
			if err != nil {
				return fmt.Errorf("%s: %w", id, err)
			}
			p.add(binary.BigEndian.Uint32(n), &r.sketch, keys, -1)
			if err := recs.Delete(n); err != nil {
				return err
			}
			if err := idb.Delete([]byte(id)); err != nil {
				return err
			}
			for j := i; j < len(ids); j++ {
				if ids[j] == id {
					found[j] = true
				}
			}
		}
		if p.empty() {
			return nil
		}
		return x.unpost(tx, &p)
	})
	return found, err
}

// Stats describe an index.
type Stats struct {
	Documents int    `json:"documents"`
	Terms     int    `json:"terms"` // distinct candidate terms
	FileBytes int64  `json:"file_bytes"`
	Params    Params `json:"params"`
	Version   int    `json:"version"`
	// RelatedThreshold is the related threshold in force for a query of
	// one document: the index's, or the one its number of documents calls
	// for.
	RelatedThreshold float64 `json:"related_threshold_in_force"`
}

// Stats returns the index's statistics, once what is pending is posted.
// Counting its terms reads the df table through.
func (x *Index) Stats() (Stats, error) {
	if err := x.Post(); err != nil {
		return Stats{}, err
	}
	st := Stats{Params: x.params, Version: Version}
	err := x.db.View(func(tx *bolt.Tx) error {
		st.Documents = int(binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keyDocs)))
		st.Terms = tx.Bucket(bucketDF).Stats().KeyN
		st.FileBytes = tx.Size()
		return nil
	})
	st.RelatedThreshold = x.params.RelatedThreshold
	if st.RelatedThreshold == 0 {
		st.RelatedThreshold = engine.RelatedThresholdFor(st.Documents + 1)
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
	Stored    int    `json:"stored_bytes"`
}

// Get returns the indexed document of that id, if any.
func (x *Index) Get(id string) (DocInfo, bool, error) {
	var d DocInfo
	var ok bool
	err := x.db.View(func(tx *bolt.Tx) error {
		n := tx.Bucket(bucketIDs).Get([]byte(id))
		if n == nil {
			return nil
		}
		v := tx.Bucket(bucketRecords).Get(n)
		var r record
		if err := decodeRecord(v, &r); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		ok = true
		d = DocInfo{ID: id, Bytes: r.bytes, TextBytes: r.sketch.TextBytes, Shingles: r.sketch.Shingles, Terms: len(r.sketch.Terms),
			Hash: fmt.Sprintf("%016x", r.sketch.Hash), Stored: len(v)}
		return nil
	})
	return d, ok, err
}

// Documents returns the number of posted documents.
func (x *Index) Documents() (int, error) {
	var n int
	err := x.db.View(func(tx *bolt.Tx) error {
		n = int(binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keyDocs)))
		return nil
	})
	return n, err
}
