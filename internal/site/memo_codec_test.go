package site

import (
	"reflect"
	"testing"

	"folio/internal/markdown"
	"folio/internal/search"
)

// filled sets every exported field of v (recursively, through slices and maps) to a value that
// is not zero, so a round trip that drops a field shows.
func filled(t *testing.T, v reflect.Value, seed int) { filledTo(t, v, seed, 0) }

// filledTo stops at a depth, for recursive types (a TOC item holds TOC items).
func filledTo(t *testing.T, v reflect.Value, seed, depth int) {
	t.Helper()
	if depth > 8 {
		return
	}
	filled := func(t *testing.T, v reflect.Value, seed int) { filledTo(t, v, seed, depth+1) }
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				filled(t, v.Field(i), seed+i)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		filled(t, v.Elem(), seed)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			filled(t, s.Index(i), seed+10*i+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			filled(t, k, seed+10*i+3)
			filled(t, e, seed+10*i+4)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Array:
		for i := range v.Len() {
			filled(t, v.Index(i), seed+i)
		}
	case reflect.String:
		v.SetString("s" + string(rune('a'+seed%26)) + "é")
	case reflect.Int:
		v.SetInt(int64(300 + seed))
	case reflect.Uint8:
		v.SetUint(uint64(seed%250 + 1))
	case reflect.Bool:
		v.SetBool(true)
	default:
		t.Fatalf("filled: no value for %s: teach the test and memo_codec.go this type", v.Type())
	}
}

func TestMemoCodecRoundTrip(t *testing.T) {
	var doc storedDoc
	filled(t, reflect.ValueOf(&doc).Elem(), 1)
	var secs []search.Section
	filled(t, reflect.ValueOf(&secs).Elem(), 2)
	var files map[string][]byte
	filled(t, reflect.ValueOf(&files).Elem(), 3)

	tests := []struct {
		name string
		in   any
		out  func() (any, error)
	}{
		{"doc", doc, func() (any, error) { return decodeDoc(encodeDoc(doc)) }},
		{"empty doc", storedDoc{Deps: map[string][32]byte{}, Doc: &markdown.Result{Blocks: map[string]int{}}}, func() (any, error) {
			return decodeDoc(encodeDoc(storedDoc{Doc: &markdown.Result{}}))
		}},
		{"sections", secs, func() (any, error) { return decodeSections(encodeSections(secs)) }},
		{"files", files, func() (any, error) { return decodeFiles(encodeFiles(files)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.out()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.in) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tt.in)
			}
		})
	}
}

func FuzzMemoDecode(f *testing.F) {
	var doc storedDoc
	filled(&testing.T{}, reflect.ValueOf(&doc).Elem(), 1)
	f.Add(encodeDoc(doc))
	f.Add(encodeSections([]search.Section{{ID: "a", Heading: "b", Level: 2, Text: "c"}}))
	f.Add(encodeFiles(map[string][]byte{"x.json": []byte("{}")}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		// Damaged entries are errors, never panics or huge allocations; what decodes makes
		// the round trip unchanged.
		if s, err := decodeDoc(b); err == nil {
			if again, err := decodeDoc(encodeDoc(s)); err != nil || !reflect.DeepEqual(again, s) {
				t.Errorf("decodeDoc(%x) = %+v does not survive a round trip: %+v, %v", b, s, again, err)
			}
		}
		if s, err := decodeSections(b); err == nil {
			if again, err := decodeSections(encodeSections(s)); err != nil || !reflect.DeepEqual(again, s) {
				t.Errorf("decodeSections(%x) = %+v does not survive a round trip", b, s)
			}
		}
		if fs, err := decodeFiles(b); err == nil {
			if again, err := decodeFiles(encodeFiles(fs)); err != nil || !reflect.DeepEqual(again, fs) {
				t.Errorf("decodeFiles(%x) = %v does not survive a round trip", b, fs)
			}
		}
	})
}
