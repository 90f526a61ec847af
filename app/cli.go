package app

import "waymark/cli"

// Exit codes of the process when it runs the app: those of the command line.
const (
	ExitOK    = cli.ExitOK
	ExitError = cli.ExitError
)
