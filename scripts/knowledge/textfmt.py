"""The compact list syntax the data files share.

A list is words separated by spaces. A word may hold one brace group:
`cpp-{10,12,14}` stands for cpp-10 cpp-12 cpp-14, and inside braces `a..b`
(two decimal numbers written without leading zeros, a < b) stands for every
number from a to b: `3.9.{0..3,5}` is 3.9.0 3.9.1 3.9.2 3.9.3 3.9.5. `~`
stands for the empty string. Nothing else is special.
"""

import os
import re

TAIL_NUM = re.compile(r"^(.*?)(\d+)$")
SEPARATORS = "-._+"


def _runs(nums):
    """Sorted numeric strings -> brace items with a..b for runs of 3+."""
    nums = sorted(set(nums), key=lambda x: (len(x), x))
    out = []
    i = 0
    while i < len(nums):
        j = i
        canon = lambda s: str(int(s)) == s
        while (
            j + 1 < len(nums)
            and canon(nums[j + 1])
            and canon(nums[j])
            and int(nums[j + 1]) == int(nums[j]) + 1
        ):
            j += 1
        if j - i >= 2:
            out.append(f"{nums[i]}..{nums[j]}")
        else:
            out.extend(nums[i : j + 1])
        i = j + 1
    return out


def _split(word):
    """(prefix, last) for grouping: a trailing number after a non-digit, or
    the text after the last '-'; (None, word) when neither."""
    m = TAIL_NUM.match(word)
    if m and m.group(1) and not m.group(1)[-1].isdigit():
        return m.group(1), m.group(2)
    i = word.rfind("-")
    if 0 < i < len(word) - 1:
        return word[: i + 1], word[i + 1 :]
    return None, word


def _items(values):
    if all(v.isdigit() for v in values):
        return _runs(values)
    return sorted(values)


def compress(items):
    """A set of words -> a sorted list of words using brace groups: words
    sharing a prefix (up to a trailing number or the last '-'), then
    remaining words sharing a tail from their last '-'."""
    groups = {}
    for it in set(items):
        assert it and not any(c in it for c in " {},"), it
        prefix, last = _split(it)
        groups.setdefault(prefix, []).append(last)
    out = []
    single = []
    for prefix, lasts in groups.items():
        if prefix is None:
            single += lasts
        elif len(lasts) == 1:
            single.append(prefix + lasts[0])
        else:
            out.append(prefix + "{" + ",".join(_items(lasts)) + "}")
    tails = {}
    for w in single:
        i = w.rfind("-")
        if 0 < i < len(w) - 1:
            tails.setdefault(w[i:], []).append(w[:i])
        else:
            out.append(w)
    for tail, heads in tails.items():
        if len(heads) == 1:
            out.append(heads[0] + tail)
        else:
            out.append("{" + ",".join(sorted(heads)) + "}" + tail)
    return sorted(_tighten(w) for w in out)


def _tighten(word):
    """Moves what every item of the brace group starts or ends with out of
    the braces: `{gcc-ar,gcc-nm}-12` -> `gcc-{ar,nm}-12` (not for groups
    with ranges)."""
    head, brace, rest = word.partition("{")
    if not brace:
        return word
    body, _, tail = rest.partition("}")
    items = body.split(",")
    if any(".." in i for i in items):
        return word
    pre = os.path.commonprefix(items)
    # Only up to a separator, so that the parts stay readable
    # (`gcc-{ar,nm}-12`, not `g{nupg-utils,pg}`), or `lib`
    # (`lib{ssl,xml2}-dev`).
    cut = max(pre.rfind(c) + 1 for c in SEPARATORS)
    if cut == 0 and pre.startswith("lib"):
        cut = 3
    pre = pre[:cut]
    items = [i[len(pre):] for i in items]
    suf = os.path.commonprefix([i[::-1] for i in items])[::-1]
    cut = [suf.find(c) for c in SEPARATORS if c in suf]
    suf = suf[min(cut):] if cut else ""
    if suf:
        items = [i[: len(i) - len(suf)] for i in items]
    return head + pre + "{" + ",".join(items) + "}" + suf + tail


def expand_word(word):
    if "{" not in word:
        return ["" if word == "~" else word]
    head, _, rest = word.partition("{")
    body, _, tail = rest.partition("}")
    out = []
    for item in body.split(","):
        if ".." in item:
            a, b = item.split("..")
            out += [f"{head}{n}{tail}" for n in range(int(a), int(b) + 1)]
        else:
            out.append(f"{head}{item}{tail}")
    return out


def expand(words):
    out = []
    for w in words:
        out += expand_word(w)
    return out


def selftest():
    import random

    rnd = random.Random(1)
    for _ in range(2000):
        items = {
            rnd.choice(["a", "b-", "3.", "x1y", "gcc-", "~"])
            + (str(rnd.randrange(0, 30)) if rnd.random() < 0.8 else "")
            for _ in range(rnd.randrange(1, 12))
        }
        items = {i for i in items if i}
        words = compress(items)
        assert set(expand(words)) == {("" if i == "~" else i) for i in items}, (items, words)


if __name__ == "__main__":
    selftest()
    print("ok")
