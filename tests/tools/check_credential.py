"""Independent check of a Digitaler Führerschein credential, for the integration tests.

Verifies the VC-JWT with PyJWT (EdDSA via the `cryptography` package, not our Rust code) against
the issuer's published key set, checks the Open Badges 3.0 structure of the payload, and checks
that the same token with one byte changed is rejected.

Usage: check_credential.py CREDENTIAL_FILE JWKS_FILE ISSUER_URL
Prints one line per problem; exit code 0 when there are none.
"""

import base64
import json
import sys
from datetime import datetime

import jwt

OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def is_timestamp(value) -> bool:
    try:
        datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return str(value).endswith("Z")
    except ValueError:
        return False


def structure_problems(cred: dict, issuer_url: str) -> list:
    """The properties OB 3.0 requires of an OpenBadgeCredential and what it nests."""
    problems = []

    def need(condition, message):
        if not condition:
            problems.append(message)

    context = cred.get("@context", [])
    need(isinstance(context, list) and context[:1] == [VC_CONTEXT], "@context must start with the VC 2.0 context")
    need(OB_CONTEXT in context, "@context must include the OB 3.0 context")
    types = cred.get("type", [])
    need("VerifiableCredential" in types, "type must include VerifiableCredential")
    need("OpenBadgeCredential" in types or "AchievementCredential" in types, "type must include OpenBadgeCredential")
    need(isinstance(cred.get("id"), str) and cred["id"].startswith("http"), "id must be a URI")
    need(isinstance(cred.get("name"), str) and cred["name"], "name is required")
    issuer = cred.get("issuer", {})
    need(isinstance(issuer, dict), "issuer must be a Profile object")
    if isinstance(issuer, dict):
        need(issuer.get("id") == issuer_url, "issuer.id must be the issuer profile URL")
        need("Profile" in issuer.get("type", []), "issuer.type must include Profile")
        need(bool(issuer.get("name")), "issuer.name is required")
    need(is_timestamp(cred.get("validFrom")), "validFrom must be a UTC timestamp")
    need(is_timestamp(cred.get("validUntil")), "validUntil must be a UTC timestamp")
    subject = cred.get("credentialSubject", {})
    need("AchievementSubject" in subject.get("type", []), "credentialSubject.type must include AchievementSubject")
    need("id" in subject or subject.get("identifier"), "credentialSubject needs an id or an identifier")
    for identity in subject.get("identifier", []):
        need(identity.get("type") == "IdentityObject", "identifier entries are IdentityObjects")
        need("identityHash" in identity and "identityType" in identity and "hashed" in identity,
             "IdentityObject needs identityHash, identityType and hashed")
    achievement = subject.get("achievement", {})
    need(isinstance(achievement.get("id"), str), "achievement.id is required")
    need("Achievement" in achievement.get("type", []), "achievement.type must include Achievement")
    need(bool(achievement.get("name")), "achievement.name is required")
    need(bool(achievement.get("description")), "achievement.description is required")
    criteria = achievement.get("criteria", {})
    need(bool(criteria.get("narrative") or criteria.get("id")), "achievement.criteria needs a narrative or an id")
    for alignment in achievement.get("alignment", []):
        need("Alignment" in alignment.get("type", []), "alignment.type must include Alignment")
        need(bool(alignment.get("targetName")) and bool(alignment.get("targetUrl")),
             "alignment needs targetName and targetUrl")
    status = cred.get("credentialStatus", {})
    need(bool(status.get("id")) and bool(status.get("type")), "credentialStatus needs id and type")
    return problems


def main() -> int:
    credential_file, jwks_file, issuer_url = sys.argv[1:4]
    token = open(credential_file, encoding="utf-8").read().strip()
    jwks = json.load(open(jwks_file, encoding="utf-8"))
    problems = []

    header = json.loads(b64url_decode(token.split(".")[0]))
    if header.get("alg") != "EdDSA":
        problems.append(f"alg is {header.get('alg')}, expected EdDSA")
    keys = [k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")]
    if not keys:
        print(f"no key with kid {header.get('kid')} in the issuer's key set")
        return 1
    key = jwt.PyJWK(keys[0]).key

    try:
        claims = jwt.decode(token, key=key, algorithms=["EdDSA"], issuer=issuer_url,
                            options={"require": ["iss", "jti", "nbf", "exp"], "verify_aud": False})
    except jwt.PyJWTError as error:
        print(f"signature check failed: {error!r}")
        return 1
    if claims.get("jti") != claims.get("id"):
        problems.append("jti must equal the credential id")
    from_ts = int(datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00")).timestamp())
    until_ts = int(datetime.fromisoformat(claims["validUntil"].replace("Z", "+00:00")).timestamp())
    if claims.get("nbf") != from_ts or claims.get("exp") != until_ts:
        problems.append("nbf/exp must mirror validFrom/validUntil")
    problems += structure_problems(claims, issuer_url)

    # One changed byte, in the payload and in the signature: both must be refused.
    head, payload, signature = token.split(".")
    for name, tampered in [
        ("payload", f"{head}.{payload[:10]}{'A' if payload[10] != 'A' else 'B'}{payload[11:]}.{signature}"),
        ("signature", f"{head}.{payload}.{signature[:5]}{'A' if signature[5] != 'A' else 'B'}{signature[6:]}"),
    ]:
        try:
            jwt.decode(tampered, key=key, algorithms=["EdDSA"], options={"verify_aud": False, "verify_exp": False, "verify_nbf": False})
            problems.append(f"a token with a changed {name} byte was accepted")
        except jwt.PyJWTError:
            pass

    for problem in problems:
        print(problem)
    if not problems:
        print(json.dumps({"ok": True, "name": claims.get("name"), "holder": claims["credentialSubject"]["identifier"][0]["identityHash"]}))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
