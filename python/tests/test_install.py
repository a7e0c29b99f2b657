"""`cmake --install` puts an importable embkit into the prefix's site-packages."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import embkit


def test_cmake_install_gives_an_importable_module(tmp_path):
    build = Path(embkit.__file__).resolve().parents[2]  # <build>/python/embkit/__init__.py
    if not (build / "cmake_install.cmake").exists() or shutil.which("cmake") is None:
        pytest.skip(f"{build} is not a CMake build tree with cmake on PATH")
    subprocess.run(["cmake", "--install", str(build), "--prefix", str(tmp_path)], check=True, capture_output=True)
    site = tmp_path / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    assert (site / "embkit" / "__init__.py").exists()
    done = subprocess.run([sys.executable, "-c", "import embkit; print(embkit.__file__, len(embkit.__all__))"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(site)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(site / "embkit"))
