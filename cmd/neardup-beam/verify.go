package main

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/lsh"
)

// Candidates are verified as a scan verifies them. A pair that agreed on a
// band (or two members of an exact group) has its shingle sets compared:
// it goes the full way, joined with the two documents' sets and normalized
// texts. A pair that only shares terms goes the light way, joined with the
// two documents' light forms (sketches without signatures, and the
// signatures' bits): if the bits say the two may overlap (scan.MayOverlap),
// the pair goes the full way; otherwise it is classified from the sketches
// alone. A scan re-reads no text for those either.

// verify joins the candidate pairs (pair key, flags) with the records of
// their two documents, keyed by id, and classifies them with verifyFn. It
// returns the classified pairs and, the light way, the pairs to send the
// full way.
func verify(s beam.Scope, set Settings, records, pairs, stats beam.PCollection, light bool) (beam.PCollection, beam.PCollection) {
	firsts := beam.CoGroupByKey(s, records, beam.ParDo(s, byFirst, pairs))
	return beam.ParDo2(s, &verifyFn{Set: set, Light: light}, beam.CoGroupByKey(s, records, beam.ParDo(s, halves, firsts)), beam.SideInput{Input: stats})
}

func keyed(s Sketched) (string, Sketched) { return s.ID, s }

// lightOf keys a document's light form by its id.
func lightOf(s Sketched) (string, Sketched, error) {
	var sk engine.Sketch
	if err := sk.UnmarshalBinary(s.Sketch); err != nil {
		return "", Sketched{}, err
	}
	bits := lsh.AppendBits(nil, sk.Signature)
	sk.Signature = nil
	enc, err := sk.MarshalBinary()
	return s.ID, Sketched{ID: s.ID, Sketch: enc, Bits: bits}, err
}

// byWay sends candidates whose sets are compared the full way, the others
// the light way.
func byWay(p string, flags int, full, light func(string, int)) {
	if flags&fromBands != 0 {
		full(p, flags)
	} else {
		light(p, flags)
	}
}

// halves sends the record of each pair's first document to the second.
func halves(_ string, recs func(*Sketched) bool, others func(*Other) bool, emit func(string, Half)) {
	var rec Sketched
	if !recs(&rec) {
		return
	}
	var o Other
	for others(&o) {
		emit(o.ID, Half{A: rec, Flags: o.Flags})
	}
}

// verifyFn classifies each pair from its two documents' records with the
// engine's classifier: the full way, from their sets, normalized texts and
// sketches; the light way, from their sketches, sending the pairs that may
// overlap the full way instead.
type verifyFn struct {
	Set   Settings
	Light bool
	cc    classifierCache
}

func (f *verifyFn) ProcessElement(_ string, recs func(*Sketched) bool, hs func(*Half) bool, stats func(*[]byte) bool, emit func(Classified), full func(string, int)) error {
	c, _, err := f.cc.get(f.Set, stats)
	if err != nil {
		return err
	}
	var b Sketched
	if !recs(&b) {
		return nil
	}
	var sa, sb engine.Sketch
	if err := sb.UnmarshalBinary(b.Sketch); err != nil {
		return err
	}
	var h Half
	for hs(&h) {
		if err := sa.UnmarshalBinary(h.A.Sketch); err != nil {
			return err
		}
		if f.Light && scan.MayOverlap(h.A.Bits, b.Bits, sa.Shingles, sb.Shingles) {
			full(pairKey(h.A.ID, b.ID), fromBands|fromTerms)
			continue
		}
		// The light form has no set or text: nil, the sketches alone.
		v := c.Classify(engine.Side{Sketch: &sa, Set: h.A.Set, Normalized: h.A.Norm}, engine.Side{Sketch: &sb, Set: b.Set, Normalized: b.Norm})
		emitVerdict(h.A.ID, b.ID, v, sa.HasTerms, emit)
	}
	return nil
}

// emitVerdict emits the classified pair of documents a and b if a scan keeps
// it: of a searched kind, or with a related score when related pairs are
// searched (terms says so).
func emitVerdict(a, b string, v engine.Verdict, terms bool, emit func(Classified)) {
	if v.Kind == "" && (v.Score <= 0 || !terms) {
		return
	}
	p := scan.PairOf(a, b, v, v.Kind != engine.Related || v.Compared)
	emit(Classified{A: p.A, B: p.B, Kind: string(p.Kind), Similarity: p.Similarity, Estimate: p.Estimate,
		ContainmentAB: p.ContainmentAB, ContainmentBA: p.ContainmentBA, Score: p.Score, Compared: p.Compared,
		Overlaps: v.Overlaps(), Sim: float32(v.Score)})
}
