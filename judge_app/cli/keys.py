"""`judge-app keys show|export|import`: the organizer's signing key, kept outside every contest file.

The passphrase protecting an exported key comes from a prompt, or for scripts from
`$JUDGE_APP_KEY_PASSPHRASE`.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

PASSPHRASE_ENV = "JUDGE_APP_KEY_PASSPHRASE"


def _passphrase(confirm: bool) -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        from judge_app.services.contest.contest_access import ServiceError

        raise ServiceError(f"需要口令: 请在终端运行, 或设置 {PASSPHRASE_ENV} (a passphrase is needed)")
    first = getpass.getpass("密钥文件口令 (passphrase): ")
    if confirm and getpass.getpass("再输入一次 (again): ") != first:
        from judge_app.services.contest.contest_access import ServiceError

        raise ServiceError("两次输入的口令不同 (passphrases differ)")
    return first


def cmd_keys(args) -> int:
    from judge_app.services.integrity import organizer_key as keys
    from judge_app.store.audit import now

    if args.action == "show":
        key = keys.stored_key()
        if key is None:
            print(f"尚无签名密钥; 首次签署或签发证书时创建于 {keys.key_path()} (no key yet)")
        else:
            print(f"{key.key_id.hex()}\t{key.public_raw.hex()}\t{keys.key_path()}")
        return 0
    if args.action == "export":
        key = keys.export_key(Path(args.out), _passphrase(confirm=True))
        print(f"已导出签名密钥 (key id {key.key_id.hex()}) → {args.out}; 请妥善保管, 不要与比赛文件放在一起 "
              f"(exported; keep it apart from contest files)")
        return 0
    key = keys.import_key(Path(args.file), _passphrase(confirm=False), now(), replace=args.replace)
    print(f"已导入签名密钥 (key id {key.key_id.hex()}) → {keys.key_path()} (imported)")
    return 0


def register(sub) -> None:
    keys = sub.add_parser("keys", help="主办方签名密钥: 查看、导出、导入 (the organizer's signing key)")
    actions = keys.add_subparsers(dest="action", required=True)
    p = actions.add_parser("show", help="显示密钥编号与公钥 (key id and public key)")
    p.set_defaults(handler=cmd_keys)
    p = actions.add_parser("export", help="导出为口令保护的文件, 供另一台电脑导入 (export, passphrase-protected)")
    p.add_argument("--out", required=True, help="导出文件 (output file)")
    p.set_defaults(handler=cmd_keys)
    p = actions.add_parser("import", help="导入导出的密钥文件 (import an exported key)")
    p.add_argument("file", help="导出的密钥文件 (exported key file)")
    p.add_argument("--replace", action="store_true", help="替换本机已有的另一把密钥 (replace a different key here)")
    p.set_defaults(handler=cmd_keys)
