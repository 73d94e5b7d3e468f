package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/neardup/neardup/cmd/neardup/scan"
)

// writeStats prints per-stage times, throughput and peak memory.
func writeStats(w io.Writer, st scan.Stats, total time.Duration) {
	mb := float64(st.Bytes) / 1e6
	rate := func(d time.Duration) string {
		if d <= 0 {
			return ""
		}
		return fmt.Sprintf("%8.1f MB/s %9.0f docs/s", mb/d.Seconds(), float64(st.Documents)/d.Seconds())
	}
	line := func(name string, d time.Duration, extra string) {
		fmt.Fprintf(w, "  %-10s %12s  %s\n", name, d.Round(time.Microsecond), extra)
	}
	fmt.Fprintf(w, "neardup: %d documents, %.1f MB\n", st.Documents, mb)
	for _, s := range st.Stages {
		extra := ""
		switch s.Name {
		case "sketch":
			extra = rate(s.Time)
		case "candidates":
			extra = fmt.Sprintf("%d near and %d related candidate pairs", st.Candidates, st.RelatedCandidates)
		case "exact":
			if st.Confirmed > 0 {
				extra = fmt.Sprintf("%d documents re-read to confirm exact duplicates", st.Confirmed)
			}
		case "verify":
			extra = fmt.Sprintf("%d documents re-read to verify near duplicates", st.Reloaded)
		}
		line(s.Name, s.Time, extra)
	}
	line("total", total, rate(total))
	fmt.Fprintf(w, "  peak RSS %.1f MB\n", float64(peakRSS())/1e6)
}

// startCPUProfile starts writing a CPU profile to the file name; the
// function it returns stops it and closes the file.
func startCPUProfile(name string) (func(), error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
