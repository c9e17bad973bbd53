"""Wrong (ex 3): verifies the signature with the JWKS but switches the audience check off.
Expected hint: audience."""
import jwt


def verify_id_token(id_token: str, jwks_url: str, issuer: str, audience: str) -> dict:
    key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(id_token)
    return jwt.decode(id_token, key.key, algorithms=["RS256"], issuer=issuer,
                      options={"verify_aud": False})
