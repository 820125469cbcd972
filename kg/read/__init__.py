"""The read side: everything that reads a built release, shared by the server and the CLI.

Every read goes through one door, :class:`kg.read.service.ReadService`: a read is a function
``f(reader, *args)`` that runs in an executor process (:mod:`kg.read.executor`,
:mod:`kg.read.worker`) under the time limit, the row cap and the byte cap, and whose result is
cached per release. No store query runs in a web thread or in the CLI's own process.
"""
