# Booleans, truthiness, and/or returning operands.
print(True, False, True + 1, True * 10, False - 1, True == 1, False == 0, True is True)
print(not True, not 0, not [], not [0], not "", not "a", not None, not 0.0)
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "x", "" or [], [] and 5, 3 and 4 and 5)
print(0 or 0.0 or None, 1 and [] or "z", bool(None), bool(1.5), bool("no"), bool(()))
def side(x):
    print("side", x)
    return x
print(side(0) and side(1))
print(side(1) or side(2))
print(side(1) and side(0) or side(3))
print(True & False, True | False, True ^ True, isinstance(True, int), isinstance(1, bool))
print(3 if True else 4, 3 if 0 else 4, "a" if [] else "b")
