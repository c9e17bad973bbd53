"""Reference solution of exercise 3."""

import jwt


def verify_id_token(id_token: str, jwks_url: str, issuer: str, audience: str) -> dict:
    key = jwt.PyJWKClient(jwks_url, cache_keys=False).get_signing_key_from_jwt(id_token)
    return jwt.decode(id_token, key.key, algorithms=["RS256"], audience=audience, issuer=issuer,
                      options={"require": ["exp", "iat", "iss", "aud", "sub"]})
