package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neardup/neardup/cmd/neardup/dedupe"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/index"
	"github.com/neardup/neardup/cmd/neardup/outfile"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

func runDedupe(c *command, io streams, args []string) error {
	opt := scan.DefaultOptions()
	opt.Kinds = engine.KindsOf(engine.Exact, engine.Near)
	walk := corpus.WalkOptions{Stdin: io.in}
	var out, removedPath, from, indexPath string
	var prefer, reference pathsFlag
	var stats bool
	progress := progressAuto
	fs := newFlags(c)
	fs.StringVar(&out, "out", "", "write the deduplicated corpus to `OUT` (.jsonl or .ndjson, with .gz or .zst to compress; - is standard output)")
	fs.StringVar(&removedPath, "removed", "", "write one JSON line per removed document to `FILE` (.jsonl or .ndjson)")
	fs.StringVar(&from, "from", "", "apply the clusters of `REPORT`, an earlier 'neardup scan --format json' of PATH, instead of scanning")
	fs.StringVar(&indexPath, "index", "", "also remove documents that duplicate a document of the index `INDEX` (neardup index), then add the kept ones to it (created if missing)")
	kindsFlags(fs, &opt, engine.KindsOf(engine.Exact, engine.Near))
	sketchFlags(fs, &opt)
	keepFlags(fs, &opt, &prefer, &reference)
	inputFlags(fs, &walk, &opt)
	runFlags(fs, &opt, &stats, &progress)
	paths, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if out == "" || len(paths) == 0 {
		return usagef("dedupe: give --out OUT and at least one PATH")
	}
	parquetOut := strings.HasSuffix(strings.ToLower(out), ".parquet")
	if !parquetOut {
		if err := jsonlOutput("--out", out); err != nil {
			return err
		}
	}
	if removedPath != "" {
		if err := jsonlOutput("--removed", removedPath); err != nil {
			return err
		}
		if removedPath == out {
			return usagef("--removed %s: the same file as --out", removedPath)
		}
	}
	if from != "" && indexPath != "" {
		return usagef("--from and --index: give one")
	}
	if from != "" {
		if err := onlyFlags(fs, "--from", "out", "removed", "from", "ext", "follow-symlinks", "text-field", "id-field", "max-doc-bytes", "strict", "stats", "progress", "j", "verify-memory", "reference"); err != nil {
			return err
		}
	}
	roots, err := inputRoots(paths, reference, &opt, io.err)
	if err != nil {
		return err
	}
	opt.Keep.Prefer = prefer
	if err := checkOptions(opt); err != nil {
		return err
	}
	for _, p := range []string{out, removedPath} {
		if err := checkOutput(p, roots, walk); err != nil {
			return err
		}
	}
	var x *index.Index
	if indexPath != "" {
		if x, err = openIndex(fs, opt, indexPath, true); err != nil {
			return err
		}
		defer x.Close()
		// The index's parameters decide shingles and the threshold.
		iopt := x.Options()
		opt.Shingle, opt.Signer, opt.Perm, opt.Seed, opt.Threshold = iopt.Shingle, iopt.Signer, iopt.Perm, iopt.Seed, iopt.Threshold
	}
	start := time.Now()
	var plan *dedupe.Plan
	var result *scan.Result
	var listing *corpus.Listing
	var refusals []dedupe.Refusal
	if from != "" {
		l, err := corpus.Walk(roots, walk)
		if err != nil {
			return flagError(err)
		}
		defer l.Close()
		listing = l
		rep, err := dedupe.ReadReport(from)
		if err != nil {
			return err
		}
		plan, refusals, err = dedupe.Replay(rep, l, opt.MaxDocBytes, opt.Keep.IsReference)
		if err != nil {
			return err
		}
		result = &scan.Result{Skipped: l.Skipped}
	} else {
		l, r, err := scanWithProgress(roots, walk, opt, progress, io.err)
		if err != nil {
			return err
		}
		defer l.Close()
		listing = l
		warnUnmatched(io.err, r, prefer, "--prefer")
		plan, result = dedupe.NewPlan(r, l, opt.Keep.IsReference), r
		if x != nil {
			indexed, err := indexedDuplicates(x, l, opt.MaxDocBytes)
			if err != nil {
				return err
			}
			plan = dedupe.NewPlanAgainst(r, l, opt.Keep.IsReference, indexed)
		}
	}
	records, err := plan.Records()
	if err != nil {
		return usageError{err.Error()}
	}
	g := outfile.NewGroup(io.out)
	w, err := g.Create(out)
	if err != nil {
		return err
	}
	switch {
	case parquetOut && !plan.Parquet():
		g.Abort()
		return usagef("--out %s: Parquet output needs Parquet input (rows of .parquet files): name it .jsonl", out)
	case parquetOut:
		err = plan.WriteParquet(w)
	case records:
		err = plan.WriteRecords(w)
	default:
		err = plan.WriteList(w)
	}
	if err == nil && removedPath != "" {
		if w, err = g.Create(removedPath); err == nil {
			err = plan.WriteRemovals(w)
		}
	}
	if err != nil {
		g.Abort()
		return err
	}
	if err := g.Commit(); err != nil {
		return err
	}
	added := 0
	if x != nil {
		if added, err = addKept(x, plan, listing, opt.MaxDocBytes); err != nil {
			return fmt.Errorf("%s: the outputs are written, but adding the kept documents to the index failed: %w", indexPath, err)
		}
	}
	n := plan.Counts
	fmt.Fprintf(io.err, "neardup: read %d, kept %d, removed %d, skipped %d", n.Read, n.Kept, n.Removed, n.Skipped)
	if x != nil {
		fromIndex := 0
		for _, rm := range plan.Removals {
			if rm.Indexed {
				fromIndex++
			}
		}
		fmt.Fprintf(io.err, " (%d as duplicates of indexed documents); added %d to %s", fromIndex, added, indexPath)
	}
	if n.References > 0 {
		fmt.Fprintf(io.err, " (and %d reference documents, not written)", n.References)
	}
	fmt.Fprintln(io.err)
	if stats && from == "" {
		writeStats(io.err, result.Stats, time.Since(start))
	}
	for _, r := range refusals {
		fmt.Fprintf(io.err, "neardup: not replayed: %s: %s\n", r.ID, r.Reason)
	}
	if err := reportDamage(io.err, result.Skipped); err != nil {
		return err
	}
	if len(refusals) > 0 {
		return partialError{fmt.Sprintf("%d document(s) listed above changed or are missing since the report: their removals were not applied", len(refusals))}
	}
	return nil
}

// onlyFlags returns a usage error if a flag other than allowed was given:
// they do not apply in the mode the flag named mode sets.
func onlyFlags(fs *flag.FlagSet, mode string, allowed ...string) error {
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if !slices.Contains(allowed, f.Name) {
			bad = append(bad, "--"+f.Name)
		}
	})
	if len(bad) > 0 {
		return usagef("%s: %s does not apply: the clusters come from the report", mode, strings.Join(bad, ", "))
	}
	return nil
}

// indexedDuplicates returns the documents of l that are exact or near
// duplicates of an indexed document, each with the one it duplicates: the
// exact one first, else the nearest (ties to the smaller id).
func indexedDuplicates(x *index.Index, l *corpus.Listing, maxBytes int64) (map[string]dedupe.Removal, error) {
	out := map[string]dedupe.Removal{}
	_, err := loadDocs(l, maxBytes, func(batch []index.Doc) error {
		ms, err := x.QueryIndexed(batch, engine.KindsOf(engine.Exact, engine.Near))
		for _, m := range ms {
			p := m.Pair()
			rm := dedupe.Removal{ID: m.A, DuplicateOf: m.B, Kind: m.Verdict.Kind, Similarity: p.Similarity, Indexed: true}
			old, ok := out[m.A]
			better := !ok || rm.Kind == engine.Exact && old.Kind != engine.Exact ||
				rm.Kind == old.Kind && (rm.Similarity > old.Similarity || rm.Similarity == old.Similarity && rm.DuplicateOf < old.DuplicateOf)
			if better {
				out[m.A] = rm
			}
		}
		return err
	})
	return out, err
}

// addKept adds the documents plan keeps to the index; it returns how many
// were new or changed.
func addKept(x *index.Index, plan *dedupe.Plan, l *corpus.Listing, maxBytes int64) (int, error) {
	kept := map[string]bool{}
	for _, id := range plan.Kept() {
		kept[id] = true
	}
	sub := &corpus.Listing{Options: l.Options}
	for _, e := range l.Entries {
		if kept[e.Name] {
			sub.Entries = append(sub.Entries, e)
		}
	}
	added := 0
	_, err := loadDocs(sub, maxBytes, func(batch []index.Doc) error {
		st, err := x.Add(batch)
		for _, s := range st {
			if s == index.Added || s == index.Replaced {
				added++
			}
		}
		return err
	})
	return added, err
}
