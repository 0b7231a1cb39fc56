# Ideenbörse: the staff's ideas (app/src/ideas).

