"""Wrong (ex 3): checks signature and audience, never the issuer. Expected hint: issuer."""
import jwt


def verify_id_token(id_token: str, jwks_url: str, issuer: str, audience: str) -> dict:
    key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(id_token)
    return jwt.decode(id_token, key.key, algorithms=["RS256"], audience=audience)
