package shingle

// Counts maps hashes (uniformly distributed 64-bit values, such as shingle
// and term hashes) to counts. It is an open-addressing table that uses the
// hashes' own bits, several times faster than a Go map for this use. The
// zero value is an empty table; not safe for concurrent use, except for
// concurrent Gets on a table that nothing modifies.
type Counts struct {
	keys   []uint64
	counts []uint32
	n      int
	zero   uint32 // the count of hash 0, which marks free slots
}

// Add adds n to the count of h.
func (c *Counts) Add(h uint64, n uint32) {
	if h == 0 {
		c.zero += n
		return
	}
	if 4*(c.n+1) > 3*len(c.keys) {
		c.grow()
	}
	mask := uint64(len(c.keys) - 1)
	for i := (h >> 32) & mask; ; i = (i + 1) & mask {
		switch c.keys[i] {
		case h:
			c.counts[i] += n
			return
		case 0:
			c.keys[i], c.counts[i] = h, n
			c.n++
			return
		}
	}
}

// Get returns the count of h, 0 if it was never added.
func (c *Counts) Get(h uint64) uint32 {
	if h == 0 {
		return c.zero
	}
	if len(c.keys) == 0 {
		return 0
	}
	mask := uint64(len(c.keys) - 1)
	for i := (h >> 32) & mask; c.keys[i] != 0; i = (i + 1) & mask {
		if c.keys[i] == h {
			return c.counts[i]
		}
	}
	return 0
}

// Sub subtracts n from the count of h; a hash whose count reaches 0 is
// removed. It panics if the count of h is below n.
func (c *Counts) Sub(h uint64, n uint32) {
	if h == 0 {
		if c.zero < n {
			panic("shingle: Counts.Sub below zero")
		}
		c.zero -= n
		return
	}
	if len(c.keys) == 0 {
		panic("shingle: Counts.Sub below zero")
	}
	mask := uint64(len(c.keys) - 1)
	i := (h >> 32) & mask
	for ; c.keys[i] != h; i = (i + 1) & mask {
		if c.keys[i] == 0 {
			panic("shingle: Counts.Sub below zero")
		}
	}
	if c.counts[i] < n {
		panic("shingle: Counts.Sub below zero")
	}
	c.counts[i] -= n
	if c.counts[i] > 0 {
		return
	}
	// Remove slot i by backward shift: move each following key of the
	// probe run into the hole when its home slot allows it.
	c.n--
	for j := (i + 1) & mask; c.keys[j] != 0; j = (j + 1) & mask {
		home := (c.keys[j] >> 32) & mask
		// Key j may fill hole i unless its home lies cyclically in (i, j].
		if (j-home)&mask >= (j-i)&mask {
			c.keys[i], c.counts[i] = c.keys[j], c.counts[j]
			i = j
		}
	}
	c.keys[i], c.counts[i] = 0, 0
}

// Each calls fn for every hash with a count, in no particular order.
func (c *Counts) Each(fn func(h uint64, n uint32)) {
	if c.zero > 0 {
		fn(0, c.zero)
	}
	for i, h := range c.keys {
		if h != 0 {
			fn(h, c.counts[i])
		}
	}
}

// Len returns the number of hashes with a count.
func (c *Counts) Len() int {
	if c.zero > 0 {
		return c.n + 1
	}
	return c.n
}

// AddAll adds every count of o to c.
func (c *Counts) AddAll(o *Counts) {
	for i, h := range o.keys {
		if h != 0 {
			c.Add(h, o.counts[i])
		}
	}
	if o.zero > 0 {
		c.Add(0, o.zero)
	}
}

// Reset empties the table, keeping its memory.
func (c *Counts) Reset() {
	clear(c.keys)
	clear(c.counts)
	c.n, c.zero = 0, 0
}

func (c *Counts) grow() {
	old, oldCounts := c.keys, c.counts
	size := max(64, 2*len(old))
	c.keys, c.counts, c.n = make([]uint64, size), make([]uint32, size), 0
	for i, h := range old {
		if h != 0 {
			c.Add(h, oldCounts[i])
		}
	}
}
