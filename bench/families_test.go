package bench

import "testing"

func TestFamilies(t *testing.T) {
	f := FamiliesOf([]Planted{{A: "a", B: "b"}, {A: "b", B: "c"}, {A: "d", B: "e"}, {A: "c", B: "e"}})
	for id, want := range map[string]string{"a": "a", "b": "a", "c": "a", "d": "a", "e": "a", "x": "x"} {
		if got := f.Of(id); got != want {
			t.Errorf("family of %s: %s, want %s", id, got, want)
		}
	}
}
