# str(int) past 4300 digits is a ValueError as in python3.11.
x = 10 ** 4299
print(len(str(x)))
print(int("9" * 4300) % 7)
print(str(x * 10))
