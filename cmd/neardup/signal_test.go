package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neardup/neardup/cmd/neardup/outfile"
)

// TestMain runs, in a child process of TestSignalRemovesTemporaryFiles, a
// command that has an output under way when the signal comes.
func TestMain(m *testing.M) {
	if dir := os.Getenv("NEARDUP_SIGNAL_CHILD"); dir != "" {
		catchSignals()
		g := outfile.NewGroup(io.Discard)
		w, err := g.Create(filepath.Join(dir, "report.json"))
		if err != nil {
			os.Exit(1)
		}
		io.WriteString(w, "half a report")
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Minute)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestSignalRemovesTemporaryFiles interrupts a command writing an output:
// it exits with 128 + the signal's number, and leaves no temporary file.
func TestSignalRemovesTemporaryFiles(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "NEARDUP_SIGNAL_CHILD="+dir)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "ready\n" {
			t.Fatalf("child said %q", line)
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 || !strings.HasPrefix(ents[0].Name(), ".report.json.tmp") {
			t.Fatalf("while writing: %v", ents)
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 128+int(sig) {
			t.Errorf("%v: exit %v, want status %d", sig, err, 128+int(sig))
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("%v: left %v", sig, ents)
		}
	}
}
