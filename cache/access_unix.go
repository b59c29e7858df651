//go:build unix

package cache

import (
	"errors"

	"golang.org/x/sys/unix"
)

// mayNotWrite reports whether the file at path is there and this user may
// not write it: its modes deny it, or it lies on a read-only volume.
func mayNotWrite(path string) bool {
	err := unix.Access(path, unix.W_OK)
	return errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EROFS)
}
