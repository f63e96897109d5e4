package render

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"debug/elf"
	"io"
	"os"
	"sync"
)

// ProgramID identifies the running program: a page's bytes depend on the
// code that renders it (the generated sentences, the escaping, the
// minifier) as much as on its inputs, so page keys cover it, and a
// generator built from other sources renders every page again. It is the
// hash of the Go build ID that the linker writes into an ELF executable,
// which changes with any of the program's sources or its toolchain, or
// else of the executable file. A program that cannot read itself gets an
// ID of its own for each run, so that it carries no page over.
var ProgramID = sync.OnceValue(func() []byte {
	exe, err := os.Executable()
	if err == nil {
		if id := elfBuildID(exe); id != nil {
			sum := sha256.Sum256(append([]byte("go build id\x00"), id...))
			return sum[:]
		}
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			h.Write([]byte("executable\x00"))
			if _, err := io.Copy(h, f); err == nil {
				return h.Sum(nil)
			}
		}
	}
	id := make([]byte, 32)
	rand.Read(id)
	return id
})

// elfBuildID returns the Go build ID note of the ELF executable exe, or
// nil if it has none (another format, or a link without a build ID).
func elfBuildID(exe string) []byte {
	f, err := elf.Open(exe)
	if err != nil {
		return nil
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return nil
	}
	data, err := s.Data()
	// The note's header (name size, descriptor size, type, "Go\x00\x00")
	// is 16 bytes; an empty build ID leaves nothing after it.
	if err != nil || len(bytes.TrimRight(data[min(16, len(data)):], "\x00")) == 0 {
		return nil
	}
	return data
}
