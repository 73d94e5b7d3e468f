package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/neardup/neardup/cmd/neardup/scan"
	"github.com/neardup/neardup/cmd/neardup/serve"
)

// drainTimeout bounds how long a stopping server waits for requests in
// flight.
const drainTimeout = 30 * time.Second

func runServe(c *command, io streams, args []string) error {
	var addr string
	var maxBody int64
	fs := newFlags(c)
	fs.StringVar(&addr, "addr", "127.0.0.1:7777", "listen on `host:port` (loopback unless told otherwise)")
	fs.Int64Var(&maxBody, "max-body", serve.DefaultMaxBody, "largest request body, in `bytes` (larger: 413)")
	pos, help, err := parseArgs(fs, c, args, io.out)
	if help || err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("serve: give INDEX")
	}
	x, err := openIndex(fs, scan.DefaultOptions(), pos[0], false)
	if err != nil {
		return err
	}
	defer x.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := serve.New(x, maxBody).HTTPServer(addr)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	signalsHandled.Store(true)
	defer signal.Stop(stop)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintf(io.err, "neardup: serving %s on http://%s\n", pos[0], ln.Addr())
	select {
	case err := <-done:
		return err
	case sig := <-stop:
		fmt.Fprintf(io.err, "neardup: %v: draining requests in flight\n", sig)
		ctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			return fmt.Errorf("stopping: %w", err)
		}
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
