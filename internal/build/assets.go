package build

// Assets: the files of static/, minified and named by their content.

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/site"
)

type asset struct {
	name string // path below static/, slash-separated
	path string // hashed path below the site root
	data []byte
}

// readAssets reads static/ and names each file by its content hash
// (site.AssetPath: assets/style.3f9a1c2b7d.css), so hosts may cache them
// forever.
func readAssets(dir string) ([]asset, error) {
	var out []asset
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s: the static folder is missing; set -static to the folder of the CSS and icons", p)
		case err != nil:
			return fmt.Errorf("%w (the static folder; set -static to another)", diag.Fault(err, false))
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return diag.Fault(err, false)
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err = minifyAsset(p, path.Ext(rel), data)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out = append(out, asset{name: rel, path: site.AssetPath(rel, sum[:]), data: data})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, err
}

// minifier shrinks the CSS and JavaScript of static/ once per build; every
// page loads them, so each byte saved counts against the page budget.
var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc(".css", css.Minify)
	m.AddFunc(".js", js.Minify)
	return m
}()

// minifyAsset returns the minified form of a .css or .js file of static/
// and any other file unchanged.
func minifyAsset(name, ext string, data []byte) ([]byte, error) {
	if ext != ".css" && ext != ".js" {
		return data, nil
	}
	out, err := minifier.Bytes(ext, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; fix the file so it parses", name, err)
	}
	return append(out, '\n'), nil
}
