package bench

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
)

var (
	docsFlag   = flag.Int("docs", 2000, "original documents in the generated benchmark corpus")
	genFlag    = flag.String("gen", "news", "the generated corpus: news, or pool (a sentence pool: documents sharing their vocabulary)")
	corpusFlag = flag.String("corpus", "", "benchmark on this corpus, written by `neardup bench gen`, instead of generating one")
)

// benchCorpus is the benchmark corpus on disk and in memory.
type benchCorpus struct {
	dir     string
	texts   [][]byte
	bytes   int64
	planted []Planted
	// jsonl is the same documents as one JSONL file, {"text"} records in
	// the order of the files, written on first use; recordID maps a file's
	// id to its record's.
	jsonl    string
	recordID map[string]string
}

var (
	loadMu    sync.Mutex
	loadCache = map[string]*benchCorpus{}
	tempDirs  []string
)

// TestMain removes the corpora the benchmarks generated.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// load returns the benchmark corpus: the one -corpus names, or the one -gen
// names, generated with -docs originals and written on first use.
func load(b *testing.B) *benchCorpus {
	if *corpusFlag != "" {
		return loadDir(b, *corpusFlag, "")
	}
	return loadGen(b, *genFlag)
}

// loadGen returns a generated corpus of the given kind (news or pool) of
// -docs originals, writing it on first use.
func loadGen(b *testing.B, kind string) *benchCorpus {
	return loadDir(b, "", kind)
}

func loadDir(b *testing.B, dir, kind string) *benchCorpus {
	loadMu.Lock()
	defer loadMu.Unlock()
	key := dir + "|" + kind
	if c, ok := loadCache[key]; ok {
		return c
	}
	c, err := readCorpus(dir, kind)
	if err != nil {
		b.Fatal(err)
	}
	loadCache[key] = c
	return c
}

func readCorpus(dir, kind string) (*benchCorpus, error) {
	c := &benchCorpus{dir: dir}
	if c.dir == "" {
		var err error
		if c.dir, err = os.MkdirTemp("", "neardup-bench"); err != nil {
			return nil, err
		}
		tempDirs = append(tempDirs, c.dir)
		var cfg gen.Config
		switch kind {
		case "news":
			cfg = gen.News(1, *docsFlag)
		case "pool":
			cfg = gen.SentencePool(1, *docsFlag)
		default:
			return nil, fmt.Errorf("-gen %q: want news or pool", kind)
		}
		if _, err := Write(c.dir, gen.Generate(cfg), shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize}); err != nil {
			return nil, err
		}
	}
	var err error
	if c.planted, err = readPlanted(filepath.Join(c.dir, "planted.tsv")); err != nil {
		return nil, err
	}
	l, err := corpus.Walk(c.roots(), corpus.WalkOptions{})
	if err != nil {
		return nil, err
	}
	defer l.Close()
	for _, e := range l.Entries {
		t, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(e.Name)))
		if err != nil {
			return nil, err
		}
		c.texts = append(c.texts, t)
		c.bytes += int64(len(t))
	}
	// The same documents as JSONL, beside the folder.
	f, err := os.CreateTemp("", "neardup-bench-*.jsonl")
	if err != nil {
		return nil, err
	}
	tempDirs = append(tempDirs, f.Name())
	bw := bufio.NewWriter(f)
	c.jsonl, c.recordID = f.Name(), map[string]string{}
	for i, e := range l.Entries {
		line, _ := json.Marshal(map[string]string{"text": string(c.texts[i])})
		bw.Write(append(line, '\n'))
		c.recordID[e.Name] = fmt.Sprintf("%s:%d", filepath.ToSlash(c.jsonl), i+1)
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	return c, f.Close()
}

// roots returns the roots of the corpus as the command makes them, with
// their OS path, so that documents load as a scan loads them.
func (c *benchCorpus) roots() []corpus.Root {
	roots, err := corpus.RootsFromArgs([]string{c.dir})
	if err != nil {
		panic(err)
	}
	return roots
}

func readPlanted(path string) ([]Planted, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Planted
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		r := strings.Split(sc.Text(), "\t")
		if len(r) != 4 || r[0] == "a" {
			continue
		}
		j, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			return nil, err
		}
		out = append(out, Planted{A: r[0], B: r[1], Jaccard: j})
	}
	return out, sc.Err()
}

var sink any

// BenchmarkFloor is the floor every other result is read against: read each
// file (as the scan does, with corpus.Entry.Load into a reused buffer),
// normalize it into words and hash every shingle (as the engine's kernel
// does), on one goroutine.
func BenchmarkFloor(b *testing.B) {
	c := load(b)
	l, err := corpus.Walk(c.roots(), corpus.WalkOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var n shingle.Normalizer
	sh := shingle.New(shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize})
	var raw, norm []byte
	var words []shingle.Word
	var hs []uint64
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range l.Entries {
			d, err := e.Load(raw, corpus.DefaultMaxBytes)
			if err != nil {
				b.Fatal(err)
			}
			raw = d.Text[:0]
			norm, words = n.AppendWords(norm[:0], words[:0], d.Text)
			hs = sh.AppendWordHashes(hs[:0], words)
		}
	}
	sink = hs
}

// BenchmarkSketch is the scan's sketch stage on one goroutine: read each
// file as the scan does and make its sketch and band keys with the engine's
// kernel (no related terms: a near-only scan's). Read against Floor.
func BenchmarkSketch(b *testing.B) {
	c := load(b)
	l, err := corpus.Walk(c.roots(), corpus.WalkOptions{})
	if err != nil {
		b.Fatal(err)
	}
	cfg := engine.DefaultConfig()
	cfg.Terms = false
	k, err := engine.NewKernel(cfg)
	if err != nil {
		b.Fatal(err)
	}
	p, _ := engine.DefaultRules().Banding(cfg.Perm)
	var r corpus.Reader
	var sk engine.Sketch
	var keys []uint32
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range l.Entries {
			d, err := r.Load(e, corpus.DefaultMaxBytes)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := k.Sketch(&sk, d.Text); err != nil {
				b.Fatal(err)
			}
			keys = sk.BandKeys(keys[:0], p)
		}
	}
	sink = keys
}

func BenchmarkNormalize(b *testing.B) {
	c := load(b)
	var n shingle.Normalizer
	var norm []byte
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range c.texts {
			norm = n.Append(norm[:0], t)
		}
	}
	sink = norm
}

// normalized returns the corpus's normalized texts.
func normalized(c *benchCorpus) [][]byte {
	out := make([][]byte, len(c.texts))
	for i, t := range c.texts {
		out[i] = shingle.Normalize(t)
	}
	return out
}

func BenchmarkShingle(b *testing.B) {
	c := load(b)
	norms := normalized(c)
	for _, size := range []int{1, 3, 5} {
		b.Run(fmt.Sprintf("unit=word/n=%d", size), func(b *testing.B) {
			sh := shingle.New(shingle.Options{Unit: shingle.Words, Size: size})
			var hs []uint64
			b.SetBytes(c.bytes)
			b.ReportAllocs()
			for b.Loop() {
				for _, nt := range norms {
					hs = sh.AppendHashes(hs[:0], nt)
				}
			}
			sink = hs
		})
	}
}

// shingleLists returns each document's distinct shingle hashes.
func shingleLists(c *benchCorpus) [][]uint64 {
	sh := shingle.New(shingle.Options{Unit: shingle.Words, Size: shingle.DefaultSize})
	var d shingle.Deduper
	out := make([][]uint64, len(c.texts))
	for i, t := range c.texts {
		out[i] = d.Unique(nil, sh.AppendHashes(nil, shingle.Normalize(t)))
	}
	return out
}

func BenchmarkDedup(b *testing.B) {
	c := load(b)
	lists := shingleLists(c)
	var d shingle.Deduper
	var u []uint64
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lists {
			u = d.Unique(u[:0], l)
		}
	}
	sink = u
}

func BenchmarkSign(b *testing.B) {
	c := load(b)
	lists := shingleLists(c)
	for _, kind := range []lsh.SignerKind{lsh.OnePermKind, lsh.MinWiseKind} {
		b.Run("signer="+string(kind), func(b *testing.B) {
			s, _ := lsh.NewSigner(kind, 128, lsh.DefaultSeed)
			var sig lsh.Signature
			b.SetBytes(c.bytes)
			b.ReportAllocs()
			for b.Loop() {
				for _, l := range lists {
					sig = s.Sign(sig[:0], l)
				}
			}
			sink = sig
		})
	}
}

// bandKeys returns each document's band keys at the default threshold.
func bandKeys(c *benchCorpus) ([][]uint32, lsh.Params) {
	p, _ := lsh.Optimal(engine.DefaultThreshold, 128, lsh.WeightFalsePositive, lsh.WeightFalseNegative)
	s := lsh.NewOnePerm(128, lsh.DefaultSeed)
	var keys [][]uint32
	for _, l := range shingleLists(c) {
		keys = append(keys, lsh.AppendBandKeys(nil, s.Sign(nil, l), p))
	}
	return keys, p
}

func BenchmarkIndex(b *testing.B) {
	c := load(b)
	keys, p := bandKeys(c)
	b.Run("op=add+pairs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ix := lsh.NewIndex(p.Bands)
			for i, k := range keys {
				ix.Add(uint32(i), k)
			}
			sink = ix.Pairs()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(keys)), "ns/doc")
	})
	b.Run("op=bandpairs", func(b *testing.B) {
		// The scan's path: the band keys it holds, one band at a time.
		flat := make([]uint32, 0, len(keys)*p.Bands)
		for _, k := range keys {
			flat = append(flat, k...)
		}
		b.ReportAllocs()
		for b.Loop() {
			sink = lsh.BandPairs(flat, p.Bands, nil)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(keys)), "ns/doc")
	})
	b.Run("op=query", func(b *testing.B) {
		ix := lsh.NewIndex(p.Bands)
		for i, k := range keys {
			ix.Add(uint32(i), k)
		}
		ix.Query(keys[0]) // sort once, outside the timing
		b.ReportAllocs()
		for b.Loop() {
			for _, k := range keys {
				sink = ix.Query(k)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(keys)), "ns/query")
	})
}

func BenchmarkVerify(b *testing.B) {
	c := load(b)
	keys, p := bandKeys(c)
	ix := lsh.NewIndex(p.Bands)
	for i, k := range keys {
		ix.Add(uint32(i), k)
	}
	pairs := ix.Pairs()
	sets := shingleLists(c) // distinct, unsorted, as the scan reloads them
	var cmp lsh.Comparer    // one per worker, as in the scan
	b.ReportAllocs()
	for b.Loop() {
		for _, pr := range pairs {
			sink = cmp.Compare(sets[pr.A], sets[pr.B])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(max(len(pairs), 1)), "ns/pair")
}

// BenchmarkScan times the whole scan of the corpus on disk: walk, sketch,
// exact groups, candidates, verification, clusters; kinds=near searches exact
// and near duplicates, kinds=all related pairs too. Recall of the planted
// pairs at threshold+0.05 and precision are reported as metrics.
func BenchmarkScan(b *testing.B) {
	c := load(b)
	for _, v := range []struct {
		signer  lsh.SignerKind
		workers int
		kinds   string
		input   string
	}{
		{lsh.OnePermKind, 1, "near", "files"}, {lsh.OnePermKind, 1, "all", "files"},
		{lsh.OnePermKind, 2, "near", "files"}, {lsh.OnePermKind, 2, "all", "files"},
		{lsh.OnePermKind, 1, "near", "jsonl"}, {lsh.OnePermKind, 2, "near", "jsonl"},
		{lsh.MinWiseKind, 1, "near", "files"},
	} {
		b.Run(fmt.Sprintf("signer=%s/workers=%d/kinds=%s/input=%s", v.signer, v.workers, v.kinds, v.input), func(b *testing.B) {
			roots := c.roots()
			if v.input == "jsonl" {
				roots, _ = corpus.RootsFromArgs([]string{c.jsonl})
			}
			opt := scan.DefaultOptions()
			opt.Signer, opt.Workers = v.signer, v.workers
			if v.kinds == "near" {
				opt.Kinds = engine.KindsOf(engine.Exact, engine.Near)
			}
			var r *scan.Result
			b.SetBytes(c.bytes)
			b.ReportAllocs()
			for b.Loop() {
				var err error
				var l *corpus.Listing
				l, r, err = scan.Run(roots, corpus.WalkOptions{}, opt)
				if err != nil {
					b.Fatal(err)
				}
				l.Close()
			}
			ids := map[string]string(nil)
			if v.input == "jsonl" {
				ids = c.recordID
			}
			recall, precision := quality(c, r, opt.Threshold, ids)
			b.ReportMetric(recall, "recall")
			b.ReportMetric(precision, "precision")
		})
	}
}

// BenchmarkKinds times a default scan (all kinds) against a scan for exact
// and near duplicates alone, alternately in each iteration, on the news
// corpus and on the sentence-pool corpus, whose documents share their
// vocabulary. It reports the ratio of their times (all/near), the
// related pairs and stories that join documents of different families (a
// planted copy's source and its copies: chance), and the documents re-read.
func BenchmarkKinds(b *testing.B) {
	for _, kind := range []string{"news", "pool"} {
		b.Run("corpus="+kind, func(b *testing.B) {
			c := loadGen(b, kind)
			roots := c.roots()
			near, all := scan.DefaultOptions(), scan.DefaultOptions()
			near.Kinds = engine.KindsOf(engine.Exact, engine.Near)
			var tNear, tAll time.Duration
			var r *scan.Result
			b.SetBytes(2 * c.bytes)
			for b.Loop() {
				for _, opt := range []scan.Options{near, all} {
					start := time.Now()
					l, res, err := scan.Run(roots, corpus.WalkOptions{}, opt)
					if err != nil {
						b.Fatal(err)
					}
					l.Close()
					if opt.Kinds.Has(engine.Related) {
						tAll += time.Since(start)
						r = res
					} else {
						tNear += time.Since(start)
					}
				}
			}
			families := FamiliesOf(c.planted)
			chance, chanceStories := len(families.ChancePairs(r)), len(families.ChanceStories(r))
			b.ReportMetric(float64(tAll)/float64(tNear), "all/near")
			b.ReportMetric(float64(chance), "unplanted-related")
			b.ReportMetric(float64(chanceStories), "chance-stories")
			b.ReportMetric(float64(r.Stats.Reloaded), "reread")
		})
	}
}

// quality returns the recall of planted pairs with Jaccard >= t+0.05 (as near
// or any kind) and the share of reported exact and near pairs whose exact
// Jaccard is at or above t. Related pairs may be below t, by design.
func quality(c *benchCorpus, r *scan.Result, t float64, ids map[string]string) (recall, precision float64) {
	reported := map[[2]string]bool{}
	for _, p := range r.Pairs {
		reported[[2]string{min(p.A, p.B), max(p.A, p.B)}] = true
	}
	id := func(s string) string {
		if ids != nil {
			return ids[s]
		}
		return s
	}
	want, found := 0, 0
	for _, p := range c.planted {
		if p.Jaccard >= t+0.05 {
			want++
			if a, b := id(p.A), id(p.B); reported[[2]string{min(a, b), max(a, b)}] {
				found++
			}
		}
	}
	ok, dup := 0, 0
	for _, p := range r.Pairs {
		if p.Kind == engine.Related {
			continue
		}
		dup++
		if p.Similarity >= t {
			ok++
		}
	}
	return float64(found) / float64(max(want, 1)), float64(ok) / float64(max(dup, 1))
}

func BenchmarkTerms(b *testing.B) {
	c := load(b)
	var x terms.Extractor
	var ts []terms.Term
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range c.texts {
			ts = x.Extract(ts[:0], t)
		}
	}
	sink = ts
}
