"""One edition's mkdocs settings, made from the English ``mkdocs.yml``.

A leaf of ``explorer.docs``: the site builder (``site``) applies it to every config it writes,
and the editions build (``editions``) runs the site builder; keeping it here, below both, is what
lets ``site`` use it without importing ``editions`` (which imports ``build``, which imports
``site``: a cycle)."""

from __future__ import annotations

from typing import Any

from .. import i18n

SITE_NAME = {"en": "Weibo Login Explorer", "zh": "微博登录 Explorer"}


def configure(config: dict[str, Any], language: str,
              editions: tuple[str, ...] = i18n.LANGUAGES) -> None:
    """Turn the English config (``mkdocs.yml`` as loaded YAML) into ``language``'s among the
    ``editions`` published together: theme language (which also gives the search its Chinese
    separator, ``\u200b`` included), site name, and the switcher's entries (``extra.editions``),
    each linking its edition's root relative to this one's. The first edition is at the site's
    root, the others at ``<language>/``; one edition alone has no switcher
    (``extra.alternate`` false).

    The Chinese index is segmented by jieba (installed with the docs: mkdocs-material uses it
    when present), with the vendor's and the glossary's terms as words of its own
    (``search_words``, added by ``site.site_config``)."""
    config.setdefault("theme", {})["language"] = language
    config["site_name"] = SITE_NAME.get(language, config["site_name"])

    def root(lang: str) -> str:
        return "" if lang == editions[0] else f"{lang}/"

    up = "../" * root(language).count("/")
    extra = config.setdefault("extra", {})
    entries = [{**entry, "link": up + root(entry["lang"])}
               for entry in extra.get("editions") or [] if entry["lang"] in editions]
    extra["editions"] = entries if len(entries) > 1 else []
    extra["alternate"] = bool(extra["editions"])
