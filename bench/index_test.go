package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/index"
	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/cmd/neardup/serve"
	"github.com/neardup/neardup/corpus"
)

var (
	indexFlag   = flag.String("index", "", "BenchmarkServe: serve this index (made by neardup index add from -corpus) instead of indexing the benchmark corpus")
	clientsFlag = flag.Int("clients", 16, "BenchmarkServe: concurrent clients")
)

// addAll adds the corpus's documents to a new index at path, in batches as
// `neardup index add` does, and closes it.
func addAll(b *testing.B, c *benchCorpus, path string) {
	p, err := index.ParamsOf(scan.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	x, err := index.Open(path, &p)
	if err != nil {
		b.Fatal(err)
	}
	for lo := 0; lo < len(c.texts); lo += 2000 {
		var docs []index.Doc
		for i := lo; i < min(lo+2000, len(c.texts)); i++ {
			docs = append(docs, index.Doc{ID: string(rune('a'+i%26)) + itoa(i), Text: c.texts[i]})
		}
		if _, err := x.Add(docs); err != nil {
			b.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		b.Fatal(err)
	}
}

func itoa(i int) string {
	var buf [20]byte
	n := len(buf)
	for {
		n--
		buf[n] = byte('0' + i%10)
		if i /= 10; i == 0 {
			return string(buf[n:])
		}
	}
}

// BenchmarkIndexAdd adds the corpus to a new index, and scans it for exact
// and near duplicates, alternately in each iteration, and reports the ratio
// of their times (add/near): an index add sketches the related tier's terms
// and writes the index, which a near scan does not.
func BenchmarkIndexAdd(b *testing.B) {
	c := load(b)
	opt := scan.DefaultOptions()
	opt.Kinds = engine.KindsOf(engine.Exact, engine.Near)
	var tAdd, tNear time.Duration
	b.SetBytes(c.bytes)
	b.ResetTimer()
	for i := range b.N {
		dir := b.TempDir()
		start := time.Now()
		addAll(b, c, filepath.Join(dir, "ix"))
		tAdd += time.Since(start)
		b.StopTimer()
		start = time.Now()
		l, err := corpus.Walk(c.roots(), corpus.WalkOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := scan.Scan(l, opt); err != nil {
			b.Fatal(err)
		}
		l.Close()
		tNear += time.Since(start)
		if i == 0 {
			if st, err := os.Stat(filepath.Join(dir, "ix")); err == nil {
				b.ReportMetric(float64(st.Size())/float64(len(c.texts)), "file-bytes/doc")
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(tAdd)/float64(tNear), "add/near")
}

// BenchmarkServe serves an index on loopback and sends b.N queries (POST
// /v1/query of the corpus's documents, as new documents) from -clients
// concurrent clients, and reports requests per second and the 50th and 99th
// percentiles of latency. The index is the corpus's, made before timing, or
// the one -index names.
func BenchmarkServe(b *testing.B) {
	c := load(b)
	path := *indexFlag
	if path == "" {
		path = filepath.Join(b.TempDir(), "ix")
		addAll(b, c, path)
	}
	x, err := index.Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	srv := httptest.NewServer(serve.New(x, 0)) // on loopback
	defer srv.Close()
	bodies := make([][]byte, min(len(c.texts), 1000))
	for i := range bodies {
		bodies[i], _ = json.Marshal(map[string]string{"id": "query", "text": string(c.texts[(i*7919)%len(c.texts)])})
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clientsFlag}, Timeout: 30 * time.Second}
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range *clientsFlag {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t := time.Now()
				res, err := client.Post(srv.URL+"/v1/query", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					failed.Add(1)
				}
				lat[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, b.N)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
}
