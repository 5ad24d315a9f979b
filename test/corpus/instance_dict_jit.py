# Instance __dict__ in hot loops (traced at low thresholds): reads of obj.x
# while another path writes obj.__dict__['x'], an instance that moves to its
# dict mid-loop (traces guarded on its old shape must exit), attribute stores
# seen through a saved dict, and methods an instance's dict entry shadows.
class Counter:
    def __init__(self):
        self.x = 0
        self.y = 1
    def step(self):
        return self.x + self.y

c = Counter()
d = c.__dict__
t = 0
for i in range(3000):
    t += c.x
    if i % 7 == 0:
        d["x"] = i
    else:
        c.x += 1
print(t, c.x, d)

# A plain instance whose loop is traced on its shape, then its __dict__ is taken mid-loop.
a = Counter()
b = Counter()
t = 0
for i in range(4000):
    t += a.x + a.step() + b.y
    a.x = i % 13
    if i == 1500:
        ad = vars(a)
    if i > 1500 and i % 5 == 0:
        ad["x"] = 100
        ad["y"] = i % 3
    if i == 3000:
        a.__dict__["step"] = lambda: -1
print(t, a.x, a.y, sorted(vars(a)), b.__dict__)

# Attribute stores in a loop, seen through a saved reference.
class Acc:
    pass
acc = Acc()
seen = acc.__dict__
for i in range(2000):
    acc.total = getattr(acc, "total", 0) + i
    setattr(acc, "k%d" % (i % 4), i)
    if i % 500 == 0:
        del acc.k0
print(seen["total"], sorted(seen.items()))

# Many instances: half switch to dict mode, all read in one hot loop.
objs = []
for i in range(60):
    o = Counter()
    o.x = i
    if i % 2:
        o.__dict__["x"] = i * 2
    objs.append(o)
s = 0
for rep in range(50):
    for o in objs:
        s += o.x + o.step()
        if rep == 25 and o.x % 3 == 0:
            o.__dict__.update(x=o.x + 1)
print(s)

# __dict__ replaced inside a loop.
r = Counter()
tot = 0
for i in range(3000):
    tot += r.x
    if i % 1000 == 999:
        r.__dict__ = {"x": i, "y": 0}
print(tot, r.__dict__)
