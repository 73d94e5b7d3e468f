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

// run runs the command line args (without the program name); "-" among
// the paths reads stdin.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "scan":
		return runScan(rest, stdin, stdout, stderr)
	case "bench":
		return runBench(rest, stdout, stderr)
	case "eval":
		return runEval(rest, stdin, stdout, stderr)
	case "explain":
		return runExplain(rest, stdin, stdout, stderr)
	case "dedupe":
		return runDedupe(rest, stdin, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return usagef("unknown command %q", cmd)
	}
}

// parseArgs parses flags wherever they appear among the positional
// arguments ("scan DIR --format json" as well as "scan --format json DIR");
// everything after "--" is positional. help reports that -h was given and
// the usage printed: the command has nothing more to do.
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, help bool, err error) {
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
				return nil, true, nil
			}
			return nil, false, usageError{strings.TrimSpace(err.Error())}
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, tail...), false, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
