// PWBISignatures — Hashes, MACs and webhook signature schemes, written by hand.
//
// SHA-256, SHA-512, HMAC, constant-time comparison, hex/base64/base64url codecs, and every webhook signature scheme the product receives or sends — each able to sign and verify over the raw bytes, against a set of secrets.
// See PWBISignatures.docc/PWBISignatures.md for the overview and topics.
