//! 行政处罚决定书: the decision rules (rules/decision.toml) against the labelled decisions in
//! corpus/decisions (real published ones and variants with planted defects, labelled before the
//! rules were written), the fine-range check against the law database, the classifier's type
//! for decisions, and the 法制审核 checklist.

mod common;

use std::path::PathBuf;

use fashen::document::model::DocType;
use fashen::extract::Limits;
use fashen::quality::{Score, evaluate};
use fashen::report::memo::review_checklist::{self, Conclusion, Status};
use fashen::review::DocumentResult;
use fashen::rules::compile::RuleSet;
use fashen::rules::engine::{Selection, review};
use fashen::rules::finding::Finding;
use fashen::rules::schema::{Category, Severity};

const DECISION_CATEGORIES: [Category; 5] = [
    Category::MissingDecisionElement,
    Category::ProcedureDefect,
    Category::WrongRemedyNotice,
    Category::PenaltyOutOfRange,
    Category::TimeLimit,
];

fn set() -> RuleSet {
    RuleSet::load(&[]).expect("rule packs")
}

#[test]
fn decision_categories_reach_090_precision_and_recall_on_the_labelled_decisions() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let q = evaluate(&[root.join("corpus/decisions")], &set()).expect("labels parse");
    assert!(q.errors.is_empty(), "{:?}", q.errors);
    assert!(q.documents >= 25, "{} labelled decisions", q.documents);
    println!("{}", q.table());
    let mut all = Score::default();
    for c in DECISION_CATEGORIES {
        let sc = q.categories.get(c.as_str()).copied().unwrap_or_default();
        assert!(sc.expected >= 3, "{c}: only {} labelled", sc.expected);
        assert!(
            sc.precision() >= 0.9 && sc.recall() >= 0.9,
            "{c}: precision {:.3}, recall {:.3}\n{}",
            sc.precision(),
            sc.recall(),
            q.table()
        );
        all.expected += sc.expected;
        all.found += sc.found;
        all.correct += sc.correct;
    }
    println!(
        "decision categories: precision {:.3}, recall {:.3}",
        all.precision(),
        all.recall()
    );
    // Every labelled decision is typed a decision by the classifier (titles with 决定书).
    assert_eq!(q.doc_types.correct, q.doc_types.expected, "{}", q.table());
}

fn check(path: &str) -> (fashen::document::model::Document, Vec<Finding>) {
    let doc = fashen::load_document(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path),
        &Limits::default(),
        None,
    )
    .expect("readable");
    let r = review(&doc, &set(), &Selection::default());
    (doc, r.findings)
}

fn doc_of(lines: &[&str]) -> fashen::document::model::Document {
    let mut doc = fashen::document::from_lines(lines);
    doc.doc_type = DocType::Decision;
    doc
}

/// The real published decisions raise no error except the defects they really have: the 2015
/// Yuhuan tax decision states neither the party's address nor the evidence.
#[test]
fn real_published_decisions_raise_errors_only_for_their_real_defects() {
    for (file, expected) in [
        (
            "corpus/decisions/real_tianjin_xiqing_tobacco_2018.txt",
            vec![],
        ),
        (
            "corpus/decisions/real_jiangsu_cbirc_insurance_2019.txt",
            vec![],
        ),
        (
            "corpus/decisions/real_yuhuan_tax_2015.txt",
            vec!["当事人的地址", "认定违法事实的证据"],
        ),
    ] {
        let (doc, findings) = check(file);
        assert_eq!(doc.doc_type, DocType::Decision, "{file}");
        let errors: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert_eq!(
            errors.len(),
            expected.len(),
            "{file}: {:#?}",
            errors.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        for (f, what) in errors.iter().zip(&expected) {
            assert_eq!(f.rule, "DEC-ELEM-001");
            assert!(f.message.contains(what), "{}", f.message);
        }
    }
}

fn unfair_competition_decision(fine: &str, cite_penalty_law: bool) -> Vec<String> {
    let basis = if cite_penalty_law {
        "依据《中华人民共和国反不正当竞争法》第二十条第一款、《中华人民共和国行政处罚法》（2021年修订）第二十八条的规定，本局决定对当事人作出如下行政处罚："
    } else {
        "依据《中华人民共和国反不正当竞争法》第二十条第一款的规定，本局决定对当事人作出如下行政处罚："
    };
    vec![
        "某县市场监督管理局".into(),
        "行政处罚决定书".into(),
        "当事人：某县某某商贸有限公司".into(),
        "住所：某县某镇兴业路18号".into(),
        "经查，当事人自2023年10月起宣传其净水器“可降低血糖”，截至案发时共销售1260台。".into(),
        "上述事实，有现场笔录、询问笔录等证据证明。".into(),
        "本局认为，当事人的上述行为违反了《中华人民共和国反不正当竞争法》第八条第一款的规定。"
            .into(),
        basis.into(),
        format!("罚款人民币{fine}。"),
        "2024年6月18日".into(),
    ]
}

fn range_findings(lines: &[String]) -> Vec<Finding> {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let doc = doc_of(&lines);
    let sel = Selection {
        select: vec!["DEC-PEN-001".into()],
        ..Default::default()
    };
    review(&doc, &set(), &sel).findings
}

/// A fine outside the range of the cited article (read from the law database) is flagged with
/// the range quoted; one inside is not. 行政处罚法 (2021) sets no fines of its own: citing it
/// beside the sectoral article (第二十八条, confiscation) leaves the sectoral range in force.
#[test]
fn a_fine_outside_the_cited_articles_range_is_flagged_with_the_range_quoted() {
    for cite_penalty_law in [false, true] {
        let outside = range_findings(&unfair_competition_decision(
            "2,500,000元",
            cite_penalty_law,
        ));
        assert_eq!(outside.len(), 1, "{outside:#?}");
        let m = &outside[0].message;
        assert!(
            m.contains(
                "《中华人民共和国反不正当竞争法》第二十条“处二十万元以上一百万元以下的罚款”"
            ) && m.contains("处一百万元以上二百万元以下的罚款")
                && m.contains("2500000元"),
            "{m}"
        );
        assert_eq!(outside[0].matched, "罚款人民币2,500,000元");
        for inside in ["500,000元", "1,500,000元", "200,000元"] {
            let f = range_findings(&unfair_competition_decision(inside, cite_penalty_law));
            assert!(f.is_empty(), "{inside}: {f:#?}");
        }
        let below = range_findings(&unfair_competition_decision("50,000元", cite_penalty_law));
        assert_eq!(below.len(), 1, "{below:#?}");
        assert!(below[0].message.contains("低于法定最低数额200000元"));
    }
}

/// A multiple of a figure the decision states (中标项目金额) is evaluated with that figure; a
/// law whose text the database does not hold (食品安全法) is not judged at all.
#[test]
fn relative_ranges_use_the_decisions_figures_and_unknown_texts_are_not_judged() {
    let bid = |fine: &str| {
        range_findings(&[
            "行政处罚决定书".to_string(),
            "当事人：某市某某建设工程有限公司".to_string(),
            "经查，当事人相互串通投标，中标项目金额为人民币8,000,000元。".to_string(),
            "依据《中华人民共和国招标投标法》第五十三条的规定，本委决定对当事人罚款人民币"
                .to_string()
                + fine
                + "。",
            "2024年12月2日".to_string(),
        ])
    };
    assert_eq!(bid("20,000元").len(), 1);
    assert!(bid("50,000元").is_empty());
    assert_eq!(bid("90,000元").len(), 1);
    let food = range_findings(&[
        "行政处罚决定书".to_string(),
        "依据《中华人民共和国食品安全法》第一百二十四条第一款第（五）项的规定，本局决定：罚款人民币3,000元。"
            .to_string(),
        "2024年10月15日".to_string(),
    ]);
    assert!(food.is_empty(), "{food:#?}");
}

#[test]
fn the_classifier_types_decision_titles_as_decisions() {
    for title in [
        "行政处罚决定书",
        "某县市场监督管理局行政处罚决定书",
        "税务行政处罚决定书",
        "不予行政处罚决定书",
    ] {
        let doc = fashen::document::from_lines(&[title, "当事人：某公司"]);
        assert_eq!(doc.doc_type, DocType::Decision, "{title}");
    }
}

/// Other decisions the classifier types as decisions (许可、征收) are not judged as penalties.
#[test]
fn decisions_other_than_penalties_are_not_judged_by_the_penalty_checks() {
    let doc = fashen::document::from_lines(&[
        "某县自然资源局",
        "不予行政许可决定书",
        "申请人：某某矿业有限公司",
        "你单位申请的采矿许可事项，经审查不符合法定条件，本机关决定不予许可。",
        "某县自然资源局",
        "2024年5月6日",
    ]);
    assert_eq!(doc.doc_type, DocType::Decision);
    let r = review(&doc, &set(), &Selection::default());
    assert!(
        r.findings
            .iter()
            .all(|f| !DECISION_CATEGORIES.contains(&f.category)),
        "{:#?}",
        r.findings
    );
}

fn checklist_of(path: &str) -> review_checklist::Checklist {
    let (doc, _) = check(path);
    let r = review(&doc, &set(), &Selection::default());
    let result = DocumentResult::checked(&doc, r);
    review_checklist::build(&result, &doc)
}

#[test]
fn the_review_checklist_has_every_point_and_a_conclusion() {
    let points = [
        "主体资格",
        "执法权限",
        "事实",
        "证据",
        "适用法律",
        "程序",
        "裁量",
        "文书规范",
        "是否移送",
    ];
    let status = |c: &review_checklist::Checklist, p: &str| {
        c.rows.iter().find(|r| r.point == p).expect(p).status
    };

    // A fine above the statutory maximum: 适用法律 fails, the decision must be amended.
    let c = checklist_of("corpus/decisions/county_amr_false_promotion_fine_over_max_variant.txt");
    assert_eq!(
        c.rows.iter().map(|r| r.point).collect::<Vec<_>>(),
        points.to_vec()
    );
    assert_eq!(status(&c, "适用法律"), Status::Fails);
    assert!(
        c.rows[4].rules.contains(&"DEC-PEN-001".to_string()),
        "{:?}",
        c.rows[4]
    );
    assert_eq!(status(&c, "程序"), Status::Conforms);
    assert_eq!(status(&c, "文书规范"), Status::Conforms);
    assert_eq!(status(&c, "执法权限"), Status::Verify);
    assert!(c.rows[1].note.contains("文本无法证明"));
    assert_eq!(c.conclusion, Conclusion::Amend);

    // Limitation period run out: no penalty may be given.
    let c = checklist_of("corpus/decisions/county_food_violation_six_years_variant.txt");
    assert_eq!(status(&c, "适用法律"), Status::Fails);
    assert_eq!(c.conclusion, Conclusion::Disagree);

    // A lawful decision whose cited articles the database holds: agree, subject to the file.
    let c = checklist_of("corpus/decisions/district_amr_bribery_mitigated_below_min_variant.txt");
    assert_eq!(status(&c, "适用法律"), Status::Conforms);
    assert!(c.rows.iter().all(|r| r.status != Status::Fails), "{c:#?}");
    assert_eq!(c.conclusion, Conclusion::Agree);
    assert!(c.reason.contains("人工核实"));

    // Missing §59 elements fail 文书规范; a missing remedy notice fails 程序 too.
    let c = checklist_of("corpus/decisions/county_amr_missing_elements_variant.txt");
    assert_eq!(status(&c, "文书规范"), Status::Fails);
    assert_eq!(status(&c, "证据"), Status::Fails);
    assert_eq!(status(&c, "程序"), Status::Fails);
    assert_eq!(c.conclusion, Conclusion::Amend);
}

#[test]
fn the_memo_of_a_decision_carries_the_checklist() {
    let out = common::fashen(&[
        "memo",
        "corpus/decisions/district_amr_prize_sales_licence_revoked_variant.txt",
        "-o",
        "-",
    ]);
    let text = common::stdout(&out);
    assert!(out.status.success(), "{}", common::stderr(&out));
    for s in [
        "法制审核要点",
        "审核要点",
        "需人工核实",
        "不符合",
        "法制审核意见：建议修改后提交",
    ] {
        assert!(text.contains(s), "{s}\n{text}");
    }
}
