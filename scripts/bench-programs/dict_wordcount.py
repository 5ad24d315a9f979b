# Word frequencies over generated text: a deterministic generator builds
# sentences from a vocabulary, then the counting is done three ways (plain
# dict with get, setdefault into lists of positions, and a defaultdict-free
# bigram table keyed by tuples); results sorted by count and word.

N = 300000

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "zo", "an", "el", "or"]


def make_vocabulary(seed, size):
    words = []
    x = seed
    for i in range(size):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        n = 1 + x % 3
        w = ""
        y = x
        for j in range(n):
            w += SYLLABLES[y % len(SYLLABLES)]
            y //= len(SYLLABLES)
        words.append(w)
    return words


def generate(words, count):
    x = 42
    out = []
    for i in range(count):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        # a skewed choice: low indices are common
        k = (x >> 8) % len(words)
        k = k * k // len(words)
        out.append(words[k])
        if x % 11 == 0:
            out[-1] = out[-1].capitalize() + "."
    return " ".join(out)


def count_words(text):
    counts = {}
    for token in text.split():
        word = token.strip(".").lower()
        counts[word] = counts.get(word, 0) + 1
    return counts


def positions(text):
    where = {}
    for i, token in enumerate(text.split()):
        where.setdefault(token.strip(".").lower(), []).append(i)
    return where


def bigrams(text):
    table = {}
    tokens = [t.strip(".").lower() for t in text.split()]
    for a, b in zip(tokens, tokens[1:]):
        key = (a, b)
        if key in table:
            table[key] += 1
        else:
            table[key] = 1
    return table


def main():
    words = make_vocabulary(7, 300)
    text = generate(words, N)
    counts = count_words(text)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    for word, n in top:
        print(f"{word:>10} {n:6d}")
    where = positions(text)
    spread = {w: max(p) - min(p) for w, p in where.items() if len(p) > 1}
    widest = max(spread, key=lambda w: (spread[w], w))
    print("widest", widest, spread[widest], len(where))
    pairs = bigrams(text)
    best = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    for (a, b), n in best:
        print("%s %s: %d" % (a, b, n))
    print(len(counts), len(pairs), sum(counts.values()))


if __name__ == "__main__":
    main()
