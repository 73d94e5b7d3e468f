package corpus

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/expected.txt")

// TestBadInputs pins the outcome of every file of testdata/bad: loaded (with
// its text and repairs) or skipped (with its reason).
func TestBadInputs(t *testing.T) {
	dir := filepath.Join("testdata", "bad")
	l, err := Walk([]Root{{FS: os.DirFS(dir), Path: "."}}, WalkOptions{Extensions: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var lines []string
	for _, s := range l.Skipped {
		lines = append(lines, fmt.Sprintf("skipped %s: %s [%s]", s.ID, s.Reason, s.Cause))
	}
	loaded := 0
	for _, e := range l.Entries {
		if e.Name == "README.md" || e.Name == "expected.txt" {
			continue
		}
		d, err := e.Load(nil, 1<<20)
		var se *SkipError
		switch {
		case errors.As(err, &se):
			lines = append(lines, fmt.Sprintf("skipped %s: %s [%s]", se.Name, se.Reason, se.Cause))
		case err != nil:
			t.Fatal(err)
		default:
			loaded++
			lines = append(lines, fmt.Sprintf("loaded %s: %q (%d repaired)", e.Name, strings.TrimSpace(string(d.Text))[:min(40, len(strings.TrimSpace(string(d.Text))))], d.Repaired))
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	golden := filepath.Join(dir, "expected.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("outcomes differ from %s (go test ./corpus -run BadInputs -update):\n%s", golden, got)
	}
	if loaded < 1000 {
		t.Errorf("only %d documents loaded: the records before the gzip damage are lost", loaded)
	}
}
