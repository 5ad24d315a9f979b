// Builtins a trace calls in place (CALL_BUILTIN_*, cases/host_calls.c,
// runtime/vm/tracing/host-calls.ts): random's functions, sorted, repr, next,
// math's, ... Every program runs at JIT threshold 2 (native and on the uop
// interpreter) against python3 (full stderr) and the VM without the JIT.
// random's draws make a call made twice visible (every later number would
// differ); the others raise mid-loop, would run Python methods (the call is
// given up, nothing done, and tier-1 makes it), or allocate a lot.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeJit, JIT_MODES, uopCount } from './helpers/vm-jit-run.ts';
import { ProgramSet } from './helpers/program-set.ts';

/** random's functions on the module's generator and a Random's, errors mid-loop, a choice over an instance. */
const RANDOM = `
import random

class Seq:
    def __len__(self):
        return 5
    def __getitem__(self, i):
        return i * 10

def main():
    random.seed(11)
    r = random.Random(3)
    cards = list(range(20))
    seq = Seq()
    t = 0
    out = []
    for i in range(3000):
        t += random.randint(1, 6) + r.randint(-3, 3) + r.randrange(100) + r.randrange(5, 50, 5)
        t += r.randint(0, 2 ** 40) % 7 + int(r.random() * 10) + int(r.uniform(1, 2))
        c = r.choice(cards) + random.choice("abc").count("a")
        if i % 100 == 0:
            r.shuffle(cards)
            out.append((c, r.choice(seq), r.sample(cards, 3), random.getrandbits(12)))
        if i % 700 == 699:
            try:
                r.randint(5, i % 3)
            except ValueError as e:
                out.append(str(e))
    print(t, out[:6], out[-3:], cards)
main()
`;

/** Pure builtins: results of every type, Python methods they would run (given up: tier-1 calls), a raise mid-loop ending the program. */
const PURE = `
import math

class V:
    def __init__(self, x):
        self.x = x
    def __lt__(self, other):
        return self.x < other.x
    def __repr__(self):
        return "V(%d)" % self.x
    def __len__(self):
        return self.x

def gen(n):
    for i in range(n):
        yield i

def main():
    vs = [V(3), V(1), V(2)]
    nums = [5, 3, 9, 1]
    s = 0
    texts = []
    it = iter(range(10 ** 6))
    g = gen(10 ** 6)
    for i in range(2000):
        s += len(sorted(nums)) + sum(nums) + divmod(i, 7)[1] + pow(i, 2, 97) + round(i / 3)
        s += next(it) + next(g) + hash((i, 7)) % 3 + hash(i * 1000003) % 5 + int(math.floor(math.log(i + 1)))
        texts.append(repr(i / 7) + hex(i) + repr((i, "a")))
        if i % 50 == 0:
            texts.append(repr(sorted(vs)) + repr(V(i)) + str(len(V(i % 4))) + repr(min(vs)))
        if isinstance(i, (str, float)) or not any(nums) or not all(nums):
            s -= 1
    print(s, len(texts), texts[:4], texts[-2:], sum(len(t) for t in texts))
    for i in range(1000):
        s += divmod(10, 5 - i)[0]
    print(s)
main()
`;

/** Methods of built-in values and set and dict displays: results of every kind, a receiver of another type at the same call, Python __eq__ and __hash__ reached, a raise mid-loop. */
const METHODS = `
class K:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return isinstance(other, K) and self.v == other.v
    def __hash__(self):
        return self.v

def main():
    words = "the Quick brown fox, jumps over the lazy dog".split()
    out = []
    stack = [1, 2, 3]
    seen = set()
    d = {"a": 1}
    ks = [K(1), K(2), K(3)]
    twords = tuple(words)
    pair = {1, 2}
    t = 0
    for i in range(3000):
        w = words[i % len(words)]
        out.append(w.title() + w.strip(",").upper() + str(w.startswith("t")) + str(w.find("o")) + "|".join(w.split("o")))
        stack.insert(0, i)
        stack.extend((i, i + 1))
        t += stack.pop() + stack.pop(0) + stack.index(2) + stack.count(i) + len(stack.copy())
        if i % 2:
            stack.remove(i)
        seen.add(i % 37)
        seen.discard(i % 5)
        t += len(seen.union(pair)) + len(seen.intersection(range(10)))
        d.setdefault(w, i)
        d.update({"n": i})
        t += d.pop("n") + len(list(d.items())) + len(d.keys())
        t += len({w, i % 3, (i, w)}) + len({"k": i, w: 1}) + len({(1, 2), 7, "x", 2.5, None})
        if i % 1000 == 999:
            t += len({K(i % 3), K(1)})
        src = words if i % 3 else twords
        t += src.index("fox,") + src.count("the") + (5).bit_length() + int((2.5).is_integer())
        if i % 500 == 0:
            t += ks.index(K(2)) + ks.count(K(3))
            out.append(repr(sorted(seen)[:4]))
    print(t, len(out), out[:3], out[-2:], sorted(d.items())[:4], len(stack))
    for i in range(100):
        stack.remove(-1 - i % 3)
main()
`;

/** Operators no uop handles, made in place by tier-1's operations; an instance operand arriving mid-loop (its Python method: tier-1). */
const OPERATORS = `
class S:
    def __str__(self):
        return "S!"
    def __eq__(self, other):
        return True

def main():
    names = ["ann", "bob", "cy"]
    out = []
    acc = []
    t = 0
    for i in range(2000):
        n = names[i % 3]
        out.append("%s-%d:%5.2f" % (n, i, i / 7) + n * (i % 3) + "=" * 2)
        t += (n < "bob") + (n >= "b") + ([1, i] == [1, i]) + ((1, n) < (1, "bz")) + (None == None) + (n in names) + (True == (i > 3))
        acc += [i]
        arg = (n, i) if i < 1500 else S()
        out.append("<%s %s>" % arg if i < 1500 else "<%s>" % arg)
        t += ([n] == arg)
    print(t, len(out), out[:3], out[-3:], len(acc))
main()
`;

/** Methods of built-in bases: a list subclass, a dict subclass and deques; a ValueError at the end. */
const BASES = `
from collections import deque
class Stack(list):
    def peek(self):
        return self[-1]
class Reg(dict):
    pass
def main():
    q = deque()
    st = Stack()
    r = Reg()
    t = 0
    for i in range(3000):
        q.append(i)
        q.appendleft(-i)
        st.append(i * 2)
        r.setdefault(i % 7, i)
        if i % 3 == 0:
            t += q.popleft() + q.pop() + st.pop() + len(r.keys())
        if i % 100 == 0:
            q.rotate(1)
            st.extend([1, 2])
    print(t, len(q), len(st), st.peek(), sorted(r.items()))
    st.remove(12345)
main()
`;

/** Instances of classes with a built-in base and no Python __init__ (exceptions, list and dict subclasses) and of a class without __init__, made in place; a TypeError at the end. */
const INSTANTIATION = `
class ParseError(Exception):
    pass
class Coll(list):
    pass
class Bag(dict):
    pass
class Plain:
    pass
def main():
    t = 0
    errs = []
    for i in range(3000):
        c = Coll([i, i + 1])
        b = Bag()
        b[i] = 1
        e = ParseError("bad %d" % i, i)
        p = Plain()
        t += len(c) + sum(c) + len(b) + len(e.args)
        if i % 500 == 0:
            errs.append(str(e))
            try:
                raise ParseError("at %d" % i)
            except ParseError as x:
                errs.append(repr(x))
    print(t, errs[:4], type(c).__name__, isinstance(e, Exception))
    Coll(5)
main()
`;

const PROGRAMS: Record<string, string> = { random: RANDOM, pure: PURE, methods: METHODS, operators: OPERATORS, bases: BASES, instantiation: INSTANTIATION };

const programs = new ProgramSet(PROGRAMS, 'vm-jit-builtin-calls-');
beforeAll(() => programs.prepare());

const builtinCalls = (r: ReturnType<typeof programs.run>) => [0, 1, 2, 3, 4].reduce((n, k) => n + uopCount(r, `CALL_BUILTIN_${k}`), 0);

for (const mode of JIT_MODES) {
  describe(`JIT: builtins called in place (${mode})`, () => {
    it('random: every draw made once, in order, errors raised by tier-1', () => {
      const r = programs.run('random', { mode });
      expect(builtinCalls(r), describeJit(r.summary)).toBeGreaterThan(4);
      expect(r.summary.aborted, describeJit(r.summary)).toBe(0);
    });

    it('methods of strs, lists, tuples, dicts, sets and numbers: the receiver\'s type changing, Python __eq__ reached, a ValueError mid-loop', () => {
      const r = programs.run('methods', { mode });
      expect(builtinCalls(r), describeJit(r.summary)).toBeGreaterThan(10);
      expect(r.code).toBe(1);
    });

    it('operators on strs, tuples, lists, None and bools; an instance operand mid-loop', () => {
      const r = programs.run('operators', { mode });
      expect(builtinCalls(r), describeJit(r.summary)).toBeGreaterThan(4);
    });

    it('methods of built-in bases: list and dict subclasses, deques', () => {
      const r = programs.run('bases', { mode });
      expect(builtinCalls(r), describeJit(r.summary)).toBeGreaterThan(4);
      expect(Object.keys(r.summary.stitchReasons), describeJit(r.summary)).toEqual([]);
      expect(r.code).toBe(1);
    });

    it('instances of exception classes, list and dict subclasses and a class without __init__', () => {
      const r = programs.run('instantiation', { mode });
      expect(builtinCalls(r), describeJit(r.summary)).toBeGreaterThan(2);
      expect(Object.keys(r.summary.stitchReasons).filter((k) => k.startsWith('instantiation')), describeJit(r.summary)).toEqual([]);
      expect(r.code).toBe(1);
    });

    it('pure builtins: Python methods they would run are left to tier-1; a ZeroDivisionError mid-loop', () => {
      const r = programs.run('pure', { mode });
      expect(builtinCalls(r), describeJit(r.summary)).toBeGreaterThan(4);
      expect(r.code).toBe(1);
    });
  });
}
