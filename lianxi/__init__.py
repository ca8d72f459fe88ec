"""lianxi: keep 联席会议制度 as validated YAML definitions."""

__version__ = "0.1.0"
