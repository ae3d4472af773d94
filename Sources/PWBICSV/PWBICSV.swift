// PWBICSV — A streaming RFC 4180 reader and writer.
//
// Reads CSV bytes from a buffer, a file or an async sequence of chunks with memory bounded by the longest record, and writes CSV that round-trips. Syntax only: what a field means is PWBIMapping's job.
// See PWBICSV.docc/PWBICSV.md for the overview and topics.
