// The JIT on dicts, sets and short strs (cases/uops_dicts.c, cases/uops_strs.c,
// cases/dict_support.c; tracing/record-dicts.ts, record-strs.ts): keys hashed
// and probed natively, short ASCII strs compared and transformed on their
// inline chars. Every program runs at JIT threshold 2 (native and on the uop
// interpreter) against python3 and against the VM without the JIT (the
// generic path), and each test asserts that its uops were compiled, so that
// it cannot pass with them unused.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

/** Counting with get, subscript stores and `in`, keys of mixed types arriving mid-loop, the dict growing. */
const COUNTS = `
def main():
    words = ["ab", "cd", "ab", "efg", "cd", "ab", "a" * 12, "x" * 12, "Ab", "ab"]
    counts = {}
    pairs = {}
    for i in range(3000):
        w = words[i % len(words)]
        counts[w] = counts.get(w, 0) + 1
        if i > 1500:
            # new keys of other types mid-loop: ints, tuples, a float, a bool
            counts[i % 7] = counts.get(i % 7, 0) + 1
        if i == 2000:
            counts[2.5] = 1
            counts[True] = 100
        k = (w, i % 3)
        if k not in pairs:
            pairs[k] = 1
        else:
            pairs[k] += 1
        if w in counts and (w, 0) in pairs:
            counts[w] += 0
    grow = {}
    for i in range(2000):
        grow["k" + str(i % 500)] = i       # the table resized during the loop
        grow[i] = grow.get(i - 1, -1)
    print(sorted(counts.items(), key=repr))
    print(sorted(pairs.items()))
    print(len(grow), grow["k7"], grow[1999], grow.get("nope"), grow.get(5000, "d"))
main()
`;

/** A missing key raises KeyError at the lookup (and at del): tier-1 raises it with the right traceback. */
const KEYERROR = `
def lookup(d, keys):
    t = 0
    for k in keys:
        t += d[k]
    return t

def main():
    d = {"a": 1, "b": 2, "c": 3, 4: 4, (1, "x"): 5}
    keys = ["a", "b", "c", 4, (1, "x")] * 40
    print(lookup(d, keys))
    for i in range(100):
        d[i] = i
    for i in range(0, 100, 2):
        del d[i]
    print(len(d), sorted(k for k in d if isinstance(k, int))[:5])
    try:
        for i in range(100):
            del d[i]
    except KeyError as e:
        print("KeyError", e)
    print(lookup(d, keys + ["zz"]))
main()
`;

/** Equal hashes, different keys (and equal keys of different types): the probe asks tier-1. */
const COLLISIONS = `
class K:
    def __eq__(self, other):
        return other == 7
    def __hash__(self):
        return 7

def main():
    d = {}
    big = 2 ** 61          # hash(2**61) == 1
    d[big] = "big"
    d[-1] = "minus one"    # hash(-1) == hash(-2) == -2
    d[1.0] = "float one"   # equal to the int 1
    d[K()] = "seven"       # equal to 7, by its __eq__
    d["long key " * 3] = "long"
    t = []
    for i in range(400):
        k = i % 9
        t.append(d.get(1, "?"))
        t.append(d.get(-2, "no"))
        t.append(d.get(k, "-"))
        t.append(d.get("long key " * 3, "-"))
        t.append(1 in d)
        t.append(big in d)
    print(t[:30], len(t), t.count("float one"), t.count("seven"), t.count("long"))
    s = {1, 2, "ab", (1, "ab"), 2 ** 61}
    c = 0
    for i in range(600):
        if i % 4 in s:
            c += 1
        if ("ab", 1)[i % 2] in s:
            c += 10
        if (1, "ab") in s:
            c += 100
    print(c)
main()
`;

/** Short-str operations on inline chars, long and non-ASCII strs mixed in (they exit to tier-1). */
const STRS = `
def main():
    toks = ["Ab.", "cd", "  x y ", "HELLO.", ".a.", "zzzzzzzzz", "Mixed.Case", "\\u00fcmlaut", "", "..", "a" * 20 + "."]
    out = []
    hits = 0
    for i in range(2000):
        t = toks[i % len(toks)]
        w = t.strip(".").lower()
        u = t.upper()
        c = t.capitalize()
        s = t.strip()
        l = t.lstrip(".") + "|" + t.rstrip(". ")
        r = t.replace(".", "") + t.replace("a", "AAA") + t.replace("zz", "")
        if "." in t:
            hits += 1
        if "cd" not in t:
            hits += 2
        if t.startswith("Ab") or t.endswith("z.") or t.endswith("") or t.startswith("zzzzzzzzzz"):
            hits += 4
        if t.endswith("."):
            hits += 8
        if i < len(toks):
            out.append((w, u, c, s, l, r, t.strip(".") is t))
    print(out, hits)
main()
`;

/** Indexing and truthiness of strs: inline chars pick the shared one-character strs; an index out of range raises. */
const STR_INDEX = `
def main():
    toks = [t.upper().lower() for t in ["abc", "", "xy", "HELLO", "long string here", "\u00fcber", "q"]]
    out = []
    for i in range(700):
        t = toks[i % len(toks)]
        if not t:
            out.append("empty")
            continue
        if t:
            out.append(t[0] + t[-1] + t[i % len(t)])
        if t[0] == "a" and t[1] != "x":
            out.append("shared")
    print(out[:30], len(out), out.count("shared"))
    n = 0
    for i in range(300):
        n += len(toks[0][i % 3])
    print(n)
    s = "abc"
    for i in range(10):
        print(s[i])
main()
`;

/** min/max of lists and tuples: natively over small ints or floats (python3's choice among equal items and NaN), tier-1 otherwise. */
const MIN_MAX = `
def main():
    nan = float("nan")
    seqs = [[3, 1, 2], (5, -7, 5), [2.5, nan, 1.0], [nan, 1.0, 2.0], [1, 2.5], [0.0, -0.0], ["b", "a"], (1,), [True, 2]]
    out = []
    for i in range(900):
        s = seqs[i % len(seqs)]
        out.append((min(s), max(s)))
    print(out[:9], len(out))
    where = {"a": [5, 1, 9], "b": [2], "c": [7, 7, 3]}
    spread = {w: max(p) - min(p) for w, p in where.items() if len(p) > 1}
    print(spread)
    grow = []
    for i in range(300):
        grow.append(i % 17)
        if i > 250:
            grow.append(-1.5 if i == 299 else 0)
        t = max(grow) - min(grow)
    print(t)
    ps = [list(range(k, 1800, 5)) for k in range(6)] + [[1.5, -2.5, 0.5]] * 4
    print([min(p) for p in ps], [max(p) for p in ps])
    e = []
    for i in range(5):
        print(min(e))
main()
`;

/** Dict comprehensions, setdefault and a table keyed by tuples (wordcount's shapes). */
const COMPREHENSIONS = `
def main():
    text = " ".join(["ka", "lo", "Mi.", "ne", "ka", "ru"] * 300)
    where = {}
    for i, tok in enumerate(text.split()):
        where.setdefault(tok.strip(".").lower(), []).append(i)
    spread = {w: max(p) - min(p) for w, p in where.items()}
    sq = {i: i * i for i in range(300)}
    names = {c + d: len(c + d) for c in "ABC" for d in "123"}
    table = {}
    toks = text.split()
    for a, b in zip(toks, toks[1:]):
        key = (a, b)
        if key in table:
            table[key] += 1
        else:
            table[key] = 1
    print(sorted(spread.items()), sum(sq.values()), names, sorted(table.items())[:5])
main()
`;

/** d[k] and d[k] = v on dict subclasses (Counter, defaultdict, OrderedDict, user classes): the base dict natively, __missing__ inlined, classes changed mid-loop. */
const SUBCLASSES = `
from collections import Counter, OrderedDict, defaultdict

class Default0(dict):
    def __missing__(self, key):
        return -1

class Plain(dict):
    pass

class Lower(dict):
    def __getitem__(self, key):
        return dict.__getitem__(self, key.lower())

def main():
    words = ["ab", "Cd", "ab", "efg", "cd", "x" * 12, "ab"]
    cnt = Counter()
    groups = defaultdict(list)
    ints = defaultdict(int)
    od = OrderedDict()
    d0 = Default0()
    low = Lower(ab=1, cd=2, efg=3)
    low["x" * 12] = 4
    t = 0
    for i in range(3000):
        w = words[i % len(words)]
        cnt[w] += 1
        cnt[i % 97] += i & 3
        groups[w[0]].append(i)
        ints[(w, i % 5)] += 2
        od[w] = i
        t += d0[i % 11] + low[w.lower()]
        d0[i % 7] = i
        if i == 2000:
            # the class changes: its instances take the new __missing__, then a Python __getitem__
            Default0.__missing__ = lambda self, key: 100
        if i == 2500:
            Default0.__getitem__ = lambda self, key: 7
    print(cnt.most_common(4), sorted(groups.items())[0][1][:5], len(groups["a"]), sorted(ints.items())[:4])
    print(list(od.items()), t, sorted(d0.items())[:3])
    p = Plain(a=1)
    s = 0
    for i in range(300):
        s += p["a"]
        p[i] = i
    print(s, len(p))
    print(p["missing"])
main()
`;

const PROGRAMS: Record<string, string> = {
  counts: COUNTS, keyerror: KEYERROR, collisions: COLLISIONS, strs: STRS, str_index: STR_INDEX, min_max: MIN_MAX, comprehensions: COMPREHENSIONS, subclasses: SUBCLASSES,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-dicts-');
beforeAll(() => programs.prepare());

/** How often each uop appears in the compiled traces of a run. */
function uopCounts(r: JitRun): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of r.jit.allTraces) for (const i of t.compiled.instructions) m.set(i.uop, (m.get(i.uop) ?? 0) + 1);
  return m;
}

function expectUops(r: JitRun, uops: string[]): void {
  const counts = uopCounts(r);
  for (const u of uops) expect(counts.get(u) ?? 0, `${u} in ${[...counts.keys()].join(' ')}: ${describeJit(r.summary)}`).toBeGreaterThan(0);
}

for (const mode of JIT_MODES) {
  describe(`JIT on dicts, sets and short strs (${mode})`, () => {
    it('get, subscript stores and in/not in with str, int and tuple keys; other key types mid-loop; the table growing', () => {
      const r = programs.run('counts', { mode });
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
      expectUops(r, ['DICT_GET_METHOD2', 'DICT_SET', 'DICT_CONTAINS', 'DICT_NOT_CONTAINS', 'DICT_GET']);
      expect(r.summary.stitchReasons['subscript store'] ?? 0, describeJit(r.summary)).toBe(0);
    });

    it('a missing key raises KeyError from the lookup and from del, with tier-1\'s traceback', () => {
      const r = programs.run('keyerror', { mode });
      expectUops(r, ['DICT_GET', 'DICT_DELETE']);
      expect(r.code).toBe(1);
    });

    it('equal hashes of unequal keys and equal keys of other types: tier-1 compares', () => {
      const r = programs.run('collisions', { mode });
      expectUops(r, ['DICT_GET_METHOD2', 'SET_CONTAINS']);
      // Keys only tier-1 can compare are stitched, not recorded as uops that exit at once: no chain of side traces.
      expect(r.summary.traces, describeJit(r.summary)).toBeLessThan(20);
    });

    it('in, lower/upper/capitalize, strip/lstrip/rstrip, replace, startswith/endswith on inline chars; long and non-ASCII strs exit', () => {
      const r = programs.run('strs', { mode });
      expectUops(r, ['STR_CASE', 'STR_STRIP_CHARS', 'STR_STRIP', 'STR_REPLACE', 'STR_CONTAINS', 'STR_NOT_CONTAINS', 'STR_AFFIX']);
    });

    it('s[i] and truthiness of strs; an index out of range raises IndexError from tier-1', () => {
      const r = programs.run('str_index', { mode });
      expectUops(r, ['STR_INDEX_INLINE', 'TO_BOOL_STR', 'STR_EQ']);
      expect(r.code).toBe(1);
    });

    it('min/max of a list or tuple natively over ints or floats; other items and an empty sequence go to tier-1', () => {
      const r = programs.run('min_max', { mode });
      expectUops(r, ['MIN_SEQ', 'MAX_SEQ']);
      expect(r.code).toBe(1);
    });

    it('dict subclasses: d[k] and d[k] = v on the base dict, __missing__ inlined, the class changed mid-loop, KeyError of a plain subclass', () => {
      const r = programs.run('subclasses', { mode });
      expectUops(r, ['BASE_DICT_GET', 'BASE_DICT_SET', 'GUARD_BASE_DICT_ABSENT']);
      expect(r.summary.stitchReasons['subscript store'] ?? 0, describeJit(r.summary)).toBe(0);
      expect(r.code).toBe(1);
    });

    it('dict comprehensions, setdefault and tuple keys', () => {
      const r = programs.run('comprehensions', { mode });
      expectUops(r, ['DICT_MAP_ADD', 'DICT_SETDEFAULT', 'DICT_CONTAINS']);
    });
  });
}
