def f():
    for i in range(3):
        try:
            x = 1 / (i - 1)
        finally:
            pass
f()
