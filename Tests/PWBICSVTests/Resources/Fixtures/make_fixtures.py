#!/usr/bin/env python3
"""Writes the CSV fixture files next to this script (run once; the files are committed).

Each fixture isolates one quirk real POS and spreadsheet exports have. The expected
records and errors live in the Swift tests (FixtureTests.swift)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

FIXTURES = {
    # Excel "CSV UTF-8": byte order mark, CRLF, amounts quoted because of thousands commas.
    "bom-comma-crlf.csv": b'\xef\xbb\xbfDate,Amount,Transaction ID\r\n2025-12-27,"1,234,500",TRX-001\r\n2025-12-28,"12,500",TRX-002\r\n',
    # Excel in an Indonesian locale: semicolons, decimal commas, BOM, CRLF.
    "bom-semicolon-crlf.csv": b'\xef\xbb\xbfTanggal;Jumlah;Keterangan\r\n2025-12-27;1.234.567,00;Kopi susu\r\n2025-12-28;99,50;"Teh; manis"\r\n',
    # Semicolons with decimal commas in every data row (auto-detection must pick ';').
    "semicolon-decimal.csv": b'Tanggal;Jumlah;Pajak\n2025-12-27;1.234,56;123,45\n2025-12-28;99,00;9,90\n2025-12-29;10,00;1,00\n',
    # Classic Mac line ends.
    "cr-only.csv": b'id,item\r1,Kopi\r2,Teh\r',
    # Newlines inside quotes (LF and CRLF) make records span physical lines.
    "quoted-newlines.csv": b'id,note\n1,"line one\nline two"\n2,"crlf\r\ninside"\n3,plain\n',
    # Doubled quotes inside quoted fields.
    "doubled-quotes.csv": b'item,desc\nNasi,"Nasi ""Spesial"" pedas"\nTeh,""""\n"""Quoted"" start",end\n',
    # The last record has no line break.
    "no-trailing-newline.csv": b'a,b\n1,2\n3,4',
    # Rows with too few and too many fields.
    "ragged.csv": b'a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n',
    # The same column name twice.
    "duplicate-headers.csv": b'Date,Amount,Date\n2025-12-27,100,2025-12-28\n',
    # A header with an empty name (a stray trailing comma in Excel).
    "empty-header.csv": b'Date,Amount,\n2025-12-27,100,\n',
    # Windows-1252 ("ANSI") bytes: e-acute, euro sign, right single quote.
    "windows-1252.csv": b'Nama,Harga\nCaf\xe9,\x8025\nJum\x92at,10\n',
    # Invalid UTF-8 in the third record.
    "invalid-utf8.csv": b'name,city\nok,Jakarta\nbad,Band\xffung\n',
    # A zero-byte file.
    "empty.csv": b'',
    # Only a header row.
    "header-only.csv": b'Date,Amount,Transaction ID\r\n',
    # Blank lines before, between and after records.
    "blank-lines.csv": b'\n\na,b\n\n1,2\r\n\r\n3,4\n\n',
    # A UTF-16 LE file ("Unicode Text" in Excel).
    "utf16le.csv": '\ufeffa,b\r\n1,2\r\n'.encode('utf-16-le'),
    # Tab separated.
    "tab-separated.tsv": b'id\tname\tamount\n1\tKopi\t25000\n2\t"Teh\tmanis"\t15000\n',
    # Pipe separated.
    "pipe-separated.csv": b'id|name|amount\n1|Kopi|25000\n2|Teh|15000\n',
    # Empty fields versus empty quoted fields.
    "empty-fields.csv": b'a,b,c\n,,\n"","",""\nx,,"y"\n',
    # A quote inside an unquoted field, and text after a closing quote.
    "malformed-quotes.csv": b'a,b\n1,x"y\n2,"ab"c\n3,ok\n',
    # A quoted field never closed.
    "unterminated-quote.csv": b'a,b\n1,"never closed\n2,3\n',
    # A Moka-style export: CRLF, quoted amounts, a note with quotes and a newline, UTF-8 text.
    "pos-export.csv": (
        'Receipt Number,Date,Time,Outlet,Item,Quantity,Gross Sales,Note\r\n'
        'MK-0001,2025-12-27,08:15,Kopi Kenangan Sudirman,"Es Kopi Susu ""Gula Aren""",2,"50,000",\r\n'
        'MK-0002,2025-12-27,08:17,Kopi Kenangan Sudirman,Croissant,1,"32,500","tanpa gula,\r\nbungkus"\r\n'
        'MK-0003,2025-12-27,08:20,Kopi Kenangan Sudirman,Teh Tarik,3,"1,234,500",Café ☕\r\n'
    ).encode('utf-8'),
}

for name, data in FIXTURES.items():
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)
print(f"wrote {len(FIXTURES)} fixtures")
