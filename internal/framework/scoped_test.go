package framework

import "testing"

func TestScopeQuery(t *testing.T) {
	const scope = `type = "abc"`
	cases := map[string]string{
		``:                                   `type = "abc"`,
		`name = "x"`:                         `type = "abc" and (name = "x")`,
		`name contains "a" sort by name`:     `type = "abc" and (name contains "a") sort by name`,
		`sort by name desc limit 5`:          `type = "abc" sort by name desc limit 5`,
		`name = "sort by x" limit 3`:         `type = "abc" and (name = "sort by x") limit 3`,
		`name = "a \" limit 2" skip 1`:       `type = "abc" and (name = "a \" limit 2") skip 1`,
		`(name = "a" or name = "b")`:         `type = "abc" and ((name = "a" or name = "b"))`,
		`name = "a" or name = "b" SORT BY x`: `type = "abc" and (name = "a" or name = "b") SORT BY x`,
	}
	for in, want := range cases {
		if got := ScopeQuery(scope, in); got != want {
			t.Errorf("ScopeQuery(%q) = %q, want %q", in, got, want)
		}
	}
}
