// PWBIMapping — Exact money, a lossless JSON reader, the unified transaction model and one mapper per system.
//
// Every path in the product ends here: a POS, payment or CSV payload becomes a unified, exact transaction.
// See PWBIMapping.docc/PWBIMapping.md for the overview and topics.
