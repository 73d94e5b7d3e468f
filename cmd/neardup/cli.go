package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usageError is an error in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// partialError is the outcome of a command whose outputs are complete but
// that could not use all of its input: damaged, unreadable or malformed
// files, or documents changed since a report. Exit status 3; each has been
// named on stderr.
type partialError struct{ msg string }

func (e partialError) Error() string { return e.msg }

// streams are the command's standard input, output and error.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// A command is a subcommand of neardup.
type command struct {
	name     string
	synopsis string // the usage line, after "neardup "
	summary  string // what it does, in a few words
	usage    string // the text above its flags in its -h
	run      func(c *command, io streams, args []string) error
}

// commands returns the subcommands, in the order help lists them.
func commands() []*command {
	return []*command{scanCmd, dedupeCmd, explainCmd, evalCmd, indexCmd, serveCmd, sketchCmd, benchCmd, versionCmd}
}

func find(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// topUsage is the text of `neardup help`.
func topUsage() string {
	var b strings.Builder
	b.WriteString("neardup finds exact duplicates, near duplicates and differently worded\nreports of the same story in a corpus of documents.\n\nUsage:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  neardup %-40s %s\n", c.synopsis, c.summary)
	}
	b.WriteString(`  neardup help [COMMAND]                   this help, or a command's flags

Run 'neardup help COMMAND' for a command's flags.

Exit status: 0 on success, whether or not duplicates were found; 1 on
failure; 2 on a usage error; 3 when the output is complete but some input
was damaged, unreadable or malformed (each such file is named on stderr).
`)
	return b.String()
}

// run runs the command line args (without the program name); "-" among
// the paths reads stdin.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	io := streams{stdin, stdout, stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage())
		return usagef("no command given")
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			fmt.Fprint(stdout, topUsage())
			return nil
		}
		c := find(rest[0])
		if c == nil {
			return usagef("help: unknown command %q (run 'neardup help' for the commands)", rest[0])
		}
		return c.run(c, io, []string{"-h"})
	case "--version", "-version":
		name = "version"
	}
	c := find(name)
	if c == nil {
		return usagef("unknown command %q (run 'neardup help' for the commands)", name)
	}
	return c.run(c, io, rest)
}

// newFlags returns an empty flag set for command c that prints nothing:
// parseArgs prints the usage and run the error.
func newFlags(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseArgs parses flags wherever they appear among the positional
// arguments ("scan DIR --format json" as well as "scan --format json DIR");
// everything after "--" is positional. On -h it prints the command's usage
// and flags to stdout and reports help: the command has nothing more to do.
// A bad flag is a usage error, whose message names the command.
func parseArgs(fs *flag.FlagSet, c *command, args []string, stdout io.Writer) (pos []string, help bool, err error) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(stdout, "Usage: neardup %s\n\n%s", c.synopsis, c.usage)
				fs.SetOutput(stdout)
				fs.PrintDefaults()
				fs.SetOutput(io.Discard)
				return nil, true, nil
			}
			return nil, false, usagef("%s: %s (run 'neardup %s -h' for its flags)", c.name, strings.TrimSpace(err.Error()), c.name)
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, tail...), false, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
