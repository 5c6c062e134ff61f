package framework

import "reflect"

// keysOf gives the id and name of an entity as the controller holds it (d is a rest_model
// detail). Every detail carries both: as BaseEntity's ID and its own Name field, or, for the
// polymorphic posture-check details, as ID() and Name() methods. Reading them here spares
// every entity package a method that only repeats that.
func keysOf(d any) (id, name string) {
	if p, ok := d.(interface {
		ID() *string
		Name() *string
	}); ok {
		return Deref(p.ID()), Deref(p.Name())
	}
	v := reflect.Indirect(reflect.ValueOf(d))
	if v.Kind() != reflect.Struct {
		return "", ""
	}
	return stringField(v, "ID"), stringField(v, "Name")
}

// stringField reads a *string (or string) field, promoted ones included; "" when absent or nil.
func stringField(v reflect.Value, name string) string {
	f := v.FieldByName(name)
	switch {
	case !f.IsValid():
		return ""
	case f.Kind() == reflect.String:
		return f.String()
	case f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.String:
		return f.Elem().String()
	}
	return ""
}
