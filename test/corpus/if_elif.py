# if / elif / else chains.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        return "medium"
    else:
        return "large"
for v in [-5, 0, 3, 42, 1000]:
    print(v, classify(v))
x = 7
if x > 5: print("big")
if x > 100:
    print("huge")
else:
    pass
if []:
    print("no")
elif [0]:
    print("nonempty list is true")
if not x == 7:
    print("no")
else:
    print("x is 7")
if x > 3 and x < 10 or x == 100:
    print("range")
if None is None: print("none"); print("two")
