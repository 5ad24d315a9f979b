# A KeyError raised inside a generator propagates through the consuming loop.
def lookups(table, keys):
    for k in keys:
        yield table[k]
table = {"a": 1, (1, 2): "pair"}
total = []
for v in lookups(table, ["a", (1, 2), "missing"]):
    total.append(v)
    print("got", v)
print(total)
