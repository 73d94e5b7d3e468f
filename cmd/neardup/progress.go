package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/neardup/neardup/cmd/neardup/scan"
)

// progressMode says when to show progress; it implements flag.Value.
type progressMode string

const (
	progressAuto   progressMode = "auto"   // when stderr is a terminal
	progressAlways progressMode = "always" // even when stderr is redirected
	progressNever  progressMode = "never"
)

func (m *progressMode) String() string { return string(*m) }

func (m *progressMode) Set(s string) error {
	switch progressMode(s) {
	case progressAuto, progressAlways, progressNever:
		*m = progressMode(s)
		return nil
	}
	return fmt.Errorf("unknown progress mode %q (want auto, always or never)", s)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// A progressPrinter draws one line of progress on a terminal, rewriting it
// in place: the stage, counts, rate and time left. It stays silent for the
// first second of a scan, so that quick scans print nothing, and draws at
// most five times a second.
type progressPrinter struct {
	w          io.Writer
	now        func() time.Time
	start      time.Time // of the scan
	stage      string
	stageStart time.Time
	last       time.Time // last drawn
	width      int       // of the last line drawn
}

const (
	progressDelay    = time.Second
	progressInterval = 200 * time.Millisecond
)

// newProgress returns a printer for mode, or nil if progress is not shown.
func newProgress(w io.Writer, mode progressMode, now func() time.Time) *progressPrinter {
	if mode == progressNever || mode == progressAuto && !isTerminal(w) {
		return nil
	}
	t := now()
	return &progressPrinter{w: w, now: now, start: t, stageStart: t}
}

// update takes a progress report from the scan.
func (p *progressPrinter) update(pr scan.Progress) {
	t := p.now()
	if pr.Stage != p.stage {
		// The first stage runs from the start; later ones from the
		// first report that names them.
		if p.stage != "" {
			p.stageStart = t
		}
		p.stage = pr.Stage
	}
	final := pr.Total > 0 && pr.Done >= pr.Total
	if t.Sub(p.start) < progressDelay || t.Sub(p.last) < progressInterval && !(final && p.width > 0) {
		return
	}
	p.last = t
	line := fmt.Sprintf("neardup: %-10s %s", pr.Stage, count(pr.Done, pr.Total, pr.Unit))
	if el := t.Sub(p.stageStart).Seconds(); el > 0 && pr.Done > 0 {
		rate := float64(pr.Done) / el
		if pr.Bytes > 0 {
			line += fmt.Sprintf(", %.1f MB/s", float64(pr.Bytes)/1e6/el)
		}
		line += fmt.Sprintf(", %.0f %s/s", rate, pr.Unit)
		if pr.Total > pr.Done {
			left := time.Duration(float64(pr.Total-pr.Done) / rate * float64(time.Second))
			line += ", " + left.Round(time.Second).String() + " left"
		}
	}
	pad := max(0, p.width-len(line))
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
	p.width = len(line)
}

// finish clears the progress line, if one was drawn.
func (p *progressPrinter) finish() {
	if p != nil && p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

func count(done, total int, unit string) string {
	if total > 0 {
		return fmt.Sprintf("%d/%d %s", done, total, unit)
	}
	return fmt.Sprintf("%d %s", done, unit)
}
