// Command demo-agent plays the agent pod and its upstream servers in `make demo`
// (scripts/demo.sh builds and drives it):
//
//	demo-agent upstreams -ports-file F NAME...   one TCP server per NAME on a free loopback port,
//	                                             each answering "NAME: <what it read>"; writes
//	                                             NAME=PORT lines to F, runs until killed
//	demo-agent enroll -jwt-file F -out F         enroll a one-time token (printed: only its expiry)
//	demo-agent probe -identity F SPEC...         try each dial, one ALLOWED/REFUSED line each
//	demo-agent hold -identity F [flags] TARGET   hold a connection open until the overlay cuts it
//
// A TARGET is "service:NAME" (dial a service by name) or "HOST:PORT" (dial the address, as a
// tunneler intercepting the agent's traffic would). A probe SPEC is [+|-]LABEL=TARGET: "+"
// expects the dial to work, "-" expects it refused; probe exits 1 when a result differs.
package main
