"""Overlap without identities (pure Python/NumPy, no Django).

How many of a partner's people are also in the registry, without either side
seeing the other's names or codes (shared/contracts/overlap.md). Each side
turns its records into *encodings* with a secret they share
(`encoding.encode_records`); only the encodings travel; `linking.count_overlap`
finds the records of A that match a record of B by the registry's own
matching rules applied to the encodings; `cells.suppress` hides small counts.

What an encoding holds, per record (`encoding.LAYOUT`): keyed 64-bit tokens
of the registry's normalised values and of the forms its comparison looks at
(a name's spelling variant, its phonetic form and the parts of a compound;
the national code and the mobile with each digit deleted in turn, so one
digit wrong, two swapped or one dropped still meet; the birth date with each
digit masked, day and month swapped and the next day), a Bloom filter of each
name's letter pairs (for one or two letters typed wrong), and a few flags
(valid check digit, a name the name table knows, a name's length).

Security: every token is a pseudo-random function of the value under the
shared secret (AES-256 for the digit strings, keyed BLAKE2b for names and
dates), so without the secret a token says nothing about its value and a
guess cannot be confirmed. What it cannot hide — as with every deterministic
linkage encoding, clkhash's too — is *equality* inside a file: a holder of one
side's encodings sees that two records share a surname token, and so how
often each (unknown) name occurs.
"""
