package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/lsh/related"
	"github.com/neardup/neardup/shingle"
)

// The flags of the commands, in groups: each command defines the groups
// that apply to it, so that it offers no flag it would ignore.

// inputFlags defines the flags that say what to read.
func inputFlags(fs *flag.FlagSet, walk *corpus.WalkOptions, opt *scan.Options) {
	fs.Var(extFlag{&walk.Extensions}, "ext", "comma-separated file `extensions` to read in folders (default txt,md; * for all)")
	fs.BoolVar(&walk.FollowSymlinks, "follow-symlinks", false, "follow symbolic links (cycles are detected)")
	fs.StringVar(&walk.TextField, "text-field", "text", "JSONL input: the `field` holding a record's text (a dotted path reaches into objects)")
	fs.StringVar(&walk.IDField, "id-field", "", "JSONL input: the `field` holding a record's id (dotted path; default file:line)")
	fs.Int64Var(&opt.MaxDocBytes, "max-doc-bytes", opt.MaxDocBytes, "skip documents larger than this many `bytes`")
	fs.BoolVar(&opt.Strict, "strict", false, "stop at the first file or record that would be skipped, with exit status 1")
}

// sketchFlags defines the flags of shingles, signatures and the near
// threshold.
func sketchFlags(fs *flag.FlagSet, opt *scan.Options) {
	fs.Float64Var(&opt.Threshold, "threshold", opt.Threshold, "near duplicates: exact shingle Jaccard at or above this")
	fs.IntVar(&opt.Shingle.Size, "shingle", opt.Shingle.Size, "shingle size `n`: words (or characters with --unit char) per shingle")
	fs.Var(unitFlag{&opt.Shingle.Unit}, "unit", "shingle `unit`: word or char")
	fs.Var(&opt.Signer, "signer", "MinHash `signer`: oneperm (fast, the default) or minwise (the k-permutation reference)")
	fs.IntVar(&opt.Perm, "perm", opt.Perm, "MinHash signature size (number of permutations)")
	fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "seed of the MinHash hash functions")
}

// relatedFlags defines the flags of the related tier.
func relatedFlags(fs *flag.FlagSet, opt *scan.Options) {
	fs.Var(relatedThresholdFlag{&opt.RelatedThreshold}, "related-threshold", "related documents: related score at or above this `score`, or auto: 0.054 per decade of pairs compared, at least 0.15")
	fs.IntVar(&opt.MaxPosting, "max-posting", related.MaxPosting, "related candidates: skip terms among the candidate terms of more than `n` documents")
}

// kindsFlags defines --kinds, accepting the kinds in allowed.
func kindsFlags(fs *flag.FlagSet, opt *scan.Options, allowed engine.Kinds) {
	fs.Var(kindsFlag{&opt.Kinds, allowed}, "kinds", fmt.Sprintf("comma-separated `kinds` to search and report: %s", strings.Join(kindNames(allowed), ", ")))
}

// runFlags defines the flags of how a scan runs, which change nothing of
// its result.
func runFlags(fs *flag.FlagSet, opt *scan.Options, stats *bool, progress *progressMode) {
	fs.IntVar(&opt.Workers, "j", 0, "parallel workers (default GOMAXPROCS); the output does not depend on it")
	fs.Int64Var(&opt.VerifyMemory, "verify-memory", scan.DefaultVerifyMemory, "bound on the `bytes` of shingle sets and related vectors held at once while verifying candidates")
	fs.BoolVar(stats, "stats", false, "print per-stage times, throughput and peak memory to stderr")
	fs.Var(progress, "progress", "show progress on stderr: auto (when it is a terminal), always or never")
}

// keepFlags defines the flags that choose the document a cluster keeps.
func keepFlags(fs *flag.FlagSet, opt *scan.Options, prefer, reference *pathsFlag) {
	fs.Var(&opt.Keep.Rule, "keep", "which duplicate to keep: longest or shortest (text), first or last (in input order)")
	fs.Var(prefer, "prefer", "documents under this id `prefix` are kept over others (repeatable)")
	fs.Var(reference, "reference", "reference documents under `PATH`: kept over all others, never removed, never written; the others are deduplicated against them (repeatable)")
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
	"Keep.Rule":        "--keep",
	"TextField":        "--text-field",
	"IDField":          "--id-field",
}

// checkOptions checks the scan options, and reports a bad one as a usage
// error that names its flag.
func checkOptions(opt scan.Options) error {
	if opt.Workers < 0 {
		return usagef("-j %d: want a positive number of workers", opt.Workers)
	}
	return flagError(opt.Validate())
}

// flagError turns an *engine.FieldError or a *corpus.FieldError into a
// usage error naming the flag.
func flagError(err error) error {
	var fe *engine.FieldError
	if errors.As(err, &fe) {
		return usagef("%s %v: %s", flagName(fe.Field), fe.Value, fe.Reason)
	}
	var ce *corpus.FieldError
	if errors.As(err, &ce) {
		return usagef("%s %s: %s", flagName(ce.Field), ce.Value, ce.Reason)
	}
	return err
}

func flagName(field string) string {
	if f := flagOf[field]; f != "" {
		return f
	}
	return field
}

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

// relatedThresholdFlag is a related score in (0, 1], or "auto" (0): the
// threshold the corpus's size calls for.
type relatedThresholdFlag struct{ t *float64 }

func (f relatedThresholdFlag) String() string {
	if f.t == nil || *f.t == 0 {
		return "auto"
	}
	return strconv.FormatFloat(*f.t, 'g', -1, 64)
}

func (f relatedThresholdFlag) Set(s string) error {
	if s == "auto" {
		*f.t = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0 && v <= 1) {
		return fmt.Errorf("want a score in (0,1] or auto")
	}
	*f.t = v
	return nil
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

// kindsFlag is a set of kinds as a flag.Value ("exact,near,related"),
// limited to the kinds a command can search.
type kindsFlag struct {
	ks      *engine.Kinds
	allowed engine.Kinds
}

func (f kindsFlag) String() string {
	if f.ks == nil {
		return ""
	}
	return f.ks.String()
}

func (f kindsFlag) Set(s string) error {
	ks, err := engine.ParseKinds(s)
	if err != nil {
		return err
	}
	if extra := ks &^ f.allowed; !extra.Empty() {
		return fmt.Errorf("%s: this command searches %s only", extra, strings.Join(kindNames(f.allowed), " and "))
	}
	*f.ks = ks
	return nil
}

func kindNames(ks engine.Kinds) []string {
	var out []string
	for _, k := range ks.List() {
		out = append(out, string(k))
	}
	return out
}

// pathsFlag collects the values of a repeated flag.
type pathsFlag []string

func (p *pathsFlag) String() string     { return strings.Join(*p, ",") }
func (p *pathsFlag) Set(s string) error { *p = append(*p, s); return nil }
