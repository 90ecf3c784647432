import json
import re

import pytest

from utils.maps import assets


def test_install_copies_every_file_the_map_links(tmp_path):
    report = assets.install_static_assets(tmp_path)
    assert report["copied"] and not report["unchanged"]
    urls = assets.asset_urls("/x")
    for _, url in [
        *urls["map_js"],
        *urls["map_css"],
        *urls["markercluster_js"],
        *urls["markercluster_css"],
    ]:
        assert (tmp_path / url.removeprefix("/x/")).is_file(), url
    # leaflet.css refers to its images relative to itself: they must sit next to it.
    css_dir = (tmp_path / urls["map_css"][0][1].removeprefix("/x/")).parent
    for image in re.findall(r"url\((images/[\w.-]+)\)", (css_dir / "leaflet.css").read_text()):
        assert (css_dir / image).is_file()


def test_install_is_idempotent_and_repairs_a_damaged_file(tmp_path):
    assets.install_static_assets(tmp_path)
    second = assets.install_static_assets(tmp_path)
    assert second["copied"] == [] and len(second["unchanged"]) == len(assets.vendor_files())
    target = tmp_path / assets.vendor_files()[0].target
    target.write_text("broken")
    third = assets.install_static_assets(tmp_path)
    assert third["copied"] == [assets.vendor_files()[0].target]
    assert target.read_bytes() == assets.vendor_files()[0].source.read_bytes()


def test_folders_carry_the_library_versions(tmp_path):
    report = assets.install_static_assets(tmp_path)
    leaflet = report["versions"]["leaflet"]
    assert re.fullmatch(r"1\.9\.\d+", leaflet)
    assert (tmp_path / f"leaflet-{leaflet}" / "leaflet.js").read_text()[:200].find(
        f"Leaflet {leaflet}"
    ) >= 0
    stamp = json.loads((tmp_path / assets.STAMP_FILE).read_text())
    assert stamp["versions"] == report["versions"]


def test_assets_installed_notices_a_missing_file(tmp_path):
    assert not assets.assets_installed(tmp_path)
    assert assets.ensure_static_assets(tmp_path) is True
    assert assets.assets_installed(tmp_path)
    assert assets.ensure_static_assets(tmp_path) is False
    (tmp_path / assets.vendor_files()[-1].target).unlink()
    assert not assets.assets_installed(tmp_path)


def test_urls_are_local_and_follow_the_base_url_path():
    urls = assets.asset_urls(assets.static_base_url("ltm/"))
    every = [url for group in urls.values() for _, url in group]
    assert every and all(url.startswith("/ltm/app/static/vendor/") for url in every)
    assert assets.static_base_url("") == "/app/static/vendor"
    assert [name for name, _ in urls["map_js"]] == ["leaflet"]  # no jQuery, Bootstrap, icons


def test_inline_sources_need_no_other_file():
    scripts, styles = assets.inline_sources()
    assert "Leaflet" in scripts[0][:200] and "markerClusterGroup" in scripts[1]
    assert "images/" not in styles[0]  # leaflet.css images are inlined as data URIs
    assert "data:image/png;base64," in styles[0]
    assert all("sourceMappingURL" not in s for s in scripts)


@pytest.mark.parametrize("explicit", [False, True])
def test_cli_installs_into_the_default_or_the_given_folder(tmp_path, monkeypatch, capsys, explicit):
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "default")
    target = tmp_path / "given"
    assert assets.main([str(target)] if explicit else []) == 0
    report = json.loads(capsys.readouterr().out)
    expected = target if explicit else tmp_path / "default"
    assert report["target"] == str(expected)
    assert assets.assets_installed(expected)


def test_cli_assets_builds_the_boundary_files_so_no_visitor_waits(tmp_path, monkeypatch,
                                                                    capsys):
    import cli
    from geo import district_geometry
    from geo import geometry as geo_boundaries

    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "vendor")
    monkeypatch.setattr(geo_boundaries, "CACHE_DIR", tmp_path / "cache")
    geo_boundaries.clear_caches()
    district_geometry.clear_caches()
    try:
        assert cli.main(["assets"]) == 0
        names = sorted(p.name for p in (tmp_path / "cache").iterdir())
        regions, districts = geo_boundaries.source_hash(), district_geometry.source_hash()
        assert names == sorted([
            f"boundaries-browser-{regions}.geojson",
            f"boundaries-browser-{regions}.parquet",
            f"boundaries-repaired-{regions}.parquet",
            f"districts-browser-{districts}.parquet",
            f"districts-repaired-{districts}.parquet",
        ])
        assert f"districts-browser-{districts}.parquet" in capsys.readouterr().out
        # A fresh process reads the files: nothing is repaired or nested again.
        geo_boundaries.clear_caches()
        district_geometry.clear_caches()

        def refuse(*_args, **_kwargs):
            raise AssertionError("rebuilt instead of read")

        monkeypatch.setattr(district_geometry, "nest", refuse)
        monkeypatch.setattr(geo_boundaries, "repair", refuse)
        assert len(district_geometry.browser_district_geojson("KZ-11")) > 1000
        assert len(district_geometry.district_boundaries()) == 224
    finally:
        geo_boundaries.clear_caches()
        district_geometry.clear_caches()
