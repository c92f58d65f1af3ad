"""``python -m tidings`` runs the command line."""

from tidings.cli import main

# Guarded: a child process started with multiprocessing's spawn method imports this module
# again (as ``__mp_main__``) and must not run the command line a second time.
if __name__ == "__main__":
    main()
