// Package client is the only code that talks HTTP to the OpenZiti controller: one keep-alive
// http.Client with verified TLS per configured provider, one API session re-established on
// 401, bounded retries for idempotent requests, typed errors, and secrets kept out of errors and
// logs. Requests and models are edge-api's (rest_management_api_client, rest_model).
package client
