package scan

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
	"github.com/neardup/neardup/shingle/terms"
	"github.com/sourcegraph/conc/stream"
)

// Run lists the documents under roots and scans them. It fails only on a
// bad option, an unreadable root, or a document that changed while it was
// being scanned; bad documents are skipped and listed in the result.
func Run(roots []corpus.Root, opt Options) (*Result, error) {
	s, err := newState(opt)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	l, err := corpus.Walk(roots, opt.Walk)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	if opt.Strict && len(l.Skipped) > 0 {
		return nil, strictError(l.Skipped[0])
	}
	s.skipped = slices.Clone(l.Skipped)
	ignored := l.Ignored
	s.stats.stage("walk", start)
	s.progress(Progress{Stage: "walk", Done: len(l.Entries), Total: len(l.Entries), Unit: "documents"})

	if err := s.sketchAll(l.Entries); err != nil {
		return nil, err
	}
	groups, err := s.exactGroups()
	if err != nil {
		return nil, err
	}
	near, err := s.verify(s.candidates(groups))
	if err != nil {
		return nil, err
	}
	s.progress(Progress{Stage: "cluster", Unit: "pairs", Done: len(near), Total: len(near)})
	start = time.Now()
	r := s.result(ignored, groups, near)
	s.stats.stage("cluster", start)
	r.Stats = s.stats
	return r, nil
}

// newState checks opt and makes the state of a scan, with its workers.
func newState(opt Options) (*state, error) {
	p, err := opt.params()
	if err != nil {
		return nil, err
	}
	s := &state{opt: opt, params: p, workers: make(chan *worker, opt.workers())}
	for range opt.workers() {
		s.workers <- newWorker(opt, p)
	}
	return s, nil
}

type state struct {
	opt     Options
	params  lsh.Params
	workers chan *worker // idle workers; a task takes one and gives it back
	docs    []sketch     // sketched documents, in id order
	keys    []uint32     // band keys: Bands per document, in document order
	terms   []uint64     // top terms by related.Prior, of document d at terms[termOff[d]:termOff[d+1]]
	termOff []int32
	df      shingle.Counts // document frequencies of terms, once sketched
	skipped []corpus.Skipped
	stats   Stats
}

// priorWeigher weighs terms before the corpus has been read.
func (s *state) priorWeigher() related.Weigher {
	bg := terms.DefaultBackground()
	w := related.Weigher{BackgroundDocs: bg.Docs, BackgroundDF: bg.DF}
	w.Prepare()
	return w
}

// weigher weighs terms once the corpus has been sketched.
func (s *state) weigher() related.Weigher {
	w := s.priorWeigher()
	w.Docs = len(s.docs)
	w.DF = func(h uint64) int { return int(s.df.Get(h)) }
	return w
}

// docKeys returns the band keys of document d.
func (s *state) docKeys(d int) []uint32 {
	b := s.params.Bands
	return s.keys[d*b : (d+1)*b]
}

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

var errDifferent = errors.New("different text on second reading")

// changed is the error for a document that could not be read again as it was.
func changed(e corpus.Entry, err error) error {
	return fmt.Errorf("%s changed or became unreadable during the scan: %w", e.Name, err)
}

// TermStats sketches the documents under roots and returns their number and
// their terms' document frequencies: the corpus statistics of the related
// score, as Run computes them.
func TermStats(roots []corpus.Root, opt Options) (int, *shingle.Counts, error) {
	opt.Kinds = Kinds{Related: true}
	s, err := newState(opt)
	if err != nil {
		return 0, nil, err
	}
	l, err := corpus.Walk(roots, opt.Walk)
	if err != nil {
		return 0, nil, err
	}
	defer l.Close()
	if err := s.sketchAll(l.Entries); err != nil {
		return 0, nil, err
	}
	return len(s.docs), &s.df, nil
}

// StrictError is what a strict scan fails with: the first skipped document.
type StrictError struct{ corpus.Skipped }

func (e *StrictError) Error() string {
	return fmt.Sprintf("--strict: %s: %s", e.ID, e.Reason)
}

func strictError(s corpus.Skipped) error { return &StrictError{s} }
