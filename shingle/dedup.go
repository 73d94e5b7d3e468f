package shingle

// A Deduper removes repeated hashes from a list, in time linear in its length,
// with an open-addressing table it reuses from call to call. Not safe for
// concurrent use; the zero value is ready.
type Deduper struct {
	table []uint64 // 0 marks a free slot; hash 0 is tracked by zero
}

// Unique appends to dst the distinct values of hashes, in order of first
// appearance, and returns the extended slice.
func (d *Deduper) Unique(dst, hashes []uint64) []uint64 {
	size := 64
	for size < 2*len(hashes) {
		size *= 2
	}
	if cap(d.table) < size {
		d.table = make([]uint64, size)
	}
	t := d.table[:size]
	clear(t)
	mask := uint64(size - 1)
	zero := false
	for _, h := range hashes {
		if h == 0 {
			if !zero {
				zero = true
				dst = append(dst, 0)
			}
			continue
		}
		// Hashes are uniform, so their top bits index the table well.
		for i := (h >> 32) & mask; ; i = (i + 1) & mask {
			if t[i] == h {
				break
			}
			if t[i] == 0 {
				t[i] = h
				dst = append(dst, h)
				break
			}
		}
	}
	return dst
}
