class A:
    def m(self, d):
        return d["missing"]
def g():
    yield 1
    A().m({})
try:
    list(g())
except KeyError:
    raise ValueError("during")
