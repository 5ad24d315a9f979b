# One-character strings (shared objects, as in CPython) and lengths of concatenations.
s = "héllo, wörld"
t = "😀x😀"
u = "héllo"
print(s[0], s[1], s[-1], len(s), s[1] is u[1], s[0] == "h")
print([c for c in s][:4], list(t), len(t), t[0], t[1], len(t + s), len(s + t + s))
print(chr(65), chr(233), chr(128512), len(chr(128512)), chr(65) is chr(65))
row = ""
for i in range(40):
    row += " .:-=+*%@"[i % 9]
    if i % 7 == 0:
        row += t
print(row, len(row))
acc = ""
for c in "abc😀def":
    acc = c + acc
print(acc, len(acc), acc[3], acc[-1])
