"""The `tuyengiao` console script: Django's management commands with our settings.

`extract` and `normalize` belong to the text toolkit, which never imports Django: they run
without starting it, so a shell loop over many files stays fast.
"""

import os
import sys

TEXTKIT_COMMANDS = {"extract", "normalize"}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in TEXTKIT_COMMANDS:
        from tuyengiao.textkit.cli import main as textkit_main

        sys.exit(textkit_main(sys.argv[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
