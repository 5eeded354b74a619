import sys

from wesog_desktop.app import main

sys.exit(main())
