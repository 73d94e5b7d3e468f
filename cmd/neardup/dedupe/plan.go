// Package dedupe turns a scan's removal clusters into the outputs of
// `neardup dedupe`: the corpus without its duplicates (the kept JSONL
// records as they were, or a list of files), and the list of removals, each
// with the document it duplicates.
package dedupe

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"slices"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// A Removal is a document to remove, and the document kept in its place, of
// which it is a verified duplicate.
type Removal struct {
	ID          string      `json:"id"`
	DuplicateOf string      `json:"duplicate_of"`
	Kind        engine.Kind `json:"kind"`
	Similarity  float64     `json:"similarity"` // exact Jaccard with DuplicateOf
	// Indexed says that DuplicateOf is a document of the index deduplicated
	// against (dedupe --index), not of the input.
	Indexed bool `json:"indexed,omitempty"`
}

// Status is what dedupe does with a document.
type Status string

const (
	Kept      Status = "kept"
	Removed   Status = "removed"
	Skipped   Status = "skipped"   // could not be read or used; see its reason
	Reference Status = "reference" // a reference document: never removed, never written
)

// Plan is what dedupe does with each document of a listing.
type Plan struct {
	entries  []corpus.Entry // in input order
	status   map[string]Status
	removals map[string]Removal
	skipped  []corpus.Skipped // not references, sorted by id
	Removals []Removal        // in input order
	Counts   Counts
}

// Counts counts the documents of a plan, references apart: Read = Kept +
// Removed + Skipped.
type Counts struct {
	Read, Kept, Removed, Skipped, References int
}

// NewPlan returns the plan that removes the documents the clusters of r
// remove, for the documents of l (the listing r was scanned from); isRef
// tells reference documents. The scan's star clusters make every removal a
// direct, verified pair with the document kept.
func NewPlan(r *scan.Result, l *corpus.Listing, isRef func(id string) bool) *Plan {
	removals := map[string]Removal{}
	for _, c := range r.Clusters {
		for _, m := range c.Removed {
			removals[m.ID] = Removal{ID: m.ID, DuplicateOf: c.Keep, Kind: m.Kind, Similarity: m.Similarity}
		}
	}
	return newPlan(l, removals, r.Skipped, isRef)
}

// NewPlanAgainst returns the plan of NewPlan, deduplicated also against an
// index: indexed gives the documents of l that are verified duplicates of an
// indexed document, each with the one it duplicates. Such a document is
// removed. A cluster whose kept document is removed that way loses it: its
// other members are removed only if they too duplicate an indexed document,
// and kept otherwise, so that every removal is a verified pair with a
// document that stays (written, or in the index).
func NewPlanAgainst(r *scan.Result, l *corpus.Listing, isRef func(id string) bool, indexed map[string]Removal) *Plan {
	removals := map[string]Removal{}
	for id, rm := range indexed {
		if !isRef(id) {
			removals[id] = rm
		}
	}
	for _, c := range r.Clusters {
		if _, gone := removals[c.Keep]; gone {
			continue // its members stand alone, against the index
		}
		for _, m := range c.Removed {
			if _, ok := removals[m.ID]; !ok {
				removals[m.ID] = Removal{ID: m.ID, DuplicateOf: c.Keep, Kind: m.Kind, Similarity: m.Similarity}
			}
		}
	}
	return newPlan(l, removals, r.Skipped, isRef)
}

// Kept returns the ids of the documents kept, in input order.
func (p *Plan) Kept() []string {
	var out []string
	for _, e := range p.entries {
		if p.status[e.Name] == Kept {
			out = append(out, e.Name)
		}
	}
	return out
}

func newPlan(l *corpus.Listing, removals map[string]Removal, skipped []corpus.Skipped, isRef func(string) bool) *Plan {
	p := &Plan{entries: slices.Clone(l.Entries), status: map[string]Status{}, removals: removals}
	slices.SortFunc(p.entries, func(a, b corpus.Entry) int { return a.Seq() - b.Seq() })
	for _, s := range skipped {
		if isRef(s.ID) {
			continue
		}
		p.status[s.ID] = Skipped
		p.skipped = append(p.skipped, s)
		p.Counts.Skipped++
	}
	for _, e := range p.entries {
		switch {
		case isRef(e.Name):
			p.status[e.Name] = Reference
			p.Counts.References++
		case p.status[e.Name] == Skipped:
		case removals[e.Name].ID != "":
			p.status[e.Name] = Removed
			p.Removals = append(p.Removals, removals[e.Name])
			p.Counts.Removed++
		default:
			p.status[e.Name] = Kept
			p.Counts.Kept++
		}
	}
	p.Counts.Read = p.Counts.Kept + p.Counts.Removed + p.Counts.Skipped
	return p
}

// ErrMixed is the error for input that mixes JSONL records with other
// documents: one output cannot hold both records and a list of files.
var ErrMixed = errors.New("the input mixes JSONL records with other files: deduplicate them separately, or give one kind as --reference")

// Records reports whether the documents (references apart) are JSONL
// records, whose output is the kept records; otherwise it is a list of
// documents. It returns ErrMixed for a mix.
func (p *Plan) Records() (bool, error) {
	records, files := 0, 0
	for _, e := range p.entries {
		if p.status[e.Name] == Reference {
			continue
		}
		if e.Record() {
			records++
		} else {
			files++
		}
	}
	if records > 0 && files > 0 {
		return false, ErrMixed
	}
	return records > 0, nil
}

// WriteRecords writes the kept records, as they were in their files, one a
// line, in input order.
func (p *Plan) WriteRecords(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, e := range p.entries {
		if p.status[e.Name] != Kept {
			continue
		}
		raw, err := e.Raw()
		if err != nil {
			return err
		}
		bw.Write(raw)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Parquet reports whether the documents (references apart) are all rows of
// Parquet files, which dedupe can write back as Parquet.
func (p *Plan) Parquet() bool {
	n := 0
	for _, e := range p.entries {
		if p.status[e.Name] == Reference {
			continue
		}
		if !e.IsParquetRow() {
			return false
		}
		n++
	}
	return n > 0
}

// WriteParquet writes the kept rows, in input order, as one Parquet file
// with the input's schema.
func (p *Plan) WriteParquet(w io.Writer) error {
	var rows []corpus.Entry
	for _, e := range p.entries {
		if p.status[e.Name] != Reference {
			rows = append(rows, e)
		}
	}
	return corpus.WriteParquet(w, rows, func(e corpus.Entry) bool { return p.status[e.Name] == Kept })
}

// listLine is a line of the list of documents.
type listLine struct {
	ID          string      `json:"id"`
	Status      Status      `json:"status"`
	DuplicateOf string      `json:"duplicate_of,omitempty"`
	Kind        engine.Kind `json:"kind,omitempty"`
	Similarity  float64     `json:"similarity,omitempty"`
	Indexed     bool        `json:"indexed,omitempty"`
	Reason      string      `json:"reason,omitempty"`
}

// WriteList writes one JSON line per document, references apart: kept and
// removed ones in input order, then skipped ones by id. JSON escapes any
// file name, tabs and newlines included.
func (p *Plan) WriteList(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range p.entries {
		line := listLine{ID: e.Name, Status: p.status[e.Name]}
		switch line.Status {
		case Removed:
			rm := p.removals[e.Name]
			line.DuplicateOf, line.Kind, line.Similarity, line.Indexed = rm.DuplicateOf, rm.Kind, rm.Similarity, rm.Indexed
		case Kept:
		default:
			continue
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	for _, s := range p.skipped {
		if err := enc.Encode(listLine{ID: s.ID, Status: Skipped, Reason: s.Reason}); err != nil {
			return err
		}
	}
	return nil
}

// WriteRemovals writes one JSON line per removal, in input order.
func (p *Plan) WriteRemovals(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, rm := range p.Removals {
		if err := enc.Encode(rm); err != nil {
			return err
		}
	}
	return nil
}
