"""Writes standard-webhooks.json: the Standard Webhooks reference libraries' test cases
(standard-webhooks/standard-webhooks, libraries/python/tests/test_webhooks.py and the same
cases in libraries/javascript and libraries/go), at the published fixed timestamp so they
do not depend on the clock. Signatures are computed here the way the reference test helper
does (HMAC-SHA256 of id.timestamp.payload under base64-decoded secret), independently of the kit."""
import base64, hashlib, hmac, json

MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
PAYLOAD = '{"test": 2432232314}'
TS = 1614265330
SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

def sig(secret_b64):
    key = base64.b64decode(secret_b64)
    mac = hmac.new(key, f"{MSG_ID}.{TS}.{PAYLOAD}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()

valid = sig(SECRET)
cases = [
    dict(name="published sign vector (test_sign_function)", secret="whsec_" + SECRET, signature="v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", expected="valid", sign=True),
    dict(name="secret without whsec_ prefix", secret=SECRET, signature=valid, expected="valid"),
    dict(name="secret with whsec_ prefix", secret="whsec_" + SECRET, signature=valid, expected="valid"),
    dict(name="unpadded secret needing two '=' (25 bytes)", secret="MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", signature=sig("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr=="), expected="valid"),
    dict(name="unpadded secret needing two '=' with prefix", secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", signature=sig("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr=="), expected="valid"),
    dict(name="padded secret needing two '='", secret="MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr==", signature=sig("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr=="), expected="valid"),
    dict(name="unpadded secret needing one '=' decodes to 23 bytes: below the specification's 24", secret="MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", signature=sig("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS="), expected="invalid secret #1: decodes to 23 bytes, fewer than 24"),
    dict(name="empty prefixed secret", secret="whsec_", signature=valid, expected="invalid secret #1: empty"),
    dict(name="multiple signatures with a foreign version and wrong v1 (test_multi_sig_payload_is_valid)", secret=SECRET,
         signature=" ".join(["v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", valid, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="]), expected="valid"),
    dict(name="invalid signature (test_invalid_signature_raises_error)", secret=SECRET, signature="v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", expected="no matching signature"),
    dict(name="partial signature (javascript: v1,dawfeoifkpqwoekfpqoekf)", secret=SECRET, signature="v1,dawfeoifkpqwoekfpqoekf", expected="malformed header webhook-signature: v1 signature is not base64 (invalid base64 length 22)"),
    dict(name="empty v1 signature (go/javascript: v1,)", secret=SECRET, signature="v1,", expected="malformed header webhook-signature: v1 signature has 0 bytes, expected 32"),
]
for c in cases:
    c.setdefault("sign", False)
json.dump(dict(source="standard-webhooks/standard-webhooks b2fa7b8, libraries/{python,javascript,go} tests", id=MSG_ID, timestamp=TS, payload=PAYLOAD, cases=cases),
          open("standard-webhooks.json", "w"), indent=2)
