# An exception replaced inside a finally block: the new one is reported.
def work(items):
    try:
        return items[10]
    finally:
        print("cleaning up")
        {}["cleanup failed"]
try:
    work([1, 2])
except IndexError:
    print("not reached")
