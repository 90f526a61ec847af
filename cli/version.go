package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"waymark/internal/difftext"
	"waymark/internal/printable"
	"waymark/model"
	"waymark/storage"
)

// `waymark version save|restore`: named versions kept inside the .cjm, saved
// and restored through the same working copy and save path as the app.

const versionArgs = "save FILE.cjm --name NAME [--note TEXT] [--author NAME] | restore FILE.cjm NAME|@N [--without-version]"

const versionSummary = "save the map as a named version inside its file, or make the map equal to a saved version " +
	"(after saving the map as it was as a version \"Before restoring …\")"

// versionSubverbs lists the sub-verbs of `waymark version`, in help's
// order. It is a function, not a variable, because the sub-verbs look
// themselves up.
func versionSubverbs() []subverb {
	return []subverb{
		{name: "save", args: "FILE.cjm --name NAME [--note TEXT] [--author NAME]",
			summary: "save the map as it is now as a version inside the file, with what changed since the version before, and save the file",
			run:     versionSave},
		{name: "restore", args: "FILE.cjm NAME|@N [--without-version]",
			summary: "make the map equal to a saved version (by name, or @N by number), after saving the map as it was as a version, so that a restore can itself be taken back",
			run:     versionRestore},
	}
}

// versionVerb is `waymark version`, its subverbs and their help.
func versionVerb() subverbs {
	return subverbs{verb: "version", list: versionSubverbs, footer: []string{"`waymark history FILE.cjm` lists the versions; `waymark diff FILE.cjm@NAME FILE.cjm` compares one with the map."}, missing: ": save or restore", choices: "save or restore"}
}

// runVersion is `waymark version SUBCOMMAND ...`.
func runVersion(ctx context.Context, c *cli, args []string) error {
	return versionVerb().run(ctx, c, args)
}

func versionSave(ctx context.Context, c *cli, args []string) error {
	fs := flags("version save")
	name := fs.String("name", "", "the version's `NAME`, such as \"After round-2 interviews\" (required)")
	note := fs.String("note", "", "why the version was saved")
	author := fs.String("author", "", "who saved it (may be left out)")
	pos, err := versionVerb().parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one FILE.cjm, got %d arguments", len(pos))
	}
	if strings.TrimSpace(*name) == "" {
		return usagef("--name NAME is required: the version's name, such as \"After round-2 interviews\"")
	}
	path := pos[0]
	doc, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		return err
	}
	// Closing removes the working copy; unless Save ran, the file is as
	// it was.
	defer doc.Close()
	v, err := saveVersion(ctx, c, doc, path, strings.TrimSpace(*name), strings.TrimSpace(*note), strings.TrimSpace(*author))
	if err != nil {
		return err
	}
	if err := saveDocument(ctx, doc, path, "the version was saved"); err != nil {
		return err
	}
	if err := doc.Close(); err != nil {
		c.warn("%v", err)
	}
	fmt.Fprintf(c.stdout, "saved version %d %s in %s: %s\n", v.Seq, quoteName(v.Name), printable.Line(path), v.Summary)
	return nil
}

// saveVersion stores the document's map as a version in its working copy,
// with the one-line summary of what changed since the version before (or,
// for the first, of all it holds). A version before that cannot be read
// (damaged in a file from elsewhere) leaves the summary saying so, with a
// warning: it must not stop the map from being kept.
func saveVersion(ctx context.Context, c *cli, doc *storage.Document, path, name, note, author string) (model.Version, error) {
	// A full file says so before the last version is read for the summary.
	if err := doc.VersionRoom(ctx); err != nil {
		return model.Version{}, fmt.Errorf("%s: %w", path, err)
	}
	list, err := doc.Versions(ctx)
	if err != nil {
		return model.Version{}, err
	}
	summary, unreadable, err := difftext.NewVersionSummary(ctx, list, doc.VersionProject, doc.Project())
	if err != nil {
		return model.Version{}, err
	}
	if unreadable != nil {
		last := list[len(list)-1]
		c.warn("%s: version %d %s cannot be read, so the new version's summary cannot say what changed since: %v", path, last.Seq, quoteName(last.Name), unreadable)
	}
	v := model.Version{Name: name, Note: note, Author: author, Summary: summary} // stamped now when stored
	if err := ctx.Err(); err != nil {
		return model.Version{}, err
	}
	saved, err := doc.SaveVersion(ctx, v)
	if err != nil && ctx.Err() == nil {
		return saved, fmt.Errorf("%s: %w", path, err)
	}
	return saved, err
}

// saveDocument saves the document over its file, in the words of a
// command line that lost a race with another writer.
func saveDocument(ctx context.Context, doc *storage.Document, path, what string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := doc.Save(ctx)
	if errors.Is(err, storage.ErrChangedOnDisk) {
		return fmt.Errorf("%s was changed by someone else while %s; nothing was written: try again", path, what)
	}
	return err
}

func versionRestore(ctx context.Context, c *cli, args []string) error {
	fs := flags("version restore")
	without := fs.Bool("without-version", false, "restore even when the map as it is cannot be kept as a version first (the file holds as many versions as it may)")
	pos, err := versionVerb().parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("expected FILE.cjm and the version to restore (its name, or @N), got %d arguments", len(pos))
	}
	path, ref := pos[0], pos[1]
	doc, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		return err
	}
	defer doc.Close()
	list, err := doc.Versions(ctx)
	if err != nil {
		return err
	}
	v, err := findVersion(path, list, ref)
	if err != nil {
		return err
	}
	old, err := doc.VersionProject(ctx, v.Seq)
	if err != nil {
		return fmt.Errorf("%s: version %d %s cannot be read: %w", path, v.Seq, quoteName(v.Name), err)
	}
	changes := model.Diff(doc.Project(), old)
	if len(changes) == 0 {
		fmt.Fprintf(c.stdout, "%s already equals version %d %s; nothing to restore, nothing written\n", printable.Line(path), v.Seq, quoteName(v.Name))
		return nil
	}
	before, err := saveVersion(ctx, c, doc, path, storage.FreeVersionName(list, "Before restoring “"+v.Name+"”"), "", "")
	switch {
	case err != nil && (*without || ctx.Err() != nil):
		if ctx.Err() != nil {
			return err
		}
		c.warn("%v; restoring without it, as --without-version asks", err)
	case err != nil:
		return fmt.Errorf("%w; nothing was restored: pass --without-version to restore without keeping the map as it is", err)
	}
	if err := doc.History().Do(&model.ReplaceProject{With: old, Name: "Restore version “" + v.Name + "”"}); err != nil {
		return fmt.Errorf("%s: version %d %s cannot be restored: %v", path, v.Seq, quoteName(v.Name), err)
	}
	if err := saveDocument(ctx, doc, path, "the version was restored"); err != nil {
		return err
	}
	if err := doc.Close(); err != nil {
		c.warn("%v", err)
	}
	fmt.Fprintf(c.stdout, "restored version %d %s in %s: %s\n", v.Seq, quoteName(v.Name), printable.Line(path), difftext.Summary(changes))
	if before.Seq > 0 {
		fmt.Fprintf(c.stdout, "the map as it was is version %d %s; waymark version restore %s @%d brings it back\n",
			before.Seq, quoteName(before.Name), printable.Line(path), before.Seq)
	}
	return nil
}

// quoteName is a version's name in a message, on one line.
func quoteName(s string) string { return "“" + printable.Line(s) + "”" }

// maxVersionsListed caps the versions an unknown one's message lists.
const maxVersionsListed = 8

// findVersion finds the version ref names: "@N" is version N; otherwise a
// name, whatever its case, and failing that a plain number is taken as @N. Not found, it says in one sentence which versions there
// are.
func findVersion(path string, list []model.Version, ref string) (model.Version, error) {
	bySeq := func(n int) (model.Version, bool) {
		for _, v := range list {
			if v.Seq == n {
				return v, true
			}
		}
		return model.Version{}, false
	}
	if num, ok := strings.CutPrefix(ref, "@"); ok {
		if n, err := strconv.Atoi(num); err == nil {
			if v, ok := bySeq(n); ok {
				return v, nil
			}
			return model.Version{}, noVersion(path, list, "@"+num)
		}
	}
	// Names are unique whatever their case, as the file keeps them.
	for _, v := range list {
		if strings.EqualFold(v.Name, strings.TrimSpace(ref)) {
			return v, nil
		}
	}
	if n, err := strconv.Atoi(ref); err == nil {
		if v, ok := bySeq(n); ok {
			return v, nil
		}
	}
	return model.Version{}, noVersion(path, list, quoteName(ref))
}

func noVersion(path string, list []model.Version, what string) error {
	if len(list) == 0 {
		return fmt.Errorf("%s has no version %s: it has no saved versions (waymark version save %s --name NAME saves one)", path, what, path)
	}
	shown := list
	if len(shown) > maxVersionsListed {
		shown = shown[len(shown)-maxVersionsListed:]
	}
	names := make([]string, len(shown))
	for i, v := range shown {
		names[i] = fmt.Sprintf("@%d %s", v.Seq, quoteName(v.Name))
	}
	listed := strings.Join(names, ", ")
	if len(names) > 1 {
		listed = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	if len(shown) < len(list) {
		return fmt.Errorf("%s has no version %s; its latest of %d versions are %s (waymark history %s lists them all)", path, what, len(list), listed, path)
	}
	if len(list) == 1 {
		return fmt.Errorf("%s has no version %s; its only version is %s", path, what, listed)
	}
	return fmt.Errorf("%s has no version %s; its versions are %s", path, what, listed)
}
