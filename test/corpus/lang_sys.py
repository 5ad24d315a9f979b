# Audit of issue 13's lists against python3: sys.
import sys
from sys import argv, stdout
print(len(sys.argv), argv[0].endswith(".py"), type(sys.argv))
sys.stdout.write("hello\n")
n = stdout.write("x" * 3 + "\n")
print(n, sys.getrecursionlimit())
sys.setrecursionlimit(5000)
def deep(n): return 0 if n == 0 else 1 + deep(n - 1)
print(deep(3000), sys.getrecursionlimit(), sys.maxsize, sys.maxsize == 2**63 - 1)
print("err line", file=sys.stderr)
sys.stderr.write("raw err\n")
print("a", "b", sep="|", file=sys.stdout, end="$\n")
sys.stdout.flush()
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print(e)
sys.setrecursionlimit(100)
try:
    deep(200)
except RecursionError as e:
    print("rec", e)
sys.exit("bye")
