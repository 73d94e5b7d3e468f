package scan

import (
	"testing"
	"unsafe"
)

// TestSketchSize pins what the scan keeps per document, besides its id and
// keys, as README.md states it: a change here is a change of the memory claim.
func TestSketchSize(t *testing.T) {
	if n := unsafe.Sizeof(sketch{}); n != 88 {
		t.Errorf("a sketch is %d bytes; README.md says 88", n)
	}
}
