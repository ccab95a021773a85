"""Every exercise written with wsgikit: the kit column of the gallery."""
