package sample

import (
	"io/fs"
	"strings"
	"testing"
)

func TestSampleVariants(t *testing.T) {
	read := func(name string) string {
		b, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if read("012_exact_copy_of_001.txt") != read("001_8b95919d7c02db6a.txt") {
		t.Error("012 is not a byte-for-byte copy of 001")
	}
	orig := strings.Fields(read("002_8877f4eaf635df03.txt"))
	edited := strings.Fields(read("011_edited_copy_of_002.txt"))
	_, origBody, _ := strings.Cut(read("002_8877f4eaf635df03.txt"), "\n")
	_, editBody, _ := strings.Cut(read("011_edited_copy_of_002.txt"), "\n")
	a, b := strings.Fields(origBody), strings.Fields(editBody)
	if len(a) != len(b) {
		t.Fatalf("011 body has %d words, 002 has %d", len(b), len(a))
	}
	changed := 0
	for i := range a {
		if a[i] != b[i] {
			changed++
		}
	}
	if frac := float64(changed) / float64(len(a)); frac < 0.02 || frac > 0.03 {
		t.Errorf("011 edits %.3f of the words, want about 0.03", frac)
	}
	if strings.Join(orig[:5], " ") == strings.Join(edited[:5], " ") {
		t.Error("011 kept 002's headline")
	}
	_, body004, _ := strings.Cut(read("004_5f2e6780d2df67cc.txt"), "\n")
	if syn := read("010_syndicated_copy_of_004.txt"); !strings.Contains(syn, body004) || strings.HasPrefix(syn, "China, Russia find") {
		t.Error("010 is not 004's body under another headline")
	}
}
