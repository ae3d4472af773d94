// PWBIIntegration — The pipelines: webhook receiver, idempotency, stores, sync, CSV import, OAuth, sender, metrics and diagnostics.
//
// Transport- and storage-agnostic: the host supplies HTTP and a database through small protocols; the library supplies everything in between, with in-memory implementations and contract checkers.
// See PWBIIntegration.docc/PWBIIntegration.md for the overview and topics.
