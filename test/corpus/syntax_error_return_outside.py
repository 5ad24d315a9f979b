# Syntax error case
return 5
