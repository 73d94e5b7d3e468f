package scan

import (
	"errors"
	"fmt"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/sourcegraph/conc/stream"
)

// Run walks roots once and scans the listing. The listing stays open, so that
// the caller can read documents again (standard input included), and is the
// caller's to close. The walk is the first stage of the result's stats.
func Run(roots []corpus.Root, walk corpus.WalkOptions, opt Options) (*corpus.Listing, *Result, error) {
	start := time.Now()
	l, err := corpus.Walk(roots, walk)
	if err != nil {
		return nil, nil, err
	}
	walked := time.Since(start)
	if opt.Progress != nil {
		opt.Progress(Progress{Stage: "walk", Done: len(l.Entries), Total: len(l.Entries), Unit: "documents"})
	}
	r, err := Scan(l, opt)
	if err != nil {
		l.Close()
		return nil, nil, err
	}
	r.Stats.Stages = append([]StageTime{{Name: "walk", Time: walked}}, r.Stats.Stages...)
	return l, r, nil
}

// Scan scans the documents of listing l, which it reads but does not close:
// the caller keeps it to read the documents again (for a report's texts, or
// the records dedupe writes). Scan fails only on bad options (an
// *engine.FieldError), or a document that changed while it was being scanned;
// bad documents are skipped and listed in the result.
func Scan(l *corpus.Listing, opt Options) (*Result, error) {
	s, err := newState(l, opt)
	if err != nil {
		return nil, err
	}
	if opt.Strict && len(l.Skipped) > 0 {
		return nil, strictError(l.Skipped[0])
	}
	if err := s.sketchAll(); err != nil {
		return nil, err
	}
	s.classifiers()
	groups, err := s.exactGroups()
	if err != nil {
		return nil, err
	}
	found, sims, err := s.verify(groups, s.candidates(groups))
	if err != nil {
		return nil, err
	}
	s.progress(Progress{Stage: "cluster", Unit: "pairs", Done: len(found), Total: len(found)})
	start := time.Now()
	r := s.result(groups, found)
	s.stats.stage("cluster", start)
	if r.Stories, err = s.stories(found, sims); err != nil {
		return nil, err
	}
	r.Finish(s.opt.Kinds, s.listing.Ignored)
	r.Stats = s.stats
	return r, nil
}

// CorpusStats sketches the documents of l and returns their corpus
// statistics, as Scan computes them for the related score.
func CorpusStats(l *corpus.Listing, opt Options) (*engine.Stats, error) {
	opt.Kinds = opt.Kinds | engine.KindsOf(engine.Related)
	s, err := newState(l, opt)
	if err != nil {
		return nil, err
	}
	if err := s.sketchAll(); err != nil {
		return nil, err
	}
	return &s.corpus, nil
}

// newState checks opt and makes the state of a scan of l, with its workers.
func newState(l *corpus.Listing, opt Options) (*state, error) {
	p, err := opt.banding()
	if err != nil {
		return nil, err
	}
	cfg := opt.Config()
	s := &state{opt: opt, cfg: cfg, fingerprint: cfg.Fingerprint(), params: p, listing: l, workers: make(chan *worker, opt.workers())}
	for range opt.workers() {
		w, err := newWorker(cfg)
		if err != nil {
			return nil, err
		}
		s.workers <- w
	}
	return s, nil
}

type state struct {
	opt         Options
	cfg         engine.Config
	fingerprint uint64
	params      lsh.Params
	listing     *corpus.Listing
	workers     chan *worker // idle workers; a task takes one and gives it back
	docs        []doc        // sketched documents, in id order
	keys        []uint32     // band keys: Bands per document, in document order
	terms       termStore    // candidate terms, when related pairs are searched
	bits        []byte       // with terms: Perm bytes per document (lsh.AppendBits)
	corpus      engine.Stats // corpus statistics, once sketched
	skipped     []corpus.Skipped
	stats       Stats
}

// classifiers gives each worker a classifier, once the corpus statistics are
// known.
func (s *state) classifiers() {
	idle := make([]*worker, cap(s.workers))
	for i := range idle {
		idle[i] = <-s.workers
		idle[i].classifier = engine.NewClassifier(s.opt.Rules(), &s.corpus)
	}
	for _, w := range idle {
		s.workers <- w
	}
}

// relatedThreshold returns the related threshold in force.
func (s *state) relatedThreshold() float64 { return s.opt.relatedThreshold(s.corpus.Docs()) }

// docBits returns document d's bit signature.
func (s *state) docBits(d int) []byte {
	k := s.cfg.Perm
	return s.bits[d*k : (d+1)*k]
}

// entry returns the listing entry of document d.
func (s *state) entry(d int) corpus.Entry { return s.listing.Entries[s.docs[d].entry] }

// name returns the id of document d.
func (s *state) name(d int) string { return s.listing.Entries[s.docs[d].entry].Name }

// each runs task(i) for i in [0, n) on the worker pool and then done(i, ...)
// in order of i, serially.
func each[T any](s *state, n int, task func(w *worker, i int) (T, error), done func(i int, v T, err error)) {
	st := stream.New().WithMaxGoroutines(cap(s.workers))
	for i := range n {
		st.Go(func() stream.Callback {
			w := <-s.workers
			v, err := task(w, i)
			s.workers <- w
			return func() { done(i, v, err) }
		})
	}
	st.Wait()
}

// chunks calls each over [0, n) in chunks of size: task(w, lo, hi) for each
// chunk, done in order.
func chunks[T any](s *state, n, size int, task func(w *worker, lo, hi int) (T, error), done func(lo, hi int, v T, err error)) {
	each(s, (n+size-1)/size, func(w *worker, c int) (T, error) {
		return task(w, c*size, min((c+1)*size, n))
	}, func(c int, v T, err error) {
		done(c*size, min((c+1)*size, n), v, err)
	})
}

var errDifferent = errors.New("different text on second reading")

// changed is the error for a document that could not be read again as it was.
func changed(e corpus.Entry, err error) error {
	return fmt.Errorf("%s changed or became unreadable during the scan: %w", e.Name, err)
}

// StrictError is what a strict scan fails with: the first skipped document.
type StrictError struct{ corpus.Skipped }

func (e *StrictError) Error() string {
	return fmt.Sprintf("strict: %s: %s", e.ID, e.Reason)
}

func strictError(s corpus.Skipped) error { return &StrictError{s} }
