package framework

// Deref reads an optional field of an edge-api model: the zero value when the controller
// left it out. (Every entity's FromDetail needs it; one copy serves them all.)
func Deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
