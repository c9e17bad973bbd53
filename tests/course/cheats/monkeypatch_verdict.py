"""Cheat (ex 1): patches the verdict so every check passes, and answers nothing."""


def sign_in(base_url: str, client_id: str, access_token: str, uid: str) -> dict:
    import explorer.course.verdict as verdict

    verdict.Verdict.passed = property(lambda self: True)  # type: ignore[method-assign]
    return {}
