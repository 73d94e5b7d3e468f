package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/filter"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// Doc is a document read.
type Doc struct {
	ID       string
	Text     []byte
	Bytes    int64  // its size as read
	RawHash  uint64 // the xxhash of its bytes as read
	Repaired int    // invalid UTF-8 sequences replaced
	Order    Order
}

// Order places a document in input order: files by id, a file's records
// in file order.
type Order struct {
	File string
	Seq  int
}

// Meta is what the report says of a document.
type Meta struct {
	ID       string
	Bytes    int64
	Text     int64
	RawHash  uint64
	Shingles int
	Repaired int
	Order    Order
}

// Skip is a file or record that could not be used, and why.
type Skip struct {
	ID     string
	Reason string
	Cause  string
	File   string // of a record: its file
}

// Sketched is a document sketched: what verification needs.
type Sketched struct {
	ID     string
	Sketch []byte // engine's encoding
	Set    []uint64
	Norm   []byte
}

// Half is one side of a candidate pair, joined, on its way to the other.
type Half struct {
	A Sketched
}

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Doc), func(Skip), error](&readFn{})
	register.DoFn4x1[Doc, func(Sketched), func(Meta), func(Skip), error](&sketchFn{})
	register.DoFn2x1[Sketched, func(int64, string), error](&bandsFn{})
	register.Function3x0(pairsOf)
	register.Function2x0(byFirst)
	register.Function1x2(keyed)
	register.Function4x0(halves)
	register.DoFn4x1[string, func(*Sketched) bool, func(*Half) bool, func(string), error](&verifyFn{})
	register.DoFn5x1[int, func(*Meta) bool, func(*Skip) bool, func(*string) bool, func(string), error](&reportFn{})
	register.Emitter1[Doc]()
	register.Emitter1[Meta]()
	register.Emitter1[Skip]()
	register.Iter1[Meta]()
	register.Iter1[Skip]()
	register.Emitter1[Sketched]()
	register.Emitter2[int64, string]()
	register.Emitter1[string]()
	register.Emitter2[string, string]()
	register.Emitter2[string, Half]()
	register.Iter1[string]()
	register.Iter1[Sketched]()
	register.Iter1[Half]()
}

// config is the scan's configuration: neardup's defaults, exact and near
// pairs.
func config() scan.Options {
	opt := scan.DefaultOptions()
	opt.Kinds = engine.KindsOf(engine.Exact, engine.Near)
	return opt
}

// Pipeline builds the pipeline that scans the files of glob and writes the
// verified pairs to out.
func Pipeline(glob, out string) (*beam.Pipeline, error) {
	if err := config().Validate(); err != nil {
		return nil, err
	}
	base := path.Dir(glob)
	if strings.ContainsAny(base, "*?[") {
		return nil, fmt.Errorf("--input %s: wildcards only in the last element", glob)
	}
	p, s := beam.NewPipelineWithRoot()
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, glob))
	docs, skipped := beam.ParDo2(s, &readFn{Base: base, MaxBytes: config().MaxDocBytes}, files)
	sketched, metas, noWords := beam.ParDo3(s, &sketchFn{}, docs)
	keys := beam.ParDo(s, &bandsFn{}, sketched)
	pairs := filter.Distinct(s, beam.ParDo(s, pairsOf, beam.GroupByKey(s, keys)))
	records := beam.ParDo(s, keyed, sketched)
	firsts := beam.CoGroupByKey(s, records, beam.ParDo(s, byFirst, pairs))
	verified := beam.ParDo(s, &verifyFn{}, beam.CoGroupByKey(s, records, beam.ParDo(s, halves, firsts)))
	all := beam.CoGroupByKey(s, beam.AddFixedKey(s, metas), beam.AddFixedKey(s, beam.Flatten(s, skipped, noWords)), beam.AddFixedKey(s, verified))
	report := beam.ParDo(s, &reportFn{Ext: path.Ext(glob)}, all)
	textio.Write(s, out, report)
	return p, nil
}

// readFn reads a file as neardup does (corpus.Decode, HTML extraction); its
// id is its path under Base.
type readFn struct {
	Base     string
	MaxBytes int64
}

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Doc), skip func(Skip)) error {
	id := strings.TrimPrefix(strings.TrimPrefix(file.Metadata.Path, f.Base), "/")
	if file.Metadata.Size > f.MaxBytes {
		skip(Skip{ID: id, Reason: fmt.Sprintf("too large: %d bytes, over the limit of %d", file.Metadata.Size, f.MaxBytes), Cause: string(corpus.TooLarge)})
		return nil
	}
	data, err := file.Read(ctx)
	if err != nil {
		return err
	}
	if corpus.IsJSONL(id) || corpus.IsParquet(id) {
		return f.records(id, data, emit, skip)
	}
	raw, hash := int64(len(data)), xxhash.Sum64(data)
	d, err := corpus.Decode(id, data)
	if err == nil && corpus.IsHTML(id) {
		if d.Text = corpus.ExtractHTML(d.Text); len(d.Text) == 0 {
			err = &corpus.SkipError{Name: id, Reason: "no text in the HTML page", Cause: corpus.Empty}
		}
	}
	if err != nil {
		var se *corpus.SkipError
		if !errors.As(err, &se) {
			return err
		}
		skip(Skip{ID: id, Reason: se.Reason, Cause: string(se.Cause)})
		return nil
	}
	emit(Doc{ID: id, Text: d.Text, Bytes: raw, RawHash: hash, Repaired: d.Repaired, Order: Order{File: id}})
	return nil
}

// records reads the records of a JSONL or Parquet file, as neardup reads
// them: the file is written under its id in a temporary folder, walked and
// loaded by package corpus, so that ids (file:line), texts and the reasons
// for skipped lines are a scan's.
func (f *readFn) records(id string, data []byte, emit func(Doc), skip func(Skip)) error {
	dir, err := os.MkdirTemp("", "neardup-beam")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, filepath.FromSlash(id))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	l, err := corpus.Walk([]corpus.Root{{FS: os.DirFS(dir), Path: "."}}, corpus.WalkOptions{Extensions: []string{"*"}})
	if err != nil {
		return err
	}
	defer l.Close()
	for _, s := range l.Skipped {
		skip(Skip{ID: s.ID, Reason: s.Reason, Cause: string(s.Cause), File: s.File})
	}
	for _, e := range l.Entries {
		d, err := e.Load(nil, f.MaxBytes)
		if err != nil {
			var se *corpus.SkipError
			if !errors.As(err, &se) {
				return err
			}
			skip(Skip{ID: e.Name, Reason: se.Reason, Cause: string(se.Cause), File: se.File})
			continue
		}
		emit(Doc{ID: e.Name, Text: bytes.Clone(d.Text), Bytes: d.Bytes, RawHash: d.RawHash, Repaired: d.Repaired, Order: Order{File: id, Seq: e.Seq()}})
	}
	return nil
}

// sketchFn sketches documents with the kernel.
type sketchFn struct{ k *engine.Kernel }

func (f *sketchFn) Setup() error {
	var err error
	f.k, err = engine.NewKernel(config().Config())
	return err
}

func (f *sketchFn) ProcessElement(d Doc, emit func(Sketched), meta func(Meta), skip func(Skip)) error {
	var sk engine.Sketch
	an, err := f.k.Sketch(&sk, d.Text)
	if errors.Is(err, engine.ErrNoWords) {
		skip(Skip{ID: d.ID, Reason: err.Error(), Cause: string(corpus.NoWords)})
		return nil
	}
	if err != nil {
		return err
	}
	enc, err := sk.MarshalBinary()
	if err != nil {
		return err
	}
	emit(Sketched{ID: d.ID, Sketch: enc, Set: slices.Clone(an.Set), Norm: bytes.Clone(an.Normalized)})
	meta(Meta{ID: d.ID, Bytes: d.Bytes, Text: sk.TextBytes, RawHash: d.RawHash, Shingles: sk.Shingles, Repaired: d.Repaired, Order: d.Order})
	return nil
}

// bandsFn emits each document's band keys, band and key in one integer.
type bandsFn struct{}

func (f *bandsFn) ProcessElement(s Sketched, emit func(int64, string)) error {
	var sk engine.Sketch
	if err := sk.UnmarshalBinary(s.Sketch); err != nil {
		return err
	}
	banding, err := config().Rules().Banding(config().Perm)
	if err != nil {
		return err
	}
	for b, k := range sk.BandKeys(nil, banding) {
		emit(int64(b)<<32|int64(k), s.ID)
	}
	return nil
}

// pairsOf emits the pairs of documents that share a band key, "a\x00b" with
// a < b.
func pairsOf(_ int64, ids func(*string) bool, emit func(string)) {
	var all []string
	var id string
	for ids(&id) {
		all = append(all, id)
	}
	slices.Sort(all)
	for i, a := range all {
		for _, b := range all[i+1:] {
			if a != b {
				emit(a + "\x00" + b)
			}
		}
	}
}

func byFirst(p string, emit func(string, string)) {
	a, b, _ := strings.Cut(p, "\x00")
	emit(a, b)
}

func keyed(s Sketched) (string, Sketched) { return s.ID, s }

// halves sends the record of each pair's first document to the second.
func halves(_ string, recs func(*Sketched) bool, others func(*string) bool, emit func(string, Half)) {
	var rec Sketched
	if !recs(&rec) {
		return
	}
	var b string
	for others(&b) {
		emit(b, Half{A: rec})
	}
}

// verifyFn classifies each pair from the two documents, as a scan does.
type verifyFn struct{ c *engine.Classifier }

func (f *verifyFn) Setup() error {
	f.c = engine.NewClassifier(config().Rules(), nil)
	return nil
}

func (f *verifyFn) ProcessElement(_ string, recs func(*Sketched) bool, hs func(*Half) bool, emit func(string)) error {
	var b Sketched
	if !recs(&b) {
		return nil
	}
	var sb engine.Sketch
	if err := sb.UnmarshalBinary(b.Sketch); err != nil {
		return err
	}
	var h Half
	for hs(&h) {
		var sa engine.Sketch
		if err := sa.UnmarshalBinary(h.A.Sketch); err != nil {
			return err
		}
		v := f.c.Classify(engine.Side{Sketch: &sa, Set: h.A.Set, Normalized: h.A.Norm}, engine.Side{Sketch: &sb, Set: b.Set, Normalized: b.Norm})
		if v.Kind == "" {
			continue
		}
		line, err := json.Marshal(scan.PairOf(h.A.ID, b.ID, v, true))
		if err != nil {
			return err
		}
		emit(string(line))
	}
	return nil
}

// reportFn makes the report, on one worker, from the documents, the skipped
// files and the verified pairs, as a scan for exact and near pairs makes it:
// removal clusters by scan.Clusters, an exact group reported as pairs of the
// document it keeps with each member, written by report.WriteJSON.
type reportFn struct {
	Ext string // the glob's extension: the params' extensions
}

func (f *reportFn) ProcessElement(_ int, metas func(*Meta) bool, skips func(*Skip) bool, lines func(*string) bool, emit func(string)) error {
	opt := config()
	var docs []Meta
	var m Meta
	for metas(&m) {
		docs = append(docs, m)
	}
	// Input order, as a scan walks: files by id, records in file order.
	slices.SortFunc(docs, func(a, b Meta) int {
		if a.Order.File != b.Order.File {
			return strings.Compare(a.Order.File, b.Order.File)
		}
		return a.Order.Seq - b.Order.Seq
	})
	seq := map[string]int{}
	for i, d := range docs {
		seq[d.ID] = i
	}
	slices.SortFunc(docs, func(a, b Meta) int { return strings.Compare(a.ID, b.ID) })
	index := map[string]int{}
	members := make([]scan.Member, len(docs))
	r := &scan.Result{Pairs: []scan.Pair{}, Stories: []scan.Story{}, Skipped: []corpus.Skipped{}}
	for i, d := range docs {
		index[d.ID] = i
		members[i] = scan.Member{ID: d.ID, Text: d.Text, Seq: seq[d.ID]}
		r.Documents = append(r.Documents, scan.Document{ID: d.ID, Bytes: d.Bytes, Text: d.Text, Hash: fmt.Sprintf("%016x", d.RawHash), Shingles: d.Shingles, RepairedUTF8: d.Repaired})
	}
	if r.Documents == nil {
		r.Documents = []scan.Document{}
	}
	var sk Skip
	for skips(&sk) {
		r.Skipped = append(r.Skipped, corpus.Skipped{ID: sk.ID, Reason: sk.Reason, Cause: corpus.Cause(sk.Cause), File: sk.File})
	}
	slices.SortFunc(r.Skipped, func(a, b corpus.Skipped) int {
		if a.ID != b.ID {
			return strings.Compare(a.ID, b.ID)
		}
		return strings.Compare(a.Reason, b.Reason)
	})

	// Exact groups, and the document each keeps.
	var pairs []scan.Pair
	var l string
	for lines(&l) {
		var p scan.Pair
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			return err
		}
		p.Compared = true
		pairs = append(pairs, p)
	}
	parent := make([]int, len(docs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	var edges []scan.Edge
	for _, p := range pairs {
		a, b := index[p.A], index[p.B]
		edges = append(edges, scan.Edge{A: a, B: b, Kind: p.Kind, Similarity: p.Similarity})
		if p.Kind == engine.Exact {
			if x, y := find(a), find(b); x != y {
				parent[max(x, y)] = min(x, y)
			}
		}
	}
	byRoot := map[int][]int{}
	for i := range docs {
		byRoot[find(i)] = append(byRoot[find(i)], i)
	}
	var groups [][]int
	keeper := make([]int, len(docs))
	for _, g := range byRoot {
		k := g[0]
		for _, d := range g[1:] {
			if opt.Keep.Before(members[d], members[k]) {
				k = d
			}
		}
		for _, d := range g {
			keeper[d] = k
		}
		if len(g) > 1 {
			groups = append(groups, g)
		}
	}
	slices.SortFunc(groups, func(a, b []int) int { return a[0] - b[0] })
	r.Summary = scan.Summary{Documents: len(docs), Skipped: len(r.Skipped), Pairs: map[engine.Kind]int{}, Clusters: map[engine.Kind]int{}}
	for _, p := range pairs {
		a, b := index[p.A], index[p.B]
		if p.Kind == engine.Exact && keeper[a] != a && keeper[b] != b {
			continue // an exact group is reported from the document it keeps
		}
		r.Pairs = append(r.Pairs, p)
		r.Summary.Pairs[p.Kind]++
	}
	slices.SortFunc(r.Pairs, func(x, y scan.Pair) int {
		if x.A != y.A {
			return strings.Compare(x.A, y.A)
		}
		return strings.Compare(x.B, y.B)
	})
	r.Clusters = scan.Clusters(members, groups, edges, opt.Keep, true)
	if r.Clusters == nil {
		r.Clusters = []scan.Cluster{}
	}
	for _, c := range r.Clusters {
		r.Summary.Clusters[c.Kind]++
	}
	banding, err := opt.Rules().Banding(opt.Perm)
	if err != nil {
		return err
	}
	r.Params = scan.Params{Unit: opt.Shingle.Unit.String(), Shingle: opt.Shingle.Size, Signer: string(opt.Signer), Perm: opt.Perm,
		Seed: opt.Seed, Threshold: opt.Threshold, Kinds: opt.Kinds.List(), Bands: banding.Bands, Rows: banding.Rows,
		Extensions: []string{f.Ext}, MaxDocBytes: opt.MaxDocBytes}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, r); err != nil {
		return err
	}
	emit(strings.TrimSuffix(buf.String(), "\n"))
	return nil
}
