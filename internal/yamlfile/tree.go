package yamlfile

// A decoded file as bytes: the tree yaml.v3 made of a file, written so
// that reading it back is a small part of decoding the YAML again. The
// cache file beside the output keeps the trees of the input files by
// their contents (Cache.Trees), so a run of gen decodes again only the
// files that changed.

import (
	"encoding/binary"
	"errors"

	"gopkg.in/yaml.v3"
)

// treeVersion starts an encoded tree; another version is not read.
const treeVersion = 1

// encodeTree appends the tree n to dst: each node, parent before its
// children, as its kind, style, tag, value, anchor, three comments, line,
// column and number of children. ok is false for a tree that links nodes
// (an alias), which it does not encode.
func encodeTree(dst []byte, n *yaml.Node) (_ []byte, ok bool) {
	dst = binary.AppendUvarint(dst, treeVersion)
	return appendNode(dst, n)
}

func appendNode(dst []byte, n *yaml.Node) ([]byte, bool) {
	if n.Alias != nil || n.Kind == yaml.AliasNode {
		return dst, false
	}
	dst = binary.AppendUvarint(dst, uint64(n.Kind))
	dst = binary.AppendUvarint(dst, uint64(n.Style))
	for _, s := range [...]string{n.Tag, n.Value, n.Anchor, n.HeadComment, n.LineComment, n.FootComment} {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	dst = binary.AppendVarint(dst, int64(n.Line))
	dst = binary.AppendVarint(dst, int64(n.Column))
	dst = binary.AppendUvarint(dst, uint64(len(n.Content)))
	for _, c := range n.Content {
		var ok bool
		if dst, ok = appendNode(dst, c); !ok {
			return dst, false
		}
	}
	return dst, true
}

var errTree = errors.New("not an encoded tree")

// decodeTree reads a tree encodeTree wrote.
func decodeTree(b []byte) (*yaml.Node, error) {
	r := treeReader{b: b}
	if r.uint() != treeVersion {
		return nil, errTree
	}
	n := r.node(0)
	if r.err != nil || len(r.b) != 0 {
		return nil, errTree
	}
	return n, nil
}

type treeReader struct {
	b   []byte
	err error
}

func (r *treeReader) uint() uint64 { return readVarint(r, binary.Uvarint) }

func (r *treeReader) int() int { return int(readVarint(r, binary.Varint)) }

// readVarint reads a number with read, binary.Uvarint or binary.Varint.
func readVarint[T uint64 | int64](r *treeReader, read func([]byte) (T, int)) T {
	v, k := read(r.b)
	if k <= 0 {
		r.err, r.b = errTree, nil
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *treeReader) str() string {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.err, r.b = errTree, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// node reads a node and its children; depth guards against a tree that
// nests without end.
func (r *treeReader) node(depth int) *yaml.Node {
	if depth > 10000 {
		r.err, r.b = errTree, nil
	}
	if r.err != nil {
		return nil
	}
	n := &yaml.Node{Kind: yaml.Kind(r.uint()), Style: yaml.Style(r.uint())}
	n.Tag, n.Value, n.Anchor = r.str(), r.str(), r.str()
	n.HeadComment, n.LineComment, n.FootComment = r.str(), r.str(), r.str()
	n.Line, n.Column = r.int(), r.int()
	count := r.uint()
	if count > uint64(len(r.b)) { // each child takes a byte at least
		r.err, r.b = errTree, nil
		return nil
	}
	if count > 0 {
		n.Content = make([]*yaml.Node, 0, count)
		for range count {
			c := r.node(depth + 1)
			if r.err != nil {
				return nil
			}
			n.Content = append(n.Content, c)
		}
	}
	return n
}
