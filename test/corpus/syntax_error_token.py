# Syntax error case
x = 1 +* 2
