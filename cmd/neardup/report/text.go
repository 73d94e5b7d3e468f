package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
)

// WriteText writes a summary for people: counts, then each cluster with its
// documents and verified pairs, then what was skipped.
func WriteText(w io.Writer, r *scan.Result) error {
	bw := bufio.NewWriter(w)
	s, p := r.Summary, r.Params
	fmt.Fprintf(bw, "%d documents scanned, %d skipped", s.Documents, s.Skipped)
	if s.Ignored > 0 {
		fmt.Fprintf(bw, ", %d files of other types ignored (see --ext)", s.Ignored)
	}
	fmt.Fprintf(bw, "\n%d clusters (%d exact, %d near), %d pairs (%d exact, %d near, %d related)",
		len(r.Clusters), s.Clusters[engine.Exact], s.Clusters[engine.Near],
		len(r.Pairs), s.Pairs[engine.Exact], s.Pairs[engine.Near], s.Pairs[engine.Related])
	if p.RelatedThreshold > 0 {
		fmt.Fprintf(bw, ", %d %s", len(r.Stories), plural(len(r.Stories), "story", "stories"))
	}
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "exact: identical after normalization; near: %s %d-gram Jaccard >= %g, verified exactly",
		p.Unit, p.Shingle, p.Threshold)
	if p.RelatedThreshold > 0 {
		how := ""
		if p.RelatedThresholdAuto {
			how = ", set by the number of documents"
		}
		fmt.Fprintf(bw, ";\nrelated: the same story in other words (related score >= %.3g%s), or overlapping (half of one in the other)", p.RelatedThreshold, how)
	}
	fmt.Fprintln(bw)

	bytes := map[string]int64{}
	for _, d := range r.Documents {
		bytes[d.ID] = d.Bytes
	}
	var relatedPairs []scan.Pair
	for _, pr := range r.Pairs {
		if pr.Kind == engine.Related {
			relatedPairs = append(relatedPairs, pr)
		}
	}
	for i, c := range r.Clusters {
		fmt.Fprintf(bw, "\ncluster %d: %s, %d documents\n", i+1, c.Kind, len(c.Members))
		fmt.Fprintf(bw, "  keep    %s (%d bytes)\n", c.Keep, bytes[c.Keep])
		for _, m := range c.Removed {
			fmt.Fprintf(bw, "  %-7s %s (%d bytes)", m.Kind, m.ID, bytes[m.ID])
			if m.Kind == engine.Near {
				fmt.Fprintf(bw, ", jaccard %.3f with the kept document", m.Similarity)
			}
			fmt.Fprintln(bw)
		}
		for _, a := range c.KeptApart {
			fmt.Fprintf(bw, "  apart   %s: %s duplicate of %s (%.3f), not of the kept document, so not removed with it\n", a.ID, a.Kind, a.Via, a.Similarity)
		}
	}
	if dups := duplicatePairs(r); len(dups) > 0 {
		fmt.Fprintf(bw, "\nexact and near pairs:\n")
		for _, pr := range dups {
			fmt.Fprintf(bw, "  %-5s %s ~ %s\n", pr.Kind, pr.A, pr.B)
			if pr.Kind == engine.Near {
				fmt.Fprintf(bw, "        jaccard %.3f (estimate %.3f), %.0f%% of A in B, %.0f%% of B in A\n",
					pr.Similarity, pr.Estimate, 100*pr.ContainmentAB, 100*pr.ContainmentBA)
			}
		}
	}
	storyOf := map[string]string{}
	for _, d := range r.Documents {
		if d.Story != "" {
			storyOf[d.ID] = d.Story
		}
	}
	if len(r.Stories) > 0 {
		fmt.Fprintf(bw, "\nstories (documents that report one story, each in one story at most):\n")
		for _, st := range r.Stories {
			fmt.Fprintf(bw, "  %s: %d documents, cohesion %.3f\n", st.ID, len(st.Members), st.Cohesion)
			fmt.Fprintf(bw, "      %q\n", st.Headline)
			if len(st.Terms) > 0 {
				fmt.Fprintf(bw, "      terms: %s\n", strings.Join(st.Terms, ", "))
			}
			for _, m := range st.Members {
				fmt.Fprintf(bw, "      %s\n", m)
			}
		}
	}
	if len(relatedPairs) > 0 {
		fmt.Fprintf(bw, "\nrelated (the same story, in other words or overlapping):\n")
		for _, pr := range relatedPairs {
			fmt.Fprintf(bw, "  %s ~ %s\n          related score %.3f", pr.A, pr.B, pr.Score)
			if pr.Compared {
				fmt.Fprintf(bw, ", %.0f%% of A in B, %.0f%% of B in A", 100*pr.ContainmentAB, 100*pr.ContainmentBA)
			}
			if st := storyOf[pr.A]; st != "" && st == storyOf[pr.B] {
				fmt.Fprintf(bw, ", story %s", st)
			}
			fmt.Fprintln(bw)
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(bw, "\nskipped:\n")
		for _, sk := range r.Skipped {
			fmt.Fprintf(bw, "  %s: %s%s\n", sk.ID, sk.Reason, Hint(sk.Cause))
		}
	}
	var repaired []string
	for _, d := range r.Documents {
		if d.RepairedUTF8 > 0 {
			repaired = append(repaired, fmt.Sprintf("  %s: %d invalid UTF-8 sequences replaced", d.ID, d.RepairedUTF8))
		}
	}
	if len(repaired) > 0 {
		fmt.Fprintf(bw, "\nrepaired:\n")
		for _, l := range repaired {
			fmt.Fprintln(bw, l)
		}
	}
	return bw.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Hint returns what a user can do about a skip of the given cause, as a
// parenthesized suffix with a leading space, or "".
func Hint(c corpus.Cause) string {
	switch c {
	case corpus.TooLarge:
		return " (raise --max-doc-bytes to read it)"
	case corpus.Symlink:
		return " (use --follow-symlinks to follow it)"
	}
	return ""
}

// duplicatePairs returns the exact and near pairs of r, in order.
func duplicatePairs(r *scan.Result) []scan.Pair {
	var out []scan.Pair
	for _, p := range r.Pairs {
		if p.Kind != engine.Related {
			out = append(out, p)
		}
	}
	return out
}
