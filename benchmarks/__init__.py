"""The benchmarks (``make bench``, docs/benchmarks.md). Each is an entry point, measured
under the process-wide settings a Tidings command runs with; processes they start inherit
them."""

from tidings.process_env import set_process_env

set_process_env()
