# Error case: type not callable
x = 5
x()
