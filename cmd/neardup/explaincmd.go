package main

import (
	"encoding/json"
	"flag"
	"fmt"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/explain"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// explainFlags defines the flags of explain that say how to score: those
// that a scan's command for explaining one of its pairs repeats.
func explainFlags(fs *flag.FlagSet, opt *scan.Options, walk *corpus.WalkOptions) {
	kindsFlags(fs, opt, engine.All)
	sketchFlags(fs, opt)
	relatedFlags(fs, opt)
	inputFlags(fs, walk, opt)
}

func runExplain(c *command, io streams, args []string) error {
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: io.in}
	format := report.Text
	var in pathsFlag
	fs := newFlags(c)
	fs.Var(&format, "format", "output `format`: text or json")
	fs.Var(&in, "in", "a `PATH` the documents belong to (repeatable): A and B may be ids under it, and its documents give the term statistics")
	explainFlags(fs, &opt, &walk)
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("explain: give two documents, A and B")
	}
	if format != report.Text && format != report.JSON {
		return usagef("explain: --format %s: explain writes text or json", format)
	}
	if err := checkOptions(opt); err != nil {
		return err
	}
	var stats *engine.Stats
	var listing *corpus.Listing
	var result *scan.Result
	if len(in) > 0 {
		roots, err := corpus.RootsFromArgs(in)
		if err != nil {
			return err
		}
		l, err := corpus.Walk(roots, walk)
		if err != nil {
			return flagError(err)
		}
		defer l.Close()
		listing = l
		// The whole scan, for the statistics and for the stories the
		// documents are in.
		if result, err = scan.Scan(l, opt); err != nil {
			return flagError(err)
		}
		stats = result.Corpus
	}
	var docs [2]explain.Doc
	for i, name := range pos {
		var e corpus.Entry
		ok := false
		if listing != nil {
			e, ok = listing.Lookup(name)
		}
		if !ok {
			roots, err := corpus.RootsFromArgs([]string{name})
			if err != nil {
				return fmt.Errorf("%s: not a file, nor a document id under --in: %w", name, err)
			}
			l, err := corpus.Walk(roots, corpus.WalkOptions{Extensions: []string{"*"}, TextField: walk.TextField})
			if err != nil {
				return err
			}
			defer l.Close()
			if len(l.Entries) != 1 {
				return fmt.Errorf("%s: want one document, found %d", name, len(l.Entries))
			}
			e = l.Entries[0]
		}
		d, err := e.Load(nil, opt.MaxDocBytes)
		if err != nil {
			return err
		}
		docs[i] = explain.Doc{ID: name, Text: d.Text}
	}
	e, err := explain.Explain(docs[0], docs[1], opt, stats)
	if err != nil {
		return err
	}
	if result != nil {
		e.NameStories(result)
	}
	if format == report.JSON {
		enc := json.NewEncoder(io.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(e)
	}
	return explain.WriteText(io.out, e)
}
