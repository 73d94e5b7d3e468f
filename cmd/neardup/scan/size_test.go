package scan

import (
	"testing"
	"unsafe"

	"github.com/neardup/neardup/cmd/neardup/engine"
)

// TestDocSize pins what the scan keeps per document, besides its id, band
// keys and terms, as README.md states it: a change here is a change of the
// memory claim.
func TestDocSize(t *testing.T) {
	if n := unsafe.Sizeof(doc{}); n != 48 {
		t.Errorf("a doc is %d bytes; README.md says 48", n)
	}
}

// TestTermMetaFits checks that a term's TF and flags fit the termStore's
// byte.
func TestTermMetaFits(t *testing.T) {
	if engine.MaxTF<<2|3 > 0xff {
		t.Errorf("engine.MaxTF %d does not fit in 6 bits", engine.MaxTF)
	}
}
