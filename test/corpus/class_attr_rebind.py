# Class attributes rebound by running code: counters, data switched between
# kinds, shadowed in a subclass, turned into methods and properties, deleted.


class Base:
    made = 0
    label = "base"
    limits = (1, 2)

    def __init__(self):
        Base.made += 1
        self.n = Base.made

    def tag(self):
        return self.label + str(self.limits[0])


class Child(Base):
    pass


def run():
    out = []
    for i in range(400):
        c = Child()
        out.append(c.tag())
        if i == 100:
            Base.label = "b2"
        if i == 150:
            Base.limits = [7, 8]
        if i == 200:
            Child.label = "child"
        if i == 250:
            del Child.label
        if i == 300:
            Base.label = 3.5
            Base.tag = lambda self: "m" + str(self.label)
        if i == 350:
            Base.label = property(lambda self: "p" + str(self.n))
    print(Base.made, Child.made, out[0], out[120], out[160], out[220], out[270], out[320], out[399])


def counters():
    class K:
        hits = 0
        miss = 0
        total = 0.0

    for i in range(1000):
        if i % 3:
            K.hits += 1
        else:
            K.miss = K.miss + 1
        K.total += i / 4
    print(K.hits, K.miss, K.total)
    K.hits = "done"
    print(K.hits, K().hits)


run()
counters()
try:
    Base.made = Base.nothing
except AttributeError as e:
    print("AttributeError", e)
