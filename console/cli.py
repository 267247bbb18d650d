"""Accounts of the officials' console, from the command line (there is no sign-up page).

    python -m console.cli create-user lan            # asks for the password twice
    python -m console.cli set-password lan           # also logs lan out everywhere
    python -m console.cli logout-all lan             # e.g. a lost phone
    python -m console.cli delete-user lan
    python -m console.cli list-users
    echo "$PASSWORD" | python -m console.cli create-user lan --password-stdin   # for scripts

Accounts are kept in the assistant's database (ASSISTANT_DB).
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Callable, Optional, Sequence

from console import users
from console.users import AccountError


def _password(from_stdin: bool, read: Callable[[str], str] = getpass.getpass) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = read("Mật khẩu (ít nhất 10 ký tự): ")
    if read("Nhập lại mật khẩu: ") != first:
        raise AccountError("Hai lần nhập mật khẩu không giống nhau.")
    return first


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.cli", description="Quản lý tài khoản cán bộ của bảng điều khiển.")
    commands = parser.add_subparsers(dest="command", required=True)
    for command, help_text in (("create-user", "tạo tài khoản"), ("set-password", "đặt lại mật khẩu (đăng xuất mọi nơi)")):
        sub = commands.add_parser(command, help=help_text)
        sub.add_argument("name")
        sub.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    commands.add_parser("logout-all", help="đăng xuất tài khoản ở mọi nơi").add_argument("name")
    commands.add_parser("delete-user", help="xoá tài khoản").add_argument("name")
    commands.add_parser("list-users", help="liệt kê tài khoản")
    args = parser.parse_args(argv)
    try:
        if args.command == "create-user":
            account = users.create_user(args.name, _password(args.password_stdin))
            print(f"Đã tạo tài khoản {account.name}.")
        elif args.command == "set-password":
            users.set_password(args.name, _password(args.password_stdin))
            print(f"Đã đổi mật khẩu của {users.normalise_name(args.name)}; mọi phiên đăng nhập cũ đã kết thúc.")
        elif args.command == "logout-all":
            users.end_sessions(args.name)
            print(f"Đã đăng xuất {users.normalise_name(args.name)} ở mọi nơi.")
        elif args.command == "delete-user":
            users.delete_user(args.name)
            print(f"Đã xoá tài khoản {users.normalise_name(args.name)}.")
        else:
            accounts = users.list_users()
            for account in accounts:
                last = f"{account.last_login_at:%Y-%m-%d %H:%M} UTC" if account.last_login_at else "chưa đăng nhập"
                print(f"{account.name}\ttạo {account.created_at:%Y-%m-%d}\tlần cuối: {last}")
            if not accounts:
                print("Chưa có tài khoản nào. Tạo bằng: python -m console.cli create-user TEN")
    except AccountError as problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
