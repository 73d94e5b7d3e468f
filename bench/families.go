package bench

import (
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
)

// Families says which family of planted copies each document is in: a
// planted copy's source and its copies, transitively. Documents of a null
// corpus (gen.SentencePool) tell no story together unless they are of one
// family, so a related pair or a story across families is chance.
type Families map[string]string

// FamiliesOf returns the families of the planted pairs.
func FamiliesOf(planted []Planted) Families {
	f := Families{}
	for _, p := range planted {
		f[f.Of(p.B)] = f.Of(p.A)
	}
	return f
}

// Of returns the family of document id: the id of its first source.
func (f Families) Of(id string) string {
	for {
		p, ok := f[id]
		if !ok || p == id {
			return id
		}
		id = p
	}
}

// ChancePairs returns the related pairs of r between families.
func (f Families) ChancePairs(r *scan.Result) []scan.Pair {
	var out []scan.Pair
	for _, p := range r.Pairs {
		if p.Kind == engine.Related && f.Of(p.A) != f.Of(p.B) {
			out = append(out, p)
		}
	}
	return out
}

// ChanceStories returns the stories of r with members of two families or
// more.
func (f Families) ChanceStories(r *scan.Result) []scan.Story {
	var out []scan.Story
	for _, st := range r.Stories {
		for _, m := range st.Members[1:] {
			if f.Of(m) != f.Of(st.Members[0]) {
				out = append(out, st)
				break
			}
		}
	}
	return out
}
