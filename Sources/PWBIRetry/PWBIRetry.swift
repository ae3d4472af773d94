// PWBIRetry — Backoff, retry policies, Retry-After, circuit breaker and retry budget over an injected Clock.
//
// Every integration talks to systems that fail. This module decides when to try again, how long to wait, and when to stop — deterministically, on any Clock.
// See PWBIRetry.docc/PWBIRetry.md for the overview and topics.
