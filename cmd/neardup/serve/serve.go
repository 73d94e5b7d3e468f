// Package serve is the HTTP JSON service over an index (neardup serve):
// queries, adds, reads and removes documents, with health and Prometheus
// metrics. Many requests read at once; the index lets one write at a time.
//
//	POST   /v1/query            {"text", "id"?} -> {"matches": [...]}
//	POST   /v1/documents        {"id", "text"}  -> {"id", "status", "matches": [...]}
//	GET    /v1/documents/{id}   -> the document's record
//	DELETE /v1/documents/{id}   -> {"id", "removed": true}
//	GET    /healthz             -> {"status": "ok", "documents": n}
//	GET    /metrics             -> Prometheus text format
//
// A match is {"id", "kind", "similarity", "estimate", "containment_ab",
// "containment_ba", "score"}, where a is the document sent and b the
// indexed one. Errors are JSON, {"error": "..."}: 400 for a body that is not
// the JSON asked for, 404 for an unknown id, 405 for a wrong method (with
// Allow), 413 for a body over the limit.
package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/neardup/neardup/cmd/neardup/engine"
	"github.com/neardup/neardup/cmd/neardup/index"
)

// DefaultMaxBody is the default limit on a request body's bytes.
const DefaultMaxBody = 8 << 20

// Server serves an index.
type Server struct {
	x       *index.Index
	maxBody int64
	metrics *metrics
	mux     *http.ServeMux
}

// New returns a server of x; maxBody limits request bodies (0: the default).
func New(x *index.Index, maxBody int64) *Server {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	s := &Server{x: x, maxBody: maxBody, metrics: newMetrics(), mux: http.NewServeMux()}
	s.handle("/v1/query", s.query, http.MethodPost)
	s.handle("/v1/documents", s.add, http.MethodPost)
	s.handle("/v1/documents/", s.document, http.MethodGet, http.MethodDelete)
	s.handle("/healthz", s.health, http.MethodGet)
	s.handle("/metrics", s.serveMetrics, http.MethodGet)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: %s", r.URL.Path)
	})
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// HTTPServer returns an http.Server of s at addr, with timeouts.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{Addr: addr, Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
}

// handle registers h at path for the methods, timing it and counting its
// responses; other methods get 405.
func (s *Server) handle(path string, h func(w http.ResponseWriter, r *http.Request) int, methods ...string) {
	endpoint := path
	if strings.HasSuffix(path, "/") {
		endpoint = path + "{id}"
	}
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		code := http.StatusMethodNotAllowed
		if slices.Contains(methods, r.Method) {
			code = h(w, r)
		} else {
			w.Header().Set("Allow", strings.Join(methods, ", "))
			writeError(w, code, "%s %s: allowed: %s", r.Method, endpoint, strings.Join(methods, ", "))
		}
		s.metrics.observe(endpoint, code, time.Since(start))
	})
}

// A Match is a pair of the document sent (a) and an indexed one (b).
type Match struct {
	ID            string      `json:"id"`
	Kind          engine.Kind `json:"kind"`
	Similarity    float64     `json:"similarity"`
	Estimate      float64     `json:"estimate"`
	ContainmentAB float64     `json:"containment_ab"`
	ContainmentBA float64     `json:"containment_ba"`
	Score         float64     `json:"score"`
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// matchesOf returns the matches of the document sent, sorted by id.
func matchesOf(ms []index.Match) []Match {
	out := []Match{}
	for _, m := range ms {
		v := m.Verdict
		out = append(out, Match{ID: m.B, Kind: v.Kind, Similarity: round6(v.Similarity.Jaccard), Estimate: round6(v.Estimate),
			ContainmentAB: round6(v.Similarity.ContainmentAB), ContainmentBA: round6(v.Similarity.ContainmentBA), Score: round6(v.Score)})
	}
	return out
}

type docRequest struct {
	ID   *string `json:"id"`
	Text *string `json:"text"`
}

// decode reads a JSON object of the request body into req: 413 for a body
// over the limit, 400 for anything else that is not one object.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, req *docRequest) (int, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return http.StatusRequestEntityTooLarge, fmt.Errorf("the body is over %d bytes", s.maxBody)
		}
		return http.StatusBadRequest, fmt.Errorf("the body is not a JSON object of the fields id and text: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return http.StatusRequestEntityTooLarge, fmt.Errorf("the body is over %d bytes", s.maxBody)
		}
		return http.StatusBadRequest, errors.New("the body holds more than one JSON value")
	}
	if req.Text == nil {
		return http.StatusBadRequest, errors.New(`the body has no "text"`)
	}
	return http.StatusOK, nil
}

func (s *Server) query(w http.ResponseWriter, r *http.Request) int {
	var req docRequest
	if code, err := s.decode(w, r, &req); err != nil {
		return writeError(w, code, "%v", err)
	}
	id := ""
	if req.ID != nil {
		id = *req.ID
	}
	ms, err := s.x.QueryIndexed([]index.Doc{{ID: id, Text: []byte(*req.Text)}}, engine.All)
	if err != nil {
		return writeError(w, http.StatusInternalServerError, "%v", err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"matches": matchesOf(ms)})
}

func (s *Server) add(w http.ResponseWriter, r *http.Request) int {
	var req docRequest
	if code, err := s.decode(w, r, &req); err != nil {
		return writeError(w, code, "%v", err)
	}
	if req.ID == nil || *req.ID == "" {
		return writeError(w, http.StatusBadRequest, `the body has no "id"`)
	}
	doc := index.Doc{ID: *req.ID, Text: []byte(*req.Text)}
	ms, err := s.x.QueryIndexed([]index.Doc{doc}, engine.All)
	if err != nil {
		return writeError(w, http.StatusInternalServerError, "%v", err)
	}
	st, err := s.x.Add([]index.Doc{doc})
	if err == nil {
		err = s.x.Post() // queryable when the response says added
	}
	if err != nil {
		return writeError(w, http.StatusInternalServerError, "%v", err)
	}
	code := http.StatusOK
	if st[0] == index.Added {
		code = http.StatusCreated
	}
	return writeJSON(w, code, map[string]any{"id": doc.ID, "status": st[0], "matches": matchesOf(ms)})
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) int {
	id := strings.TrimPrefix(r.URL.Path, "/v1/documents/")
	if id == "" {
		return writeError(w, http.StatusNotFound, "no document id in the path")
	}
	if r.Method == http.MethodDelete {
		found, err := s.x.Remove([]string{id})
		if err != nil {
			return writeError(w, http.StatusInternalServerError, "%v", err)
		}
		if !found[0] {
			return writeError(w, http.StatusNotFound, "%s: not in the index", id)
		}
		return writeJSON(w, http.StatusOK, map[string]any{"id": id, "removed": true})
	}
	d, ok, err := s.x.Get(id)
	if err != nil {
		return writeError(w, http.StatusInternalServerError, "%v", err)
	}
	if !ok {
		return writeError(w, http.StatusNotFound, "%s: not in the index", id)
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) int {
	n, err := s.x.Documents()
	if err != nil {
		return writeError(w, http.StatusServiceUnavailable, "%v", err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "documents": n})
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) int {
	n, _ := s.x.Documents()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	s.metrics.write(w, n)
	return http.StatusOK
}

func writeJSON(w http.ResponseWriter, code int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return code
}

func writeError(w http.ResponseWriter, code int, format string, args ...any) int {
	return writeJSON(w, code, map[string]string{"error": fmt.Sprintf(format, args...)})
}
