//go:build unix

package corpus

import (
	"io"
	"io/fs"
	"syscall"
)

// readOS reads the file at the OS path p into buf with system calls:
// open, fstat, read and close, and nothing else (no os.File, no poller, no
// allocation). It returns the file's size from fstat, or an error as read
// does; ok is false if the file is not a regular file, for the general path
// to handle.
func readOS(p string, buf []byte, maxBytes int64) (text []byte, size int64, ok bool, err error) {
	fd, err := openRetry(p)
	if err != nil {
		return nil, -1, true, &openError{&fs.PathError{Op: "open", Path: p, Err: err}}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, -1, false, nil
	}
	size = st.Size
	if size > maxBytes {
		return nil, size, true, errTooLarge
	}
	text, err = readAll(buf, fdReader(fd), size, maxBytes)
	return text, -1, true, err
}

func openRetry(p string) (int, error) {
	for {
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// fdReader reads a file descriptor.
type fdReader int

func (r fdReader) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(r), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
