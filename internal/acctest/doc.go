// Package acctest starts a real OpenZiti controller (with an edge router) for the acceptance
// tests of one package, and hands the tests its address, CA and credentials.
//
// ZITI_TEST_CONTROLLER selects how:
//   - process (default): `ziti edge quickstart` from the binary `make tools` built (ZITI_BIN),
//     on free loopback ports, in a temporary home, with a random admin password;
//   - docker: the same quickstart in a container, from an image built on this machine FROM
//     scratch around the same binary (no registry), through the docker CLI; CI runs the full
//     acceptance suite this way (.ci/run starts an engine);
//   - external: an already running controller from ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD
//     and ZITI_CA_FILE; nothing is started or stopped.
package acctest
