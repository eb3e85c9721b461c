"""Numbers as Dutch authors write them, and the values each written form can stand for.

YAML knows one way to write a number: ``11800``, ``11.8``. Dutch authors also write a dot between
the thousands (``11.800``, ``1.250.000``) and a decimal comma (``23,5``, ``1.250,5``); some write
the English way (``1,250.5``). :func:`readings` lists what a text can mean:

- one reading when only one is possible: ``23,5`` is 23.5 (a thousands group has three digits),
  ``1.250.000`` is 1250000 (a decimal number has one decimal sign), ``1.250,5`` and ``1,250.5``
  are 1250.5 (two different signs: the last is the decimal one), ``0.125`` is 0.125 (no group
  starts with 0), ``11.8`` is 11.8;
- two readings when one sign is followed by exactly three digits: ``11.800`` and ``11,800`` are
  11800 or 11.8. The loader then keeps the reading that fits the field (an integer, a range such
  as a latitude's), or reports both and asks the author to write one of them.
"""

from __future__ import annotations

import re

Number = int | float

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_DECIMAL_COMMA = re.compile(r"^([-+]?[0-9]+),([0-9]+)$")
# One separator followed by three digits: a group of thousands, or three decimals.
_ONE_GROUP = re.compile(r"^([-+]?[1-9][0-9]{0,2})[.,]([0-9]{3})$")
# Groups of thousands with one sign, and perhaps decimals after the other sign.
_GROUPED = re.compile(r"^([-+]?[1-9][0-9]{0,2})((?:([.,])[0-9]{3})(?:\3[0-9]{3})*)(?:([.,])([0-9]+))?$")


def readings(text: str) -> tuple[Number, ...]:
    """Every number ``text`` can mean as a Dutch or English author writes it: none, one, or two
    (the whole number first, then the decimal one)."""
    if _INT.match(text):
        return (int(text),)
    one_group = _ONE_GROUP.match(text)
    if one_group:
        whole, rest = one_group.groups()
        return int(whole + rest), float(f"{whole}.{rest}")
    if _FLOAT.match(text):
        return (float(text),)
    comma = _DECIMAL_COMMA.match(text)
    if comma:
        return (float(f"{comma[1]}.{comma[2]}"),)
    grouped = _GROUPED.match(text)
    if grouped and grouped[4] != grouped[3]:
        whole = grouped[1] + grouped[2].replace(grouped[3], "")
        return (int(whole),) if grouped[5] is None else (float(f"{whole}.{grouped[5]}"),)
    return ()


def written(value: Number) -> str:
    """A reading as the author may write it instead: digits, a point for decimals, no thousands sign."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)
