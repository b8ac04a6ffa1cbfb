"""`mlmodel sandbox` as a child process for the Python suites: the built CLI on a free port (`--port 0`;
the URL is read off its first line), guarded by a made-up bearer token passed through the
environment (`--token-env`), never an argument.
"""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("MLMODEL_CLI", ROOT / "dist" / "cli.js"))
NODE = os.environ.get("NODE", "node")
TOKEN_ENV = "MLMODEL_PYTHON_TOKEN"
# The OpenMetadata version the sandbox plays (run.mjs sets it to the SDK's); its default when unset.
SERVER_VERSION = os.environ.get("MLMODEL_PYTHON_SERVER_VERSION")


def _jwt(sub: str) -> str:
    """An unsigned JWT naming `sub`: the sandbox acts as the user the token's subject names."""
    part = lambda obj: base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'sub': sub, 'iss': 'open-metadata.org'})}.sandbox"


TOKEN = _jwt("admin")


class Sandbox:
    def __init__(self, *args: str):
        self.process = subprocess.Popen(
            [NODE, str(CLI), "sandbox", "--port", "0", "--token-env", TOKEN_ENV, *(["--server-version", SERVER_VERSION] if SERVER_VERSION else []), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, **{TOKEN_ENV: TOKEN}),
        )
        line = self.process.stdout.readline()
        found = re.search(r" at (http://\S+) ", line)
        if not found:
            self.process.kill()
            raise RuntimeError(f"the sandbox did not start: {line.strip()} {self.process.stderr.read().strip()}")
        self.url = found.group(1)

    def cli(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        """`node dist/cli.js ARGS` with the sandbox's token in OPENMETADATA_TOKEN."""
        return subprocess.run([NODE, str(CLI), *args], capture_output=True, text=True, cwd=cwd, env=dict(os.environ, OPENMETADATA_TOKEN=TOKEN))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
