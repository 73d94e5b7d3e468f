package serve

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The metrics are written in the Prometheus text exposition format (version
// 0.0.4) by hand: a few counters and histograms do not need the client
// library, whose dependencies would double the binary.

// buckets are the upper bounds of the request duration histogram, seconds.
var buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type metrics struct {
	mu        sync.Mutex
	start     time.Time
	requests  map[[2]string]uint64 // endpoint, code
	durations map[string]*histogram
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{start: time.Now(), requests: map[[2]string]uint64{}, durations: map[string]*histogram{}}
}

func (m *metrics) observe(endpoint string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{endpoint, strconv.Itoa(code)}]++
	h := m.durations[endpoint]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets)+1)}
		m.durations[endpoint] = h
	}
	s := d.Seconds()
	i, _ := slices.BinarySearch(buckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
}

func (m *metrics) write(w io.Writer, documents int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(w, "# HELP neardup_http_requests_total HTTP requests served, by endpoint and status code.\n# TYPE neardup_http_requests_total counter\n")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
	for _, k := range keys {
		fmt.Fprintf(w, "neardup_http_requests_total{endpoint=%q,code=%q} %d\n", k[0], k[1], m.requests[k])
	}
	fmt.Fprintf(w, "# HELP neardup_http_request_duration_seconds Time to serve an HTTP request, by endpoint.\n# TYPE neardup_http_request_duration_seconds histogram\n")
	eps := make([]string, 0, len(m.durations))
	for e := range m.durations {
		eps = append(eps, e)
	}
	slices.Sort(eps)
	for _, e := range eps {
		h := m.durations[e]
		cum := uint64(0)
		for i, le := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "neardup_http_request_duration_seconds_bucket{endpoint=%q,le=%q} %d\n", e, strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		cum += h.counts[len(buckets)]
		fmt.Fprintf(w, "neardup_http_request_duration_seconds_bucket{endpoint=%q,le=\"+Inf\"} %d\n", e, cum)
		fmt.Fprintf(w, "neardup_http_request_duration_seconds_sum{endpoint=%q} %g\n", e, h.sum)
		fmt.Fprintf(w, "neardup_http_request_duration_seconds_count{endpoint=%q} %d\n", e, h.n)
	}
	fmt.Fprintf(w, "# HELP neardup_index_documents Documents in the index.\n# TYPE neardup_index_documents gauge\nneardup_index_documents %d\n", documents)
	fmt.Fprintf(w, "# HELP neardup_uptime_seconds Seconds since the server started.\n# TYPE neardup_uptime_seconds gauge\nneardup_uptime_seconds %g\n", time.Since(m.start).Seconds())
}
