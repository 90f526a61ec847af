//go:build !unix

package cli

import "testing"

func mkfifo(t *testing.T, _ string) {
	t.Skip("named pipes in the file system are a Unix thing")
}
