package index

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/neardup/neardup/bench/gen"
	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/corpus"
	bolt "go.etcd.io/bbolt"
)

// corpusOf generates n originals with planted near duplicates and some
// exact copies (case changed, so their files differ but not their
// normalized texts).
func corpusOf(seed uint64, n int) []gen.Doc {
	cfg := gen.News(seed, n)
	cfg.Copies = n // many near duplicates, some of each other
	c := gen.Generate(cfg)
	docs := c.Docs
	for i := 0; i < len(c.Docs); i += 17 {
		docs = append(docs, gen.Doc{Name: fmt.Sprintf("exact%03d.txt", i), Text: strings.ToUpper(c.Docs[i].Text)})
	}
	return docs
}

func newIndex(t *testing.T, path string) *Index {
	t.Helper()
	p, err := ParamsOf(scan.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	x, err := Open(path, &p)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func docsOf(ds []gen.Doc) []Doc {
	out := make([]Doc, len(ds))
	for i, d := range ds {
		out[i] = Doc{ID: d.Name, Text: []byte(d.Text)}
	}
	return out
}

// TestQueryMatchesScan checks the index against a scan: after adding A,
// querying B for exact and near pairs gives exactly the pairs that a scan of
// A and B for exact and near pairs (--kinds exact,near) reports between B and
// A and within B, every field equal. (A default scan also finds near pairs
// among its related candidates, which a query finds with the index's
// statistics: README.md measures the difference.)
func TestQueryMatchesScan(t *testing.T) {
	docs := corpusOf(11, 300)
	var a, b []gen.Doc
	for i, d := range docs {
		if i%3 == 0 {
			b = append(b, d)
		} else {
			a = append(a, d)
		}
	}
	fsys := fstest.MapFS{}
	for _, d := range docs {
		fsys[d.Name] = &fstest.MapFile{Data: []byte(d.Text)}
	}
	l, err := corpus.Walk([]corpus.Root{{FS: fsys, Path: "."}}, corpus.WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	opt := scan.DefaultOptions()
	opt.Kinds = engine.KindsOf(engine.Exact, engine.Near)
	r, err := scan.Scan(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	inB := map[string]bool{}
	for _, d := range b {
		inB[d.Name] = true
	}

	x := newIndex(t, filepath.Join(t.TempDir(), "ix"))
	defer x.Close()
	if _, err := x.Add(docsOf(a)); err != nil {
		t.Fatal(err)
	}
	ms, err := x.Query(docsOf(b), engine.KindsOf(engine.Exact, engine.Near))
	if err != nil {
		t.Fatal(err)
	}

	// Near pairs: one for one.
	want, got := map[[2]string]scan.Pair{}, map[[2]string]scan.Pair{}
	for _, p := range r.Pairs {
		if p.Kind == engine.Near && (inB[p.A] || inB[p.B]) {
			want[[2]string{p.A, p.B}] = p
		}
	}
	for _, m := range ms {
		p := m.Pair()
		if m.Indexed && inB[m.B] || !inB[m.A] {
			t.Errorf("match %s~%s: A is not queried, or B is both indexed and queried", m.A, m.B)
		}
		if p.Kind == engine.Near {
			p.Score = 0 // not searched by the scan
			if _, dup := got[[2]string{p.A, p.B}]; dup {
				t.Errorf("pair %s~%s reported twice", p.A, p.B)
			}
			got[[2]string{p.A, p.B}] = p
		}
	}
	if len(want) < 20 {
		t.Fatalf("only %d near pairs touch B: a weak test", len(want))
	}
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("near pair %v of the scan not found by the query", k)
		} else if g != w {
			t.Errorf("pair %v: query %+v, scan %+v", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("near pair %v of the query not in the scan", k)
		}
	}

	// Exact pairs: a scan reports each exact group as a star from the
	// document it keeps; a query, each queried document with each of its
	// copies. Both must give each queried document the same copies.
	parent := map[string]string{}
	var find func(string) string
	find = func(s string) string {
		if p, ok := parent[s]; ok && p != s {
			return find(p)
		}
		return s
	}
	for _, p := range r.Pairs {
		if p.Kind == engine.Exact {
			parent[find(p.A)] = find(p.B)
		}
	}
	copies := map[string][]string{}
	for _, d := range docs {
		if inB[d.Name] {
			for _, o := range docs {
				if o.Name != d.Name && find(o.Name) == find(d.Name) {
					copies[d.Name] = append(copies[d.Name], o.Name)
				}
			}
		}
	}
	gotCopies := map[string][]string{}
	for _, m := range ms {
		if m.Verdict.Kind == engine.Exact {
			gotCopies[m.A] = append(gotCopies[m.A], m.B)
			if !m.Indexed {
				gotCopies[m.B] = append(gotCopies[m.B], m.A)
			}
		}
	}
	n := 0
	for _, d := range b {
		w, g := copies[d.Name], gotCopies[d.Name]
		slices.Sort(w)
		slices.Sort(g)
		n += len(w)
		if !slices.Equal(w, g) {
			t.Errorf("%s: exact copies %v by the query, %v by the scan", d.Name, g, w)
		}
	}
	if n == 0 {
		t.Fatal("no exact copies touch B: a weak test")
	}
}

// TestAddRemove checks adding again (nothing changes), replacing, removing,
// and that removing everything leaves empty statistics.
func TestAddRemove(t *testing.T) {
	docs := docsOf(corpusOf(5, 60))
	x := newIndex(t, filepath.Join(t.TempDir(), "ix"))
	defer x.Close()
	st, err := x.Add(docs)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range st {
		if s != Added {
			t.Fatalf("%s: %s on first add", docs[i].ID, s)
		}
	}
	again, _ := x.Add(docs[:10])
	for _, s := range again {
		if s != Unchanged {
			t.Errorf("adding the same document again: %s", s)
		}
	}
	changed := Doc{ID: docs[0].ID, Text: append([]byte("A new first line of the story. "), docs[0].Text...)}
	if st, _ := x.Add([]Doc{changed}); st[0] != Replaced {
		t.Errorf("a changed document: %s, want replaced", st[0])
	}
	s, _ := x.Stats()
	if s.Documents != len(docs) {
		t.Errorf("%d documents, want %d", s.Documents, len(docs))
	}
	// The replaced document is found as itself, not its old text.
	ms, _ := x.Query([]Doc{{ID: "q", Text: changed.Text}}, engine.KindsOf(engine.Exact))
	if len(ms) != 1 || ms[0].B != docs[0].ID {
		t.Errorf("the replaced document is not found as an exact copy of its new text: %+v", ms)
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	found, err := x.Remove(append(ids, "no-such-id"))
	if err != nil {
		t.Fatal(err)
	}
	if found[len(found)-1] || slices.Contains(found[:len(ids)], false) {
		t.Errorf("remove found %v", found)
	}
	s, _ = x.Stats()
	if s.Documents != 0 || s.Terms != 0 {
		t.Errorf("after removing all: %d documents, %d terms", s.Documents, s.Terms)
	}
	err = x.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketIDs, bucketRecords, bucketBands, bucketTerms, bucketDF} {
			if k, _ := tx.Bucket(b).Cursor().First(); k != nil {
				t.Errorf("bucket %s not empty after removing all", b)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStatsMatchEngine checks the index's document frequencies against
// engine.Stats of the same documents, after adds, a replacement and removals.
func TestStatsMatchEngine(t *testing.T) {
	docs := docsOf(corpusOf(8, 40))
	x := newIndex(t, filepath.Join(t.TempDir(), "ix"))
	defer x.Close()
	x.Add(docs)
	x.Remove([]string{docs[3].ID, docs[7].ID})
	docs[5].Text = []byte("Completely different words about Geneva and a summit on Monday.")
	x.Add([]Doc{docs[5]})
	var want engine.Stats
	k, _ := engine.NewKernel(x.cfg)
	for i, d := range docs {
		if i == 3 || i == 7 {
			continue
		}
		var s engine.Sketch
		k.Sketch(&s, d.Text)
		want.Add(&s)
	}
	x.db.View(func(tx *bolt.Tx) error {
		c := txCorpus{docs: int(want.Docs()), df: tx.Bucket(bucketDF)}
		st, _ := x.Stats()
		if st.Documents != want.Docs() || st.Terms != want.Terms() {
			t.Errorf("index: %d documents, %d terms; engine: %d, %d", st.Documents, st.Terms, want.Docs(), want.Terms())
		}
		for _, d := range docs {
			var s engine.Sketch
			k.Sketch(&s, d.Text)
			for _, term := range s.Terms {
				if c.DF(term.Hash) != want.DF(term.Hash) {
					t.Errorf("df %x: index %d, engine %d", term.Hash, c.DF(term.Hash), want.DF(term.Hash))
				}
			}
		}
		return nil
	})
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ix")
	if _, err := Open(path, nil); err == nil {
		t.Error("opened a missing index without creating it")
	}
	x := newIndex(t, path)
	x.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte("neardup-index 99")) })
	x.Close()
	if _, err := Open(path, nil); !errors.Is(err, ErrVersion) || !strings.Contains(err.Error(), "99") {
		t.Errorf("opening another version: %v", err)
	}
	damaged := filepath.Join(dir, "damaged")
	y := newIndex(t, damaged)
	y.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyPosted) })
	y.db.Close()
	if _, err := Open(damaged, nil); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("opening an index without its watermark: %v", err)
	}
	other := filepath.Join(dir, "other")
	os.WriteFile(other, []byte("not a database"), 0o644)
	if _, err := Open(other, nil); err == nil {
		t.Error("opened a file that is not an index")
	}
}

// TestKillDuringAdd kills a process that is adding documents, at several
// moments, and checks that the index opens, answers, and takes the same add
// again to completion.
func TestKillDuringAdd(t *testing.T) {
	if os.Getenv("NEARDUP_INDEX_CHILD") != "" {
		childAdd(os.Getenv("NEARDUP_INDEX_CHILD"))
		return
	}
	path := filepath.Join(t.TempDir(), "ix")
	docs := docsOf(corpusOf(21, 400))
	for round, after := range []int{1, 3, 6} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringAdd$")
		cmd.Env = append(os.Environ(), "NEARDUP_INDEX_CHILD="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for n := 0; n < after && sc.Scan(); {
			if strings.HasPrefix(sc.Text(), "batch") {
				n++
			}
		}
		cmd.Process.Kill() // SIGKILL
		cmd.Wait()

		x, err := Open(path, nil)
		if err != nil {
			t.Fatalf("round %d: the index does not open after kill -9: %v", round, err)
		}
		st, err := x.Stats()
		if err != nil || st.Documents == 0 {
			t.Fatalf("round %d: %d documents, %v", round, st.Documents, err)
		}
		if _, err := x.Query(docs[:5], engine.All); err != nil {
			t.Fatalf("round %d: query after kill -9: %v", round, err)
		}
		x.Close()
	}
	// The same add, to completion.
	x, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for lo := 0; lo < len(docs); lo += 25 {
		if _, err := x.Add(docs[lo:min(lo+25, len(docs))]); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := x.Stats()
	if st.Documents != len(docs) {
		t.Errorf("%d documents after completing the add, want %d", st.Documents, len(docs))
	}
	again, _ := x.Add(docs)
	for _, s := range again {
		if s != Unchanged {
			t.Fatalf("after completion, adding again: %s", s)
		}
	}
}

// childAdd adds the test corpus to the index at path in batches of 25,
// forever, saying "batch" after each commit.
func childAdd(path string) {
	p, _ := ParamsOf(scan.DefaultOptions())
	x, err := Open(path, &p)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	docs := docsOf(corpusOf(21, 400))
	for i := 0; ; i++ {
		lo := (i * 25) % len(docs)
		// Alter the texts after the first pass, so that every add writes.
		batch := slices.Clone(docs[lo:min(lo+25, len(docs))])
		if i*25 >= len(docs) {
			for j := range batch {
				batch[j].Text = append([]byte(fmt.Sprintf("Pass %d. ", i)), batch[j].Text...)
			}
		}
		if _, err := x.Add(batch); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("batch", i)
		time.Sleep(time.Millisecond)
	}
}

// FuzzDecodeRecord checks that the record decoder refuses what is not a
// record without panicking, and reads back what appendRecord writes.
func FuzzDecodeRecord(f *testing.F) {
	k, _ := engine.NewKernel(engine.DefaultConfig())
	var sk engine.Sketch
	k.Sketch(&sk, []byte("The summit in Geneva ended on Monday with a statement on trade."))
	sk.Signature = nil
	rec, err := appendRecord(nil, "a.txt", &sk, 64, []byte("The summit in Geneva ended on Monday with a statement on trade."))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rec)
	f.Add([]byte{})
	f.Add([]byte{5, 'a'})
	f.Fuzz(func(t *testing.T, data []byte) {
		var r record
		if decodeRecord(data, &r) != nil {
			return
		}
		text, err := r.decompress(nil)
		if err != nil {
			return
		}
		again, err := appendRecord(nil, r.id, &r.sketch, r.bytes, text)
		if err != nil {
			t.Fatalf("a decoded record does not encode: %v", err)
		}
		var r2 record
		if err := decodeRecord(again, &r2); err != nil || r2.id != r.id || r2.bytes != r.bytes {
			t.Fatalf("a record does not read back: %v", err)
		}
	})
}
