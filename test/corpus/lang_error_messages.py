# Audit of issue 13's lists against python3: error messages.
def f(a, b): pass
def g(a, *, k): pass
class K:
    def m(self, a): pass
tests = [
    lambda: f(1),
    lambda: f(1, 2, 3),
    lambda: f(1, b=2, a=3),
    lambda: f(1, c=2),
    lambda: g(1),
    lambda: g(1, 2),
    lambda: K().m(),
    lambda: K().m(1, 2),
    lambda: K(1),
    lambda: {}["x"],
    lambda: {}[(1, 2)],
    lambda: [].pop(),
    lambda: [1].index(5),
    lambda: {1}.remove(3),
    lambda: K().zz,
    lambda: K.zz,
    lambda: None.x,
    lambda: (1).x,
    lambda: "a" + 1,
    lambda: 1 + "a",
    lambda: [] < 1,
    lambda: K() < K(),
    lambda: len(5),
    lambda: int("z"),
    lambda: next(iter([])),
    lambda: hash([]),
    lambda: {[]: 1},
    lambda: 1 / 0,
    lambda: iter(5),
    lambda: abs("x"),
    lambda: K()(),
    lambda: sum(["a"]),
    lambda: min([]),
    lambda: max(1),
    lambda: sorted([1, "a"]),
    lambda: divmod(1, 0),
    lambda: pow(2, 3, 0),
    lambda: getattr(K(), "q"),
    lambda: [1, 2][5],
    lambda: "abc".index("z"),
    lambda: tuple(5),
    lambda: dict([1]),
    lambda: set([[]]),
    lambda: frozenset([1]).add,
    lambda: ().x,
    lambda: enumerate(1),
    lambda: zip(1),
    lambda: isinstance(1, 2),
    lambda: a_missing_name,
    lambda: super(),
    lambda: print(sep=1),
    lambda: object().x,
    lambda: type("x").y,
    lambda: f(**{"a": 1, "b": 2, "c": 3}),
    lambda: f(*[1], **{"a": 2}),
]
for i, t in enumerate(tests):
    try:
        r = t()
        print(i, "ok", r if not callable(r) else "callable")
    except Exception as e:
        print(i, type(e).__name__, e)
