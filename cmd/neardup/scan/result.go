package scan

import (
	"bytes"
	"encoding/json"
	"math"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/corpus"
)

// Result is the outcome of a scan; its JSON form is the contract documented
// in README.md.
type Result struct {
	Documents []Document `json:"documents"`
	Pairs     []Pair     `json:"pairs"`
	Clusters  []Cluster  `json:"clusters"`
	// Stories group documents that report one story (related, near and
	// exact pairs), when related pairs are searched.
	Stories []Story          `json:"stories"`
	Skipped []corpus.Skipped `json:"skipped"`
	Params  Params           `json:"params"`
	Summary Summary          `json:"summary"`
	// Tool is the program that made the result, when its caller says.
	Tool  *Tool `json:"tool,omitempty"`
	Stats Stats `json:"-"` // timings: not part of the contract
	// Corpus holds the corpus statistics of the related score (when related
	// pairs were searched), for explaining pairs of the scanned documents.
	Corpus *engine.Stats `json:"-"`
}

// Tool names the program that made a result, and its version.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`          // module version; "(devel)" for a build from a checkout
	Commit  string `json:"commit,omitempty"` // VCS revision, "+modified" if the tree had changes
}

// Document describes one scanned document.
type Document struct {
	ID    string `json:"id"`
	Bytes int64  `json:"bytes"` // size as read: the file, or the JSONL line
	// Text is the length of its text in bytes: decoded, extracted from
	// markup, or the JSONL text field. The keep rules compare it.
	Text int64 `json:"text_bytes"`
	// Hash is the 64-bit xxhash of the bytes as read, in hex: it tells
	// whether the document changed since (dedupe --from checks it).
	Hash     string `json:"hash"`
	Shingles int    `json:"shingles"` // distinct shingles
	// RepairedUTF8 counts invalid UTF-8 sequences replaced by U+FFFD.
	RepairedUTF8 int `json:"repaired_utf8,omitempty"`
	// Story is the id of the story the document is in, if any.
	Story string `json:"story,omitempty"`
}

// Pair is a verified pair of documents, A < B. Exact and near pairs carry
// the exact shingle Jaccard, its MinHash estimate and the containments, and
// the related score when related pairs are searched. Related pairs carry the
// related score, and the similarity, estimate and containments only when
// their sets were compared (documents that may overlap): the others' texts
// are not read again, so their JSON form has no similarity, estimate or
// containments.
type Pair struct {
	A             string      `json:"a"`
	B             string      `json:"b"`
	Kind          engine.Kind `json:"kind"`
	Similarity    float64     `json:"similarity"`     // exact shingle Jaccard
	Estimate      float64     `json:"estimate"`       // MinHash estimate of it
	ContainmentAB float64     `json:"containment_ab"` // share of A's shingles in B
	ContainmentBA float64     `json:"containment_ba"` // share of B's shingles in A
	// Score is the related score (the cosine of the two documents' related
	// vectors over the terms they share outside shared passages), when
	// related pairs are searched.
	Score float64 `json:"score,omitempty"`
	// Compared says that the shingle sets were compared: always for exact
	// and near pairs, for a related pair when its documents may overlap.
	Compared bool `json:"-"`
}

// relatedPair is the JSON form of a related pair whose sets were not
// compared.
type relatedPair struct {
	A     string      `json:"a"`
	B     string      `json:"b"`
	Kind  engine.Kind `json:"kind"`
	Score float64     `json:"score"`
}

// MarshalJSON writes a related pair without the fields it does not have.
func (p Pair) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	var err error
	if p.Kind == engine.Related && !p.Compared {
		err = enc.Encode(relatedPair{p.A, p.B, p.Kind, p.Score})
	} else {
		type plain Pair // without this method
		err = enc.Encode(plain(p))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), err
}

// Cluster is a removal cluster: a document to keep and the documents that
// are verified exact or near duplicates of it, each directly (star
// clustering: see Options.Keep and README.md). Related pairs join no
// cluster.
type Cluster struct {
	// Kind is near if any member is a near duplicate of Keep, else exact.
	Kind engine.Kind `json:"kind"`
	// Keep is the document to keep: the first by Options.Keep.
	Keep    string   `json:"keep"`
	Members []string `json:"members"` // sorted, Keep included
	// Removed lists the members other than Keep, sorted, each with its
	// kind and exact similarity to Keep: at or above the threshold.
	Removed []Removed `json:"removed"`
	// KeptApart lists documents that are exact or near duplicates of a
	// removed member but not of Keep (a chain): they are not removed with
	// this cluster, and may keep or head clusters of their own.
	KeptApart []KeptApart `json:"kept_apart,omitempty"`
}

// Removed is a member of a cluster other than its kept document.
type Removed struct {
	ID         string      `json:"id"`
	Kind       engine.Kind `json:"kind"`       // exact or near, to the kept document
	Similarity float64     `json:"similarity"` // exact Jaccard with the kept document
	doc        int
}

// KeptApart is a document linked to a cluster only through a removed
// member: Via, whose exact or near duplicate it is.
type KeptApart struct {
	ID         string      `json:"id"`
	Via        string      `json:"via"`
	Kind       engine.Kind `json:"kind"`
	Similarity float64     `json:"similarity"` // with Via
}

// Params records the settings that determine a scan's result.
type Params struct {
	Unit      string        `json:"unit"`
	Shingle   int           `json:"shingle"`
	Signer    string        `json:"signer"`
	Perm      int           `json:"perm"`
	Seed      uint64        `json:"seed"`
	Threshold float64       `json:"threshold"`
	Kinds     []engine.Kind `json:"kinds"`
	// Related: the score threshold in force, whether the corpus's size
	// chose it (engine.RelatedThresholdFor), the terms per document, and
	// the largest number of documents a term may be shared by to make
	// candidates.
	RelatedThreshold     float64  `json:"related_threshold,omitempty"`
	RelatedThresholdAuto bool     `json:"related_threshold_auto,omitempty"`
	RelatedTerms         int      `json:"related_terms,omitempty"`
	MaxPosting           int      `json:"max_posting,omitempty"`
	Bands                int      `json:"bands"`
	Rows                 int      `json:"rows"`
	Extensions           []string `json:"extensions"`
	MaxDocBytes          int64    `json:"max_doc_bytes"`
}

// Summary counts what a scan found.
type Summary struct {
	Documents int                 `json:"documents"`
	Skipped   int                 `json:"skipped"`
	Ignored   int                 `json:"ignored"` // files passed over for their extension
	Pairs     map[engine.Kind]int `json:"pairs"`
	Clusters  map[engine.Kind]int `json:"clusters"`
	Stories   int                 `json:"stories"`
}

// round6 rounds scores to 6 decimals, enough to rank and compare, and short
// enough that reports stay readable.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
