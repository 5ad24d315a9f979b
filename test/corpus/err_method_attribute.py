# An AttributeError raised inside a method, two calls deep.
class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0
    def deposit(self, amount):
        self.balance += amount
        return self.report()
    def report(self):
        return self.owner + " has " + str(self.balence)
acct = Account("ann")
print(acct.deposit(5))
