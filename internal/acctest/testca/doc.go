// Package testca makes throwaway certificate authorities for tests. It imports only the
// standard library, so that the client package's own tests can use it (acctest imports the
// client).
package testca
