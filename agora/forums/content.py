"""What a post's text and files hold: @mentions and file types. Pure: no Django here."""

from __future__ import annotations

import re

# A mention names a person as they are shown: @[Full Name]. Brackets, because names have
# spaces and e-mail addresses (the only unique handle) must not be shown to other members.
MENTION = re.compile(r"(?<![\w@])@\[([^\[\]\n]{1,150})\]")
MAX_MENTIONS = 10

# The first bytes of each accepted file type, and the extensions it may be uploaded with.
SIGNATURES: list[tuple[bytes, int, str]] = [  # (bytes, at offset, content type)
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
]
EXTENSIONS = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/gif": {"gif"},
    "image/webp": {"webp"},
}


def mentioned_names(text: str) -> list[str]:
    """The names mentioned in ``text``, each once, in order, at most ``MAX_MENTIONS``."""
    names: list[str] = []
    for match in MENTION.finditer(text or ""):
        name = " ".join(match.group(1).split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names[:MAX_MENTIONS]


def sniff_type(head: bytes, filename: str) -> str | None:
    """The content type the file's first bytes show, if accepted and if its name agrees."""
    kind = next(
        (kind for signature, offset, kind in SIGNATURES
         if head[offset : offset + len(signature)] == signature),
        None,
    )  # fmt: skip
    if kind == "image/webp" and not head.startswith(b"RIFF"):
        kind = None
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind is None or extension not in EXTENSIONS[kind]:
        return None
    return kind
