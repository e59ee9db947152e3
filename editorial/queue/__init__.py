"""My queue: the articles that wait on the signed-in person now, oldest waiting first."""
