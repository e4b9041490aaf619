package site

import (
	"bytes"
	"reflect"
	"testing"

	"folio/internal/layout"
)

// TestModelBytesSeesEveryField changes each exported field of a filled layout.Page in turn (and
// each field of the structs it holds) and checks that modelBytes changes too: a field the key
// missed would let serve keep a stale page. Content is the one field left to the body's hash.
func TestModelBytesSeesEveryField(t *testing.T) {
	var base layout.Page
	filled(t, reflect.ValueOf(&base).Elem(), 1)
	want := modelBytes(nil, &base)
	type leaf struct {
		path string
		at   func(root reflect.Value) reflect.Value
	}
	var leaves []leaf
	var walk func(v reflect.Value, path string, at func(reflect.Value) reflect.Value)
	walk = func(v reflect.Value, path string, at func(reflect.Value) reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() || path+"."+f.Name == ".Content" {
					continue
				}
				walk(v.Field(i), path+"."+f.Name, func(r reflect.Value) reflect.Value { return at(r).Field(i) })
			}
		case reflect.Pointer:
			walk(v.Elem(), path, func(r reflect.Value) reflect.Value { return at(r).Elem() })
		case reflect.Slice:
			if v.Len() == 0 {
				return // the bottom of a recursive type
			}
			walk(v.Index(0), path+"[0]", func(r reflect.Value) reflect.Value { return at(r).Index(0) })
		default:
			leaves = append(leaves, leaf{path, at})
		}
	}
	walk(reflect.ValueOf(base), "", func(r reflect.Value) reflect.Value { return r })
	if len(leaves) < 40 {
		t.Fatalf("walked %d fields; the walk lost its way", len(leaves))
	}
	for _, l := range leaves {
		page := deepCopy(base)
		x := l.at(reflect.ValueOf(&page).Elem())
		switch x.Kind() {
		case reflect.String:
			x.SetString(x.String() + "!")
		case reflect.Int:
			x.SetInt(x.Int() + 1)
		case reflect.Bool:
			x.SetBool(!x.Bool())
		default:
			t.Fatalf("%s: no change for %s: teach the test this kind", l.path, x.Kind())
		}
		if bytes.Equal(modelBytes(nil, &page), want) {
			t.Errorf("changing %s leaves the page key unchanged: add it to modelBytes", l.path)
		}
	}
}

// deepCopy returns an independent copy of p: every slice and pointer fresh.
func deepCopy(p layout.Page) layout.Page {
	var out layout.Page
	copyValue(reflect.ValueOf(&out).Elem(), reflect.ValueOf(p))
	return out
}

func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		for i := range src.NumField() {
			if src.Type().Field(i).IsExported() {
				copyValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Pointer:
		if !src.IsNil() {
			dst.Set(reflect.New(src.Type().Elem()))
			copyValue(dst.Elem(), src.Elem())
		}
	case reflect.Slice:
		if !src.IsNil() {
			dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
			for i := range src.Len() {
				copyValue(dst.Index(i), src.Index(i))
			}
		}
	default:
		dst.Set(src)
	}
}
