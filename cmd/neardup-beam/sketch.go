package main

import (
	"bytes"
	"errors"
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/corpus"
)

// sketchFn sketches documents with the kernel.
type sketchFn struct {
	Set Settings
	k   *engine.Kernel
}

func (f *sketchFn) Setup() error {
	var err error
	f.k, err = engine.NewKernel(f.Set.options().Config())
	return err
}

func (f *sketchFn) ProcessElement(d Doc, emit func(Sketched), meta func(Meta), told func(Told), skip func(Skip)) error {
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
	emit(Sketched{ID: d.ID, Sketch: enc, Set: slices.Clone(an.Set), Norm: bytes.Clone(an.Normalized), Order: d.Order})
	meta(Meta{ID: d.ID, Bytes: d.Bytes, Text: sk.TextBytes, RawHash: d.RawHash, Shingles: sk.Shingles, Repaired: d.Repaired, Order: d.Order})
	if sk.HasTerms {
		told(Told{ID: d.ID, Sketch: enc, Text: d.Text})
	}
	return nil
}

// statsFn combines the documents' sketches into the corpus statistics.
type statsFn struct{}

func (statsFn) CreateAccumulator() *engine.Stats { return &engine.Stats{} }

func (statsFn) AddInput(st *engine.Stats, s Sketched) (*engine.Stats, error) {
	var sk engine.Sketch
	if err := sk.UnmarshalBinary(s.Sketch); err != nil {
		return nil, err
	}
	st.Add(&sk)
	return st, nil
}

func (statsFn) MergeAccumulators(a, b *engine.Stats) *engine.Stats {
	a.Merge(b)
	return a
}

// ExtractOutput encodes the statistics: workers receive them as bytes and
// decode them once (classifierCache), not once per bundle.
func (statsFn) ExtractOutput(st *engine.Stats) ([]byte, error) { return st.MarshalBinary() }

// encodeStats and decodeStats are the Beam coder of corpus statistics.
func encodeStats(st *engine.Stats) ([]byte, error) { return st.MarshalBinary() }

func decodeStats(data []byte) (*engine.Stats, error) {
	st := &engine.Stats{}
	return st, st.UnmarshalBinary(data)
}

// classifierCache holds a DoFn's classifier and the corpus statistics it
// reads, decoded from the side input once: a runner hands the side input to
// every bundle, and decoding it and preparing the classifier each time costs
// more than the bundle's work.
type classifierCache struct {
	enc []byte
	st  *engine.Stats
	c   *engine.Classifier
}

// get returns the classifier of the settings' rules over the statistics the
// side input holds: encoded, or none for a corpus with no document (Beam's
// global combine of nothing gives nothing).
func (cc *classifierCache) get(set Settings, stats func(*[]byte) bool) (*engine.Classifier, *engine.Stats, error) {
	var enc []byte
	if !stats(&enc) {
		enc, _ = (&engine.Stats{}).MarshalBinary()
	}
	if cc.c != nil && bytes.Equal(cc.enc, enc) {
		return cc.c, cc.st, nil
	}
	st := &engine.Stats{}
	if err := st.UnmarshalBinary(enc); err != nil {
		return nil, nil, err
	}
	opt := set.options()
	var corpus engine.Corpus
	if opt.Kinds.Has(engine.Related) {
		corpus = st
	}
	cc.enc, cc.st, cc.c = bytes.Clone(enc), st, engine.NewClassifier(opt.Rules(), corpus)
	return cc.c, cc.st, nil
}
