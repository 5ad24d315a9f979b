# Syntax error case
if True
    print(1)
