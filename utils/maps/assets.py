"""The map's JavaScript and CSS, served by the app itself so it works on a closed network.

folium's defaults load Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from
public CDNs; on a government network without internet ``st_folium`` then shows no map at all.
The map needs only Leaflet and, for the enterprise layer, Leaflet.markercluster. Both come
from PyPI packages installed with the app (``django-js-lib-leaflet`` ships Leaflet 1.9.4,
``XStatic-Leaflet-MarkerCluster`` ships markercluster 1.4.1); :func:`install_static_assets`
copies the few files the map uses into ``static/vendor/`` (git-ignored), which Streamlit
serves at ``/app/static/vendor/`` when ``[server] enableStaticServing = true``.

How the URLs reach the browser: ``st_folium`` renders the map inside its component iframe
(``<base>/component/streamlit_folium.st_folium/index.html``, same origin as the app) and
loads every ``default_js``/``default_css`` URL of the map's elements there with
``<script src>``/``<link href>``. A root-relative URL such as
``/app/static/vendor/leaflet-1.9.4/leaflet.js`` therefore resolves against the app's own
server. When the app runs under a path prefix (``server.baseUrlPath``), pass it to
:func:`static_base_url`.

Run ``python -m utils.maps.assets`` to install the files (the Makefile does this at set-up).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Folder Streamlit serves at ``/app/static/`` (next to ``app.py``).
STATIC_DIR = REPO_ROOT / "static"
#: Where the vendor files are installed; git-ignored.
VENDOR_DIR = STATIC_DIR / "vendor"
#: URL of :data:`VENDOR_DIR` when the app is served at the root of its host.
DEFAULT_BASE_URL = "/app/static/vendor"
#: File written last by :func:`install_static_assets`; records versions and checksums.
STAMP_FILE = "assets.json"


@dataclass(frozen=True)
class VendorFile:
    """One file copied from an installed package into the vendor folder."""

    library: str
    source: Path
    target: str  # path under the vendor folder, starting with the versioned library folder


class AssetsMissingError(RuntimeError):
    """A package that ships the map's JavaScript is not installed."""


def _leaflet_dir() -> Path:
    try:
        root = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    except ModuleNotFoundError:
        raise AssetsMissingError(
            "Leaflet files not found: install the PyPI package 'django-js-lib-leaflet' "
            "(it is in requirements.txt)"
        ) from None
    return Path(str(root))


def _markercluster_dir() -> Path:
    try:
        from xstatic.pkg import leaflet_markercluster
    except ModuleNotFoundError:
        raise AssetsMissingError(
            "Leaflet.markercluster files not found: install the PyPI package "
            "'XStatic-Leaflet-MarkerCluster' (it is in requirements.txt)"
        ) from None
    return Path(leaflet_markercluster.BASE_DIR)


def _leaflet_version() -> str:
    """Return the Leaflet version written in the header of the shipped ``leaflet.js``."""
    head = (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")[:200]
    match = re.search(r"Leaflet (\d+\.\d+\.\d+)", head)
    if not match:
        raise AssetsMissingError(f"Cannot read the Leaflet version from {_leaflet_dir()}")
    return match.group(1)


def _markercluster_version() -> str:
    from xstatic.pkg import leaflet_markercluster

    return str(leaflet_markercluster.VERSION)


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """Return the versions of the shipped libraries and of the packages that carry them."""
    return {
        "leaflet": _leaflet_version(),
        "leaflet.markercluster": _markercluster_version(),
        "django-js-lib-leaflet": metadata.version("django-js-lib-leaflet"),
        "XStatic-Leaflet-MarkerCluster": metadata.version("XStatic-Leaflet-MarkerCluster"),
    }


def _leaflet_folder() -> str:
    return f"leaflet-{versions()['leaflet']}"


def _markercluster_folder() -> str:
    return f"leaflet.markercluster-{versions()['leaflet.markercluster']}"


def vendor_files() -> list[VendorFile]:
    """Return the files the map uses, with their source in site-packages."""
    leaflet, cluster = _leaflet_dir(), _markercluster_dir()
    lf, cf = _leaflet_folder(), _markercluster_folder()
    files = [
        VendorFile("leaflet", leaflet / "leaflet.js", f"{lf}/leaflet.js"),
        VendorFile("leaflet", leaflet / "leaflet.css", f"{lf}/leaflet.css"),
    ]
    # leaflet.css refers to images/layers*.png and images/marker-icon.png.
    for image in sorted((leaflet / "images").glob("*.png")):
        files.append(VendorFile("leaflet", image, f"{lf}/images/{image.name}"))
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        files.append(VendorFile("leaflet.markercluster", cluster / name, f"{cf}/{name}"))
    return files


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install_static_assets(target: Path | str | None = None) -> dict:
    """Copy the map's JavaScript, CSS and images from site-packages into ``target``.

    Idempotent: a file whose checksum already matches is left alone, so the app can call
    this at every start. Library folders carry the version (``leaflet-1.9.4/``), so an
    upgrade of the packages installs next to the old files and URLs never serve a stale
    cached copy.

    Parameters
    ----------
    target : path, optional
        Destination folder; defaults to ``static/vendor`` next to ``app.py``.

    Returns
    -------
    dict
        ``target`` (str), ``versions`` (library -> version), ``copied`` and ``unchanged``
        (lists of paths relative to ``target``) and ``bytes`` (total size of the files).
    """
    root = Path(target) if target is not None else VENDOR_DIR
    root.mkdir(parents=True, exist_ok=True)
    copied: list[str] = []
    unchanged: list[str] = []
    checksums: dict[str, str] = {}
    total = 0
    for item in vendor_files():
        if not item.source.is_file():
            raise AssetsMissingError(f"Expected asset missing from its package: {item.source}")
        digest = _sha256(item.source)
        destination = root / item.target
        checksums[item.target] = digest
        total += item.source.stat().st_size
        if destination.is_file() and _sha256(destination) == digest:
            unchanged.append(item.target)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        tmp = destination.with_name(destination.name + ".tmp")
        shutil.copyfile(item.source, tmp)
        tmp.replace(destination)
        copied.append(item.target)
    stamp = {"versions": versions(), "files": checksums}
    stamp_path = root / STAMP_FILE
    stamp_text = json.dumps(stamp, indent=2, sort_keys=True) + "\n"
    if not stamp_path.is_file() or stamp_path.read_text(encoding="utf-8") != stamp_text:
        stamp_path.write_text(stamp_text, encoding="utf-8")
    return {
        "target": str(root),
        "versions": versions(),
        "copied": copied,
        "unchanged": unchanged,
        "bytes": total,
    }


def assets_installed(target: Path | str | None = None) -> bool:
    """Return True when ``target`` holds the files of the installed package versions.

    A cheap check for the app's start: it compares the stamp file with the current
    versions and that each file exists, without hashing.
    """
    root = Path(target) if target is not None else VENDOR_DIR
    stamp_path = root / STAMP_FILE
    if not stamp_path.is_file():
        return False
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    if stamp.get("versions") != versions():
        return False
    return all((root / item.target).is_file() for item in vendor_files())


def ensure_static_assets(target: Path | str | None = None) -> bool:
    """Install the assets when they are missing or outdated; return True if it installed."""
    if assets_installed(target):
        return False
    install_static_assets(target)
    return True


def static_base_url(base_url_path: str = "") -> str:
    """Return the URL of the vendor folder for an app served under ``base_url_path``.

    Parameters
    ----------
    base_url_path : str
        Streamlit's ``server.baseUrlPath`` (e.g. ``"ltm"`` behind a reverse proxy at
        ``/ltm/``); empty when the app is served at the root.
    """
    prefix = base_url_path.strip("/")
    return f"/{prefix}{DEFAULT_BASE_URL}" if prefix else DEFAULT_BASE_URL


def asset_urls(base: str = DEFAULT_BASE_URL) -> dict[str, list[tuple[str, str]]]:
    """Return the local asset URLs in folium's ``default_js``/``default_css`` format.

    Returns
    -------
    dict
        ``map_js``/``map_css`` for ``folium.Map`` (Leaflet only: no jQuery, Bootstrap,
        awesome-markers or fonts) and ``markercluster_js``/``markercluster_css`` for
        ``folium.plugins.MarkerCluster``; each a list of ``(name, url)``.
    """
    base = base.rstrip("/")
    lf, cf = _leaflet_folder(), _markercluster_folder()
    return {
        "map_js": [("leaflet", f"{base}/{lf}/leaflet.js")],
        "map_css": [("leaflet_css", f"{base}/{lf}/leaflet.css")],
        "markercluster_js": [("markerclusterjs", f"{base}/{cf}/leaflet.markercluster.js")],
        "markercluster_css": [
            ("markerclustercss", f"{base}/{cf}/MarkerCluster.css"),
            ("markerclusterdefaultcss", f"{base}/{cf}/MarkerCluster.Default.css"),
        ],
    }


def _data_uri(path: Path) -> str:
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:image/png;base64,{encoded}"


@lru_cache(maxsize=4)
def inline_sources(with_markercluster: bool = True) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the texts of the map's scripts and stylesheets, read from site-packages.

    Used for the standalone HTML export, which must work offline without the app. Images
    referenced by ``leaflet.css`` are inlined as data URIs.

    Returns
    -------
    tuple
        ``(scripts, stylesheets)``, each a tuple of file contents in load order.
    """
    leaflet, cluster = _leaflet_dir(), _markercluster_dir()
    scripts = [(leaflet / "leaflet.js").read_text(encoding="utf-8")]
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(
        r"url\((images/[\w.-]+\.png)\)",
        lambda m: f"url({_data_uri(leaflet / m.group(1))})",
        css,
    )
    styles = [css]
    if with_markercluster:
        scripts.append((cluster / "leaflet.markercluster.js").read_text(encoding="utf-8"))
        styles.append((cluster / "MarkerCluster.css").read_text(encoding="utf-8"))
        styles.append((cluster / "MarkerCluster.Default.css").read_text(encoding="utf-8"))
    # A source-map comment would make a browser with devtools open ask for a missing file.
    scripts = [re.sub(r"//# sourceMappingURL=\S+\s*$", "", s) for s in scripts]
    return tuple(scripts), tuple(styles)


def main(argv: list[str] | None = None) -> int:
    """Install the assets (``python -m utils.maps.assets [TARGET]``); print the report as JSON."""
    args = sys.argv[1:] if argv is None else argv
    report = install_static_assets(args[0] if args else None)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
