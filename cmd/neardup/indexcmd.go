package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/index"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// addBatch bounds the documents of one transaction of index add: a batch
// is all added or not at all.
const (
	addBatchDocs  = 2000
	addBatchBytes = 64 << 20
)

func runIndex(c *command, io streams, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprint(io.out, "Usage: neardup "+c.synopsis+"\n\n"+c.usage)
		if len(args) == 0 {
			return usagef("index: give a subcommand: add, query, remove or stats")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return runIndexAdd(c, io, args)
	case "query":
		return runIndexQuery(c, io, args)
	case "remove":
		return runIndexRemove(c, io, args)
	case "stats":
		return runIndexStats(c, io, args)
	}
	return usagef("index: unknown subcommand %q: want add, query, remove or stats", sub)
}

// indexFlags are the flags that decide an index's parameters, each with
// the parameter it sets.
var indexFlags = map[string]func(index.Params) any{
	"threshold":         func(p index.Params) any { return p.Threshold },
	"shingle":           func(p index.Params) any { return p.Shingle },
	"unit":              func(p index.Params) any { return p.Unit },
	"signer":            func(p index.Params) any { return p.Signer },
	"perm":              func(p index.Params) any { return p.Perm },
	"seed":              func(p index.Params) any { return p.Seed },
	"related-threshold": func(p index.Params) any { return p.RelatedThreshold },
	"max-posting":       func(p index.Params) any { return p.MaxPosting },
}

// checkIndexFlags refuses flags set on fs to other values than the index's
// parameters p: they are fixed when the index is created.
func checkIndexFlags(fs *flag.FlagSet, opt scan.Options, p index.Params, path string) error {
	q, err := index.ParamsOf(opt)
	if err != nil {
		return err
	}
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if param, ok := indexFlags[f.Name]; ok && param(q) != param(p) {
			bad = append(bad, "--"+f.Name+" "+f.Value.String())
		}
	})
	if len(bad) > 0 {
		return usagef("%s: %s: the index was made with other parameters, which are fixed (neardup index stats %s shows them)", path, strings.Join(bad, ", "), path)
	}
	return nil
}

// openIndex opens the index at path: the flags set on fs must agree with
// its parameters. With create, a missing index is created with opt's.
func openIndex(fs *flag.FlagSet, opt scan.Options, path string, create bool) (*index.Index, error) {
	var p *index.Params
	if create {
		q, err := index.ParamsOf(opt)
		if err != nil {
			return nil, err
		}
		p = &q
	}
	x, err := index.Open(path, p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such index (neardup index add creates one)", path)
		}
		return nil, err
	}
	if err := checkIndexFlags(fs, opt, x.Params(), path); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

// loadDocs walks roots and calls each with the documents, in batches of at
// most addBatchDocs and addBatchBytes, in input order; documents that cannot
// be read are added to the listing's skipped ones.
func loadDocs(l *corpus.Listing, maxBytes int64, each func([]index.Doc) error) ([]corpus.Skipped, error) {
	skipped := slices.Clone(l.Skipped)
	var batch []index.Doc
	size := 0
	for _, e := range l.Entries {
		d, err := e.Load(nil, maxBytes)
		if err != nil {
			s := corpus.Skipped{ID: e.Name, Reason: err.Error(), Cause: corpus.Unreadable}
			var se *corpus.SkipError
			if errors.As(err, &se) {
				s.Reason, s.Cause = se.Reason, se.Cause
			}
			if e.Record() {
				s.File = e.File()
			}
			skipped = append(skipped, s)
			continue
		}
		batch = append(batch, index.Doc{ID: e.Name, Text: d.Text, Bytes: d.Bytes})
		size += len(d.Text)
		if len(batch) == addBatchDocs || size >= addBatchBytes {
			if err := each(batch); err != nil {
				return skipped, err
			}
			batch, size = nil, 0
		}
	}
	if len(batch) > 0 {
		return skipped, each(batch)
	}
	return skipped, nil
}

// loadDocsAhead is loadDocs reading the next batch while each works on
// the last.
func loadDocsAhead(l *corpus.Listing, maxBytes int64, each func([]index.Doc) error) ([]corpus.Skipped, error) {
	batches := make(chan []index.Doc, 1)
	stop := make(chan struct{})
	type result struct {
		skipped []corpus.Skipped
		err     error
	}
	done := make(chan result, 1)
	go func() {
		sk, err := loadDocs(l, maxBytes, func(b []index.Doc) error {
			select {
			case batches <- b:
				return nil
			case <-stop:
				return errStopped
			}
		})
		close(batches)
		done <- result{sk, err}
	}()
	var err error
	for b := range batches {
		if err == nil {
			if err = each(b); err != nil {
				close(stop)
			}
		}
	}
	r := <-done
	if err != nil {
		return r.skipped, err
	}
	return r.skipped, r.err
}

var errStopped = errors.New("stopped")

func runIndexAdd(c *command, io streams, args []string) error {
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: io.in}
	fs := newFlags(c)
	sketchFlags(fs, &opt)
	relatedFlags(fs, &opt)
	inputFlags(fs, &walk, &opt)
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("index add: give INDEX and at least one PATH")
	}
	if err := checkOptions(opt); err != nil {
		return err
	}
	roots, err := corpus.RootsFromArgs(pos[1:])
	if err != nil {
		return err
	}
	l, err := corpus.Walk(roots, walk)
	if err != nil {
		return flagError(err)
	}
	defer l.Close()
	if opt.Strict && len(l.Skipped) > 0 {
		return &scan.StrictError{Skipped: l.Skipped[0]}
	}
	x, err := openIndex(fs, opt, pos[0], true)
	if err != nil {
		return err
	}
	defer x.Close()
	counts := map[index.Status]int{}
	var noWords []corpus.Skipped
	// Three stages: reading, sketching (in parallel), writing.
	type prepared struct {
		ids []string
		b   index.Batch
	}
	ready := make(chan prepared, 1)
	var prepErr error
	var skipped []corpus.Skipped
	go func() {
		defer close(ready)
		skipped, prepErr = loadDocsAhead(l, opt.MaxDocBytes, func(batch []index.Doc) error {
			b, err := x.Prepare(batch)
			if err != nil {
				return err
			}
			ids := make([]string, len(batch))
			for i, d := range batch {
				ids[i] = d.ID
			}
			ready <- prepared{ids, b}
			return nil
		})
	}()
	var addErr error
	for p := range ready {
		if addErr != nil {
			continue
		}
		st, err := x.AddPrepared(p.b)
		for i, s := range st {
			counts[s]++
			if s == index.NoWords {
				noWords = append(noWords, corpus.Skipped{ID: p.ids[i], Reason: "no words", Cause: corpus.NoWords})
			}
		}
		addErr = err
	}
	if err := cmp.Or(addErr, prepErr); err != nil {
		return err
	}

	s, err := x.Stats()
	if err != nil {
		return err
	}
	skipped = append(skipped, noWords...)
	fmt.Fprintf(io.err, "neardup: %s: added %d, replaced %d, unchanged %d, no words %d; %d documents in the index\n",
		pos[0], counts[index.Added], counts[index.Replaced], counts[index.Unchanged], counts[index.NoWords], s.Documents)
	return reportDamage(io.err, skipped)
}

func runIndexQuery(c *command, io streams, args []string) error {
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: io.in}
	format := report.Text
	var output string
	fs := newFlags(c)
	fs.Var(&format, "format", "report `format`: text, json or csv; default from the -o name, else text")
	fs.StringVar(&output, "output", "", "write the report to `FILE` (atomically; - is standard output)")
	fs.StringVar(&output, "o", "", "shorthand for --output")
	kindsFlags(fs, &opt, engine.All)
	sketchFlags(fs, &opt)
	relatedFlags(fs, &opt)
	inputFlags(fs, &walk, &opt)
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("index query: give INDEX and at least one PATH")
	}
	if format, err = reportFormat(output, format, flagSet(fs, "format"), report.Text, report.JSON, report.CSV); err != nil {
		return err
	}
	roots, err := corpus.RootsFromArgs(pos[1:])
	if err != nil {
		return err
	}
	if err := checkOutput(output, roots, walk); err != nil {
		return err
	}
	l, err := corpus.Walk(roots, walk)
	if err != nil {
		return flagError(err)
	}
	defer l.Close()
	x, err := openIndex(fs, opt, pos[0], false)
	if err != nil {
		return err
	}
	defer x.Close()
	var docs []index.Doc
	skipped, err := loadDocs(l, opt.MaxDocBytes, func(b []index.Doc) error { docs = append(docs, b...); return nil })
	if err != nil {
		return err
	}
	ms, err := x.Query(docs, opt.Kinds)
	if err != nil {
		return err
	}
	r, err := queryResult(x, opt.Kinds, docs, ms, skipped, l)
	if err != nil {
		return err
	}
	if err := writeReport(io, output, format, r, nil); err != nil {
		return err
	}
	return reportDamage(io.err, skipped)
}

// queryResult makes the report of a query: its documents, and its matches as
// a scan's pairs.
func queryResult(x *index.Index, kinds engine.Kinds, docs []index.Doc, ms []index.Match, skipped []corpus.Skipped, l *corpus.Listing) (*scan.Result, error) {
	st, err := x.Stats()
	if err != nil {
		return nil, err
	}
	// A query weighs terms, and sets the automatic threshold, as a scan of
	// the indexed and the queried documents would.
	opt := x.Options()
	opt.Kinds = kinds
	r := &scan.Result{Skipped: skipped, Params: opt.Record(st.Documents+len(docs), l.Options.Extensions)}
	for _, d := range docs {
		r.Documents = append(r.Documents, scan.Document{ID: d.ID, Bytes: d.Bytes, Text: int64(len(d.Text))})
	}
	for _, m := range ms {
		r.Pairs = append(r.Pairs, m.Pair())
	}
	r.Finish(kinds, l.Ignored)
	return r, nil
}

func runIndexRemove(c *command, io streams, args []string) error {
	fs := newFlags(c)
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("index remove: give INDEX and at least one ID")
	}
	x, err := openIndex(fs, scan.DefaultOptions(), pos[0], false)
	if err != nil {
		return err
	}
	defer x.Close()
	found, err := x.Remove(pos[1:])
	if err != nil {
		return err
	}
	var missing []string
	n := 0
	for i, ok := range found {
		if ok {
			n++
		} else {
			missing = append(missing, pos[1+i])
		}
	}
	fmt.Fprintf(io.err, "neardup: %s: removed %d\n", pos[0], n)
	if len(missing) > 0 {
		for _, id := range missing {
			fmt.Fprintf(io.err, "neardup: %s: not in the index\n", id)
		}
		return partialError{fmt.Sprintf("%d id(s) not in the index", len(missing))}
	}
	return nil
}

func runIndexStats(c *command, io streams, args []string) error {
	format := report.Text
	fs := newFlags(c)
	fs.Var(&format, "format", "`format`: text or json")
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("index stats: give INDEX")
	}
	if format != report.Text && format != report.JSON {
		return usagef("index stats: --format %s: want text or json", format)
	}
	x, err := openIndex(fs, scan.DefaultOptions(), pos[0], false)
	if err != nil {
		return err
	}
	defer x.Close()
	s, err := x.Stats()
	if err != nil {
		return err
	}
	if format == report.JSON {
		enc := json.NewEncoder(io.out)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	p := s.Params
	auto := ""
	if p.RelatedThreshold == 0 {
		auto = " (auto: by the number of documents)"
	}
	fmt.Fprintf(io.out, "%s: neardup index, format version %d, %d bytes\n", pos[0], s.Version, s.FileBytes)
	fmt.Fprintf(io.out, "documents  %d\nterms      %d distinct candidate terms\n", s.Documents, s.Terms)
	fmt.Fprintf(io.out, "shingles   %s %d-grams, %s signatures of %d (seed %d), %d bands x %d rows\n", p.Unit, p.Shingle, p.Signer, p.Perm, p.Seed, p.Bands, p.Rows)
	fmt.Fprintf(io.out, "near       Jaccard >= %g\nrelated    score >= %.3g%s, terms in at most %d documents\n", p.Threshold, s.RelatedThreshold, auto, p.MaxPosting)
	return nil
}
