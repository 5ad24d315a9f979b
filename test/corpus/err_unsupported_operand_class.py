# A binary operator between an instance and an int with no special method for it.
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        return NotImplemented
total = Money(5) + Money(7)
print(total.cents)
print((total + 3).cents)
