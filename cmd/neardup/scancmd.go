package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/report"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/corpus/sample"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
)

// unitFlag is a shingle unit as a flag.Value.
type unitFlag struct{ u *shingle.Unit }

func (f unitFlag) String() string {
	if f.u == nil {
		return ""
	}
	return f.u.String()
}

func (f unitFlag) Set(s string) (err error) {
	*f.u, err = shingle.ParseUnit(s)
	return err
}

// extFlag is a comma-separated list of file name extensions.
type extFlag struct{ exts *[]string }

func (f extFlag) String() string {
	if f.exts == nil {
		return ""
	}
	return strings.Join(*f.exts, ",")
}

func (f extFlag) Set(s string) error {
	*f.exts = nil
	for _, e := range strings.Split(s, ",") {
		e = strings.ToLower(strings.TrimSpace(e))
		switch {
		case e == "":
			continue
		case e == "*":
		case !strings.HasPrefix(e, "."):
			e = "." + e
		}
		*f.exts = append(*f.exts, e)
	}
	if len(*f.exts) == 0 {
		return errors.New("no extensions given")
	}
	return nil
}

// kindsFlag is a set of kinds as a flag.Value ("exact,near,related").
type kindsFlag struct{ ks *engine.Kinds }

func (f kindsFlag) String() string {
	if f.ks == nil {
		return ""
	}
	return f.ks.String()
}

func (f kindsFlag) Set(s string) (err error) {
	*f.ks, err = engine.ParseKinds(s)
	return err
}

// scanFlags defines the flags that set scan and walk options on fs.
func scanFlags(fs *flag.FlagSet, opt *scan.Options, walk *corpus.WalkOptions) {
	fs.Float64Var(&opt.Threshold, "threshold", opt.Threshold, "near duplicates: exact shingle Jaccard at or above this")
	fs.Var(kindsFlag{&opt.Kinds}, "kinds", "comma-separated `kinds` to search and report: exact, near, related")
	fs.Float64Var(&opt.RelatedThreshold, "related-threshold", opt.RelatedThreshold, "related documents: related score at or above this")
	fs.IntVar(&opt.MaxPosting, "max-posting", related.MaxPosting, "related candidates: skip terms among the candidate terms of more than `n` documents")
	fs.IntVar(&opt.Shingle.Size, "shingle", opt.Shingle.Size, "shingle size `n`: words (or characters with --unit char) per shingle")
	fs.Var(unitFlag{&opt.Shingle.Unit}, "unit", "shingle `unit`: word or char")
	fs.Var(&opt.Signer, "signer", "MinHash `signer`: oneperm (fast, the default) or minwise (the k-permutation reference)")
	fs.IntVar(&opt.Perm, "perm", opt.Perm, "MinHash signature size (number of permutations)")
	fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "seed of the MinHash hash functions")
	fs.IntVar(&opt.Workers, "j", 0, "parallel workers (default GOMAXPROCS); the output does not depend on it")
	fs.Var(extFlag{&walk.Extensions}, "ext", "comma-separated file `extensions` to read in folders (default txt,md; * for all)")
	fs.BoolVar(&walk.FollowSymlinks, "follow-symlinks", false, "follow symbolic links (cycles are detected)")
	fs.StringVar(&walk.TextField, "text-field", "text", "JSONL input: the `field` holding a record's text (a dotted path reaches into objects)")
	fs.StringVar(&walk.IDField, "id-field", "", "JSONL input: the `field` holding a record's id (dotted path; default file:line)")
	fs.BoolVar(&opt.Strict, "strict", false, "stop at the first file or record that would be skipped, with exit status 1")
	fs.Int64Var(&opt.MaxDocBytes, "max-doc-bytes", opt.MaxDocBytes, "skip documents larger than this many `bytes`")
	fs.Int64Var(&opt.VerifyMemory, "verify-memory", scan.DefaultVerifyMemory, "bound on the `bytes` of shingle sets and related vectors held at once while verifying candidates")
}

// flagOf names the flag that sets each field of scan.Options.
var flagOf = map[string]string{
	"Threshold":        "--threshold",
	"RelatedThreshold": "--related-threshold",
	"Kinds":            "--kinds",
	"Perm":             "--perm",
	"Shingle.Size":     "--shingle",
	"Shingle.Unit":     "--unit",
	"Signer":           "--signer",
	"MaxDocBytes":      "--max-doc-bytes",
	"MaxPosting":       "--max-posting",
}

// checkOptions checks the scan options, and reports a bad one as a usage
// error that names its flag.
func checkOptions(opt scan.Options) error {
	if opt.Workers < 0 {
		return usagef("-j %d: want a positive number of workers", opt.Workers)
	}
	return flagError(opt.Validate())
}

// flagError turns an *engine.FieldError into a usage error naming the flag.
func flagError(err error) error {
	var fe *engine.FieldError
	if errors.As(err, &fe) {
		name := flagOf[fe.Field]
		if name == "" {
			name = fe.Field
		}
		return usagef("%s %v: %s", name, fe.Value, fe.Reason)
	}
	return err
}

// rootsOf returns the roots to scan for the given paths: the built-in sample
// when there are none, which it says on stderr.
func rootsOf(paths []string, stderr io.Writer) ([]corpus.Root, error) {
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "neardup: no PATH given: scanning the built-in sample corpus")
		return []corpus.Root{{FS: sample.FS(), Path: "."}}, nil
	}
	return corpus.RootsFromArgs(paths)
}

// scanRoots walks roots once and scans the listing (scan.Run), reporting bad
// options as usage errors that name their flags. The caller closes the
// listing.
func scanRoots(roots []corpus.Root, walk corpus.WalkOptions, opt scan.Options) (*corpus.Listing, *scan.Result, error) {
	l, r, err := scan.Run(roots, walk, opt)
	return l, r, flagError(err)
}

func runScan(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	opt := scan.DefaultOptions()
	walk := corpus.WalkOptions{Stdin: stdin}
	format := report.Text
	var output string
	var stats bool
	progress := progressAuto
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, scanUsage); fs.PrintDefaults() }
	fs.Var(&format, "format", "output `format`: text, json, csv or html (one self-contained page)")
	fs.StringVar(&output, "output", "", "write the report to `FILE` (atomically) instead of standard output")
	fs.StringVar(&output, "o", "", "shorthand for --output")
	scanFlags(fs, &opt, &walk)
	fs.BoolVar(&stats, "stats", false, "print per-stage times, throughput and peak memory to stderr")
	fs.Var(&progress, "progress", "show progress on stderr: auto (when it is a terminal), always or never")
	var cpuProfile string
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the scan to `FILE`, for `go tool pprof`")
	paths, help, err := parseArgs(fs, args)
	if help || err != nil {
		return err
	}
	if err := checkOptions(opt); err != nil {
		return err
	}
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	roots, err := rootsOf(paths, stderr)
	if err != nil {
		return err
	}
	start := time.Now()
	if p := newProgress(stderr, progress, time.Now); p != nil {
		opt.Progress = p.update
		defer p.finish()
	}
	l, r, err := scanRoots(roots, walk, opt)
	if err != nil {
		return err
	}
	defer l.Close()
	if stats {
		// After the report is written, so that the total includes it.
		defer func() { writeStats(stderr, r.Stats, time.Since(start)) }()
	}
	var src report.Source
	if format == report.HTML {
		src = sourceOf(l, opt.MaxDocBytes)
	}
	if output == "" {
		return report.Write(stdout, format, r, src)
	}
	return writeFileAtomic(output, func(w io.Writer) error { return report.Write(w, format, r, src) })
}

// sourceOf returns a source of the texts of the documents of l, by id.
func sourceOf(l *corpus.Listing, maxBytes int64) report.Source {
	return func(id string) ([]byte, error) {
		e, ok := l.Lookup(id)
		if !ok {
			return nil, fmt.Errorf("%s: no such document", id)
		}
		d, err := e.Load(nil, maxBytes)
		return d.Text, err
	}
}
