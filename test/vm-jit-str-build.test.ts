// String building in traces (cases/uops_str_build.c, tracing/record-str-build.ts):
// str(i), f-strings (FORMAT_VALUE without a spec, BUILD_STRING), constant
// "..%d.." / "..%s.." formats, `for ch in s` over any str with inline chars,
// and `s in a_list`; plus tier-1's split() and sort keys, which these programs
// lean on. Every program runs at JIT threshold 2, natively and on the uop
// interpreter, against python3 and against the VM without the JIT; each test
// asserts that its uops were compiled and ran (traces entered), so it cannot
// pass with them unused.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, type JitRun } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

const TO_STR = `
def main():
    out = []
    keys = {}
    for i in range(-1500, 1500, 7):
        a = str(i)
        b = f"{i}"
        c = f"{i!s}"
        big = i * 1000000007           # past 9 digits: a rope of inline pieces
        d = str(big)
        keys[a] = len(d)
        if a != b or b != c or int(d) != big:
            print("mismatch", i, a, b, c, d)
        out.append(d[-3:] + a[:2])
    print(len(keys), keys["-1500"], keys["0"] if "0" in keys else None, out[:5], out[-5:])
    vals = [3, -7, 0, 2**40, -2**47, 2**47 - 1]
    for v in vals * 50:
        s = str(v)
        t = f"{v}"
        assert s == t and int(s) == v, (s, t, v)
    print([str(v) for v in vals])
    # The value changes type mid-loop: floats, bools, None and strs go to tier-1.
    mixed = []
    for i in range(400):
        v = i if i < 300 else [1.5, True, None, "txt", -0.0, float("inf"), float("nan")][i % 7]
        mixed.append(str(v) + "|" + f"{v}")
    print(mixed[295:310])
    # str of a str is the str.
    ws = ["ab", "", "héllo", "x" * 30]
    print([str(w) + f"{w}" for w in ws * 3][:8])
main()
`;

const PERCENT = `
def main():
    out = []
    for i in range(-600, 600):
        out.append("item%d" % i)
        out.append("%s!" % i)
        out.append("%%%i%%" % i)
        out.append("%d" % (i * 99991))
        out.append("a very long literal prefix, more than nine chars: %d (end)" % i)
        out.append("%s" % ("w" + str(i % 4)))
        out.append("<%s>" % "")
    print(len(out), out[:7], out[-7:])
    # Two constant formats taking turns: each is its own identity.
    fmts = ["x=%d", "y=%d;"]
    seen = []
    for i in range(300):
        seen.append(fmts[i % 2] % i)
    print(seen[:6], seen[-4:])
    # A float arrives mid-loop ("%d" % 2.5 is "2" in tier-1), then a str: TypeError.
    got = []
    for i in range(300):
        v = i if i < 250 else i + 0.5
        got.append("n%d" % v)
    print(got[248:253])
    # Flags, widths and precisions: the conversion formatted as a format spec would.
    specs = []
    for i in range(-200, 200):
        x = i / 16
        w = "w" + str(i % 3)
        specs.append("[%5d|%-5d|%05d|%+d|% d]" % (i, i, i, i, i) if i % 50 == 0 else "[%5d]" % i)
        specs.append("%-6d;" % i)
        specs.append("%05d" % i)
        specs.append("%+d" % i)
        specs.append("%.2f" % x)
        specs.append("x=%8.3f!" % x)
        specs.append("%+.1f" % x)
        specs.append("%f" % x)
        specs.append("%08.2f" % x)
        specs.append("%10s|" % w)
        specs.append("%-10s|" % w)
        specs.append("%4s" % i)
        specs.append("%.1f" % i)
    print(len(specs), specs[:13], specs[-13:])
    for i in range(300):
        v = i if i < 280 else "oops"
        got.append("v=%d" % v)
main()
`;

const FSTRINGS = `
def main():
    rows = []
    for i in range(500):
        name = "n" + str(i % 13)
        rows.append(f"{name}:{i}")                       # 3 pieces
        rows.append(f"[{name}]={i};")                    # 5 pieces
        rows.append(f"{name}{i}{name}{i}")               # 4 pieces
        rows.append(f"{i}{name}")                        # 2 pieces
        rows.append(f"{''}{name}{''}")                   # empty pieces
        rows.append(f"é{name}ü")                         # non-ASCII literals
        rows.append(f"{name} is a long enough piece of text to be a rope {i}")
        rows.append(f"{i}{i}{i}{i}{i}{i}")               # 6 pieces: tier-1
        rows.append(f"{i:5d}|{i:<4}|{i / 3:.2f}")        # specs: tier-1
    print(len(rows), rows[:9], rows[-9:])
    print(sum(len(r) for r in rows), rows.count("n3:3"))
main()
`;

const ITER_CHARS = `
def count(words):
    vowels = 0
    codes = 0
    for w in words:
        for ch in w:
            if ch in "aeiou":
                vowels += 1
            codes += ord(ch)
    return vowels, codes

def main():
    words = ["hello", "world", "", "a", "queueing", "xyz", "averyveryverylongword", "naïve", "zebra"]
    print(count(words * 200))
    built = []
    for i in range(300):
        built.append("w" + str(i % 97))
    print(count(built))
    # A str becomes an int mid-loop: TypeError from tier-1 at this line.
    items = ["abc"] * 50 + [5]
    n = 0
    for it in items:
        for ch in it:
            n += 1
    print(n)
main()
`;

const IN_SEQ = `
class Eq:
    def __init__(self, s):
        self.s = s
    def __eq__(self, other):
        return other == self.s
    def __hash__(self):
        return hash(self.s)

def main():
    units = [["A1", "A2", "B3"], ("C1", "A1"), [1, 2.5, None, ("A1",), "A10"], []]
    hits = 0
    for i in range(400):
        k = ["A1", "B3", "C1", "Z9", "A10"][i % 5]
        for u in units:
            if k in u:
                hits += 1
            if k not in u:
                hits += 100
    print(hits)
    # Long strs of the key's length, and an instance with __eq__: tier-1 compares those.
    longs = ["x" * 12, "y" * 12, "abcdefghijkl"]
    found = 0
    for i in range(300):
        key = "abcdefghijk" + "l"[: i % 2]
        if key in longs:
            found += 1
        if "q" in [Eq("q")] and "r" not in [Eq("s")]:
            found += 1000
    print(found)
    # The key becomes an int mid-loop.
    seq = ["a", "b", 3]
    n = 0
    for i in range(300):
        key = "b" if i < 200 else 3
        n += key in seq
    print(n)
main()
`;

const SPLIT_SORT = `
def main():
    cases = ["", "   ", "a", " a b  c ", "\\t\\n x\\x1cy\\x1f z\\x0b\\x0c", "abcdefghi abcdefghij " * 3,
             "héllo wörld  ok", "a\\u3000b\\u2028c \\x85d\\xa0e", "\\x7f \\x00 ok", "x" * 9 + " " + "y" * 10]
    for c in cases:
        print(c.split(), c.split(None, 1), c.split(" "), c.split(" ", 2), c.rsplit(None, 1))
        counts = {}
        for w in c.split():
            counts[w] = counts.get(w, 0) + 1
        print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    words = ["b", "a", "ab", "B", "é", "\\U0001F600", "\\uffff", "", "zz", "a"]
    print(sorted(words), sorted(words, reverse=True))
    pairs = [((words[i % 10], words[(i * 7) % 10]), i % 4) for i in range(200)]
    print(sorted(pairs, key=lambda kv: (-kv[1], kv[0]))[:12])
    print(sorted(pairs, key=lambda kv: (-kv[1], kv[0]), reverse=True)[:12])
    print(sorted([1.5, 1, True, -0.0, 0, False, 2**40, -3.25]), sorted([(1, "b"), (1, "a", 0), (0,)]))
    print(sorted([(2**70, "x"), (1, "y")]), sorted([3, 1, 2], key=lambda x: (x % 2, -x)))
    try:
        print(sorted([(1, "a"), (1, 2)]))
    except TypeError as e:
        print("TypeError", e)
    print(sorted([(1, "a"), (2, 2)]), sorted([1, float("nan"), 0.5])[1:], sorted([[2, 1], [1, 2], [1]]))
main()
`;

const ORD_CHR = `
def main():
    total = 0
    out = []
    for i in range(600):
        c = chr(97 + i % 26)
        total += ord(c) + ord("Z")
        if i > 500:
            c = chr(150 + i % 3)          # past ASCII: tier-1
            total += ord(c) + ord("é")
        out.append(c)
    print(total, "".join(out[-30:]))
    caesar = ""
    for ch in "hello world, it is a fine day":
        caesar += chr((ord(ch) - 97 + 3) % 26 + 97) if "a" <= ch <= "z" else ch
    print(caesar)
    for i in range(300):
        s = "x" if i < 250 else "xy"
        total += ord(s)                    # TypeError from tier-1 at this line
main()
`;

const JOIN = `
def main():
    out = []
    for i in range(600):
        w = "w" + str(i % 9)
        out.append("-".join(["a", str(i), "b"]))
        out.append("".join([w, w]))
        out.append(", ".join((w, "a long item of text", w)))
        out.append(" é ".join([w, str(i)]))          # a non-ASCII separator
        out.append("".join(["", "", ""]))
        out.append("/".join([w]))
        out.append(":".join([]))                      # empty: tier-1
        out.append("".join([str(k) for k in range(300)])[-5:] if i % 100 == 0 else w)
    print(len(out), out[:8], out[-8:])
    bad = [["x", "y"]] * 290 + [["x", 1]]
    for parts in bad:
        out.append("+".join(parts))                  # TypeError from tier-1 at this line
main()
`;

const SPECS = `
def main():
    out = []
    for i in range(-300, 300):
        x = i / 8
        w = "w" + str(i % 5)
        out.append(f"{i:5d}|{i:<6}|{i:^7}|{i:+d}|{i: d}|{i:08d}|{i:=8}|{i:*>6}")
        out.append(f"{x:.2f}|{x:10.3f}|{x:+.1f}|{x:.0f}|{x:<9.1f}|{x:^9.2f}|{x:08.2f}|{i:.1f}|{x:f}")
        out.append(f"{w:>10}|{w:*^9}|{w:<3}|{w:6}|{'é' + w:>5}")
    print(len(out), out[:3], out[-3:])
    # Halfway cases round to even on the exact binary value; -0.0 keeps its sign.
    halves = [0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, 2.675, 1.005, -0.0, 0.0, 1e-7, 5e-324, 123456.789e3]
    print([f"{h:.0f}/{h:.2f}/{h:.1f}" for h in halves * 3][:len(halves)])
    # Too large, inf and nan arrive mid-loop: tier-1 formats them.
    vals = [1.25] * 200 + [1e20, -1e300, float("inf"), float("-inf"), float("nan"), 2.0 ** 70, 1.25]
    print([f"{v:8.2f}" for v in vals][-8:])
    # The value changes type mid-loop (an int spec meets a float, a str meets an int).
    got = []
    for i in range(300):
        v = i if i < 250 else i + 0.5
        got.append(f"{v:>6}")
        s = "s" if i < 280 else 7
        got.append(f"{s:>4}")
    print(got[495:510])
    # A spec built at run time is not guarded by identity: tier-1 formats it.
    print([f"{i:{k}}" for i, k in zip(range(300), ["4", ">5", "<3"] * 100)][-6:])
main()
`;

/** Floats of every magnitude (exact binary values, halfway cases included) under .Nf specs: a differential fuzz of the rounding. */
const FLOAT_FUZZ = `
def main():
    x = 12345
    out = []
    for i in range(6000):
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        m = (x >> 17) >> (x % 40)
        v = m * 2.0 ** -((x >> 7) % 64)
        if x & 1:
            v = -v
        k = i % 7
        if k == 0:
            s = f"{v:.0f}"
        elif k == 1:
            s = f"{v:.1f}"
        elif k == 2:
            s = f"{v:.2f}"
        elif k == 3:
            s = f"{v:.3f}"
        elif k == 4:
            s = f"{v:12.5f}"
        elif k == 5:
            s = f"{v:+.6f}"
        else:
            s = f"{v:.15f}"
        out.append(s)
    print(len(out))
    for s in out:
        print(s)
main()
`;

const PROGRAMS: Record<string, string> = {
  float_fuzz: FLOAT_FUZZ,
  specs: SPECS,
  join: JOIN,
  ord_chr: ORD_CHR,
  to_str: TO_STR, percent: PERCENT, fstrings: FSTRINGS, iter_chars: ITER_CHARS, in_seq: IN_SEQ, split_sort: SPLIT_SORT,
};

const programs = new ProgramSet(PROGRAMS, 'vm-jit-str-build-');
beforeAll(() => programs.prepare());

/** How often each uop appears in the compiled traces of a run. */
function uopCounts(r: JitRun): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of r.jit.allTraces) for (const i of t.compiled.instructions) m.set(i.uop, (m.get(i.uop) ?? 0) + 1);
  return m;
}

/** Each uop is in a trace that was entered at least once (or one a trace's exit linked to). */
function expectUops(r: JitRun, uops: string[]): void {
  const counts = uopCounts(r);
  for (const u of uops) expect(counts.get(u) ?? 0, `${u} in ${[...counts.keys()].join(' ')}: ${describeJit(r.summary)}`).toBeGreaterThan(0);
  expect(r.summary.entries, describeJit(r.summary)).toBeGreaterThan(0);
  expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
}

for (const mode of JIT_MODES) {
  describe(`string building in traces (${mode})`, () => {
    it('str(i) and f"{i}" of small ints (negative, zero, past nine digits as ropes); other types mid-loop go to tier-1', () => {
      const r = programs.run('to_str', { mode });
      expectUops(r, ['STR_AFFIX_INT']);
    });

    it('"..%d.." % i and "..%s.." % s with constant formats, %% escapes, long literals; a float then a str arrive mid-loop (TypeError)', () => {
      const r = programs.run('percent', { mode });
      expectUops(r, ['STR_AFFIX_INT', 'STR_AFFIX_STR', 'STR_PERCENT_SPEC']);
      expect(r.code).toBe(1);
    });

    it('f-strings of two to five pieces natively, empty and non-ASCII pieces, long results as ropes; specs and six pieces in tier-1', () => {
      const r = programs.run('fstrings', { mode });
      expectUops(r, ['STR_CONCAT', 'STR_BUILD3', 'STR_BUILD4', 'STR_BUILD5', 'STR_AFFIX_INT']);
    });

    it('for ch in s over built and listed strs with inline chars; long, empty and non-ASCII strs; an int mid-loop raises', () => {
      const r = programs.run('iter_chars', { mode });
      expectUops(r, ['STR_ITER_INLINE']);
      expect(r.code).toBe(1);
    });

    it('s in a list or tuple of strs and other items; same-length long strs, instances with __eq__ and an int key go to tier-1', () => {
      const r = programs.run('in_seq', { mode });
      expectUops(r, ['SEQ_CONTAINS_STR']);
    });

    it('sep.join of lists and tuples of strs (inline results, ropes, empty items, a non-ASCII separator); empty and long sequences and a non-str item in tier-1', () => {
      const r = programs.run('join', { mode });
      expectUops(r, ['STR_JOIN']);
      expect(r.code).toBe(1);
    });

    it('format specs: ints as d, ints and floats as f (correct rounding, halfway cases, -0.0), strs padded; fill, align, sign, width; others in tier-1', () => {
      const r = programs.run('specs', { mode });
      expectUops(r, ['STR_FORMAT_SPEC']);
    });

    it('6000 random floats of every magnitude under .0f to .15f: rounding as python3 (the native digits against its dtoa)', () => {
      const r = programs.run('float_fuzz', { mode });
      expectUops(r, ['STR_FORMAT_SPEC']);
    });

    it('ord(c) and chr(i) natively for ASCII; other code points in tier-1; ord of two chars raises', () => {
      const r = programs.run('ord_chr', { mode });
      expectUops(r, ['ORD_INLINE', 'CHR_ASCII']);
      expect(r.code).toBe(1);
    });

    it("tier-1's split() (ASCII and Unicode whitespace, maxsplit, separators) and sort keys (tuples, strs by code point, mixed types)", () => {
      programs.run('split_sort', { mode });
    });
  });
}
