package scan

import (
	"testing"
	"unsafe"
)

// TestDocSize pins what the scan keeps per document, besides its id, band
// keys and terms, as README.md states it: a change here is a change of the
// memory claim.
func TestDocSize(t *testing.T) {
	if n := unsafe.Sizeof(doc{}); n != 40 {
		t.Errorf("a doc is %d bytes; README.md says 40", n)
	}
}
