"""Cheat (ex 1): ends the process instead of answering."""
import os


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    os._exit(3)
