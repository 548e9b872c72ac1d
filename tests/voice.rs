//! What the voice of a sentence (document::voice: own provision, quotation of another
//! text, report of others' acts or words) changes in the review: substantive rules do not
//! fire on quotations and reports, another law's 施行日期 is not the document's, and a list
//! of repealed documents is not a citation of repealed law.

use fashen::document::model::DocType;
use fashen::extract::Limits;
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, review};

fn rules_of(text: &str, doc_type: DocType, sel: &Selection) -> Vec<String> {
    let set = RuleSet::load(&[]).expect("rules");
    let doc = fashen::load_bytes(
        "t.txt",
        text.as_bytes().to_vec(),
        &Limits::default(),
        Some(doc_type),
    )
    .expect("text");
    review(&doc, &set, sel)
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

fn notice(body: &str) -> String {
    format!(
        "某县人民政府关于加强市场管理的通知\n各乡镇人民政府，县政府各部门：\n{body}\n本通知自2024年3月1日起施行，有效期3年。\n某县人民政府\n2024年2月1日\n"
    )
}

/// Each substantive provision fires in the document's own voice and not when the same
/// words are quoted from another text or reported as what someone else did or said.
#[test]
fn substantive_rules_skip_quotations_and_reports() {
    let sel = Selection::default();
    // (rule, own wording, the same content quoted or reported)
    let cases = [
        (
            "NORM-PEN-001",
            "三、违反本通知规定擅自占道经营的，由县市场监管局处五千元罚款。",
            vec![
                "三、日前，邻县印发通知，对擅自占道经营的，由县市场监管局处五千元罚款。",
                "三、2023年5月，某市城管局印发文件，对擅自占道经营的，由市市场监管局处五千元罚款。",
                "三、对此，该通知明确，擅自占道经营的，由市市场监管局处五千元罚款。",
            ],
        ),
        (
            "NORM-FEE-001",
            "三、申请办理摊位登记的经营户，应当向县市场服务中心缴纳管理费每月200元。",
            vec![
                "三、据了解，邻县要求申请办理摊位登记的经营户，应当向县市场服务中心缴纳管理费每月200元。",
                "三、经查，该县文件要求申请办理摊位登记的经营户，应当向县市场服务中心缴纳管理费每月200元。",
            ],
        ),
    ];
    for (rule, own, others) in cases {
        let got = rules_of(&notice(own), DocType::Normative, &sel);
        assert!(got.iter().any(|r| r == rule), "{rule} own: {own}\n{got:?}");
        for o in others {
            let got = rules_of(&notice(o), DocType::Normative, &sel);
            assert!(
                !got.iter().any(|r| r == rule),
                "{rule} fired on: {o}\n{got:?}"
            );
            // The cases harness reads every sentence as the document's own.
            let forced = Selection {
                assume_own_voice: true,
                ..Selection::default()
            };
            let got = rules_of(&notice(o), DocType::Normative, &forced);
            assert!(
                got.iter().any(|r| r == rule),
                "{rule} not found with assume_own_voice: {o}\n{got:?}"
            );
        }
    }
}

/// 《民法典》自2021年1月1日起施行, quoted or reported, is not the document's 施行日期: no
/// retroactivity finding for a 2024 notice, and a notice that states no date of its own
/// is still missing one.
#[test]
fn a_quoted_commencement_date_is_not_the_documents() {
    let sel = Selection {
        select: vec!["NORM-RETRO-001".into(), "NORM-VALID-001".into()],
        ..Selection::default()
    };
    let head = "某县人民政府关于规范合同管理的通知\n各乡镇人民政府，县政府各部门：\n";
    let tail = "某县人民政府\n2024年2月1日\n";
    let quoted = [
        "一、《中华人民共和国民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”",
        "一、《中华人民共和国民法典》自2021年1月1日起施行，各部门要对照清理合同文本。",
    ];
    for q in quoted {
        let with_own = format!("{head}{q}\n二、本通知自2024年3月1日起施行。\n{tail}");
        assert_eq!(
            rules_of(&with_own, DocType::Normative, &sel),
            Vec::<String>::new(),
            "{q}"
        );
        let without = format!("{head}{q}\n二、各部门要抓好落实。\n{tail}");
        assert_eq!(
            rules_of(&without, DocType::Normative, &sel),
            vec!["NORM-VALID-001".to_string()],
            "{q}"
        );
    }
    // The document's own retroactive date is still found.
    let own = format!("{head}一、本通知自2023年1月1日起施行。\n{tail}");
    assert_eq!(
        rules_of(&own, DocType::Normative, &sel),
        vec!["NORM-RETRO-001".to_string()]
    );
    let v = fashen::document::validity::validity(&fashen::document::from_lines(&[
        "某县人民政府关于规范合同管理的通知",
        quoted[0],
        "本通知自2024年3月1日起施行。",
    ]))
    .expect("validity");
    assert_eq!(v.start.as_deref(), Some("2024-03-01"));
}

/// A list of repealed documents — one sentence (《…》同时废止) or 下列文件同时废止： with its
/// items on the next lines — is not a citation of repealed law; the same title relied on is.
#[test]
fn a_repeal_list_is_not_a_citation_of_repealed_law() {
    let sel = Selection {
        select: vec!["CITE-REPEALED-001".into()],
        ..Selection::default()
    };
    let head =
        "某县合同管理办法\n第一条 为规范合同管理，根据《中华人民共和国民法典》，制定本办法。\n";
    let tail = "某县人民政府\n2023年5月10日\n";
    let lists = [
        "第二十条 本办法自2023年6月1日起施行。下列文件同时废止：\n（一）《中华人民共和国合同法》；\n（二）《中华人民共和国担保法》。",
        "第二十条 本办法自2023年6月1日起施行。\n以下文件同时废止：\n1.《中华人民共和国合同法》\n2.《中华人民共和国担保法》",
        "第二十条 本办法自2023年6月1日起施行，《中华人民共和国合同法》《中华人民共和国担保法》同时废止。",
    ];
    for l in lists {
        let text = format!("{head}{l}\n{tail}");
        assert_eq!(
            rules_of(&text, DocType::Normative, &sel),
            Vec::<String>::new(),
            "{l}"
        );
    }
    let relied = format!(
        "{head}第二条 合同的订立依照《中华人民共和国合同法》第十条的规定。\n第二十条 本办法自2023年6月1日起施行。\n{tail}"
    );
    assert_eq!(
        rules_of(&relied, DocType::Normative, &sel),
        vec!["CITE-REPEALED-001".to_string()]
    );
}

/// `fashen extract --format json` lists the sentences not in the document's own voice.
#[test]
fn extract_json_lists_quotations_and_reports() {
    let doc = fashen::document::from_lines(&[
        "某县人民政府关于规范合同管理的通知",
        "《中华人民共和国民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”",
        "日前，邻县印发了合同管理办法。",
        "本通知自2024年3月1日起施行。",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&fashen::report::extract_view::json(&doc).expect("json"))
            .expect("parses");
    let voices = json["voices"].as_array().expect("voices");
    let got: Vec<(&str, &str)> = voices
        .iter()
        .map(|v| (v["voice"].as_str().unwrap(), v["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "quotation",
                "《中华人民共和国民法典》第一千二百六十条规定：“本法自2021年1月1日起施行。”"
            ),
            ("report", "日前，邻县印发了合同管理办法。"),
        ]
    );
    assert_eq!(voices[0]["cue"], "quote_frame");
    assert_eq!(voices[0]["voice_zh"], "引用他文原文");
    assert!(json.get("schema_version").is_none_or(|v| v == 1));
}

/// A period with both ends counts as the document's validity only when it is the document's
/// own time or term (禁燃禁放时间：…起至…止), not a dated window it speaks of; a 编制依据
/// heading followed by a numbered list of laws states the basis.
#[test]
fn the_documents_own_period_and_a_listed_basis_count() {
    let sel = Selection {
        select: vec!["NORM-VALID-001".into(), "NORM-BASIS-001".into()],
        ..Selection::default()
    };
    let head = "某县人民政府关于企业扶持奖励的通知\n各乡镇人民政府，县政府各部门：\n";
    let basis = "根据《中华人民共和国中小企业促进法》，制定本通知。\n";
    let tail = "某县人民政府\n2024年2月1日\n";
    let window = format!(
        "{head}{basis}一、对2024年1月1日起至2024年12月31日新注册的企业给予一次性奖励。\n{tail}"
    );
    assert_eq!(
        rules_of(&window, DocType::Normative, &sel),
        vec!["NORM-VALID-001".to_string()]
    );
    let own = format!("{head}{basis}一、禁燃禁放时间：2024年2月6日起至2024年4月30日止。\n{tail}");
    assert_eq!(
        rules_of(&own, DocType::Normative, &sel),
        Vec::<String>::new()
    );
    let plan = "某县森林火灾应急预案\n1.2 编制依据\n（1）《中华人民共和国森林法》\n（2）《森林防火条例》\n二、本预案自2024年3月1日起施行。\n";
    assert_eq!(
        rules_of(plan, DocType::Normative, &sel),
        Vec::<String>::new()
    );
}
