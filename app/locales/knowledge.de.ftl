# Wissen: the knowledge base (app/src/knowledge).

