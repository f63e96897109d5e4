// Package keep holds what one build made for the next: the preview
// rebuilds after every save, when most inputs are as they were, and what
// was made of an input that did not change need not be made again.
package keep

import (
	"crypto/sha256"
	"maps"
	"sync"
)

// Sum is what a value made from a text is kept by: the text's SHA-256,
// which a map holds instead of the text.
type Sum [sha256.Size]byte

// SumOf returns the Sum of the text s.
func SumOf(s string) Sum { return sha256.Sum256([]byte(s)) }

// Map keeps values by the inputs they were made from, for as long as the
// builds use them: what the build before the last did not use is let go,
// so a map holds what two builds made, however many builds there are. It
// is safe for concurrent use. A nil *Map keeps nothing.
type Map[K comparable, V any] struct {
	mu        sync.Mutex
	cur, prev map[K]V
	puts      int // since Begin
}

// New returns an empty map.
func New[K comparable, V any]() *Map[K, V] { return &Map[K, V]{cur: map[K]V{}} }

// Begin starts a build: what the build before did not use is let go.
func (m *Map[K, V]) Begin() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.prev, m.cur, m.puts = m.cur, map[K]V{}, 0
	m.mu.Unlock()
}

// Get returns the value kept for k.
func (m *Map[K, V]) Get(k K) (V, bool) {
	var zero V
	if m == nil {
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.cur[k]
	if !ok {
		if v, ok = m.prev[k]; ok {
			m.cur[k] = v
		}
	}
	return v, ok
}

// Put keeps v for k.
func (m *Map[K, V]) Put(k K, v V) {
	if m != nil {
		m.mu.Lock()
		m.cur[k] = v
		m.puts++
		m.mu.Unlock()
	}
}

// Changed reports whether what the map keeps differs from what it kept
// when the build began: a value was put, or one kept then was not used.
func (m *Map[K, V]) Changed() bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.puts > 0 || len(m.cur) != len(m.prev)
}

// Used returns a copy of what the build used or put since it began: what
// the next build keeps.
func (m *Map[K, V]) Used() map[K]V {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.cur)
}
