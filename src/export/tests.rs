//! Exact bytes of every profile on one small glossary: synonyms on both sides, deprecated
//! forms with and without a reason, a note with a comma and quotes, Chinese, an entry
//! without Chinese, and an English-only term starting with `=`.

use std::path::Path;

use super::*;
use crate::glossary::read_csv_str;

pub(crate) const SMALL: &str = "\
id,en,en_variants,en_deprecated,zh,zh_variants,category,note,source
bri,Belt and Road Initiative,the Belt and Road | BRI,\"One Belt, One Road :: superseded in 2015 | OBOR\",“一带一路”倡议,一带一路,initiative,\"Say \"\"initiative\"\", not \"\"strategy\"\"\",NDRC 2015
win-win,win-win cooperation,,,合作共赢,,principle,,
formula,=SUM(1),,,,,,,
";

pub(crate) fn small() -> Glossary {
    read_csv_str(SMALL, Path::new("small.csv")).unwrap().glossary
}

pub(crate) fn run_with(profile_name: &str, opts: &Options) -> Result<(Vec<u8>, Summary)> {
    let p = profile(profile_name).unwrap();
    let mut out = Vec::new();
    let sum = export(p.as_ref(), &small(), opts, &mut out)?;
    Ok((out, sum))
}

fn text(profile_name: &str) -> String {
    String::from_utf8(run_with(profile_name, &Options::default()).unwrap().0).unwrap()
}

fn en_zh() -> Options {
    Options { direction: Direction::EnZh, ..Options::default() }
}

#[test]
fn omegat_bytes() {
    let (bytes, _) = run_with("omegat", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "“一带一路”倡议\tBelt and Road Initiative\tSay \"initiative\", not \"strategy\" | Do not use: One Belt, One Road (superseded in 2015); OBOR | Source: NDRC 2015\n“一带一路”倡议\tthe Belt and Road\tadmitted variant of \"Belt and Road Initiative\"\n“一带一路”倡议\tBRI\tadmitted variant of \"Belt and Road Initiative\"\n一带一路\tBelt and Road Initiative\tSay \"initiative\", not \"strategy\" | Do not use: One Belt, One Road (superseded in 2015); OBOR | Source: NDRC 2015\n一带一路\tthe Belt and Road\tadmitted variant of \"Belt and Road Initiative\"\n一带一路\tBRI\tadmitted variant of \"Belt and Road Initiative\"\n合作共赢\twin-win cooperation\t\n"
    );
}

#[test]
fn omegat_en_zh_bytes() {
    let (bytes, _) = run_with("omegat", &en_zh()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Belt and Road Initiative\t“一带一路”倡议\tSay \"initiative\", not \"strategy\" | Do not use: One Belt, One Road (superseded in 2015); OBOR | Source: NDRC 2015\nthe Belt and Road\t“一带一路”倡议\tadmitted variant of \"Belt and Road Initiative\"\nBRI\t“一带一路”倡议\tadmitted variant of \"Belt and Road Initiative\"\nOne Belt, One Road\t“一带一路”倡议\tDEPRECATED, use \"Belt and Road Initiative\": superseded in 2015\nOBOR\t“一带一路”倡议\tDEPRECATED, use \"Belt and Road Initiative\"\nwin-win cooperation\t合作共赢\t\n"
    );
}

#[test]
fn memoq_bytes() {
    let (bytes, _) = run_with("memoq", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}\"zh-CN\",\"en-US\",\"en-US forbidden\",\"Subject\",\"Note\",\"Source\",\"ID\"\r\n\"“一带一路”倡议;一带一路\",\"Belt and Road Initiative;the Belt and Road;BRI\",\"One Belt, One Road;OBOR\",\"initiative\",\"Say \"\"initiative\"\", not \"\"strategy\"\" | Do not use: One Belt, One Road (superseded in 2015); OBOR\",\"NDRC 2015\",\"bri\"\r\n\"合作共赢\",\"win-win cooperation\",\"\",\"principle\",\"\",\"\",\"win-win\"\r\n\"\",\"\'=SUM(1)\",\"\",\"\",\"\",\"\",\"formula\"\r\n"
    );
}

#[test]
fn memoq_en_zh_bytes() {
    let (bytes, _) = run_with("memoq", &en_zh()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}\"en-US\",\"zh-CN\",\"en-US forbidden\",\"Subject\",\"Note\",\"Source\",\"ID\"\r\n\"Belt and Road Initiative;the Belt and Road;BRI\",\"“一带一路”倡议;一带一路\",\"One Belt, One Road;OBOR\",\"initiative\",\"Say \"\"initiative\"\", not \"\"strategy\"\" | Do not use: One Belt, One Road (superseded in 2015); OBOR\",\"NDRC 2015\",\"bri\"\r\n\"win-win cooperation\",\"合作共赢\",\"\",\"principle\",\"\",\"\",\"win-win\"\r\n\"\'=SUM(1)\",\"\",\"\",\"\",\"\",\"\",\"formula\"\r\n"
    );
}

#[test]
fn multiterm_bytes() {
    let (bytes, _) = run_with("multiterm", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}\"ID\",\"Chinese (PRC)\",\"Chinese (PRC)\",\"English (United States)\",\"English (United States)\",\"English (United States)\",\"Forbidden\",\"Subject\",\"Note\",\"Source\"\r\n\"bri\",\"“一带一路”倡议\",\"一带一路\",\"Belt and Road Initiative\",\"the Belt and Road\",\"BRI\",\"One Belt, One Road; OBOR\",\"initiative\",\"Say \"\"initiative\"\", not \"\"strategy\"\" | Do not use: One Belt, One Road (superseded in 2015); OBOR\",\"NDRC 2015\"\r\n\"win-win\",\"合作共赢\",\"\",\"win-win cooperation\",\"\",\"\",\"\",\"principle\",\"\",\"\"\r\n\"formula\",\"\",\"\",\"\'=SUM(1)\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n"
    );
}

#[test]
fn smartcat_bytes() {
    let (bytes, _) = run_with("smartcat", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}\"zh-Hans\",\"zh-Hans\",\"en\",\"en\",\"en\",\"Comment\"\r\n\"“一带一路”倡议\",\"一带一路\",\"Belt and Road Initiative\",\"the Belt and Road\",\"BRI\",\"Say \"\"initiative\"\", not \"\"strategy\"\" | Do not use: One Belt, One Road (superseded in 2015); OBOR | Source: NDRC 2015\"\r\n\"合作共赢\",\"\",\"win-win cooperation\",\"\",\"\",\"\"\r\n\"\",\"\",\"\'=SUM(1)\",\"\",\"\",\"\"\r\n"
    );
}

#[test]
fn phrase_bytes() {
    let (bytes, _) = run_with("phrase", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\"term\",\"description\",\"translatable\",\"case sensitive\",\"zh-CN\",\"en\"\r\n\"“一带一路”倡议\",\"Say \"\"initiative\"\", not \"\"strategy\"\" | Also: the Belt and Road; BRI | Do not use: One Belt, One Road (superseded in 2015); OBOR | Source: NDRC 2015\",\"true\",\"false\",\"“一带一路”倡议\",\"Belt and Road Initiative\"\r\n\"合作共赢\",\"\",\"true\",\"false\",\"合作共赢\",\"win-win cooperation\"\r\n\"\",\"\",\"true\",\"false\",\"\",\"\'=SUM(1)\"\r\n"
    );
}

#[test]
fn crowdin_bytes() {
    let (bytes, _) = run_with("crowdin", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\"zh-CN\",\"en\",\"Description\"\r\n\"“一带一路”倡议\",\"Belt and Road Initiative\",\"Say \"\"initiative\"\", not \"\"strategy\"\" | Also: the Belt and Road; BRI | Do not use: One Belt, One Road (superseded in 2015); OBOR | Source: NDRC 2015\"\r\n\"合作共赢\",\"win-win cooperation\",\"\"\r\n\"\",\"\'=SUM(1)\",\"\"\r\n"
    );
}

#[test]
fn deepl_bytes() {
    let (bytes, _) = run_with("deepl", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "“一带一路”倡议\tBelt and Road Initiative\n一带一路\tBelt and Road Initiative\n合作共赢\twin-win cooperation\n"
    );
}

#[test]
fn deepl_en_zh_bytes() {
    let (bytes, _) = run_with("deepl", &en_zh()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Belt and Road Initiative\t“一带一路”倡议\nthe Belt and Road\t“一带一路”倡议\nBRI\t“一带一路”倡议\nOne Belt, One Road\t“一带一路”倡议\nOBOR\t“一带一路”倡议\nwin-win cooperation\t合作共赢\n"
    );
}

#[test]
fn google_bytes() {
    let (bytes, _) = run_with("google", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "“一带一路”倡议\tBelt and Road Initiative\n一带一路\tBelt and Road Initiative\n合作共赢\twin-win cooperation\n"
    );
}

#[test]
fn google_terms_bytes() {
    let (bytes, _) = run_with("google-terms", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\"zh-CN\",\"en\",\"description\"\n\"“一带一路”倡议\",\"Belt and Road Initiative\",\"Say \'initiative\', not \'strategy\'\"\n\"合作共赢\",\"win-win cooperation\",\"\"\n"
    );
}

#[test]
fn google_terms_en_zh_bytes() {
    let (bytes, _) = run_with("google-terms", &en_zh()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\"en\",\"zh-CN\",\"description\"\n\"Belt and Road Initiative\",\"“一带一路”倡议\",\"Say \'initiative\', not \'strategy\'\"\n\"win-win cooperation\",\"合作共赢\",\"\"\n"
    );
}

#[test]
fn amazon_bytes() {
    let (bytes, _) = run_with("amazon", &Options::default()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\"zh\",\"en\"\n\"“一带一路”倡议\",\"Belt and Road Initiative\"\n\"一带一路\",\"Belt and Road Initiative\"\n\"合作共赢\",\"win-win cooperation\"\n"
    );
}

#[test]
fn amazon_en_zh_bytes() {
    let (bytes, _) = run_with("amazon", &en_zh()).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\"en\",\"zh\"\n\"Belt and Road Initiative\",\"“一带一路”倡议\"\n\"the Belt and Road\",\"“一带一路”倡议\"\n\"BRI\",\"“一带一路”倡议\"\n\"One Belt, One Road\",\"“一带一路”倡议\"\n\"OBOR\",\"“一带一路”倡议\"\n\"win-win cooperation\",\"合作共赢\"\n"
    );
}

#[test]
fn csv_is_the_glossary_file_itself() {
    assert_eq!(text("csv"), SMALL);
}

#[test]
fn tbx_bytes() {
    assert_eq!(text("tbx"), include_str!("../../tests/data/export/small.tbx"));
}

#[test]
fn tbx3_bytes() {
    assert_eq!(text("tbx3"), include_str!("../../tests/data/export/small.tbx3.tbx"));
}

#[test]
fn tbx_en_zh_puts_english_first() {
    let (b, _) = run_with("tbx", &en_zh()).unwrap();
    let t = String::from_utf8(b).unwrap();
    let (en, zh) = (t.find("<langSet xml:lang=\"en\">").unwrap(), t.find("<langSet xml:lang=\"zh-CN\">").unwrap());
    assert!(en < zh);
}

fn err(profile_name: &str, g: &Glossary, opts: &Options) -> String {
    let p = profile(profile_name).unwrap();
    export(p.as_ref(), g, opts, &mut Vec::new()).unwrap_err().to_string()
}

fn one(csv_body: &str) -> Glossary {
    let src = format!("id,en,en_variants,en_deprecated,zh,zh_variants,category,note,source\n{csv_body}");
    read_csv_str(&src, Path::new("g.csv")).unwrap().glossary
}

#[test]
fn machine_formats_refuse_terms_they_cannot_carry() {
    let tab = one("a,x,,,\"甲\t乙\",,,,\n");
    assert_eq!(
        err("deepl", &tab, &Options::default()),
        "g.csv:2: entry `a`: term \"甲\\t乙\" contains a TAB; a DeepL glossary cannot carry it"
    );
    assert!(err("google", &tab, &Options::default()).contains("contains a TAB"));
    assert!(err("omegat", &tab, &Options::default()).contains("contains a TAB; an OmegaT glossary"));
    let nl = one("a,\"x\ny\",,,甲,,,,\n");
    assert!(err("amazon", &nl, &Options::default()).contains("contains a line break"));
    let ctl = one("a,x\u{7},,,甲,,,,\n");
    assert!(err("tbx3", &ctl, &Options::default()).contains("U+0007, which XML cannot carry"));
    assert!(err("deepl", &ctl, &Options::default()).contains("the control character U+0007"));
    let long = one(&format!("a,{},,,甲,,,,\n", "x".repeat(1025)));
    assert!(err("deepl", &long, &Options::default()).contains("is 1025 UTF-8 bytes long (the limit is 1024)"));
    let hash = one("a,x,,,#甲,,,,\n");
    assert!(err("omegat", &hash, &Options::default()).contains("starts with `#`"));
    let semi = one("a,x;y,,,甲,,,,\n");
    assert!(err("memoq", &semi, &Options::default()).contains("contains `;`, which memoQ is told to split"));
    let quote = one("a,\"say \"\"x\"\"\",,,甲,,,,\n");
    assert!(err("google-terms", &quote, &Options::default()).contains("double quote"));
}

#[test]
fn deepl_size_limit_is_an_error() {
    let mut body = String::new();
    for i in 0..11_000 {
        body.push_str(&format!("e{i},{},,,{}{i},,,,\n", "x".repeat(1000), "中"));
    }
    assert!(err("deepl", &one(&body), &Options::default()).contains("DeepL takes at most 10485760"));
}

#[test]
fn duplicate_sources_follow_the_documented_policy() {
    // Same target: the later pair is dropped silently.
    let same = one("a,x,,,甲,,,,\nb,x,,,乙,甲,,,\n");
    let mut out = Vec::new();
    export(&deepl::Deepl, &same, &Options::default(), &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "甲\tx\n乙\tx\n");
    // A variant of one entry is the preferred form of another: the preferred one wins.
    let short = one("a,Belt and Road Initiative,,,“一带一路”倡议,一带一路,,,\nb,Belt and Road,,,一带一路,,,,\n");
    let mut out = Vec::new();
    let sum = export(&deepl::Deepl, &short, &Options::default(), &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "“一带一路”倡议\tBelt and Road Initiative\n一带一路\tBelt and Road\n");
    assert!(sum.warnings[0].contains("kept `b`, its preferred form"), "{:?}", sum.warnings);
    // Two preferred forms with different targets: the term base is ambiguous.
    let clash = one("a,x,,,甲,,,,\nb,y,,,甲,,,,\n");
    assert_eq!(
        err("deepl", &clash, &Options::default()),
        "g.csv:3: entry `b`: source term \"甲\" is claimed by entry `a` (g.csv:2, → \"x\") and entry `b` (g.csv:3, → \"y\"): an MT glossary maps each source to one target; make the term a variant of only one entry, or leave one entry out"
    );
}

#[test]
fn skipped_entries_are_counted() {
    let (_, sum) = run_with("deepl", &Options::default()).unwrap();
    assert_eq!(sum.entries, 2);
    assert_eq!(sum.skipped, [("formula".to_string(), "no Chinese".to_string())]);
}

#[test]
fn exclude_deprecated_leaves_them_out_everywhere() {
    let opts = Options { exclude_deprecated: true, ..en_zh() };
    let (b, _) = run_with("deepl", &opts).unwrap();
    assert!(!String::from_utf8(b).unwrap().contains("OBOR"));
    let (b, _) = run_with("tbx3", &Options { exclude_deprecated: true, ..Options::default() }).unwrap();
    let t = String::from_utf8(b).unwrap();
    assert!(!t.contains("deprecatedTerm") && !t.contains("One Belt"));
}

#[test]
fn context_goes_where_the_format_has_a_field() {
    let mut context = HashMap::new();
    context.insert("win-win".to_string(), "We pursue win-win cooperation.".to_string());
    let opts = Options { context, ..Options::default() };
    let (b, _) = run_with("tbx3", &opts).unwrap();
    assert!(String::from_utf8(b).unwrap().contains(
        "<term>合作共赢</term>\n            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n            <descrip type=\"context\">We pursue win-win cooperation.</descrip>"
    ));
    let (b, _) = run_with("omegat", &opts).unwrap();
    assert!(
        String::from_utf8(b)
            .unwrap()
            .ends_with("合作共赢\twin-win cooperation\tExample: We pursue win-win cooperation.\n")
    );
    let (b, _) = run_with("memoq", &opts).unwrap();
    let t = String::from_utf8(b).unwrap();
    assert!(
        t.starts_with(
            "\u{feff}\"zh-CN\",\"en-US\",\"en-US forbidden\",\"Subject\",\"Note\",\"Source\",\"ID\",\"Example\"\r\n"
        ),
        "{t}"
    );
}

#[test]
fn bom_and_language_options() {
    let (b, _) = run_with("crowdin", &Options { bom: Some(true), ..Options::default() }).unwrap();
    assert!(b.starts_with(b"\xEF\xBB\xBF\"zh-CN\",\"en\","));
    let (b, _) = run_with("memoq", &Options { bom: Some(false), ..Options::default() }).unwrap();
    assert!(b.starts_with(b"\"zh-CN\",\"en-US\","));
    assert_eq!(
        run_with("deepl", &Options { bom: Some(true), ..Options::default() }).unwrap_err().to_string(),
        "--bom: the `deepl` export is read by a tool that keeps a BOM as part of the first term"
    );
    let langs = Options { source_lang: Some("zh-TW".into()), target_lang: Some("en-GB".into()), ..Options::default() };
    let (b, _) = run_with("multiterm", &langs).unwrap();
    assert!(b.starts_with(
        "\u{feff}\"ID\",\"Chinese (Taiwan)\",\"Chinese (Taiwan)\",\"English (United Kingdom)\",".as_bytes()
    ));
    let wrong = Options { source_lang: Some("en".into()), ..Options::default() };
    assert!(run_with("tbx", &wrong).unwrap_err().to_string().contains("is not a Chinese language tag"));
    let bad = Options { target_lang: Some("en US".into()), ..Options::default() };
    assert!(run_with("tbx", &bad).unwrap_err().to_string().contains("is not a BCP 47 language tag"));
}

/// Reads one part of an XLSX (a zip archive).
fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn xlsx_has_text_cells_chinese_and_no_formula() {
    for p in ["memoq-xlsx", "multiterm-xlsx", "smartcat-xlsx", "phrase-xlsx"] {
        let (b, sum) = run_with(p, &Options::default()).unwrap();
        assert_eq!(sum.records, 3, "{p}");
        assert!(sum.warnings.is_empty(), "{p}: XLSX text cells need no neutralising");
        let strings = xlsx_part(&b, "xl/sharedStrings.xml");
        assert!(strings.contains("“一带一路”倡议") && strings.contains("<t>=SUM(1)</t>"), "{p}: {strings}");
        let sheet = xlsx_part(&b, "xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>"), "{p}: no formula cell");
    }
}

#[test]
fn xlsx_bytes_do_not_depend_on_the_clock() {
    let (a, _) = run_with("memoq-xlsx", &Options::default()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (b, _) = run_with("memoq-xlsx", &Options::default()).unwrap();
    assert!(a == b, "two exports of the same glossary differ");
    assert!(xlsx_part(&a, "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
}

#[test]
fn an_empty_glossary_is_refused() {
    let p = profile("tbx3").unwrap();
    let e = export(p.as_ref(), &Glossary::new(), &Options::default(), &mut Vec::new()).unwrap_err();
    assert_eq!(e.to_string(), "no entries to export");
}
