def f():
    try:
        x = 1 / 0
    except ZeroDivisionError as e:
        print("handling")
        raise e
f()
