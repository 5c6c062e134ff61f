// Command ziti-access reviews access on an OpenZiti network before apply: `diff` prints who
// gains and who loses reach with a saved plan, `check` fails when rules are broken. It logs in
// with the same ZITI_* environment as the provider. See docs/guides/access-review.md.
package main
