"""Document search as a user waits for it: HTTP requests to gunicorn over 200,000 long documents.

Builds (or reuses, see `--cache`) a migrated SQLite database with an organisation tree of a
province, its districts and communes, and 200,000 generated documents (Party and State
symbols, varied titles, summaries, and body text of realistic length: 10-150 K characters,
log-normal, median about 20 K, as registered plans and reports are); prints how long it took
to generate, insert and index them (`search_index_documents`, the code path of every save).

Then starts gunicorn as docs/operator-guide.md runs it (production settings, 3 workers,
127.0.0.1; SQLite opens a new connection, with a cold page cache, per request), logs in four
scoped users who are not superusers (province approver, district administrator, two commune
users), and requests the search page `/documents/?q=` and the API `/api/documents/?q=` for
the 24 fixed queries and queries drawn by seed from the corpus's own titles (with and without
diacritics, some quoted). Every timed request counts: wall clock on the client, p95 over all
of them. The reference is what a developer would write without an index: LIKE on symbol,
title, summary and text, the same scope, count capped at 500, the same tiers and order, the
same page of 20 with the same snippets, on a new connection each time.
Goal: p95 < 50 ms and LIKE's p95 >= 20 x search's p95.

Run: .venv/bin/python bench/search.py [--documents N] [--seed N] [--titles N] [--rounds N]
"""

import argparse
import ast
import datetime
import hashlib
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

MAX_P95_MS = 50.0
MIN_SPEEDUP = 20.0
MAX_TOTAL = 500  # the search counts up to here (search.MAX_TOTAL); so does the reference
PAGE = 20
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUILD_VERSION = 1  # bump when the generator changes: a cached corpus is then rebuilt
PASSWORD = "bench-" + "search-pass-2026"  # users of a throw-away database

TYPES_PARTY = [
    ("NQ", "Nghị quyết"),
    ("KL", "Kết luận"),
    ("CT", "Chỉ thị"),
    ("KH", "Kế hoạch"),
    ("HD", "Hướng dẫn"),
    ("QĐ", "Quyết định"),
    ("TB", "Thông báo"),
    ("BC", "Báo cáo"),
    ("CV", "Công văn"),
]
TYPES_STATE = [("TT", "Thông tư"), ("NĐ-CP", "Nghị định"), ("QĐ-UBND", "Quyết định")]
TOPICS = [
    "tăng cường bảo vệ nền tảng tư tưởng của Đảng",
    "đấu tranh phản bác các quan điểm sai trái, thù địch",
    "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "chuyển đổi số trong cơ quan Đảng",
    "xây dựng nông thôn mới nâng cao",
    "phòng, chống tham nhũng, tiêu cực",
    "cải cách hành chính và nâng cao chỉ số hài lòng",
    "công tác tuyên giáo và dân vận",
    "phát triển kinh tế tập thể, hợp tác xã",
    "bảo đảm an ninh, trật tự an toàn xã hội",
    "công tác phát triển đảng viên mới",
    "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống",
    "phòng chống thiên tai, tìm kiếm cứu nạn",
    "xây dựng văn hóa, con người Việt Nam",
    "giảm nghèo bền vững",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "công tác thi đua, khen thưởng",
    "đổi mới, nâng cao chất lượng sinh hoạt chi bộ",
    "kiểm tra, giám sát và thi hành kỷ luật đảng",
    "phát triển du lịch gắn với bảo tồn di sản",
    "nâng cao chất lượng giáo dục và đào tạo",
    "chăm sóc sức khỏe nhân dân",
    "xây dựng hệ thống chính trị ở cơ sở",
    "đại hội đảng bộ các cấp nhiệm kỳ 2025 – 2030",
    "thực hiện quy chế dân chủ ở cơ sở",
    "phòng, chống dịch bệnh",
    "tuyên truyền kỷ niệm các ngày lễ lớn",
    "quản lý, sử dụng đất đai",
    "phát triển hạ tầng giao thông nông thôn",
    "bảo đảm quốc phòng, an ninh",
    "công tác dân tộc, tôn giáo",
    "công tác cán bộ và bảo vệ chính trị nội bộ",
    "quản lý kinh phí hoạt động của tổ chức đảng",
    "phát triển kinh tế số, xã hội số",
    "xây dựng Đảng về đạo đức",
]
CLAUSES = [
    "Các cấp ủy, tổ chức đảng quán triệt sâu sắc nội dung {topic}.",
    "Ban Tuyên giáo chủ trì, phối hợp với Mặt trận Tổ quốc và các đoàn thể {topic}.",
    "Giao Đảng ủy các xã, thị trấn xây dựng kế hoạch {topic}, báo cáo kết quả trước ngày {day}/{month}/{year}.",  # noqa: E501
    "Năm {year}, toàn huyện đã tổ chức {n} hội nghị, thu hút {big} lượt cán bộ, đảng viên tham gia.",  # noqa: E501
    "Tỷ lệ chi bộ đạt tiêu chuẩn hoàn thành tốt nhiệm vụ đạt {n},{k}%.",
    "Kinh phí thực hiện {n},{k} tỷ đồng từ ngân sách địa phương.",
    "Tiếp tục thực hiện {ref} về {topic}.",
    "Cụ thể hóa {ref}, tập trung {topic}.",
    "Thực hiện {ref}, Ban Thường vụ yêu cầu {topic}.",
    "Mỗi cán bộ, đảng viên phải gương mẫu, nói đi đôi với làm, {topic}.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, sổ tay đảng viên điện tử ở {place}.",
    "Kịp thời biểu dương, khen thưởng tập thể, cá nhân có thành tích; xử lý nghiêm vi phạm.",
    "Văn phòng cấp ủy theo dõi, đôn đốc, tổng hợp kết quả thực hiện.",
    "Nhân dân {place} đồng tình, hưởng ứng; tình hình an ninh chính trị ổn định.",
    "Những hạn chế, khuyết điểm chậm được khắc phục; một số chi bộ sinh hoạt còn hình thức.",
]
PLACES = [
    "An Bình", "Bình Minh", "Tân Uyên", "Hòa Lợi", "Phú Hoà", "Thuỷ Xuân", "Đồng Tâm",
    "Quý Lộc", "Nghĩa Đàn", "Hưng Yên", "Yên Thế", "Đắk Mil", "Krông Pắc", "Cẩm Thủy",
]  # fmt: skip
WELL_KNOWN = ["35-NQ/TW", "88-KL/TU", "21-CT/TW", "05-CT/TW", "57-NQ/TW", "18-NQ/TW"]


TITLE_TAILS = [
    "", "", " giai đoạn 2021 – 2025", " trên địa bàn {place}", " năm {year}",
    " gắn với {topic}", " trong tình hình mới", " đến năm 2030, tầm nhìn đến năm 2045",
]  # fmt: skip
HEADINGS = [
    "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. NHIỆM VỤ, GIẢI PHÁP", "IV. TỔ CHỨC THỰC HIỆN",
    "I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ, NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG NHIỆM VỤ",
]  # fmt: skip


def configure(data_dir: Path) -> None:
    """Django on the SQLite database of `data_dir`, with the settings the server reads."""
    os.environ.pop("DATABASE_URL", None)
    os.environ["TUYENGIAO_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    import django

    django.setup()
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0)  # a cached corpus takes the migrations since
    print(f"migrate: {time.perf_counter() - start:.1f} s", flush=True)


def build_tree():
    """Province → 10 districts → 10 communes each; a user at each of three levels."""
    from tuyengiao.accounts.models import Role, RoleAssignment, User
    from tuyengiao.orgunits.models import OrgUnit, UnitKind

    kinds = {
        code: UnitKind.objects.create(code=code, name=name, sort_order=order)
        for code, name, order in (
            ("tinh-uy", "Tỉnh ủy", 10),
            ("huyen-uy", "Huyện ủy", 20),
            ("dang-uy-xa", "Đảng ủy xã", 30),
        )
    }
    province = OrgUnit.objects.create(code="TU", name="Tỉnh ủy Thử", kind=kinds["tinh-uy"])
    districts, communes = [], []
    for d in range(10):
        district = OrgUnit.objects.create(
            code=f"HU{d:02d}", name=f"Huyện ủy {PLACES[d]}", kind=kinds["huyen-uy"], parent=province
        )
        districts.append(district)
        for c in range(10):
            communes.append(
                OrgUnit.objects.create(
                    code=f"DU{d:02d}{c:02d}",
                    name=f"Đảng ủy xã {PLACES[(d + c) % len(PLACES)]} {c}",
                    kind=kinds["dang-uy-xa"],
                    parent=district,
                )
            )
    admin = User.objects.create(username="admin", is_superuser=True, is_staff=True)
    district_admin = User.objects.create(username="district")
    RoleAssignment.objects.create(user=district_admin, orgunit=districts[3], role=Role.UNIT_ADMIN)
    viewer = User.objects.create(username="viewer")
    RoleAssignment.objects.create(user=viewer, orgunit=communes[37], role=Role.VIEWER)
    return province, districts, communes, {"site admin": admin, "district": district_admin,
                                           "commune": viewer}  # fmt: skip


def scoped_users(province, districts, communes, *, password: str) -> list[str]:
    """Four users who log in, none a superuser, at three levels of the tree."""
    from tuyengiao.accounts.models import Role, RoleAssignment, User

    places = [
        ("tinh", province, Role.APPROVER),  # reads every document, confidential ones too
        ("huyen", districts[3], Role.UNIT_ADMIN),
        ("xa", communes[37], Role.VIEWER),
        ("xa-nhap", communes[81], Role.EDITOR),
    ]
    for username, unit, role in places:
        user = User.objects.create(username=username)
        user.set_password(password)
        user.save()
        RoleAssignment.objects.create(user=user, orgunit=unit, role=role)
    return [username for username, _, _ in places]


def _clause(rng, *, topic, reference, year) -> str:
    return rng.choice(CLAUSES).format(
        topic=rng.choice(TOPICS) if rng.random() < 0.5 else topic,
        ref=reference,
        place=rng.choice(PLACES),
        n=rng.randint(1, 99),
        k=rng.randint(0, 9),
        big=f"{rng.randint(1, 99)}.{rng.randint(0, 999):03d}",
        day=rng.randint(1, 28),
        month=rng.randint(1, 12),
        year=year,
    )


def _paragraph_pool(rng, size: int = 150) -> dict[str, list[str]]:
    """Paragraphs of 3-8 clauses on each topic: long texts are drawn from them, fast."""
    pool = {}
    for topic in TOPICS:
        pool[topic] = []
        for _ in range(size):
            reference = rng.choice(["Nghị quyết số ", "Kết luận số ", "Chỉ thị số "]) + rng.choice(
                [*WELL_KNOWN, f"{rng.randint(1, 150):02d}-KH/HU", f"{rng.randint(1, 99)}-NQ/TU"]
            )
            clauses = rng.randint(3, 8)
            year = rng.randint(2010, 2025)
            pool[topic].append(
                " ".join(
                    _clause(rng, topic=topic, reference=reference, year=year)
                    for _ in range(clauses)
                )
            )
    return pool


def text_length(rng, *, median_chars: int) -> int:
    """Characters of one document's text: log-normal, kept within 10,000-150,000."""
    while True:
        # 0.9 × the median and sigma 0.65: the median after the cut is the one asked for.
        chars = int(math.exp(rng.gauss(math.log(median_chars * 0.9), 0.65)))
        if 10_000 <= chars <= 150_000:
            return chars


def _long_body(rng, pool, *, opening: str, topic: str, place: str, chars: int) -> str:
    """The opening clauses, then sections of paragraphs on the document's few topics."""
    topics = [topic, topic, *rng.sample(TOPICS, rng.randint(1, 4))]
    parts, size = [opening], len(opening)
    while size < chars:
        if rng.random() < 0.08:
            parts.append("\n" + rng.choice(HEADINGS) + "\n")
        paragraph = rng.choice(pool[rng.choice(topics)])
        if rng.random() < 0.1:
            paragraph += f" Nhân dân {place} đồng tình, hưởng ứng."
        parts.append(paragraph)
        size += len(paragraph) + 1
    return " ".join(parts)[:chars]


def generate_documents(
    count, rng, province, districts, communes, registered_by, *, median_chars: int | None = None
):
    """Rows for documents_document, in the column order of INSERT_COLUMNS.

    With `median_chars`, texts of realistic length (`text_length`) and varied titles;
    without, the short texts (5-12 sentences, ~1 KB) of the earlier benchmark.
    """
    numbers: dict[tuple[str, str, int], int] = {}
    now = datetime.datetime.now(datetime.UTC).isoformat(sep=" ")
    pool = _paragraph_pool(random.Random(rng.random())) if median_chars else {}
    for _ in range(count):
        roll = rng.random()
        year = rng.randint(2010, 2025)
        issued_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        if roll < 0.08:  # State legal documents, held by the province
            unit, system = province, "state"
            type_code, type_name = rng.choice(TYPES_STATE)
            issuer_code = {"TT": "BTC", "NĐ-CP": "CP", "QĐ-UBND": "UBND"}[type_code]
            issuer_name = {"BTC": "Bộ Tài chính", "CP": "Chính phủ", "UBND": "UBND tỉnh"}[
                issuer_code
            ]
        else:
            system = "party"
            type_code, type_name = rng.choice(TYPES_PARTY)
            if roll < 0.12:
                unit, issuer_code, issuer_name = province, "TW", "Ban Chấp hành Trung ương"
            elif roll < 0.25:
                unit, issuer_code, issuer_name = province, "TU", "Tỉnh ủy"
            elif roll < 0.45:
                unit = rng.choice(districts)
                issuer_code, issuer_name = "HU", unit.name
            else:
                unit = rng.choice(communes)
                issuer_code, issuer_name = "ĐU", unit.name
        key = (type_code, issuer_code, year)
        numbers[key] = number = numbers.get(key, 0) + 1
        if system == "state":
            symbol = f"{number}/{year}/{type_code}" + ("-BTC" if type_code == "TT" else "")
        else:
            symbol = f"{number:02d}-{type_code}/{issuer_code}"
        topic = rng.choice(TOPICS)
        title = f"về {topic}"
        place = rng.choice(PLACES)
        if median_chars:
            title += rng.choice(TITLE_TAILS).format(
                place=place, year=year, topic=rng.choice(TOPICS)
            )
        reference = f"{rng.choice(['Nghị quyết', 'Kết luận', 'Chỉ thị'])} số " + rng.choice(
            [*WELL_KNOWN, f"{rng.randint(1, 150):02d}-KH/HU", f"{rng.randint(1, 99)}-NQ/TU"]
        )
        summary = f"{type_name} của {issuer_name} {title}; thực hiện {reference}."
        full_text = " ".join(
            _clause(rng, topic=topic, reference=reference, year=year)
            for _ in range(rng.randint(5, 12))
        )
        if median_chars:
            chars = text_length(rng, median_chars=median_chars)
            full_text = _long_body(
                rng, pool, opening=full_text, topic=topic, place=place, chars=chars
            )
        yield (
            system, type_code, type_name, str(number), year if system == "state" else None,
            issuer_code, issuer_name, symbol, issued_on.isoformat(), title, summary, full_text,
            rng.random() < 0.02, unit.pk, registered_by.pk, now, now,
        )  # fmt: skip


INSERT_COLUMNS = (
    "system, type_code, type_name, number, year, issuer_code, issuer_name, symbol, issued_on, "
    "title, summary, full_text, confidential, orgunit_id, registered_by_id, registered_at, "
    "updated_at"
)


def insert_documents(rows, batch: int = 5_000) -> int:
    from django.db import connection, transaction

    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS.split(",")))
    sql = f"INSERT INTO documents_document ({INSERT_COLUMNS}) VALUES ({placeholders})"  # noqa: S608
    total = 0
    chunk: list[tuple] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            chunk.append(row)
            if len(chunk) == batch:
                cursor.executemany(sql, chunk)
                total += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            total += len(chunk)
    return total


def index_all(batch: int = 5_000) -> int:
    from django.db import transaction

    from tuyengiao.documents.models import Document
    from tuyengiao.documents.search import search_index_documents

    fields = ("symbol", "type_name", "title", "issuer_name", "summary", "full_text")
    total = 0
    with transaction.atomic():
        documents = Document.objects.only(*fields).order_by().iterator(chunk_size=batch)
        chunk = []
        for document in documents:
            chunk.append(document)
            if len(chunk) == batch:
                total += search_index_documents(chunk)
                chunk = []
        total += search_index_documents(chunk)
    return total


# --- the corpus, built once per seed and size -----------------------------------------------
def corpus_key(args: argparse.Namespace) -> str:
    """What the built database depends on: the generator's version, the size, the seed, and
    the code that writes the index (a change there makes the cached index stale)."""
    module = ROOT / "src" / "tuyengiao" / "documents" / "search.py"
    source = module.read_text()
    tree = ast.parse(source)
    indexing = ("search_key", "_heading_columns", "_columns")
    sources = "".join(
        ast.get_source_segment(source, node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in indexing
    )
    digest = hashlib.sha256(sources.encode()).hexdigest()[:10]
    return f"search-v{BUILD_VERSION}-n{args.documents}-s{args.seed}-m{args.median_chars}-{digest}"


def build_corpus(args: argparse.Namespace) -> dict:
    """Generate, insert and index the documents into the configured (empty) database."""
    rng = random.Random(args.seed)
    province, districts, communes, users = build_tree()
    usernames = scoped_users(province, districts, communes, password=PASSWORD)
    start = time.perf_counter()
    rows = generate_documents(
        args.documents, rng, province, districts, communes, users["site admin"],
        median_chars=args.median_chars,
    )  # fmt: skip
    inserted = insert_documents(rows, batch=500)
    generated_s = time.perf_counter() - start
    start = time.perf_counter()
    indexed = index_all(batch=500)
    indexing_s = time.perf_counter() - start
    return {"documents": inserted, "indexed": indexed, "generated_s": generated_s,
            "indexing_s": indexing_s, "users": usernames}  # fmt: skip


def open_corpus(args: argparse.Namespace) -> tuple[Path, dict]:
    """The corpus's data directory, built first when no complete copy is cached."""
    cache = Path(args.cache).resolve()
    data_dir = cache / corpus_key(args)
    built = data_dir / "built.json"
    if built.exists():
        configure(data_dir)
        return data_dir, {**json.loads(built.read_text()), "cached": True}
    shutil.rmtree(data_dir, ignore_errors=True)  # a build that did not finish
    data_dir.mkdir(parents=True)
    configure(data_dir)
    facts = build_corpus(args)
    from django.db import connection

    connection.close()
    built.write_text(json.dumps(facts))
    return data_dir, {**facts, "cached": False}


def corpus_facts(data_dir: Path) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT length(full_text) FROM documents_document")
        lengths = sorted(row[0] for row in cursor.fetchall())
    size = sum(f.stat().st_size for f in data_dir.glob("tuyengiao.sqlite3*")) / 1e9
    quantile = lambda q: lengths[int(q * (len(lengths) - 1))]  # noqa: E731
    return (
        f"texts: {len(lengths):,} documents, characters min {lengths[0]:,}, median "
        f"{quantile(0.5):,}, p95 {quantile(0.95):,}, max {lengths[-1]:,}; "
        f"database {size:.1f} GB"
    )


# --- queries ---------------------------------------------------------------------------------
# (what the person types, the same query with its diacritics for the LIKE scan)
QUERIES = [
    ("chuyen doi so", "chuyển đổi số"),
    ("chuyển đổi số trong cơ quan Đảng", "chuyển đổi số trong cơ quan Đảng"),
    ("nghi quyet 35 nen tang tu tuong", "nền tảng tư tưởng"),
    ("phong chong tham nhung", "phòng, chống tham nhũng"),
    ("cai cach hanh chinh", "cải cách hành chính"),
    ("hop tac xa", "hợp tác xã"),
    ("du lich di san", "du lịch"),
    ("bien doi khi hau", "biến đổi khí hậu"),
    ("sinh hoat chi bo", "sinh hoạt chi bộ"),
    ("dang vien moi", "đảng viên mới"),
    ("Thuỷ Xuân sổ tay", "Thuỷ Xuân"),
    ("quy che dan chu", "quy chế dân chủ"),
    ('"nong thon moi"', '"nông thôn mới"'),
    ('"bao ve chinh tri noi bo"', '"bảo vệ chính trị nội bộ"'),
    ('"dan toc, ton giao"', '"dân tộc, tôn giáo"'),
    ('"ky niem cac ngay le lon"', '"kỷ niệm các ngày lễ lớn"'),
    ("88-KL", "88-KL"),
    ("35-nq", "35-NQ"),
    ("12-kh/hu", "12-KH/HU"),
    ("05-CT/TW", "05-CT/TW"),
    ("25/2024", "25/2024"),
    ("07-QĐ/TU", "07-QĐ/TU"),
    ("ket luan 88-KL/TU", "88-KL/TU"),
    ("3/2019/TT-BTC", "3/2019/TT-BTC"),
]
_RUN_BREAK = re.compile(
    r"[,;–\d]+| (?:về|và|của|trong|với|gắn|đến|năm|trên|địa bàn|tầm nhìn|giai đoạn)(?= )"
)


def title_queries(count: int, seed: int) -> list[tuple[str, str]]:
    """`count` queries a user would type, drawn from the corpus's own titles: 2 or 4 syllables in
    a row (a quoted phrase one time in four), half of them typed without diacritics."""
    from django.db import connection

    from tuyengiao.documents.search import search_key

    rng = random.Random(seed + 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM documents_document")
        (top,) = cursor.fetchone()
        queries: list[tuple[str, str]] = []
        while len(queries) < count:
            cursor.execute(
                "SELECT title FROM documents_document WHERE id = %s", [rng.randint(1, top)]
            )
            row = cursor.fetchone()
            # The title's runs of words between commas and words such as "về", then words
            # from a run's start or from an even place in it: Vietnamese words are mostly
            # two syllables, and a user types whole words ("nền tảng tư tưởng").
            runs = [
                run.split()
                for run in _RUN_BREAK.split(f" {row[0].lower() if row else ''} ")
                if run.strip()
            ]
            if not runs:
                continue
            run = rng.choice(runs)
            first = rng.randrange(0, len(run), 2)
            length = rng.choice([2, 2, 4]) if len(run) > 1 else 1
            accented = " ".join(run[first : first + length])
            typed = accented if rng.random() < 0.5 else search_key(accented)
            if " " in accented and rng.random() < 0.25:
                typed, accented = f'"{typed}"', f'"{accented}"'
            if (typed, accented) not in queries:
                queries.append((typed, accented))
    return queries


# --- the reference: LIKE, capped and ordered as the search is --------------------------------
def _like_terms(accented: str) -> list[str]:
    # A quoted phrase as its words too: LIKE '%phòng chống%' would miss "phòng, chống",
    # which the index finds; every word matches more, so the capped scan stops sooner.
    return accented.replace('"', " ").replace(",", " ").split()


def like_search(username: str, typed: str, accented: str) -> int:
    """What a developer writes without an index: every word in the
    symbol, title, summary or text, within the user's scope; count up to 500 newest first,
    then the search's own tiers and page of 20 with the search's snippets. Returns the count."""
    from django.db.models import Q

    from tuyengiao.accounts.models import User
    from tuyengiao.documents import search
    from tuyengiao.documents.selectors import documents_visible

    documents = documents_visible(User.objects.get(username=username))
    words = _like_terms(accented)
    for word in words:
        documents = documents.filter(
            Q(symbol__icontains=word) | Q(title__icontains=word)
            | Q(summary__icontains=word) | Q(full_text__icontains=word)
        )  # fmt: skip
    terms = search.parse_query(typed)
    tiers = search._tiers(terms, [])
    rows = list(
        documents.order_by("-id").values_list("id", "symbol", "type_name", "title")[: MAX_TOTAL + 1]
    )
    if len(rows) <= MAX_TOTAL:
        page = search._ranked_rows(documents, tiers, rows, limit=PAGE, offset=0)
    else:  # the first tier (every word in the heading), newest first, then the rest
        heading = Q()
        for word in words:
            heading &= Q(symbol__icontains=word) | Q(title__icontains=word)
        first = list(documents.filter(heading).order_by("-id").values_list("id", flat=True)[:PAGE])
        rest = documents.exclude(id__in=first).order_by("-id").values_list("id", flat=True)
        ids = first + list(rest[: PAGE - len(first)])
        page = search._ranked_rows(
            documents, tiers, [(i, "", "", "") for i in ids], limit=PAGE, offset=0
        )
    search.search_hits(page, terms)
    return len(rows)


def timed_like(username: str, typed: str, accented: str, *, cap_s: float) -> tuple[float, bool]:
    """Wall-clock ms of `like_search` on a new connection (as each request opens one), and
    whether it was stopped at `cap_s` (its time is then a lower bound)."""
    from django.db import OperationalError, connection

    connection.close()
    start = time.perf_counter()
    connection.ensure_connection()
    deadline = start + cap_s
    connection.connection.set_progress_handler(lambda: time.perf_counter() > deadline, 10_000)
    try:
        like_search(username, typed, accented)
        stopped = False
    except OperationalError:  # interrupted
        stopped = True
    finally:
        connection.connection.set_progress_handler(None, 0)
    return (time.perf_counter() - start) * 1000, stopped


# --- the server and its clients --------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data_dir: Path, *, workers: int) -> tuple[subprocess.Popen, int]:
    """gunicorn as the operator guide runs it, in production mode, on the corpus."""
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {
        "TUYENGIAO_PRODUCTION": "1",
        "TUYENGIAO_SECRET_KEY": secrets.token_urlsafe(50),
        "TUYENGIAO_ALLOWED_HOSTS": "127.0.0.1",
        "TUYENGIAO_DATA_DIR": str(data_dir),
    }
    collect = [BIN / "tuyengiao", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, env=env, check=True)  # noqa: S603 - our own executables
    server = subprocess.Popen(  # noqa: S603
        [BIN / "gunicorn", "tuyengiao.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class Client:
    """One user's browser: a session cookie, HTTPS as the proxy reports it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = headers["Referer"] = f"https://127.0.0.1:{self.port}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, data
        finally:
            connection.close()

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, f"login page: {status}"
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "username": username,
                "password": PASSWORD, "next": "/"}  # fmt: skip
        status, _ = self.request("POST", "/accounts/login/", urllib.parse.urlencode(form))
        assert status == 302 and "sessionid" in self.cookies, f"login as {username}: {status}"


def search_paths(typed: str) -> dict[str, str]:
    q = urllib.parse.urlencode({"q": typed})
    return {"page": f"/documents/?{q}", "api": f"/api/documents/?{q}"}


def timed_get(client: Client, path: str) -> tuple[float, int, bytes]:
    start = time.perf_counter()
    status, body = client.request("GET", path)
    return (time.perf_counter() - start) * 1000, status, body


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


# --- the run ---------------------------------------------------------------------------------
def measure(port: int, users: list[str], queries, args) -> dict:
    """Every (user, query) as the page and the API, `args.rounds` times; LIKE once each."""
    clients = {username: Client(port) for username in users}
    for username, client in clients.items():
        client.login(username)
        for _ in range(args.workers):  # each worker's first request loads templates: not timed
            client.request("GET", search_paths("bao cao")["page"])
    runs: list[tuple[float, str, str, str]] = []  # (ms, kind, user, query)
    like: list[tuple[float, bool]] = []
    counts: dict[str, int] = {}
    errors = []
    for round_ in range(args.rounds):
        for username, client in clients.items():
            for typed, accented in queries:
                for kind, path in search_paths(typed).items():
                    ms, status, body = timed_get(client, path)
                    runs.append((ms, kind, username, typed))
                    if status != 200:
                        errors.append(f"{kind} {typed!r} as {username}: HTTP {status}")
                    elif kind == "api" and username == users[0]:
                        counts[typed] = json.loads(body)["count"]
                if round_ == 0:
                    like.append(timed_like(username, typed, accented, cap_s=args.like_cap_s))
    return {"runs": runs, "like": like, "counts": counts, "errors": errors}


def report(result: dict, queries, users: list[str], args) -> bool:
    runs, like = result["runs"], result["like"]
    every = [ms for ms, *_ in runs]
    search_p95 = p95(every)
    like_ms = [ms for ms, _ in like]
    like_p95 = p95(like_ms)
    stopped = sum(1 for _, s in like if s)
    speedup = like_p95 / search_p95
    fixed = len(QUERIES)
    print(f"queries: {fixed} fixed + {len(queries) - fixed} drawn from titles: "
          + ", ".join(repr(t) for t, _ in queries[fixed:]))  # fmt: skip
    print(f"users: {', '.join(users)} (none a superuser); gunicorn --workers {args.workers}")
    print(f"matches as {users[0]} (counted up to {MAX_TOTAL}): "
          + ", ".join(f"{q!r} {n:,}" for q, n in result["counts"].items()))  # fmt: skip
    for kind in ("page", "api"):
        part = [ms for ms, k, *_ in runs if k == kind]
        print(f"  {kind:4}: {len(part)} requests, median {statistics.median(part):.1f} ms, "
              f"p95 {p95(part):.1f} ms, max {max(part):.1f} ms")  # fmt: skip
    print(
        f"search over HTTP: {len(every)} requests ({args.rounds} rounds, every one counted), "
        f"median {statistics.median(every):.1f} ms, p95 {search_p95:.1f} ms "
        f"(threshold p95 < {MAX_P95_MS:g} ms)"
    )
    slowest = sorted(runs, reverse=True)[:4]
    print("slowest: " + ", ".join(f"{k} {q!r} as {u} {ms:.0f} ms" for ms, k, u, q in slowest))
    print(
        f"LIKE: {len(like_ms)} calls, median {statistics.median(like_ms):.0f} ms, "
        f"p95 {like_p95:.0f} ms; {stopped} stopped at {args.like_cap_s:g} s (a lower bound)"
    )
    print(f"speed-up at p95: {speedup:.1f}×  (threshold ≥ {MIN_SPEEDUP:g}×)")
    for error in result["errors"][:5]:
        print("error:", error)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return (
        search_p95 < MAX_P95_MS
        and speedup >= MIN_SPEEDUP
        and not result["errors"]
        and args.documents >= 200_000
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20251125)
    parser.add_argument("--median-chars", type=int, default=20_000)
    parser.add_argument("--titles", type=int, default=24, help="queries drawn from titles")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--like-cap-s", type=float, default=2.0)
    parser.add_argument(
        "--cache", default=str(ROOT / "var" / "bench-cache"),
        help="where built corpora are kept, by seed and size ('' = build and remove)",
    )  # fmt: skip
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    temporary = not args.cache
    if temporary:
        args.cache = tempfile.mkdtemp(prefix="tuyengiao-bench-search-")
    try:
        return run(args)
    finally:
        if temporary:
            shutil.rmtree(args.cache, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    data_dir, facts = open_corpus(args)
    how = "cached, built earlier" if facts["cached"] else "built now"
    rate = facts["indexed"] / facts["indexing_s"]
    print(
        f"corpus ({how}): {facts['documents']:,} documents generated and inserted in "
        f"{facts['generated_s']:.1f} s; indexing {facts['indexed']:,} in "
        f"{facts['indexing_s']:.1f} s ({rate:,.0f}/s)"
    )
    print(corpus_facts(data_dir) + f" in {data_dir}")
    if args.build_only:
        return 0
    queries = QUERIES + title_queries(args.titles, args.seed)
    server, port = start_server(data_dir, workers=args.workers)
    try:
        result = measure(port, facts["users"], queries, args)
    finally:
        stop_server(server)
    ok = report(result, queries, facts["users"], args)
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
