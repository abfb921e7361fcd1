"""政策知识库 Policy KB web app: ``python ui.py [--index DIR] [--host H] [--port N] [--auth U:P]`` = ``kb serve``.

The app itself lives in the package (kb/app/); this file only starts it from a checkout.
"""

import sys

from kb.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
