// Package keep holds what one build made for the next: the preview
// rebuilds after every save, when most inputs are as they were, and what
// was made of an input that did not change need not be made again.
package keep

import "sync"

// Map keeps values by the inputs they were made from, for as long as the
// builds use them: what the build before the last did not use is let go,
// so a map holds what two builds made, however many builds there are. It
// is safe for concurrent use. A nil *Map keeps nothing.
type Map[K comparable, V any] struct {
	mu        sync.Mutex
	cur, prev map[K]V
}

// New returns an empty map.
func New[K comparable, V any]() *Map[K, V] { return &Map[K, V]{cur: map[K]V{}} }

// Begin starts a build: what the build before did not use is let go.
func (m *Map[K, V]) Begin() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.prev, m.cur = m.cur, map[K]V{}
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
		m.mu.Unlock()
	}
}
