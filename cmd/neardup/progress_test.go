package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

func TestProgressPrinter(t *testing.T) {
	var out bytes.Buffer
	clock := time.Unix(1000, 0)
	now := func() time.Time { return clock }
	if newProgress(&out, progressAuto, now) != nil {
		t.Fatal("auto progress on a buffer, which is not a terminal")
	}
	if newProgress(&out, progressNever, now) != nil {
		t.Fatal("never progress made a printer")
	}
	p := newProgress(&out, progressAlways, now)
	step := func(d time.Duration, pr scan.Progress) {
		clock = clock.Add(d)
		p.update(pr)
	}
	step(500*time.Millisecond, scan.Progress{Stage: "sketch", Done: 10, Total: 100, Bytes: 1e6, Unit: "documents"})
	if out.Len() != 0 {
		t.Fatalf("drew within the first second: %q", out.String())
	}
	step(600*time.Millisecond, scan.Progress{Stage: "sketch", Done: 20, Total: 100, Bytes: 2e6, Unit: "documents"})
	// 20 documents in 1.1 s: 18 documents/s, 80 left in about 4 s.
	if got := out.String(); !strings.Contains(got, "sketch     20/100 documents, 1.8 MB/s, 18 documents/s, 4s left") {
		t.Fatalf("line %q", got)
	}
	n := out.Len()
	step(100*time.Millisecond, scan.Progress{Stage: "sketch", Done: 30, Total: 100, Unit: "documents"})
	if out.Len() != n {
		t.Errorf("drew again within 200 ms: %q", out.String()[n:])
	}
	step(50*time.Millisecond, scan.Progress{Stage: "sketch", Done: 100, Total: 100, Unit: "documents"})
	if !strings.Contains(out.String()[n:], "100/100") {
		t.Errorf("the end of a stage was not drawn: %q", out.String()[n:])
	}
	p.finish()
	if !strings.HasSuffix(out.String(), "\r") || !strings.Contains(out.String(), "\r     ") {
		t.Errorf("finish did not clear the line: %q", out.String())
	}
}

// TestScanReportsProgress checks the scan's progress hook: every stage in
// order, and the sketch counting up to all documents.
func TestScanReportsProgress(t *testing.T) {
	var stages []string
	lastSketch := 0
	opt := scan.DefaultOptions()
	opt.Progress = func(p scan.Progress) {
		if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
			stages = append(stages, p.Stage)
		}
		if p.Stage == "sketch" {
			if p.Done < lastSketch || p.Total != 9 {
				t.Errorf("sketch progress %+v after %d", p, lastSketch)
			}
			lastSketch = p.Done
		}
	}
	roots, err := inputRoots(nil, nil, &opt, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	l, _, err := scanRoots(roots, corpus.WalkOptions{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if got := strings.Join(stages, ","); got != "walk,sketch,candidates,verify,cluster" {
		t.Errorf("stages %s", got)
	}
	if lastSketch != 9 {
		t.Errorf("sketch reached %d of 9 documents", lastSketch)
	}
}
