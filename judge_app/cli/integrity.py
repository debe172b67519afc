"""`judge-app audit|lock|unlock|signoff|users|backup|restore`: the integrity commands.

`audit verify` exits 0 when the chain and the tables agree with it, 1 when it names the first
event altered, inserted or deleted (or a table value changed outside the app).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from judge_app.cli.common import REFUSED, actor, db_options, opened

NEW_PASSWORD_ENV = "JUDGE_APP_NEW_PASSWORD"
TAMPERED = 1


def cmd_audit_verify(args) -> int:
    from judge_app.services.integrity.audit_trail import verify, verify_light
    from judge_app.store import light_read

    conn = light_read.connect(light_read.resolve_location(args.db))
    if conn is not None:  # a sound SQLite file at the current schema: checked without SQLAlchemy
        try:
            v = verify_light(conn, expect_head=args.expect_head)
        finally:
            conn.close()
    else:
        with opened(args) as db:
            v = verify(db, expect_head=args.expect_head)
    if v.ok:
        print(f"审计链完整, 数据与审计记录一致 (audit chain intact): {v.events} 个事件, 链头 {v.head}")
        return 0
    print(f"审计链校验失败 (audit verification FAILED): {v.problem}", file=sys.stderr)
    if v.problem.event_id is not None:
        print(f"  首个问题事件 (first bad event): #{v.problem.event_id} [{v.problem.kind}]", file=sys.stderr)
    return TAMPERED


def cmd_audit_log(args) -> int:
    from judge_app.domain.audit_sentences import sentence
    from judge_app.domain.chinese_dates import chinese_datetime
    from judge_app.services.integrity.audit_log import audit_lines, audit_names

    with opened(args) as db:
        lines = audit_lines(db, target=args.target or "", user=args.user_filter or "", limit=args.limit,
                            oldest_first=True)
        names = audit_names(db)
    if args.json:
        print(json.dumps([line.__dict__ for line in lines], ensure_ascii=False, indent=2))
        return 0
    for line in lines:  # the sentence to read, then the stored record to grep and check
        change = ""
        if line.old is not None:
            change += f" 原 {line.old}"
        if line.new is not None:
            change += f" 新 {line.new}"
        print(f"#{line.id}\t{chinese_datetime(line.at)}\t{line.actor}\t"
              f"{sentence(line.action, line.target, line.old, line.new, names)}\t[{line.action} {line.target}{change}]")
    return 0


def cmd_audit_head(args) -> int:
    from judge_app.services.integrity.audit_trail import head

    with opened(args) as db:
        h = head(db)
    print(f"{h.hash}\t事件 #{h.event_id} (head of {h.events} events)")
    return 0


def _print_locks(found) -> None:
    from judge_app.domain.chinese_dates import chinese_datetime

    for round_key, component, locked_at, locked_by in found:
        what = f"{round_key}.{component}" if component else f"{round_key} (整轮 whole round)"
        print(f"{what}\t{locked_by}\t{chinese_datetime(locked_at)}")


def cmd_lock(args) -> int:
    if args.list:
        from judge_app.store import light_read

        conn = light_read.connect(light_read.resolve_location(args.db))
        if conn is not None:  # a sound file at the current schema: answered without SQLAlchemy
            try:
                _print_locks(light_read.locks(conn, args.round))
            finally:
                conn.close()
            return 0
    from judge_app.domain.chinese_dates import chinese_datetime
    from judge_app.services.results import locks

    with opened(args) as db:
        if args.list:
            _print_locks((s.round, s.component, s.locked_at, s.locked_by) for s in locks.locks(db, args.round))
            return 0
        if not args.round:
            print("错误 (refused): 需要 --round (round needed)", file=sys.stderr)
            return REFUSED
        s = locks.lock(db, args.round, args.component, actor(args))
    print(f"已锁定 {s.round}{'.' + s.component if s.component else ' (整轮)'} (locked): {s.locked_by}, "
          f"{chinese_datetime(s.locked_at)}")
    return 0


def cmd_unlock(args) -> int:
    from judge_app.services.results import locks

    with opened(args) as db:
        locks.unlock(db, args.round, args.component, actor(args), args.reason)
    print(f"已解锁 {args.round}{'.' + args.component if args.component else ' (整轮)'} (unlocked); 理由: {args.reason}")
    return 0


def cmd_signoff(args) -> int:
    from judge_app.services.results import locks

    from judge_app.domain.chinese_dates import chinese_datetime
    from judge_app.domain.contest import head_title
    from judge_app.services.contest.workspace_files import current_contest

    with opened(args) as db:
        s = locks.signoff(db, args.round, args.head_judge, actor(args))
        title = head_title(current_contest(db))
    print(f"轮次 {s.round} 已由{title} {s.head_judge} 于 {chinese_datetime(s.signed_at)} 签署 (signed off); "
          f"审计链头 {s.chain_head}")
    return 0


def _new_password(name: str) -> str:
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        from judge_app.services.contest.contest_access import ServiceError

        raise ServiceError(f"需要 {name} 的新密码: 请在终端运行, 或设置 {NEW_PASSWORD_ENV} (new password needed)")
    import getpass

    first = getpass.getpass(f"{name} 的新密码 (new password): ")
    if getpass.getpass("再输入一次 (again): ") != first:
        from judge_app.services.contest.contest_access import ServiceError

        raise ServiceError("两次输入的密码不同 (passwords differ)")
    return first


def cmd_users(args) -> int:
    from judge_app.domain.chinese_dates import chinese_datetime
    from judge_app.services.integrity import users

    with opened(args) as db:
        if args.action == "list":
            for name, role, judge, active, created in users.list_users(db):
                state = "" if active else "\t(停用 disabled)"
                print(f"{name}\t{role}\t{judge or '-'}\t{chinese_datetime(created)}{state}")
            return 0
        if args.action == "add":
            who = actor(args)
            ident = users.add_user(db, args.name, args.role, _new_password(args.name), who, args.judge or "")
            print(f"已添加用户 {ident.name} ({ident.role}) (user added)")
            if ident.role == users.ADMINISTRATOR:
                print("此数据库此后的每项修改都需要账户和密码 (from now on every change needs an account)")
        elif args.action == "passwd":
            users.set_password(db, args.name, _new_password(args.name), actor(args))
            print(f"已更改 {args.name} 的密码 (password changed)")
        else:
            users.set_active(db, args.name, args.action == "enable", actor(args))
            print(f"{args.name}: {'已启用 (enabled)' if args.action == 'enable' else '已停用 (disabled)'}")
    return 0


def cmd_backup(args) -> int:
    from judge_app.services.integrity.backups import backup_now, backups_of_database

    with opened(args) as db:
        if args.list:
            for path in backups_of_database(db):
                print(path)
            return 0
        path = backup_now(db, actor(args), Path(args.to) if args.to else None)
    print(f"已备份 (backed up) → {path}")
    return 0


def cmd_restore(args) -> int:
    from judge_app.services.integrity.backups import crossed_seals, is_sound, may_restore, restore_backup, restore_server_backup
    from judge_app.store.database import is_postgresql, resolve_location, shown_location

    location = resolve_location(args.db)
    if is_postgresql(location):
        kept, voided = restore_server_backup(location, Path(args.backup), actor(args), args.reason)
        print(f"已从 {args.backup} 恢复 {shown_location(location)} (restored)")
        for round_key in voided:
            print(f"轮次 {round_key} 的签署封印已作废, 须重新锁定并签署 (the seal of round {round_key} is void; "
                  f"lock and sign off again); 理由: {args.reason}")
        print(f"原数据库内容保存在 (previous content kept in): {kept}")
        return 0
    path = Path(location).expanduser().resolve()
    if is_sound(path):
        with opened(args) as db:
            who = actor(args)
            may_restore(db, who)
    else:
        who = args.user or "unknown"
    crossed = crossed_seals(path, Path(args.backup))
    kept = restore_backup(path, Path(args.backup), who, args.reason)
    print(f"已从 {args.backup} 恢复 {path} (restored)")
    for round_key in sorted(crossed):
        print(f"轮次 {round_key} 的签署封印已作废, 须重新锁定并签署 (the seal of round {round_key} is void; "
              f"lock and sign off again); 理由: {args.reason}")
    if kept:
        print(f"原文件内容保存在 (previous content kept in): {kept}")
    return 0


def register(sub) -> None:
    audit = sub.add_parser("audit", help="审计记录: 校验哈希链、查看日志 (audit trail)")
    actions = audit.add_subparsers(dest="action", required=True)
    p = actions.add_parser("verify", help="校验审计链与数据 (verify the hash chain and the data)", parents=[db_options()])
    p.add_argument("--expect-head", help="此前公布的链头 (a head printed earlier, e.g. on the results notice)")
    p.set_defaults(handler=cmd_audit_verify)
    p = actions.add_parser("log", help="查看审计日志 (show the audit log)", parents=[db_options()])
    p.add_argument("--target", help="目标前缀, 如 score:final.expert (target prefix)")
    p.add_argument("--by", dest="user_filter", help="只看此用户的操作 (only this user's events)")
    p.add_argument("--limit", type=int, help="只显示最后 N 条 (last N events)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_log)
    p = actions.add_parser("head", help="审计链头 (the chain head)", parents=[db_options()])
    p.set_defaults(handler=cmd_audit_head)

    p = sub.add_parser("lock", help="锁定部分或整轮 (lock a component or a round)", parents=[db_options()])
    p.add_argument("--round", help="轮次 key")
    p.add_argument("--component", help="计分部分 key; 省略则锁定整轮 (omit to lock the whole round)")
    p.add_argument("--list", action="store_true", help="列出锁定 (list locks)")
    p.set_defaults(handler=cmd_lock)
    p = sub.add_parser("unlock", help="解锁, 须管理员并写明理由 (unlock: administrator, with a reason)",
                       parents=[db_options()])
    p.add_argument("--round", required=True)
    p.add_argument("--component")
    p.add_argument("--reason", required=True, help="解锁理由, 记入审计 (reason, audited)")
    p.set_defaults(handler=cmd_unlock)
    p = sub.add_parser("signoff", help="主评委签署轮次结果 (head judge signs off a locked round)", parents=[db_options()])
    p.add_argument("--round", required=True)
    p.add_argument("--head-judge", required=True, help="主评委姓名 (head judge's name)")
    p.set_defaults(handler=cmd_signoff)

    users = sub.add_parser("users", help="账户与角色 (accounts and roles)")
    actions = users.add_subparsers(dest="action", required=True)
    p = actions.add_parser("add", help="添加账户; 第一个须为管理员 (add; the first must be an administrator)",
                           parents=[db_options()])
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["administrator", "clerk", "host", "judge"])
    p.add_argument("--judge", help="评委账户关联的评委编号 (judge code for a judge account)")
    p.set_defaults(handler=cmd_users)
    p = actions.add_parser("list", help="列出账户 (list)", parents=[db_options()])
    p.set_defaults(handler=cmd_users)
    for name, text in (("passwd", "更改密码 (change password)"), ("disable", "停用 (disable)"), ("enable", "启用 (enable)")):
        p = actions.add_parser(name, help=text, parents=[db_options()])
        p.add_argument("name")
        p.set_defaults(handler=cmd_users)

    p = sub.add_parser("backup", help="立即备份数据库 (back up the database now)", parents=[db_options()])
    p.add_argument("--to", help="备份到此文件 (back up to this file); 默认放入轮换备份目录")
    p.add_argument("--list", action="store_true", help="列出轮换备份, 最新在前 (list backups, newest first)")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="从备份恢复; 原内容另存 (restore a backup; the old content is kept)",
                       parents=[db_options()])
    p.add_argument("backup", help="备份文件 (backup file)")
    p.add_argument("--reason", help="理由; 恢复到签署之前时必须写明, 记入审计 (reason; needed across a sign-off)")
    p.set_defaults(handler=cmd_restore)
