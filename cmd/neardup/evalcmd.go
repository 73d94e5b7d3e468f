package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/eval"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// sweepFrom is the lowest related threshold eval scans with, so that its
// sweep can show what lower thresholds would flag.
const sweepFrom = 0.05

func runEval(c *command, io streams, args []string) error {
	stdout, stderr := io.out, io.err
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: io.in}
	var goldPath string
	fs := newFlags(c)
	fs.StringVar(&goldPath, "gold", "", "gold clusters: a TSV `file` of doc<TAB>cluster lines")
	fs.BoolVar(&opt.AllPairs, "all-pairs", false, "verify every pair of documents, not just candidates (slow: to measure what candidate generation misses)")
	kindsFlags(fs, &opt, engine.All)
	sketchFlags(fs, &opt)
	relatedFlags(fs, &opt)
	inputFlags(fs, &walk, &opt)
	paths, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if goldPath == "" {
		return usagef("eval: --gold is required")
	}
	f, err := os.Open(goldPath)
	if err != nil {
		return err
	}
	gold, err := eval.ReadGold(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", goldPath, err)
	}
	roots, err := inputRoots(paths, nil, &opt, stderr)
	if err != nil {
		return err
	}
	if err := checkOptions(opt); err != nil {
		return err
	}
	l, r, err := scanRoots(roots, walk, opt)
	if err != nil {
		return err
	}
	l.Close()
	at := eval.Thresholds{Near: opt.Threshold, Related: r.Params.RelatedThreshold}
	judged := gold.Judge(r)
	pos := gold.Positives()
	ids := make([]string, len(r.Documents))
	for i, d := range r.Documents {
		ids[i] = d.ID
	}
	fmt.Fprintf(stdout, "gold: %d documents in %d clusters, %d positive pairs; scanned %d documents, %d of them in the gold\n",
		len(gold), gold.Clusters(), pos, len(r.Documents), len(gold.Match(ids)))
	fmt.Fprintf(stdout, "thresholds: near %g, related %.3g\n\n", at.Near, at.Related)

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "kind\tflagged\tTP\tFP\tFN\tprecision\trecall\tF1\t\n")
	scores := eval.Evaluate(judged, pos, at)
	for _, k := range append(opt.Kinds.List(), "") {
		s := scores[k]
		name := string(k)
		if k == "" {
			name = "all"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t\n", name, s.Flagged, s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1)
	}
	tw.Flush()
	if !opt.Kinds.Has(engine.Related) {
		return nil
	}
	sp, sb := gold.Stories(r)
	fmt.Fprintf(stdout, "\nstories: %d of 2 documents or more\n", len(r.Stories))
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "stories\tpairs\tTP\tFP\tFN\tprecision\trecall\tF1\t\n")
	fmt.Fprintf(tw, "pairwise\t%d\t%d\t%d\t%d\t%.4f\t%.4f\t%.4f\t\n", sp.Flagged, sp.TP, sp.FP, sp.FN, sp.Precision, sp.Recall, sp.F1)
	fmt.Fprintf(tw, "B-cubed\t\t\t\t\t%.4f\t%.4f\t%.4f\t\n", sb.Precision, sb.Recall, sb.F1)
	tw.Flush()
	// The sweep scans again with a low related threshold, to see what
	// lower thresholds would flag.
	sweepOpt := opt
	sweepOpt.RelatedThreshold = sweepFrom
	l, rs, err := scanRoots(roots, walk, sweepOpt)
	if err != nil {
		return err
	}
	l.Close()
	judged = gold.Judge(rs)
	fmt.Fprintf(stdout, "\nsweep of the related threshold (all kinds, near at %g):\n", at.Near)
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "related\tflagged\tprecision\trecall\tF1\t\n")
	best, bestAt := -1.0, 0.0
	for i := 0; ; i++ {
		t := sweepFrom + 0.01*float64(i)
		if t > 0.5+1e-9 {
			break
		}
		s := eval.Evaluate(judged, pos, eval.Thresholds{Near: at.Near, Related: t})[""]
		fmt.Fprintf(tw, "%.2f\t%d\t%.4f\t%.4f\t%.4f\t\n", t, s.Flagged, s.Precision, s.Recall, s.F1)
		if s.F1 > best {
			best, bestAt = s.F1, t
		}
	}
	tw.Flush()
	fmt.Fprintf(stdout, "best F1 %.4f at related threshold %.2f\n", best, bestAt)
	return nil
}
