# Module attributes in hot loops (folded by traces under the module's identity):
# str, int and float constants of stdlib modules, and a rebinding mid-loop that must drop the fold.
import string, math, sys
import random
t = 0
for i in range(5000):
    t += len(string.ascii_letters) + (1 if string.digits[i % 10] == "3" else 0) + int(math.pi) + sys.maxsize % 7
    if i == 2500:
        string.digits = "9876543210"
print(t, string.digits)
random.seed(3)
print(sum(random.randint(1, 6) for _ in range(1000)))
