package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/neardup/neardup/cmd/neardup/dedupe"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

func runDedupe(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: stdin}
	var out, removedPath string
	var prefer, reference pathsFlag
	fs := flag.NewFlagSet("dedupe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, dedupeUsage); fs.PrintDefaults() }
	fs.StringVar(&out, "out", "", "write the deduplicated corpus to `OUT` (JSONL input: the kept records, compressed if OUT ends in .gz or .zst; other input: a list of kept and removed files)")
	fs.StringVar(&removedPath, "removed", "", "write one JSON line per removed document to `FILE`")
	fs.Var(&opt.Keep.Rule, "keep", "which duplicate to keep: longest (text), shortest, first or last (in input order)")
	fs.Var(&prefer, "prefer", "documents under this id `prefix` win (repeatable)")
	fs.Var(&reference, "reference", "reference documents under `PATH`: never removed, never written; the others are deduplicated against them (repeatable)")
	scanFlags(fs, &opt, &walk)
	paths, help, err := parseArgs(fs, args)
	if help || err != nil {
		return err
	}
	if out == "" || len(paths) == 0 {
		return usagef("dedupe: give --out OUT and at least one PATH")
	}
	opt.Keep.Prefer = prefer
	roots, err := corpus.RootsFromArgs(append(slices.Clone(paths), reference...))
	if err != nil {
		return err
	}
	for _, r := range roots[len(paths):] {
		opt.Keep.Reference = append(opt.Keep.Reference, strings.TrimSuffix(r.Prefix, "/"))
	}
	// Only duplicates are removed: related pairs need not be searched.
	opt.Kinds = engine.KindsOf(engine.Exact, engine.Near)
	if err := checkOptions(opt); err != nil {
		return err
	}
	l, r, err := scanRoots(roots, walk, opt)
	if err != nil {
		return err
	}
	defer l.Close()
	entries := slices.Clone(l.Entries)
	slices.SortFunc(entries, func(a, b corpus.Entry) int { return a.Seq() - b.Seq() })
	order := map[string]int{}
	for _, e := range entries {
		order[e.Name] = e.Seq()
	}
	removals := dedupe.Plan(r, order)
	removed := map[string]string{}
	for _, rm := range removals {
		removed[rm.ID] = rm.DuplicateOf
	}
	scanned := map[string]bool{}
	for _, d := range r.Documents {
		scanned[d.ID] = true
	}
	records := true
	for _, e := range entries {
		if !opt.Keep.IsReference(e.Name) && !e.Record() {
			records = false
		}
	}

	var read, kept, skipped, refs int
	for _, s := range r.Skipped {
		if !opt.Keep.IsReference(s.ID) {
			skipped++
		}
	}
	err = writeFileAtomic(out, func(w io.Writer) error {
		cw, closeW, err := compressed(w, out, records)
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(cw)
		for _, e := range entries {
			switch {
			case opt.Keep.IsReference(e.Name):
				refs++
				continue
			case !scanned[e.Name]:
				continue // skipped: counted from the scan's list
			case removed[e.Name] != "":
				if !records {
					fmt.Fprintf(bw, "removed\t%s\t%s\n", e.Name, removed[e.Name])
				}
				continue
			}
			kept++
			if !records {
				fmt.Fprintf(bw, "kept\t%s\n", e.Name)
				continue
			}
			raw, err := e.Raw()
			if err != nil {
				return err
			}
			bw.Write(raw)
			bw.WriteByte('\n')
		}
		if !records {
			for _, s := range r.Skipped {
				if !opt.Keep.IsReference(s.ID) {
					fmt.Fprintf(bw, "skipped\t%s\t%s\n", s.ID, s.Reason)
				}
			}
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return closeW()
	})
	if err != nil {
		return err
	}
	if removedPath != "" {
		err := writeFileAtomic(removedPath, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			for _, rm := range removals {
				if err := enc.Encode(rm); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	read = kept + len(removals) + skipped
	fmt.Fprintf(stderr, "neardup: read %d, kept %d, removed %d, skipped %d", read, kept, len(removals), skipped)
	if refs > 0 {
		fmt.Fprintf(stderr, " (and %d reference documents, not written)", refs)
	}
	fmt.Fprintln(stderr)
	return nil
}

// compressed wraps w in the compression that name's extension asks for, if
// the output is records; it returns the writer and a function that finishes
// the compressed stream.
func compressed(w io.Writer, name string, records bool) (io.Writer, func() error, error) {
	if !records {
		return w, func() error { return nil }, nil
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".gz":
		zw := gzip.NewWriter(w)
		return zw, zw.Close, nil
	case ".zst":
		zw, err := zstd.NewWriter(w)
		if err != nil {
			return nil, nil, err
		}
		return zw, zw.Close, nil
	}
	return w, func() error { return nil }, nil
}
