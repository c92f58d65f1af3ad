"""``tidings users``: create accounts, list them, change a role, make app passwords."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.table import Table

from tidings.accounts.app_passwords import (
    app_password_hash,
    check_app_password_name,
    fever_key,
    new_app_password,
)
from tidings.accounts.credentials import (
    PasswordHasher,
    check_password,
    check_username,
    normalise_username,
)
from tidings.accounts.models import Role
from tidings.cli import common
from tidings.errors import UsernameTaken
from tidings.store import SqlAppPasswords, SqlRepository, open_repository

app = typer.Typer(
    help="Reader accounts: create them, list them, change roles, give apps passwords.",
    no_args_is_help=True,
)


def _repository() -> SqlRepository:
    return open_repository(common.settings())


def _ask_password() -> str:
    """Ask twice, without echo, until both answers agree and the password is acceptable."""
    for _attempt in range(3):
        first = getpass.getpass("Password: ")
        problem = check_password(first)
        if problem is None and getpass.getpass("Password again: ") != first:
            problem = "The two passwords differ."
        if problem is None:
            return first
        common.console.print(f"[red]{problem}[/red]")
    raise typer.Exit(2)


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="The new account's username.")],
    admin: Annotated[bool, typer.Option("--admin", help="Make the account an admin.")] = False,
    password: Annotated[
        str | None,
        typer.Option(help="The password (asked for, twice and hidden, when not given)."),
    ] = None,
    email: Annotated[str | None, typer.Option(help="An email address to keep.")] = None,
) -> None:
    """Create an account; a reader unless ``--admin``."""
    name = normalise_username(username)
    problem = check_username(name)
    if problem is None and password is not None:
        problem = check_password(password)
    if problem is not None:
        common.console.print(f"[red]{problem}[/red]")
        raise typer.Exit(2)
    repo = _repository()
    if repo.accounts.find_user(name) is not None:
        common.console.print(f"[red]The username {name} is taken.[/red]")
        raise typer.Exit(1)
    secret = password if password is not None else _ask_password()
    role = Role.ADMIN if admin else Role.READER
    try:
        user = repo.accounts.create_user(
            name, PasswordHasher().hash(secret), now=common.now(), email=email, role=role
        )
    except UsernameTaken:
        common.console.print(f"[red]The username {name} is taken.[/red]")
        raise typer.Exit(1) from None
    common.console.print(f"Created {user.role.value} {user.username} (id {user.id}).")


@app.command("list")
def list_users() -> None:
    """Every account with its role."""
    users = _repository().accounts.list_users()
    if not users:
        common.console.print("No accounts yet. Create one with `tidings users create NAME`.")
        return
    table = Table("id", "username", "role", "email", "created")
    for user in users:
        table.add_row(
            str(user.id),
            user.username,
            user.role.value,
            user.email or "",
            common.when(user.created_at),
        )
    common.console.print(table)


@app.command("role")
def set_role(
    username: Annotated[str, typer.Argument(help="Whose role to change.")],
    role: Annotated[Role, typer.Argument(help="reader, moderator or admin.")],
) -> None:
    """Make an account a reader, moderator or admin."""
    repo = _repository()
    user = repo.accounts.find_user(normalise_username(username))
    if user is None:
        common.console.print(f"[red]No account named {username}.[/red]")
        raise typer.Exit(1)
    repo.accounts.set_role(user.id, role)
    common.console.print(f"{user.username} is now {role.value}.")


@app.command("api-key")
def api_key(
    username: Annotated[str, typer.Argument(help="Whose app passwords.")],
    name: Annotated[
        str, typer.Option(help="What the new app password is for (an app's name).")
    ] = "Command line",
    list_them: Annotated[
        bool, typer.Option("--list", help="List the app passwords with their last use.")
    ] = False,
    revoke: Annotated[
        int | None, typer.Option(help="Revoke the app password with this id.", min=1)
    ] = None,
) -> None:
    """Create an app password for reader apps (Fever, and the APIs to come); or, with
    ``--list`` or ``--revoke ID``, list or revoke them."""
    repo = _repository()
    user = repo.accounts.find_user(normalise_username(username))
    if user is None:
        common.console.print(f"[red]No account named {username}.[/red]")
        raise typer.Exit(1)
    keys = SqlAppPasswords(repo.engine)
    if list_them:
        made = keys.app_passwords(user.id)
        if not made:
            common.console.print(f"{user.username} has no app passwords.")
            return
        table = Table("id", "name", "created", "last used")
        for key in made:
            table.add_row(
                str(key.id), key.name, common.when(key.created_at), common.when(key.last_used_at)
            )
        common.console.print(table)
        return
    if revoke is not None:
        if not keys.revoke_app_password(user.id, revoke):
            common.console.print(f"[red]{user.username} has no app password {revoke}.[/red]")
            raise typer.Exit(1)
        common.console.print(f"Revoked app password {revoke} of {user.username}.")
        return
    problem = check_app_password_name(name)
    if problem is not None:
        common.console.print(f"[red]{problem}[/red]")
        raise typer.Exit(2)
    secret = new_app_password()
    made_key = keys.add_app_password(
        user.id,
        name.strip(),
        app_password_hash(secret),
        fever_key(user.username, secret),
        now=common.now(),
    )
    common.console.print(
        f"App password {made_key.id} for {user.username} ({made_key.name}); it is shown once:"
    )
    common.console.print(secret, markup=False, highlight=False)
    common.console.print(f"Sign in to apps as {user.username} with it (docs/apps.md).")
