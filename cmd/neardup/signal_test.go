package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
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
	if ix := os.Getenv("NEARDUP_SERVE_CHILD"); ix != "" {
		catchSignals()
		os.Exit(exitStatus(run([]string{"serve", "--addr", "127.0.0.1:0", ix}, nil, os.Stdout, os.Stderr), os.Stderr))
	}
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

// TestServeDrains stops a server with SIGTERM while a request is in flight:
// the request completes, and the server exits 0.
func TestServeDrains(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	docs := filepath.Join(dir, "docs")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "a.txt"), []byte("The summit in Geneva ended on Monday with a statement on trade and climate."), 0o644)
	if _, _, err := runCLI(t, "index", "add", ix, docs); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "NEARDUP_SERVE_CHILD="+ix)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	rd := bufio.NewReader(stderr)
	line, _ := rd.ReadString('\n')
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("server said %q", line)
	}
	addr := strings.TrimSpace(line[i+len("http://"):])
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"text": "The summit in Geneva ended on Monday with a statement on trade and climate."}`
	fmt.Fprintf(conn, "POST /v1/query HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:10])
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	io.WriteString(conn, body[10:])
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight got no response: %v", err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"kind":"exact"`) {
		t.Errorf("the request in flight: %d %s", res.StatusCode, b)
	}
	// The rest of its stderr, until it exits; then its status.
	restc := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(rd); restc <- b }()
	var rest []byte
	select {
	case rest = <-restc:
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not exit after SIGTERM")
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("the server exited with %v after SIGTERM, want 0", err)
	}
	if !strings.Contains(string(rest), "draining") {
		t.Errorf("the server did not say it drains: %q", rest)
	}
}
