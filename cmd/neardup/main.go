// Command neardup finds exact duplicates, near duplicates and differently
// worded reports of the same story in a corpus. See cli.go, or run
// `neardup help`.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"sync/atomic"
	"syscall"

	"github.com/neardup/neardup/cmd/neardup/outfile"
)

// gcPercent is the garbage collector's target when GOGC is not set: heap
// growth over the live heap, in percent. A scan's live heap is mostly a few
// large arrays kept to the end; at Go's default of 100 the heap may grow to
// twice them before a collection. README.md records the measurement: at 50,
// peak memory of a 110,000-document scan falls by a quarter to a third for
// about 5% more CPU time.
const gcPercent = 50

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	catchSignals()
	os.Exit(exitStatus(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}

// signalsHandled says that a command handles SIGINT and SIGTERM itself
// (serve drains its requests), so that catchSignals leaves them to it.
var signalsHandled atomic.Bool

// catchSignals makes SIGINT and SIGTERM remove the temporary files of
// outputs not yet complete before the process exits, with status 128 plus
// the signal's number, unless a command handles them (signalsHandled).
func catchSignals() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sig
		for signalsHandled.Load() {
			s = <-sig
		}
		outfile.Cleanup()
		fmt.Fprintf(os.Stderr, "neardup: %v: stopped; outputs not yet complete were not written\n", s)
		os.Exit(128 + int(s.(syscall.Signal)))
	}()
}

// exitStatus reports err on w and returns the exit status for it: 0 for no
// error, 2 for a usage error, 3 for complete output from partly unusable
// input, 1 for anything else.
func exitStatus(err error, w *os.File) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(w, "neardup:", err)
	var ue usageError
	var pe partialError
	switch {
	case errors.As(err, &ue):
		return 2
	case errors.As(err, &pe):
		return 3
	}
	return 1
}
