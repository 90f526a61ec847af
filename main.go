// Command waymark draws customer journey maps. With no argument it opens the
// app; otherwise it runs one command-line verb (see `waymark -h`).
package main

import (
	"os"

	"waymark/app"
)

func main() {
	if code, handled := app.RunCommand(os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}
	os.Exit(app.RunDesktop(os.Args[1:]))
}
