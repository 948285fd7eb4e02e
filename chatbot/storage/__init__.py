"""Storage: the models, the few statements a turn needs, the database's set-up and its migrations."""
