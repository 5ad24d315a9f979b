# exit() with a status ends the program quietly after output.
print("before")
def finish(code):
    try:
        exit(code)
    finally:
        print("finally before exit")
finish(3)
print("not printed")
