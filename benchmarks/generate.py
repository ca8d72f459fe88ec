"""Write N realistic, deterministic definitions into a workspace, for the benchmarks.

Usage: python benchmarks/generate.py N OUT_DIR   (OUT_DIR/definitions/*.yaml)
       python benchmarks/generate.py pathological OUT_DIR   (inputs that once took quadratic time)
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

CITIES = [
    "运城",
    "鄂州",
    "连云港",
    "临汾",
    "晋中",
    "黄石",
    "宜昌",
    "徐州",
    "盐城",
    "淮安",
    "包头",
    "赤峰",
    "大同",
    "长治",
    "襄阳",
    "荆州",
    "南通",
    "扬州",
    "镇江",
    "泰州",
]
UNITS = [
    "市发展改革委",
    "市教育局",
    "市科技局",
    "市工信局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人社局",
    "市自然资源局",
    "市生态环境局",
    "市住建局",
    "市交通局",
    "市农业农村局",
    "市商务局",
    "市文旅局",
    "市卫健委",
    "市应急局",
    "市市场监管局",
    "市体育局",
    "市统计局",
    "市审批服务管理局",
    "市能源局",
    "市机关事务管理局",
    "市中级人民法院",
    "市税务局",
    "市水务局",
    "市退役军人事务局",
    "市医保局",
    "市气象局",
    "市工商联",
    "市数据局",
    "市林业局",
    "市人民检察院",
    "市委宣传部",
    "市委网信办",
    "市科协",
    "市总工会",
    "市妇联",
    "市残联",
]
TOPICS = [
    ("quality", "质量强市和标准化", ["质量", "标准化"]),
    ("ip", "知识产权强市建设工作", ["知识产权"]),
    ("food", "食品安全工作", ["食品安全"]),
    ("metrology", "计量工作", ["计量"]),
]
DUTIES = [
    "研究制定全市实施{t}战略相关政策措施",
    "安排部署相关工作任务",
    "协调解决相关重大问题",
    "组织市级政府质量奖励工作",
    "完成市委、市政府交办的其他事项",
    "统筹协调全市{t}工作，推进治理体系和治理能力现代化",
    "督促检查有关政策措施的落实情况，定期通报工作进展",
]
RULES = [
    "联席会议根据工作需要定期或不定期召开会议，由召集人或召集人委托的副召集人主持。",
    "联席会议原则上每年召开一次全体会议，研究部署年度重点工作。",
    "联席会议以会议纪要形式明确会议议定事项，经与会单位同意后印发有关方面。",
    "成员单位根据工作需要可以提出召开联席会议的建议。",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def definition(i: int) -> str:
    rng = random.Random(i)
    city = rng.choice(CITIES)
    ident = f"city-{i:05d}"
    n_sys = rng.choice([1, 1, 2])
    year = rng.randint(2015, 2025)
    lines = [
        "# yaml-language-server: $schema=../schema/lianxi.schema.json",
        "lianxi: 1",
        f"id: {ident}",
        f"jurisdiction: {city}市",
        "level: city",
        "sources:",
        f"  - title: {q(f'{city}市人民政府办公室关于建立联席会议制度的通知')}",
        "document:",
        "  kind: 通知",
        f"  issuer: {city}市人民政府办公室",
        f"  number: {city[0]}政办函〔{year}〕{rng.randint(1, 120)}号",
        f"  date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"  title: {city}市人民政府办公室关于建立联席会议制度的通知",
        "  addressees: [各县（市、区）人民政府, 市直各有关单位]",
        "  note: 此件公开发布",
        "systems:",
    ]
    for key, name, topics in rng.sample(TOPICS, n_sys):
        units = rng.sample(UNITS, rng.randint(20, 40))
        if "市市场监管局" not in units:
            units[0] = "市市场监管局"
        lines += [
            f"  - key: {key}",
            f"    name: {city}市{name}联席会议制度",
            "    short_name: 联席会议",
            f"    topics: [{', '.join(topics)}]",
            "    status: active",
            f"    established: {year}-06-01",
            "    duties:",
            *[f"      - {d.format(t=name)}" for d in rng.sample(DUTIES, 5)],
            "    lead_unit: 市市场监管局",
            "    units:",
        ]
        for u in units:
            if rng.random() < 0.5:
                person = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                lines += [f"      - name: {u}", f"        member: {{name: {person}, post: 副局长}}"]
            else:
                lines.append(f"      - {u}")
        lines += [
            f"    declared_unit_count: {len(units)}",
            "    conveners:",
            "      - role: convener",
            "        post: 市政府分管市场监管工作的副市长",
            "      - role: deputy_convener",
            "        post: 市市场监管局主要负责人",
            "        unit: 市市场监管局",
            "    office: {unit: 市市场监管局, director: 市市场监管局分管同志}",
            "    liaisons: {rule: 各成员单位承办科室负责同志}",
            "    rules:",
            "      plenary_per_year: 1",
            "      text:",
            *[f"        - {r}" for r in RULES],
            "    requirements:",
            "      - 各成员单位要按照职责分工，主动研究有关问题，积极配合，形成合力。",
            "    meetings:",
        ]
        for y in range(year + 1, 2026):
            lines += [
                f"      - date: {y}-03-{rng.randint(1, 28):02d}",
                "        kind: plenary",
                "        place: 市政府第一会议室",
                "        decisions:",
                f"          - text: 制定{y}年工作要点",
                "            owners: [市市场监管局]",
                f"            due: {y}-06-30",
                "            status: done",
            ]
        if lines[-1] == "    meetings:":
            lines[-1] = "    meetings: []"
    return "\n".join(lines) + "\n"


VERBS = [
    "研究",
    "统筹",
    "推进",
    "督促",
    "协调",
    "组织",
    "指导",
    "完善",
    "落实",
    "健全",
    "加强",
    "开展",
]
OBJECTS = [
    "标准体系",
    "质量基础设施",
    "计量检测能力",
    "认证认可工作",
    "知识产权保护",
    "品牌建设",
    "质量提升行动",
    "执法协作机制",
    "信用监管",
    "应急处置预案",
    "人才培养",
    "宣传培训",
]


def with_duties(i: int, duties: list[str]) -> str:
    """Definition `i` whose first system has exactly `duties`."""
    lines = definition(i).split("\n")
    start = lines.index("    duties:") + 1
    end = start
    while lines[end].startswith("      - "):
        end += 1
    lines[start:end] = [f"      - {d}" for d in duties]
    return "\n".join(lines)


def many_duties(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(VERBS)}{rng.choice(CITIES)}市{rng.choice(OBJECTS)}，"
        f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}第{k + 1}项任务"
        for k in range(n)
    ]


def pathological(out: Path) -> None:
    """Inputs of a pull request's size that once took quadratic time.

    dup/definitions/dup.yaml: 60,000 keys of which 4,000 repeat one key (0.9 MB).
    base/: a git repository whose one definition has 3,500 duties, then all of them reworded.
    peers/definitions/{peer-a,peer-b}.yaml: two systems of 3,000 duties each, half of them shared.
    large/definitions/large.yaml: one system of 2,000 more member units, none in the unit catalog,
    each with its member as `{name, post}`, and 15,000 duties (1.8 MB).
    """
    import subprocess

    dup = out / "dup" / "definitions"
    dup.mkdir(parents=True, exist_ok=True)
    keys = [f"    k{k:05d}: v" if k % 15 else "    duties: 重复" for k in range(60_000)]
    head = definition(0).split("\n    duties:")[0].replace("city-00000", "dup")
    (dup / "dup.yaml").write_text(head + "\n" + "\n".join(keys) + "\n", encoding="utf-8")

    base = out / "base"
    (base / "definitions").mkdir(parents=True, exist_ok=True)
    target = base / "definitions" / "city-00001.yaml"
    duties = many_duties(3_500, 1)
    target.write_text(with_duties(1, duties), encoding="utf-8")
    git = ["git", "-C", str(base), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "3,500 duties"], check=True)
    rng = random.Random(2)
    changed = [d.replace("第", rng.choice(["进一步", "全面", "切实"]) + "第") for d in duties]
    moved = changed[:200]
    rng.shuffle(moved)
    changed[:200] = moved  # and a few moved
    target.write_text(with_duties(1, changed), encoding="utf-8")

    peers = out / "peers" / "definitions"
    peers.mkdir(parents=True, exist_ok=True)
    shared = many_duties(1_500, 3)
    for name, seed, i in (("peer-a", 4, 2), ("peer-b", 5, 3)):
        own = shared + many_duties(1_500, seed)
        random.Random(seed).shuffle(own)
        text = with_duties(i, own).replace(f"city-{i:05d}", name)
        (peers / f"{name}.yaml").write_text(text, encoding="utf-8")

    large = out / "large" / "definitions"
    large.mkdir(parents=True, exist_ok=True)
    lines = with_duties(4, many_duties(15_000, 6)).replace("city-00004", "large").split("\n")
    units = lines.index("    units:") + 1
    lines[units:units] = [
        f"      - name: 第{k}工作协调单位\n        member: {{name: 张{k}, post: 副主任}}"
        for k in range(2_000)
    ]
    text = "\n".join(lines)
    declared = re.search(r"declared_unit_count: (\d+)", text)
    if declared:
        count = f"declared_unit_count: {int(declared[1]) + 2_000}"
        text = text.replace(declared[0], count)
    (large / "large.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    if sys.argv[1] == "pathological":
        pathological(Path(sys.argv[2]))
        return
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    folder = out / "definitions"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"city-{i:05d}.yaml").write_text(definition(i), encoding="utf-8")


if __name__ == "__main__":
    main()
