"""`influence-map adapt ...` and `influence-map demo-data`: datasets in the loaders' convention."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from loaders.adapters import (
    AUDIENCE_KINDS,
    DEFAULT_DATA_DIR,
    AdaptedDataset,
    adapt_congress,
    adapt_github,
    adapt_lastfm,
    adapt_polblogs,
)
from loaders.demo_data import generate_demo_data
from loaders.demo_spec import DemoSpec
from service.graph.errors import ServiceError

OUT_DIR = click.Path(file_okay=False, path_type=Path)
SOURCE_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


def report(work: Callable[[], AdaptedDataset]) -> None:
    """Run an adapter and say what it wrote; a ServiceError becomes a one-line CLI error."""
    try:
        written = work()
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Wrote {written.describe()}")


def source_option(folder: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--source",
        type=SOURCE_DIR,
        default=DEFAULT_DATA_DIR / folder,
        show_default=True,
        help="The dataset's folder (as published, read only).",
    )


AUDIENCE_KIND = click.option(
    "--audience-kind",
    type=click.Choice(AUDIENCE_KINDS),
    default="follows",
    show_default=True,
    help="Relationship the audience rows become (FOLLOWS or ENGAGED_WITH).",
)


@click.group()
def adapt() -> None:
    """Convert a real dataset from ../shared/data into creators/audience/mentions CSV files."""


@adapt.command()
@click.argument("out_dir", type=OUT_DIR)
@source_option("lastfm-hetrec2011")
@click.option(
    "--min-listeners",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Keep artists with at least this many listeners (10 keeps a dense core of ~1,500).",
)
@click.option(
    "--top-tags",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Most-used tags kept as each artist's topics.",
)
@AUDIENCE_KIND
def lastfm(out_dir: Path, source: Path, min_listeners: int, top_tags: int, audience_kind: str) -> None:
    """Last.fm artists as creators (followers = listeners), listens as audience (weight = plays)."""
    report(
        lambda: adapt_lastfm(
            source, out_dir, min_listeners=min_listeners, top_tags=top_tags, audience_kind=audience_kind
        )
    )


@adapt.command()
@click.argument("out_dir", type=OUT_DIR)
@source_option("congress-twitter")
def congress(out_dir: Path, source: Path) -> None:
    """Members of Congress as creators (with a party column), influence edges as mentions."""
    report(lambda: adapt_congress(source, out_dir))


@adapt.command()
@click.argument("out_dir", type=OUT_DIR)
@source_option("polblogs")
def polblogs(out_dir: Path, source: Path) -> None:
    """Political blogs as creators (with a leaning column), hyperlinks as mentions."""
    report(lambda: adapt_polblogs(source, out_dir))


@adapt.command()
@click.argument("out_dir", type=OUT_DIR)
@source_option("github-repo-contributors")
@click.option(
    "--min-stars",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Keep repositories with at least this many stars.",
)
@AUDIENCE_KIND
def github(out_dir: Path, source: Path, min_stars: int, audience_kind: str) -> None:
    """GitHub repositories as creators (followers = stars), contributors as audience."""
    report(lambda: adapt_github(source, out_dir, min_stars=min_stars, audience_kind=audience_kind))


DEFAULTS = DemoSpec()


@click.command("demo-data")
@click.argument("out_dir", type=OUT_DIR)
@click.option("--creators", type=int, default=DEFAULTS.creators, show_default=True, help="Creators.")
@click.option(
    "--members",
    type=int,
    default=DEFAULTS.members,
    show_default=True,
    help="Audience members, bots included.",
)
@click.option(
    "--seed",
    type=int,
    default=DEFAULTS.seed,
    show_default=True,
    help="Random seed; the same options and seed give identical files.",
)
@click.option(
    "--communities",
    type=int,
    default=DEFAULTS.communities,
    show_default=True,
    help="Planted communities (fitness, nutrition, gaming, beauty, travel, tech).",
)
@click.option(
    "--mean-follows",
    type=float,
    default=DEFAULTS.mean_follows,
    show_default=True,
    help="Creators an ordinary member follows, on average.",
)
@click.option(
    "--home-share",
    type=float,
    default=DEFAULTS.home_share,
    show_default=True,
    help="Share of an ordinary member's follows inside their community.",
)
@click.option(
    "--bridges",
    type=int,
    default=DEFAULTS.bridges,
    show_default=True,
    help="Creators whose audience spans two or three communities.",
)
@click.option(
    "--bots",
    type=int,
    default=DEFAULTS.bots,
    show_default=True,
    help="Bot-like members (follow many creators at random, in bursts).",
)
@click.option(
    "--bot-follows",
    type=int,
    default=DEFAULTS.bot_follows,
    show_default=True,
    help="Creators a bot follows, on average.",
)
@click.option(
    "--engaged-share",
    type=float,
    default=DEFAULTS.engaged_share,
    show_default=True,
    help="Share of people's follows that also get an `engaged` row.",
)
@click.option("--pods", type=int, default=DEFAULTS.pods, show_default=True, help="Engagement pods planted.")
@click.option(
    "--bought-followers",
    type=int,
    default=DEFAULTS.bought_followers,
    show_default=True,
    help="Creators sharing one bot farm (--farm-members accounts, all on one day).",
)
@click.option(
    "--engagement-outliers",
    type=int,
    default=DEFAULTS.engagement_outliers,
    show_default=True,
    help="Creators with an engagement rate of 0.45, far above their tier's.",
)
def demo_data(out_dir: Path, **options: float) -> None:
    """Generate a synthetic market with planted communities, bridges and bots (and truth.json)."""
    spec = DemoSpec(**options)  # type: ignore[arg-type]
    report(lambda: generate_demo_data(out_dir, spec))
