package build

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/yamlfile"
)

// Report writes the status of every language's translations: for each, how
// many texts it has to translate, how many it has, and how many of those
// are outdated, unmarked or missing; with detail, one line per text that
// is not current, with its position and the English it should follow.
func Report(w io.Writer, in *Inputs, detail bool) {
	fmt.Fprintf(w, "%-8s %7s %10s %8s %8s %7s\n", "language", "texts", "translated", "outdated", "unmarked", "missing")
	for _, lang := range in.Catalog.Langs[1:] {
		c := l10n.Count(in.Fields[lang])
		fmt.Fprintf(w, "%-8s %7d %10d %8d %8d %7d\n", lang, c.Fields, c.Translated, c.Outdated, c.Unmarked, c.Missing)
	}
	if !detail {
		return
	}
	for _, lang := range in.Catalog.Langs[1:] {
		for _, f := range in.Fields[lang] {
			st := f.State()
			if st == l10n.Current {
				continue
			}
			at := f.File
			if f.Translated {
				at = fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col)
			}
			fmt.Fprintf(w, "\n%s: %s %s\n  English: %s\n", at, f.Path, st, oneLine(f.English))
		}
	}
}

// oneLine shortens a text to one line for a report.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "…"
	}
	return s
}

// Mark records in lang's file that its translations at the given paths (or
// under them, "codes/552" for every field of 552) were made from the English
// as it is now; with no paths, it records every translation that has no
// record yet, and leaves outdated ones outdated. It returns how many records
// it set and the file it rewrote.
func Mark(cfg Config, lang string, paths []string) (int, string, error) {
	in, err := Load(cfg)
	if err != nil {
		return 0, "", err
	}
	if in.Catalog.File(lang) == "" || lang == in.Catalog.Langs[0] {
		return 0, "", fmt.Errorf("-mark %s: no language file %s to mark; the languages to mark are %s", lang, filepath.Join(cfg.I18nDir, lang+".yaml"), strings.Join(in.Catalog.Langs[1:], ", "))
	}
	fields := in.Fields[lang]
	if unknown := l10n.Unknown(fields, paths); len(unknown) > 0 {
		return 0, "", fmt.Errorf("-mark %s: %s names no text of %s; give paths as gen -status -v lists them, like codes/552/description or codes/552", lang, strings.Join(unknown, ", "), lang)
	}
	// The texts of one language may lie in two files (see Config.TextDir):
	// each file records the sources of its own texts.
	byFile := map[string][]l10n.Field{}
	for _, f := range fields {
		byFile[f.File] = append(byFile[f.File], f)
	}
	total := 0
	var files []string
	for _, name := range slices.Sorted(maps.Keys(byFile)) {
		existing, err := sourcesOf(name)
		if err != nil {
			return 0, "", err
		}
		sources, n := l10n.Mark(byFile[name], existing, paths)
		total += n
		if err := rewrite(name, sources); err != nil {
			return 0, "", err
		}
		files = append(files, name)
	}
	return total, strings.Join(files, ", "), nil
}

// sourcesOf reads the sources section of a language file, which loaded
// without errors just before.
func sourcesOf(file string) (l10n.Sources, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	root, _ := yamlfile.Decode(file, src, &errs)
	if root != nil && root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == l10n.SectionKey {
				return l10n.ParseSources(file, root.Content[i+1], &errs), errs.Err()
			}
		}
	}
	return nil, errs.Err()
}

// rewrite replaces the sources section of a language file, atomically.
func rewrite(file string, sources map[string]string) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	out := l10n.Rewrite(src, sources)
	if bytes.Equal(out, src) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if fi, err := os.Stat(file); err == nil {
		os.Chmod(tmp.Name(), fi.Mode().Perm())
	}
	return os.Rename(tmp.Name(), file)
}
