package explain

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteText writes e for people.
func WriteText(w io.Writer, e Explanation) error {
	bw := bufio.NewWriter(w)
	for _, d := range []struct {
		name string
		info DocInfo
	}{{"A", e.A}, {"B", e.B}} {
		fmt.Fprintf(bw, "%s: %s (%d bytes, %d shingles, %d terms)\n", d.name, d.info.ID, d.info.Bytes, d.info.Shingles, d.info.Terms)
		if d.info.Story != "" {
			fmt.Fprintf(bw, "   in story %s: %q\n", d.info.Story, d.info.StoryHeadline)
		}
	}
	kind := string(e.Kind)
	if kind == "" {
		kind = "none (neither duplicates nor related)"
	}
	fmt.Fprintf(bw, "kind: %s\n\n", kind)
	fmt.Fprintf(bw, "shingles: jaccard %.4f (MinHash estimate %.4f; near at %g)\n", e.Similarity, e.Estimate, e.Params.Near)
	fmt.Fprintf(bw, "          %.1f%% of A's shingles are in B, %.1f%% of B's in A\n", 100*e.ContainmentAB, 100*e.ContainmentBA)
	fmt.Fprintf(bw, "related score: %.4f (related at %.3g), the sum of the contributions of the shared terms\n", e.Score, e.Params.Related)
	fmt.Fprintf(bw, "               outside shared passages (with them: %.4f):\n", e.Cosine)
	if len(e.Shared) == 0 {
		fmt.Fprintf(bw, "  no top terms in common\n")
	} else {
		fmt.Fprintf(bw, "  %-24s %12s %9s %9s %5s %5s %6s %6s\n", "term", "contribution", "weight A", "weight B", "tf A", "tf B", "df", "bg df")
		for _, t := range e.Shared {
			mark := ""
			switch {
			case t.Name:
				mark = " (name)"
			case t.Number:
				mark = " (number)"
			}
			if t.Passage {
				mark += " in a shared passage: not counted"
			}
			fmt.Fprintf(bw, "  %-24s %12.4f %9.4f %9.4f %5d %5d %6d %6d%s\n", t.Term, t.Contribution, t.WeightA, t.WeightB, t.TFA, t.TFB, t.DF, t.BackgroundDF, mark)
		}
	}
	fmt.Fprintf(bw, "\nshared passages (%d or more words, longest first): %d\n", MinPassage, len(e.Passages))
	for i, p := range e.Passages {
		text := strings.Join(strings.Fields(p.Text), " ")
		fmt.Fprintf(bw, "  %2d. %d words, A bytes %d-%d, B bytes %d-%d:\n      %q\n", i+1, p.Words, p.A.Start, p.A.End, p.B.Start, p.B.End, text)
	}
	return bw.Flush()
}
