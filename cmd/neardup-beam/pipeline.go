package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
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

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// Doc is a document read.
type Doc struct {
	ID   string
	Text []byte
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
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Doc), error](&readFn{})
	register.DoFn2x1[Doc, func(Sketched), error](&sketchFn{})
	register.DoFn2x1[Sketched, func(int64, string), error](&bandsFn{})
	register.Function3x0(pairsOf)
	register.Function2x0(byFirst)
	register.Function1x2(keyed)
	register.Function4x0(halves)
	register.DoFn4x1[string, func(*Sketched) bool, func(*Half) bool, func(string), error](&verifyFn{})
	register.Function3x0(gather)
	register.Emitter1[Doc]()
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
	docs := beam.ParDo(s, &readFn{Base: base}, files)
	sketched := beam.ParDo(s, &sketchFn{}, docs)
	keys := beam.ParDo(s, &bandsFn{}, sketched)
	pairs := filter.Distinct(s, beam.ParDo(s, pairsOf, beam.GroupByKey(s, keys)))
	records := beam.ParDo(s, keyed, sketched)
	firsts := beam.CoGroupByKey(s, records, beam.ParDo(s, byFirst, pairs))
	verified := beam.ParDo(s, &verifyFn{}, beam.CoGroupByKey(s, records, beam.ParDo(s, halves, firsts)))
	report := beam.ParDo(s, gather, beam.GroupByKey(s, beam.AddFixedKey(s, verified)))
	textio.Write(s, out, report)
	return p, nil
}

// readFn reads a file as neardup does (corpus.Decode, HTML extraction); its
// id is its path under Base.
type readFn struct{ Base string }

func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Doc)) error {
	data, err := file.Read(ctx)
	if err != nil {
		return err
	}
	id := strings.TrimPrefix(strings.TrimPrefix(file.Metadata.Path, f.Base), "/")
	d, err := corpus.Decode(id, data)
	if err != nil {
		return nil // skipped, as a scan skips it
	}
	if corpus.IsHTML(id) {
		if d.Text = corpus.ExtractHTML(d.Text); len(d.Text) == 0 {
			return nil
		}
	}
	emit(Doc{ID: id, Text: d.Text})
	return nil
}

// sketchFn sketches documents with the kernel.
type sketchFn struct{ k *engine.Kernel }

func (f *sketchFn) Setup() error {
	var err error
	f.k, err = engine.NewKernel(config().Config())
	return err
}

func (f *sketchFn) ProcessElement(d Doc, emit func(Sketched)) error {
	var sk engine.Sketch
	an, err := f.k.Sketch(&sk, d.Text)
	if err != nil {
		return nil // no words: nothing to compare, as in a scan
	}
	enc, err := sk.MarshalBinary()
	if err != nil {
		return err
	}
	emit(Sketched{ID: d.ID, Sketch: enc, Set: slices.Clone(an.Set), Norm: bytes.Clone(an.Normalized)})
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
		line, err := json.Marshal(verifiedPair{Pair: scan.PairOf(h.A.ID, b.ID, v, true), Texts: [2]int64{sa.TextBytes, sb.TextBytes}, IDs: [2]string{h.A.ID, b.ID}})
		if err != nil {
			return err
		}
		emit(string(line))
	}
	return nil
}

// verifiedPair is a verified pair on its way to the report, with the
// lengths of its documents' texts (IDs[i]'s is Texts[i]), which decide the
// document an exact group keeps.
type verifiedPair struct {
	Pair  scan.Pair
	IDs   [2]string
	Texts [2]int64
}

// gather writes the verified pairs as one JSON object, sorted, as a scan
// reports them: an exact group as a pair of the document it keeps (the
// longest text, then the first id) with each other member.
func gather(_ int, lines func(*string) bool, emit func(string)) {
	var vs []verifiedPair
	var l string
	for lines(&l) {
		var v verifiedPair
		if err := json.Unmarshal([]byte(l), &v); err == nil {
			vs = append(vs, v)
		}
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		return x
	}
	length := map[string]int64{}
	for _, v := range vs {
		length[v.IDs[0]], length[v.IDs[1]] = v.Texts[0], v.Texts[1]
		if v.Pair.Kind == engine.Exact {
			a, b := find(v.IDs[0]), find(v.IDs[1])
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	keeper := map[string]string{} // group root -> the document kept
	for id := range length {
		r := find(id)
		k, ok := keeper[r]
		if !ok || length[id] > length[k] || length[id] == length[k] && id < k {
			keeper[r] = id
		}
	}
	var pairs []scan.Pair
	for _, v := range vs {
		if v.Pair.Kind == engine.Exact {
			k := keeper[find(v.IDs[0])]
			if v.IDs[0] != k && v.IDs[1] != k {
				continue // not a pair with the document kept
			}
		}
		pairs = append(pairs, v.Pair)
	}
	slices.SortFunc(pairs, func(x, y scan.Pair) int {
		if x.A != y.A {
			return strings.Compare(x.A, y.A)
		}
		return strings.Compare(x.B, y.B)
	})
	if pairs == nil {
		pairs = []scan.Pair{}
	}
	out, _ := json.MarshalIndent(map[string]any{"pairs": pairs}, "", "  ")
	emit(string(out))
}
