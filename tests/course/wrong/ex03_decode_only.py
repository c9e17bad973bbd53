"""Wrong (ex 3): decodes without verifying the signature. Expected hint: jwks."""
import jwt


def verify_id_token(id_token: str, jwks_url: str, issuer: str, audience: str) -> dict:
    return jwt.decode(id_token, options={"verify_signature": False})
