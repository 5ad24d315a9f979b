def f():
    try:
        x = 1 / 0
    except ZeroDivisionError:
        print("handling")
        raise
f()
