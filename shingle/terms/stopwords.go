package terms

import (
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup/shingle"
)

// stopwords are English function words and the verbs and fillers of news
// reporting ("said", "told", "according"), which say nothing about which story
// a document reports.
const stopwords = `
a about above after again against all also am an and any are as at be because
been before being below between both but by can could did do does doing don
down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you
your yours yourself yourselves
said says say saying told tells according also would could may might must
shall one two three new last first year years mr mrs ms people just like
get got make made many much well even still back way ve ll re
`

// stopHashes holds the hashes of the stopwords, with count 1.
var stopHashes = func() *shingle.Counts {
	var c shingle.Counts
	for _, w := range strings.Fields(stopwords) {
		c.Add(xxhash.Sum64String(w), 1)
	}
	return &c
}()

func isStopword(h uint64) bool { return stopHashes.Get(h) > 0 }

// maxStopwordLen is the length of the longest stopword: longer tokens need
// no look-up.
var maxStopwordLen = func() int {
	n := 0
	for _, w := range strings.Fields(stopwords) {
		n = max(n, len(w))
	}
	return n
}()

// IsStopword reports whether a case-folded token is a stopword.
func IsStopword(token string) bool {
	return len(token) <= maxStopwordLen && isStopword(xxhash.Sum64String(token))
}
