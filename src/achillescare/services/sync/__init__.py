"""Runs that arrive by themselves: one module per online service.

(Placeholder on this branch, to be replaced at merge by the package that registers every
service's ``sync`` in one registry.)
"""
