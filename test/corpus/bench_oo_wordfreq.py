# Dict-heavy text statistics: a generated corpus of words; counts with
# dict.get and setdefault, bigrams keyed by tuples, letter frequencies, an
# index of word positions, and the most common entries sorted by count.
N = 20000

VOWELS = "aeiou"
CONSONANTS = "bcdfghklmnprstvz"


def words(count, seed):
    x = seed
    out = []
    for _ in range(count):
        x = (x * 1103515245 + 12345) % 2147483648
        length = 2 + (x >> 16) % 5
        w = []
        y = x
        for k in range(length):
            pool = VOWELS if k % 2 else CONSONANTS
            w.append(pool[y % len(pool)])
            y //= 7
        out.append("".join(w))
    return out


text = words(N, 7)
counts = {}
for w in text:
    counts[w] = counts.get(w, 0) + 1
positions = {}
for i, w in enumerate(text):
    positions.setdefault(w, []).append(i)
bigrams = {}
for a, b in zip(text, text[1:]):
    key = (a, b)
    if key in bigrams:
        bigrams[key] += 1
    else:
        bigrams[key] = 1
letters = {}
for w in text:
    for ch in w:
        letters[ch] = letters.get(ch, 0) + 1

top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
print(len(counts), top)
print(sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
print(sorted(letters.items()))
spread = {w: p[-1] - p[0] for w, p in positions.items() if len(p) > 2}
widest = max(spread, key=lambda w: (spread[w], w))
print(widest, spread[widest], len(spread), sum(counts.values()))
by_len = {}
for w in counts:
    by_len.setdefault(len(w), set()).add(w)
print({k: len(v) for k, v in sorted(by_len.items())})
inverse = {}
for w, c in counts.items():
    inverse.setdefault(c, []).append(w)
print(max(inverse), sorted(inverse[max(inverse)]), min(inverse))
