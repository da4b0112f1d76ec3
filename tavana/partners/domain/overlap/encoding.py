"""Encode normalised records with a shared secret (see the package doc).

`encode_records(records, secret)` gives an `Encoded`: one row of `WIDTH`
64-bit words per record, in `LAYOUT` order (0 is "not given"). `to_text` /
`from_text` turn a row into the ASCII string the contract's `enc` field holds
and back (base64 of the words with a version byte).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from tavana.core.domain.persian_text import to_persian_digits
from tavana.people.domain import name_variants as nv
from tavana.people.domain.match_records import Normalised, normalise_fields

__all__ = [
    "LAYOUT",
    "MIN_SECRET",
    "NAMES",
    "WIDTH",
    "Encoded",
    "InvalidEncoding",
    "InvalidSecret",
    "encode_records",
    "encode_values",
    "from_text",
    "to_text",
]

#: the shortest shared secret accepted, in bytes
MIN_SECRET = 32
VERSION = 1

#: the name columns, their kind in `name_variants`, and the words each keeps
NAMES = (("first", nv.FIRST), ("last", nv.LAST), ("father", nv.FATHER))
NAME_WORDS = ("eq", "var", "pho", "rpho", "head", "tail", "bloom0", "bloom1")

LAYOUT: tuple[str, ...] = (
    ("nc", *(f"nc_del{p}" for p in range(10)))
    + ("mobile", *(f"mobile_del{p}" for p in range(9)))
    + tuple(f"{f}_{w}" for f, _ in NAMES for w in NAME_WORDS)
    + ("bd", "by", "bd_swap", "bd_next", *(f"bd_mask{p}" for p in range(8)), "age_a", "age_b")
    + ("district", "address", "flags")
)
WIDTH = len(LAYOUT)
COL = {name: i for i, name in enumerate(LAYOUT)}
#: bytes of one encoded row: the words and a version byte, padded to a multiple
#: of three so that rows' base64 texts can be joined and decoded at once
ROW_BYTES = -(-(WIDTH * 8 + 1) // 3) * 3
TEXT_LENGTH = ROW_BYTES // 3 * 4

# flags: bit 0 the national code's check digit is right; bit 1 only the birth
# year is known; per name field i, from bit 8 + 8·i: known name, titled name,
# and six bits of the name's length
F_NC_VALID = 1
F_YEAR_ONLY = 2


def name_flag_shift(i: int) -> int:
    return 8 + 8 * i


BLOOM_BITS = 128
BLOOM_HASHES = 2


class InvalidSecret(ValueError):
    """The secret is too short (Persian message)."""


class InvalidEncoding(ValueError):
    """An `enc` value is not one of ours (Persian message)."""


@dataclass
class Encoded:
    """Encoded records: `words` is (n, WIDTH) int64; `groups` their group values."""

    words: np.ndarray
    groups: list[str | None]

    def __len__(self) -> int:
        return len(self.words)

    def col(self, name: str) -> np.ndarray:
        return self.words[:, COL[name]]

    def cols(self, prefix: str, count: int) -> np.ndarray:
        start = COL[f"{prefix}0"]
        return self.words[:, start : start + count]


class _Keys:
    """The secret's two sub-keys and the keyed functions built on them."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET:
            raise InvalidSecret(f"رمز مشترک دست‌کم {to_persian_digits(MIN_SECRET)} بایت باید باشد.")
        aes_key = hashlib.blake2b(secret, digest_size=32, person=b"tavana-ovl-aes").digest()
        self.text_key = hashlib.blake2b(secret, digest_size=32, person=b"tavana-ovl-txt").digest()
        self.cipher = Cipher(algorithms.AES(aes_key), modes.ECB())
        self.cache: dict[tuple[bytes, str], int] = {}

    def text(self, tag: bytes, value: str) -> int:
        """A non-zero 64-bit token of a short text (names, dates): keyed BLAKE2b."""
        key = (tag, value)
        token = self.cache.get(key)
        if token is None:
            h = hashlib.blake2b(value.encode(), key=self.text_key, digest_size=8, person=tag)
            token = int.from_bytes(h.digest(), "little", signed=True) | 1
            self.cache[key] = token
        return token

    def digits(self, tag: int, digits: np.ndarray, present: np.ndarray) -> np.ndarray:
        """Tokens of rows of ASCII digits (n, ≤14): one AES-256 block each
        (tag, length, digits), the first 8 bytes kept; 0 where not present."""
        n, width = digits.shape
        blocks = np.zeros((n, 16), dtype=np.uint8)
        blocks[:, 0] = tag
        blocks[:, 1] = width
        blocks[:, 2 : 2 + width] = digits
        enc = self.cipher.encryptor()
        out = np.frombuffer(enc.update(blocks.tobytes()) + enc.finalize(), dtype=np.uint8)
        tokens = out.reshape(n, 16)[:, :8].copy().view("<i8")[:, 0] | 1
        return np.where(present, tokens, 0)


# tags of the digit tokens (AES blocks): a deleted digit shares the tag of its field
T_NC, T_NC_DEL, T_MOBILE, T_MOBILE_DEL, T_BD_MASK = 1, 2, 3, 4, 5


def _digit_matrix(values: Sequence[str | None], width: int) -> tuple[np.ndarray, np.ndarray]:
    present = np.array([v is not None and len(v) == width for v in values], dtype=bool)
    text = "".join(
        v if v is not None and p else "0" * width for v, p in zip(values, present, strict=True)
    )
    arr = np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(len(values), width)
    return arr, present


def _deletions(keys: _Keys, out, tag: int, col: str, digits, present, first: int) -> None:
    """Tokens of the code with each digit from `first` on deleted in turn (one tag,
    so a substitution, a swap of neighbours and a dropped digit all share one)."""
    width = digits.shape[1]
    base = COL[f"{col}0"]
    for k, p in enumerate(range(first, width)):
        kept = np.delete(digits, p, axis=1)
        out[:, base + k] = keys.digits(tag, kept, present)


def _encode_digits(keys: _Keys, recs: Sequence[Normalised], out: np.ndarray) -> None:
    nc, has_nc = _digit_matrix([r.nc for r in recs], 10)
    out[:, COL["nc"]] = keys.digits(T_NC, nc, has_nc)
    _deletions(keys, out, T_NC_DEL, "nc_del", nc, has_nc, 0)
    valid = has_nc & _check_digit_ok(nc - 48)
    out[:, COL["flags"]] |= np.where(valid, F_NC_VALID, 0)
    mob, has_mob = _digit_matrix([r.mobile for r in recs], 11)
    out[:, COL["mobile"]] = keys.digits(T_MOBILE, mob, has_mob)
    _deletions(keys, out, T_MOBILE_DEL, "mobile_del", mob, has_mob, 2)
    dates = [f"{r.bd[0]:04d}{r.bd[1]:02d}{r.bd[2]:02d}" if r.bd and r.bd[1] else None for r in recs]
    bd, has_bd = _digit_matrix(dates, 8)
    for p in range(8):
        masked = bd.copy()
        masked[:, p] = ord("x")
        out[:, COL[f"bd_mask{p}"]] = keys.digits(T_BD_MASK + 16 * p, masked, has_bd)


def _check_digit_ok(d: np.ndarray) -> np.ndarray:
    """The national code's check digit (rows of ten digits 0–9)."""
    weights = np.arange(10, 1, -1, dtype=np.int64)
    r = (d[:, :9].astype(np.int64) * weights).sum(axis=1) % 11
    return d[:, 9] == np.where(r < 2, r, 11 - r)


def _bloom(keys: _Keys, key: str) -> tuple[int, int]:
    """A 128-bit Bloom filter of the key's letter pairs (padded at both ends)."""
    padded = f"^{key}$"
    bits = 0
    for k in range(len(padded) - 1):
        h = keys.text(b"bigram", padded[k : k + 2])
        for j in range(BLOOM_HASHES):
            bits |= 1 << ((h >> (7 * j + 1)) & (BLOOM_BITS - 1))
    mask = (1 << 64) - 1
    lo, hi = bits & mask, bits >> 64
    return (lo - (1 << 64) if lo >> 63 else lo), (hi - (1 << 64) if hi >> 63 else hi)


def _name_words(keys: _Keys, key: str, kind: str, cache: dict) -> tuple[tuple[int, ...], int]:
    """The name's eight words and its flag bits (known, titled, length), cached."""
    hit = cache.get((key, kind))
    if hit is not None:
        return hit
    variant = nv.variant_key(key, kind)
    parts = nv.split_compound(variant, kind)
    head = keys.text(b"form", nv.variant_key(parts[0], kind)) if parts else 0
    tail = keys.text(b"form", nv.variant_key(parts[1], kind)) if parts else 0
    words = (
        keys.text(b"name", key),
        keys.text(b"form", variant),
        keys.text(b"form", nv.phonetic_key(variant)),
        keys.text(b"form", nv.phonetic_key(key)),
        head,
        tail,
        *_bloom(keys, key),
    )
    flags = (
        int(nv.is_known_name(variant, kind))
        | int(nv.title_suffix(key) is not None) << 1
        | min(len(key), 63) << 2
    )
    cache[(key, kind)] = hit = (words, flags)
    return hit


def _encode_names(keys: _Keys, recs: Sequence[Normalised], out: np.ndarray) -> None:
    cache: dict = {}
    for i, (field, kind) in enumerate(NAMES):
        base = COL[f"{field}_eq"]
        shift = name_flag_shift(i)
        for row, r in enumerate(recs):
            key = getattr(r, field)
            if key:
                words, flags = _name_words(keys, key, kind, cache)
                out[row, base : base + len(NAME_WORDS)] = words
                out[row, COL["flags"]] |= flags << shift


def _next_day(y: int, m: int, d: int) -> str:
    last = 31 if m <= 6 else 30
    if d < last:
        return f"{y:04d}{m:02d}{d + 1:02d}"
    return f"{y:04d}{m + 1:02d}01" if m < 12 else f"{y + 1:04d}0101"


def _encode_dates(keys: _Keys, recs: Sequence[Normalised], out: np.ndarray) -> None:
    t = keys.text
    for row, r in enumerate(recs):
        if not r.bd:
            continue
        y, m, d = r.bd
        out[row, COL["by"]] = t(b"year", str(y))
        out[row, COL["age_a"]] = t(b"age-a", str(y // 20))
        out[row, COL["age_b"]] = t(b"age-b", str((y + 10) // 20))
        if not m:
            out[row, COL["flags"]] |= F_YEAR_ONLY
            continue
        out[row, COL["bd"]] = t(b"date", f"{y:04d}{m:02d}{d:02d}")
        if d <= 12 and d != m:
            out[row, COL["bd_swap"]] = t(b"date", f"{y:04d}{d:02d}{m:02d}")
        out[row, COL["bd_next"]] = t(b"date", _next_day(y, m, d))


def _encode_places(keys: _Keys, recs: Sequence[Normalised], out: np.ndarray) -> None:
    for row, r in enumerate(recs):
        if r.district is not None:
            out[row, COL["district"]] = keys.text(b"district", str(r.district))
        if r.address:
            out[row, COL["address"]] = keys.text(b"address", r.address)


def encode_records(
    recs: Sequence[Normalised], secret: bytes, groups: Sequence[str | None] | None = None
) -> Encoded:
    """The records' encodings under the shared secret (raises `InvalidSecret`)."""
    keys = _Keys(secret)
    out = np.zeros((len(recs), WIDTH), dtype=np.int64)
    if recs:
        _encode_digits(keys, recs, out)
        _encode_names(keys, recs, out)
        _encode_dates(keys, recs, out)
        _encode_places(keys, recs, out)
    return Encoded(out, list(groups) if groups is not None else [None] * len(recs))


def encode_values(rows: Sequence[tuple], secret: bytes, groups: Sequence[str | None]) -> Encoded:
    """`encode_records` of rows given as `normalise_fields`' arguments."""
    return encode_records([normalise_fields(*row) for row in rows], secret, groups)


def to_text(words: np.ndarray) -> list[str]:
    """The `enc` strings of rows of words (one per row)."""
    n = len(words)
    raw = np.zeros((n, ROW_BYTES), dtype=np.uint8)
    raw[:, 0] = VERSION
    raw[:, 1 : 1 + WIDTH * 8] = np.ascontiguousarray(words, dtype="<i8").view(np.uint8)
    text = base64.b64encode(raw.tobytes()).decode("ascii")
    return [text[k : k + TEXT_LENGTH] for k in range(0, len(text), TEXT_LENGTH)]


def from_text(texts: Sequence[str]) -> np.ndarray:
    """Rows of words from `enc` strings (raises `InvalidEncoding`)."""
    if not texts:
        return np.zeros((0, WIDTH), dtype=np.int64)
    for k, t in enumerate(texts):
        if not isinstance(t, str) or len(t) != TEXT_LENGTH:
            raise InvalidEncoding(f"رمزشدهٔ ردیف {to_persian_digits(k + 1)} از قالب توانا نیست.")
    try:
        raw = base64.b64decode("".join(texts), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidEncoding("رمزشده‌ها از قالب توانا نیستند (base64 نادرست).") from None
    arr = np.frombuffer(raw, dtype=np.uint8).reshape(len(texts), ROW_BYTES)
    bad = np.flatnonzero(arr[:, 0] != VERSION)
    if len(bad):
        raise InvalidEncoding(
            f"رمزشدهٔ ردیف {to_persian_digits(int(bad[0]) + 1)} از نسخهٔ دیگری است."
        )
    return arr[:, 1 : 1 + WIDTH * 8].copy().view("<i8").reshape(len(texts), WIDTH)
