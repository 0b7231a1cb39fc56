# Feedback on the offers and training needs named by staff (app/src/feedback).

