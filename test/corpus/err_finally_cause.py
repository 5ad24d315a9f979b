def f():
    try:
        1 / 0
    finally:
        print("cleanup")
def h():
    try:
        f()
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
h()
