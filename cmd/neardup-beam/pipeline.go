package main

import (
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/neardup/neardup/cmd/neardup/engine"
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

// Sketched is a document sketched: what grouping and verification need.
// Its light form (lightOf), for the light way of verification, has a
// sketch without signature, the signature's bits, and no set or text.
type Sketched struct {
	ID     string
	Sketch []byte // engine's encoding
	Set    []uint64
	Norm   []byte
	Order  Order
	Bits   []byte // light form: lsh.AppendBits of the signature
}

// Told is a document's sketch and text, which stories are described from.
type Told struct {
	ID     string
	Sketch []byte
	Text   []byte
}

// Group is a group of exact duplicates (normalized texts equal, byte for
// byte): the document the scan keeps of it and all its members, sorted.
type Group struct {
	Keep    string
	Members []string
}

// Candidate flags: why a pair is a candidate. A pair that agreed on a band
// has its shingle sets compared; one that shares terms, only if its bit
// signatures say the two may overlap (verify.go).
const (
	fromBands = 1
	fromTerms = 2
)

// Other is the second document of a candidate pair, with its flags.
type Other struct {
	ID    string
	Flags int
}

// Half is one side of a candidate pair, joined, on its way to the other.
type Half struct {
	A     Sketched
	Flags int
}

// Classified is a classified pair: its kind ("" for none), its scores as a
// scan reports them, and its related score as stories read it.
type Classified struct {
	A, B          string // A < B
	Kind          string
	Similarity    float64
	Estimate      float64
	ContainmentAB float64
	ContainmentBA float64
	Score         float64 // rounded, as reported
	Compared      bool    // the sets were compared
	Overlaps      bool    // engine.Verdict.Overlaps
	Sim           float32 // the related score, unrounded
}

func init() {
	beam.RegisterCoder(reflect.TypeOf((*engine.Stats)(nil)), encodeStats, decodeStats)
	register.DoFn5x1[context.Context, fileio.ReadableFile, func(Doc), func(Skip), func(string), error](&readFn{})
	register.DoFn5x1[Doc, func(Sketched), func(Meta), func(Told), func(Skip), error](&sketchFn{})
	register.Combiner3[*engine.Stats, Sketched, []byte](&statsFn{})
	register.Function1x3(byHash)
	register.DoFn4x0[int64, func(*Normal) bool, func(Group), func(string, []byte)](&exactFn{})
	register.DoFn3x1[string, []byte, func(int64, string), error](&bandsFn{})
	register.Function3x0(pairsOf)
	register.DoFn4x1[string, []byte, func(*[]byte) bool, func(int64, string), error](&termsFn{})
	register.DoFn3x0[int64, func(*string) bool, func(string, []string)](&postingFn{})
	register.Function3x0(sharing)
	register.Function2x1(orFlags)
	register.Function1x2(groupByKeep)
	register.Function2x2(byFirst)
	register.Function4x0(expandFirst)
	register.Function4x0(expandSecond)
	register.Function2x0(withKept)
	register.Function1x2(keyed)
	register.Function1x3(lightOf)
	register.Function4x0(byWay)
	register.Function4x0(halves)
	register.DoFn6x1[string, func(*Sketched) bool, func(*Half) bool, func(*[]byte) bool, func(Classified), func(string, int), error](&verifyFn{})
	register.Function2x0(pairDocs)
	register.Function1x2(keyedTold)
	register.Function4x0(pickTold)
	register.DoFn8x1[int, func(*Meta) bool, func(*Skip) bool, func(*Classified) bool, func(*Told) bool, func(*string) bool, func(*[]byte) bool, func(string), error](&reportFn{})
	register.Emitter1[Doc]()
	register.Emitter1[Skip]()
	register.Emitter1[Sketched]()
	register.Emitter1[Meta]()
	register.Emitter1[Told]()
	register.Emitter1[Group]()
	register.Emitter2[string, []byte]()
	register.Emitter2[int64, string]()
	register.Emitter2[string, int]()
	register.Emitter2[string, []string]()
	register.Emitter2[string, Other]()
	register.Emitter2[string, Half]()
	register.Emitter2[string, bool]()
	register.Emitter1[Classified]()
	register.Emitter1[string]()
	register.Iter1[Normal]()
	register.Iter1[string]()
	register.Iter1[[]string]()
	register.Iter1[[]byte]()
	register.Iter1[Other]()
	register.Iter1[Group]()
	register.Iter1[Sketched]()
	register.Iter1[Half]()
	register.Iter1[Told]()
	register.Iter1[bool]()
	register.Iter1[Meta]()
	register.Iter1[Skip]()
	register.Iter1[Classified]()
}

// Pipeline builds the pipeline that scans the files of glob with the given
// settings and writes the JSON report of `neardup scan` to out:
//
//	read (files by glob; JSONL and Parquet records)
//	sketch (engine.Kernel) -> corpus statistics (a global combine)
//	exact groups (by normalized-text hash, confirmed byte for byte)
//	candidates: band keys grouped by key; the representatives' heaviest
//	  terms grouped by term, pairs sharing two, expanded to the groups
//	verify (engine.Classifier, the statistics as a side input)
//	report (one worker): clusters, stories, the scan's JSON
func Pipeline(in, out string, set Settings) (*beam.Pipeline, error) {
	opt, err := set.Options()
	if err != nil {
		return nil, err
	}
	input, err := inputOf(in)
	if err != nil {
		return nil, err
	}
	p, s := beam.NewPipelineWithRoot()
	files := fileio.ReadMatches(s, fileio.MatchAll(s, beam.CreateList(s, input.globs)))
	docs, skipped, ignored := beam.ParDo3(s, &readFn{Base: input.base, Folder: input.folder, MaxBytes: opt.MaxDocBytes}, files)
	sketched, metas, told, noWords := beam.ParDo4(s, &sketchFn{Set: set}, docs)
	stats := beam.Combine(s, &statsFn{}, sketched)
	// Exact groups: a scan indexes only their representatives (a group's
	// members share the candidates of its representative).
	groups, reps := beam.ParDo2(s, &exactFn{Set: set}, beam.GroupByKey(s, beam.ParDo(s, byHash, sketched)))
	cands := candidates(s, opt, set, reps, groups, stats)
	related := opt.Kinds.Has(engine.Related)

	// Verification (verify.go): the full way, with the documents' sets, and
	// the light way, with their sketches.
	full, light := beam.ParDo2(s, byWay, cands)
	screened, overlaps := verify(s, set, beam.ParDo(s, lightOf, sketched), light, stats, true)
	compared, _ := verify(s, set, beam.ParDo(s, keyed, sketched), beam.Flatten(s, full, overlaps), stats, false)
	verified := beam.Flatten(s, compared, screened)

	// The report, on one worker, with the sketches and texts stories read.
	var storyDocs beam.PCollection
	if related {
		storyDocs = beam.ParDo(s, pickTold, beam.CoGroupByKey(s, beam.ParDo(s, keyedTold, told), beam.ParDo(s, pairDocs, verified)))
	} else {
		storyDocs = beam.CreateList(s, []Told{})
	}
	all := beam.CoGroupByKey(s, beam.AddFixedKey(s, metas), beam.AddFixedKey(s, beam.Flatten(s, skipped, noWords)),
		beam.AddFixedKey(s, verified), beam.AddFixedKey(s, storyDocs), beam.AddFixedKey(s, ignored))
	report := beam.ParDo(s, &reportFn{Set: set, Exts: input.exts}, all, beam.SideInput{Input: stats})
	textio.Write(s, out, report)
	return p, nil
}
