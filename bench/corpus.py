#!/usr/bin/env python3
"""Writes a synthetic corpus of Indonesian local-government sites for `patuh crawl --mirror`.

Usage: bench/corpus.py OUT_DIR SITES PAGES_PER_SITE [PAGE_KB]

Each site `benchNNNkab.go.id` has a home page with a nav menu, a standard page under
Layanan, and news pages (about PAGE_KB each) linked in a chain of listing pages, so the
crawler must walk links, not just read one menu. Also writes OUT_DIR/sites.csv.
"""
import os
import sys

FILLER = (
    "Pemerintah Kabupaten terus meningkatkan kualitas pelayanan publik kepada masyarakat "
    "melalui berbagai program inovasi dan digitalisasi layanan administrasi. "
)


def page(title, body, kb):
    filler = "<p>" + FILLER * max(1, (kb * 1024) // len(FILLER)) + "</p>"
    nav = (
        '<nav><a href="/">Beranda</a> <a href="/profil/">Profil</a> '
        '<a href="/layanan/standar-pelayanan/">Standar Pelayanan</a> '
        '<a href="/berita/">Berita</a> <a href="/pengaduan/">Pengaduan</a></nav>'
    )
    return (
        f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="stylesheet" href="/assets/style.css"></head><body>{nav}<main>{body}</main>'
        f"{filler}<footer>Jl. Merdeka No. 1 · Telp (0274) 555-000</footer></body></html>\n"
    )


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out, sites, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    kb = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    rows = ["id,name,url"]
    for s in range(sites):
        host = f"bench{s:03d}kab.go.id"
        root = os.path.join(out, host)
        rows.append(f"bench-{s:03d},Kabupaten Bench {s},http://{host}/")
        fixed = ["/", "/profil/", "/layanan/standar-pelayanan/", "/pengaduan/"]
        news = max(0, pages - len(fixed) - 1)
        per_list = 20
        lists = max(1, (news + per_list - 1) // per_list)
        write(f"{root}/index.html", page("Beranda", "<h1>Selamat datang</h1>", kb))
        write(f"{root}/profil/index.html", page("Profil", "<h1>Profil</h1>", kb))
        write(
            f"{root}/layanan/standar-pelayanan/index.html",
            page(
                "Standar Pelayanan",
                "<h1>Standar Pelayanan</h1><table><tr><td>Biaya/Tarif</td><td>Gratis</td></tr>"
                "<tr><td>Jangka Waktu Penyelesaian</td><td>3 hari kerja</td></tr></table>",
                kb,
            ),
        )
        write(
            f"{root}/pengaduan/index.html",
            page("Pengaduan", '<a href="https://www.lapor.go.id">SP4N-LAPOR!</a>', kb),
        )
        for l in range(lists):
            items = range(l * per_list, min(news, (l + 1) * per_list))
            links = "".join(f'<li><a href="/berita/{n}/">Berita {n}</a></li>' for n in items)
            more = f'<a href="/berita/hal/{l + 2}/">Berikutnya</a>' if l + 1 < lists else ""
            path = f"{root}/berita/index.html" if l == 0 else f"{root}/berita/hal/{l + 1}/index.html"
            write(path, page(f"Berita {l + 1}", f"<ul>{links}</ul>{more}", 4))
        for n in range(news):
            write(f"{root}/berita/{n}/index.html", page(f"Berita {n}", f"<h1>Berita {n}</h1>", kb))
    write(os.path.join(out, "sites.csv"), "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
