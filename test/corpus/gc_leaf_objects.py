# Objects the collector marks without tracing (strs, their code units, big
# ints, ranges, builtins, item blocks) kept alive across many collections
# (well over 32 MB allocated), beside ropes and containers holding them.

keep = []
ropes = []
total = 0
for i in range(60000):
    s = "w%d" % i
    r = s + "-" + str(i * 7)            # concatenations: ropes until read
    t = "abcdefgh"[i % 8] * (i % 5 + 1)
    for ch in t:                          # iterating/indexing makes code units
        total += ord(ch)
    total += ord(s[1]) + len(r)
    big = 2 ** 70 + i
    rg = range(i, i + 5)
    junk = [str(j) for j in range(20)]    # garbage for the collector
    junk2 = {"k%d" % j: j for j in range(8)}
    if i % 97 == 0:
        keep.append((s, t, big, rg, len, [s, t], {"r": r}))
    if i % 1013 == 0:
        ropes.append(r)
    total += len(junk) + len(junk2)

print(total, len(keep), len(ropes))
chk = 0
for s, t, big, rg, f, pair, d in keep:
    chk += len(s) + len(t) + big % 1000 + sum(rg) + f(pair) + len(d["r"])
    assert pair[0] == s and pair[1] == t
    assert s[0] == "w" and t[0] in "abcdefgh"
print(chk, ropes[:3], ropes[-1], sum(len(r) for r in ropes))
print(keep[5][0], keep[5][1], keep[5][2], list(keep[5][3]), keep[-1][6])
