// Command waymark draws customer journey maps. With no argument, or a file,
// it opens the app; otherwise it runs one command-line verb (see `waymark -h`).
package main

import (
	"os"

	"waymark/app"
	"waymark/cli"
)

func main() {
	args := os.Args[1:]
	if cli.OpensApp(args) {
		os.Exit(app.RunDesktop(args))
	}
	os.Exit(cli.Run(args, os.Stdout, os.Stderr))
}
