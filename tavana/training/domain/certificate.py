"""Certificate verification codes (pure Python).

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
shown in groups of five: «7KQ2M-XH4RT». People read it off paper and type it
back in any case, with or without the dash and spaces; `normalise` undoes all
that (and Persian or Arabic-Indic digits) before the lookup.
"""

from __future__ import annotations

import secrets

from tavana.core.domain.persian_text import to_ascii_digits

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def new_code(rng=None) -> str:
    pick = rng.choice if rng is not None else secrets.choice
    return "".join(pick(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str | None) -> str:
    s = to_ascii_digits(typed or "").upper()
    return "".join(c for c in s if c.isascii() and c.isalnum())


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code
