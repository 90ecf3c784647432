import pytest

from utils import settings


def test_defaults_apply_without_a_file(monkeypatch, tmp_path):
    monkeypatch.setenv("LTM_CONFIG", str(tmp_path / "absent.toml"))
    with pytest.raises(FileNotFoundError, match="absent.toml"):
        settings.get("app")
    monkeypatch.delenv("LTM_CONFIG")
    monkeypatch.setattr(settings, "PROJECT_DIR", tmp_path)
    assert settings.get("app")["max_upload_mb"] == 200


def test_file_overrides_one_key_and_keeps_the_rest(monkeypatch, tmp_path):
    path = tmp_path / "ltm.toml"
    path.write_text('[app]\nrequire_login = true\n[auth]\nlockout_attempts = 3\n', encoding="utf-8")
    monkeypatch.setenv("LTM_CONFIG", str(path))
    app = settings.get("app")
    assert app["require_login"] is True
    assert app["max_upload_mb"] == 200
    assert settings.get("auth")["lockout_attempts"] == 3


def test_unknown_section_lists_the_valid_ones():
    with pytest.raises(KeyError, match="Section must be in the set: alerts, app, auth"):
        settings.get("colours")


def test_the_web_server_refuses_uploads_above_the_apps_limit():
    import tomllib

    from utils.settings import DEFAULTS, PROJECT_DIR

    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == DEFAULTS["app"]["max_upload_mb"]
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["toolbarMode"] == "minimal"  # no developer menu (clear cache)
