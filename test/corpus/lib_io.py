# The io module (written in Python in runtime/vm/stdlib/) against python3.
import io
from io import StringIO
s = StringIO()
s.write("hello ")
n = s.write("world\n")
print("x", 1, sep=",", file=s)
print(repr(s.getvalue()), n, s.tell())
r = StringIO("line1\nline2\nline3")
print(repr(r.readline()), repr(r.read(3)), repr(r.read()), repr(r.read()))
r.seek(0)
print([line for line in r], r.readlines())
r.seek(0)
print(r.readlines(), r.tell())
w = StringIO("abcdef")
w.write("XY")
print(w.getvalue(), w.tell())
w.seek(0, 2); w.write("!"); print(w.getvalue())
with StringIO() as buf:
    for i in range(3):
        buf.write(str(i) + ";")
    out = buf.getvalue()
print(out, buf.closed)
try:
    buf.getvalue()
except ValueError as e:
    print(e)
try:
    StringIO().write(5)
except TypeError as e:
    print(e)
table = StringIO()
for row in [(1, "a"), (22, "bb")]:
    table.write((" " * (4 - len(str(row[0]))) + str(row[0])) + " | " + row[1] + "\n")
print(table.getvalue(), end="")
print(type(s).__name__, isinstance(s, StringIO))
