package scan

import "time"

// Stats describes how a scan went: sizes and per-stage times. It is not part
// of the result's JSON, which must not depend on timing.
type Stats struct {
	Documents  int   // documents sketched
	Bytes      int64 // their total size
	Candidates int   // candidate pairs from the band index
	// RelatedCandidates counts candidate pairs from the term index.
	RelatedCandidates int
	// Reloaded counts documents re-read to verify candidate near
	// duplicates (per batch: a document in two batches counts twice);
	// Confirmed, documents re-read to confirm exact groups byte for byte.
	Reloaded  int
	Confirmed int
	Stages    []StageTime
}

// StageTime is the wall time of one stage.
type StageTime struct {
	Name string
	Time time.Duration
}

func (st *Stats) stage(name string, start time.Time) {
	st.Stages = append(st.Stages, StageTime{name, time.Since(start)})
}

// Progress reports how far a stage has come.
type Progress struct {
	Stage string // walk, sketch, exact, candidates, verify, cluster
	Done  int    // documents or pairs done
	Total int    // of how many; 0 if not known
	Bytes int64  // bytes read so far in the stage, where that is counted
	Unit  string // what Done counts: "documents" or "pairs"
}

func (s *state) progress(p Progress) {
	if s.opt.Progress != nil {
		s.opt.Progress(p)
	}
}
