package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/explain"
	"github.com/neardup/neardup/cmd/neardup/outfile"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/corpus/sample"
)

func runScan(c *command, io streams, args []string) error {
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: io.in}
	format := report.Text
	var output, cpuProfile string
	var stats bool
	var prefer, reference pathsFlag
	progress := progressAuto
	fs := newFlags(c)
	fs.Var(&format, "format", "report `format`: text, json, csv or html (one self-contained page); default from the -o name, else text")
	fs.StringVar(&output, "output", "", "write the report to `FILE` (atomically; - is standard output)")
	fs.StringVar(&output, "o", "", "shorthand for --output")
	kindsFlags(fs, &opt, engine.All)
	sketchFlags(fs, &opt)
	relatedFlags(fs, &opt)
	keepFlags(fs, &opt, &prefer, &reference)
	inputFlags(fs, &walk, &opt)
	runFlags(fs, &opt, &stats, &progress)
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the scan to `FILE`, for 'go tool pprof'")
	paths, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if format, err = reportFormat(output, format, flagSet(fs, "format"), report.Text, report.JSON, report.CSV, report.HTML); err != nil {
		return err
	}
	roots, err := inputRoots(paths, reference, &opt, io.err)
	if err != nil {
		return err
	}
	opt.Keep.Prefer = prefer
	if err := checkOptions(opt); err != nil {
		return err
	}
	if err := checkOutput(output, roots, walk); err != nil {
		return err
	}
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	start := time.Now()
	l, r, err := scanWithProgress(roots, walk, opt, progress, io.err)
	if err != nil {
		return err
	}
	defer l.Close()
	warnUnmatched(io.err, r, prefer, "--prefer")
	if stats {
		// After the report is written, so that the total includes it.
		defer func() { writeStats(io.err, r.Stats, time.Since(start)) }()
	}
	var src *report.Sources
	if format == report.HTML {
		x, err := explain.NewExplainer(opt, r.Corpus)
		if err != nil {
			return err
		}
		src = &report.Sources{Text: sourceOf(l, opt.MaxDocBytes), Explain: x, Command: explainCommand(fs, paths, reference)}
	}
	if err := writeReport(io, output, format, r, src); err != nil {
		return err
	}
	return reportDamage(io.err, r.Skipped)
}

// writeReport writes r in format to output (standard output if ""),
// atomically, with the tool that made it.
func writeReport(io streams, output string, format report.Format, r *scan.Result, src *report.Sources) error {
	t := toolInfo()
	r.Tool = &t
	if output == "" {
		output = outfile.Stdout
	}
	g := outfile.NewGroup(io.out)
	w, err := g.Create(output)
	if err != nil {
		return err
	}
	if err := report.Write(w, format, r, src); err != nil {
		g.Abort()
		return err
	}
	return g.Commit()
}

// inputRoots returns the roots of the paths and of the reference paths (the
// built-in sample when there are none, which it says on w), and records the
// reference roots' prefixes in opt.Keep.
func inputRoots(paths, reference []string, opt *scan.Options, w io.Writer) ([]corpus.Root, error) {
	if len(paths) == 0 && len(reference) == 0 {
		fmt.Fprintln(w, "neardup: no PATH given: scanning the built-in sample corpus")
		return []corpus.Root{{FS: sample.FS(), Path: "."}}, nil
	}
	roots, err := corpus.RootsFromArgs(append(append([]string(nil), paths...), reference...))
	if err != nil {
		return nil, err
	}
	for _, r := range roots[len(paths):] {
		opt.Keep.Reference = append(opt.Keep.Reference, trimSlash(r.Prefix))
	}
	return roots, nil
}

func trimSlash(s string) string {
	if len(s) > 0 && s[len(s)-1] == '/' {
		return s[:len(s)-1]
	}
	return s
}

// scanWithProgress walks roots and scans them (scan.Run), showing progress
// on w as mode says. The caller closes the listing.
func scanWithProgress(roots []corpus.Root, walk corpus.WalkOptions, opt scan.Options, mode progressMode, w io.Writer) (*corpus.Listing, *scan.Result, error) {
	if p := newProgress(w, mode, time.Now); p != nil {
		opt.Progress = p.update
		defer p.finish()
	}
	return scanRoots(roots, walk, opt)
}

// scanRoots walks roots once and scans the listing (scan.Run), reporting bad
// options and fields as usage errors that name their flags. The caller
// closes the listing.
func scanRoots(roots []corpus.Root, walk corpus.WalkOptions, opt scan.Options) (*corpus.Listing, *scan.Result, error) {
	l, r, err := scan.Run(roots, walk, opt)
	return l, r, flagError(err)
}

// warnUnmatched warns on w about each of prefixes that no document of r is
// under: a --prefer that changes nothing.
func warnUnmatched(w io.Writer, r *scan.Result, prefixes []string, flag string) {
	for _, p := range prefixes {
		k := scan.Keep{Prefer: []string{p}}
		found := false
		for _, d := range r.Documents {
			if k.IsPreferred(d.ID) {
				found = true
				break
			}
		}
		if !found {
			fmt.Fprintf(w, "neardup: warning: %s %s: no document's id is under it, so it changes nothing\n", flag, p)
		}
	}
}

// explainCommand returns the command line, up to the two ids, that explains
// a pair of the scan of paths and reference paths that fs parsed: neardup
// explain with the flags set on fs that explain takes, and --in each path.
// It is "" when there is no such command: for the built-in sample and for
// standard input.
func explainCommand(fs *flag.FlagSet, paths, reference []string) string {
	all := append(append([]string(nil), paths...), reference...)
	if len(all) == 0 || slices.Contains(all, "-") {
		return ""
	}
	// The flags explain takes, as it defines them.
	var opt scan.Options
	var walk corpus.WalkOptions
	ex := flag.NewFlagSet("explain", flag.ContinueOnError)
	explainFlags(ex, &opt, &walk)
	args := []string{"neardup", "explain"}
	fs.Visit(func(f *flag.Flag) {
		if ex.Lookup(f.Name) != nil {
			args = append(args, shellQuote("--"+f.Name+"="+f.Value.String()))
		}
	})
	for _, p := range all {
		args = append(args, "--in", shellQuote(p))
	}
	return strings.Join(args, " ")
}

// shellQuote quotes s for a POSIX shell, when it needs it.
func shellQuote(s string) string {
	safe := s != ""
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("_@%+=:,./-", c)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// sourceOf returns the texts of the documents of l, by id.
func sourceOf(l *corpus.Listing, maxBytes int64) func(id string) ([]byte, error) {
	return func(id string) ([]byte, error) {
		e, ok := l.Lookup(id)
		if !ok {
			return nil, fmt.Errorf("%s: no such document", id)
		}
		d, err := e.Load(nil, maxBytes)
		return d.Text, err
	}
}
