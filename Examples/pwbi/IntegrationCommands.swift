import PWBIIntegration

/// `pwbi pkce`: the PWBIIntegration OAuth helpers on the command line.
let integrationCommands: [Command] = [
    Command(
        name: "pkce",
        summary: "Prints a fresh PKCE code verifier and its S256 code challenge (RFC 7636).",
        usage: "pkce [--verifier V]",
        details: """
            Without --verifier, 32 bytes from the system's secure random generator become a
            43-character verifier. With --verifier, prints the challenge of that verifier
            (43 to 128 characters of A-Z a-z 0-9 - . _ ~).
            Output: code_verifier=…, code_challenge=…, code_challenge_method=S256, one per line.
            """,
        examples: ["pwbi pkce", "pwbi pkce --verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"]
    ) { arguments, io in
        let given = try arguments.option("verifier")
        try arguments.finish()
        let pkce: PKCE
        if let given {
            do { pkce = try PKCE(verifier: given) } catch { throw UsageError("option --verifier: \(error)") }
        } else {
            pkce = PKCE.generate()
        }
        io.print("code_verifier=\(pkce.verifier.revealed)")
        io.print("code_challenge=\(pkce.challenge)")
        io.print("code_challenge_method=\(pkce.method)")
        return .ok
    },
]
