"""What an executor process may do: use at most so much memory, and, unless federation is
allowed, open no network connection at all.

* **Memory.** ``setrlimit(RLIMIT_DATA)`` (https://man7.org/linux/man-pages/man2/getrlimit.2.html)
  caps the process's data segment and private anonymous mappings (the heap, the engine's
  allocations). A query that needs more fails inside the engine, which aborts the process; the
  parent sees the abort and answers 422 naming the limit (:mod:`kg.read.executor`).
* **No network.** A seccomp filter (https://man7.org/linux/man-pages/man2/seccomp.2.html) makes
  ``socket(2)`` fail with ``EPERM`` for every address family but ``AF_UNIX`` (the executor talks to
  its parent over an inherited Unix socket), and refuses ``io_uring_setup(2)``, which could open
  sockets without ``socket(2)``. So even a ``SERVICE`` call that got past the policy check could
  not reach any host. It needs Linux ≥ 3.5 on x86-64 or AArch64 and no privilege (the process sets
  ``no_new_privs`` first); elsewhere the executor refuses to start rather than run unconfined.

Both are set by the executor on itself at start, before it opens a store or starts a thread.
"""

from __future__ import annotations

import ctypes
import platform
import resource
import struct
from dataclasses import dataclass

from kg.errors import StoreError

# struct seccomp_data: nr (int), arch (u32), instruction_pointer (u64), args[6] (u64)
_NR, _ARCH, _ARG0 = 0, 4, 16
# (audit architecture, socket(2), io_uring_setup(2)) by machine
_SYSCALLS = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}
_X32_SYSCALL_BIT = 0x40000000
_AF_UNIX = 1
_EPERM = 1
# classic BPF (linux/filter.h) and seccomp (linux/seccomp.h) constants
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JSET_K = 0x45
_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2


@dataclass(frozen=True)
class Confinement:
    """The limits an executor sets on itself: its memory (bytes; 0 for none) and whether it may
    open network connections (only when ``SERVICE`` may call allow-listed endpoints)."""

    memory: int
    network: bool

    def as_arguments(self) -> list[str]:
        """The executor's command-line form (see :meth:`from_arguments`)."""
        return [str(self.memory), "network" if self.network else "no-network"]

    @classmethod
    def from_arguments(cls, memory: str, network: str) -> Confinement:
        return cls(int(memory), network == "network")


def confine(confinement: Confinement) -> None:
    """Apply ``confinement`` to this process (and every thread it starts from now on).

    Raises :class:`StoreError` if the network cannot be shut off here (unsupported machine or
    kernel), so an executor never runs without the protection it was asked for.
    """
    if confinement.memory > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (confinement.memory, confinement.memory))
    if not confinement.network:
        _forbid_network()


def _instruction(code: int, jump_true: int, jump_false: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jump_true, jump_false, k)


def network_filter(machine: str) -> bytes:
    """The seccomp program (classic BPF) for ``machine``: ``socket(2)`` for any family but
    ``AF_UNIX``, ``io_uring_setup(2)``, and any call of another ABI (x32, 32-bit) fail with
    ``EPERM``; everything else is allowed."""
    arch, socket_nr, io_uring_nr = _SYSCALLS[machine]
    deny = _RET_ERRNO | _EPERM
    program = [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, 1, 0, arch),  # another ABI:
        (_RET_K, 0, 0, deny),
        (_LD_W_ABS, 0, 0, _NR),
        (_JSET_K, 0, 1, _X32_SYSCALL_BIT),  # x32 calls on x86-64:
        (_RET_K, 0, 0, deny),
        (_JEQ_K, 0, 3, socket_nr),
        (_LD_W_ABS, 0, 0, _ARG0),  # the address family (low half of the first argument)
        (_JEQ_K, 3, 0, _AF_UNIX),  # AF_UNIX: allow
        (_RET_K, 0, 0, deny),  # any other family
        (_JEQ_K, 0, 1, io_uring_nr),
        (_RET_K, 0, 0, deny),
        (_RET_K, 0, 0, _RET_ALLOW),
    ]
    return b"".join(_instruction(*step) for step in program)


def _forbid_network() -> None:
    machine = platform.machine()
    if machine not in _SYSCALLS:
        raise StoreError(
            f"cannot shut off the network of query processes on {machine} (seccomp filters are "
            "written for x86_64 and aarch64); set GSIKG_SERVICE_ALLOWLIST to run without it"
        )
    code = network_filter(machine)
    count = len(code) // 8
    filters = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = SockFprog(count, ctypes.cast(filters, ctypes.c_void_p))
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise StoreError(f"prctl(NO_NEW_PRIVS) failed (errno {ctypes.get_errno()})")
    if prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(program), 0, 0) != 0:
        raise StoreError(
            f"cannot install the seccomp filter of query processes (errno {ctypes.get_errno()}); "
            "set GSIKG_SERVICE_ALLOWLIST to run without it"
        )
