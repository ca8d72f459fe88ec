"""The baseline: load every file of a folder with PyYAML's C loader and do nothing else."""

import sys
from pathlib import Path

import yaml

for path in sorted(Path(sys.argv[1]).iterdir()):
    with path.open("rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
