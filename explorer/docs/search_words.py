"""The vendor's and the glossary's terms, kept whole in the Chinese search index.

mkdocs-material's search segments Chinese text with jieba, whose own dictionary splits 验证码 into
验证 + 码: a search for 验证码 then finds pages about verifying a JWT first. ``WORDS`` (the terms of
``docs/glossary.zh.md`` and the vendor's pages) are loaded as jieba words through the search
plugin's ``jieba_dict_user`` option, written by the build beside the edition's config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

WORDS: tuple[str, ...] = (
    "验证码", "图形验证码", "短信验证码", "邮件验证码", "二次认证", "多因素认证", "绑定", "注册",
    "令牌", "令牌过期", "用户未找到", "拒绝访问", "租户", "沙箱", "错误码", "处理建议",
)
"""One term a line of the user dictionary; jieba picks each one's frequency so it stays whole.
No compound that holds another term after its start (注册并绑定, 状态令牌): the theme's search
matches a query's words as prefixes of the index's, so 绑定 would no longer find 注册并绑定."""

FILE = "jieba-words.txt"


def write_user_dict(folder: Path) -> Path:
    """``WORDS`` as a jieba user dictionary in ``folder``; its absolute path."""
    path = (Path(folder) / FILE).resolve()
    path.write_text("".join(f"{word}\n" for word in WORDS), encoding="utf-8")
    return path


def use_user_dict(config: dict[str, Any], path: Path) -> None:
    """Make the config's ``search`` plugin load ``path`` as jieba words (its other options kept)."""
    plugins = config.get("plugins") or []
    for i, plugin in enumerate(plugins):
        name = plugin if isinstance(plugin, str) else next(iter(plugin), None)
        if name == "search":
            options = {} if isinstance(plugin, str) else dict(plugin["search"] or {})
            plugins[i] = {"search": {**options, "jieba_dict_user": str(path)}}
    config["plugins"] = plugins
