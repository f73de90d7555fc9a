"""Run Alembic programmatically (``linkhub db upgrade``) with the owner's database URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(
    owner_url: str,
    app_role: str | None = None,
    app_password: str | None = None,
    federation_role: str | None = None,
    federation_password: str | None = None,
    platform_role: str | None = None,
    platform_password: str | None = None,
) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", owner_url.replace("%", "%%"))
    cfg.attributes["app_role"] = app_role
    cfg.attributes["app_password"] = app_password
    cfg.attributes["federation_role"] = federation_role
    cfg.attributes["federation_password"] = federation_password
    cfg.attributes["platform_role"] = platform_role
    cfg.attributes["platform_password"] = platform_password
    return cfg


def upgrade(config, revision: str = "heads") -> None:
    if config.DATABASE_OWNER_URL.startswith("sqlite:///"):
        Path(config.DATABASE_OWNER_URL[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(
        alembic_config(
            config.DATABASE_OWNER_URL,
            config.DATABASE_APP_USER,
            config.DATABASE_APP_PASSWORD,
            getattr(config, "DATABASE_FEDERATION_USER", None),
            getattr(config, "DATABASE_FEDERATION_PASSWORD", None),
            getattr(config, "DATABASE_PLATFORM_USER", None),
            getattr(config, "DATABASE_PLATFORM_PASSWORD", None),
        ),
        revision,
    )


def revision(config, message: str) -> None:
    command.revision(alembic_config(config.DATABASE_OWNER_URL), message=message, autogenerate=True)
