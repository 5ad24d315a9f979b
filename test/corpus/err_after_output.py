# Error case: after output
for i in range(5):
    print(i, 10 // (3 - i))
