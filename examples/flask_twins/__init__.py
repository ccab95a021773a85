"""Every exercise as idiomatic Flask: the flask column of the gallery (needs Flask)."""
