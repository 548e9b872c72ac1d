//! `fashen rules cases` on corpus/cases: real published review findings the rules were not
//! written from, each line reviewed as a small document.
//!
//! The bars below are REGRESSION bars, not targets: they are the values measured when the case
//! corpus was added (recall rounded down to two decimals, false alarms as counted). The issue's
//! target is test recall ≥ 0.85, which is not reached yet. When rules improve, raise the bars
//! to the new measured values; never lower them to make a rule change pass.

mod common;

use common::*;

/// Overall recall on the defective lines of each split, the learned scorer's notes
/// (PRECEDENT-002/003) included (measured 2026-11-30, session 8, after retraining on the
/// round-5 paraphrases: dev 281/307 = 0.915 — in sample for the scorer, which was trained on
/// dev —, test 69/144 = 0.479; the first model of the session, trained before round 5, had
/// 70/144: more of our own paraphrases moved the model one case away from published wording).
/// Session 9, retrained with corpus/published and the round-6 paraphrases: dev 279/307 = 0.909
/// (in sample, so it moves with each retraining; the rules' own bar below holds the rules),
/// test 69/144 = 0.479 unchanged. Session 10, after rounds 7 and 8 (written from the statutes'
/// enumerations), the competition rules on documents typed other, and a retraining: dev
/// 282/307 = 0.919, test 72/144 = 0.500. Session 13, round 13a (the dev misses by concept):
/// dev 289 → 294/307 = 0.958; test unchanged. Session 14, four rounds (sec14, lic14, con14,
/// prec14) and a retraining with con14/con14b held out (threshold 0.90): dev 294/307, test
/// 74 → 77/144 = 0.535 (all three by the notes; the rules' own figure did not move). Session
/// 15 (gap15n, gap15c*, real15; PRECEDENT-002 on papers typed other): test 78/144 = 0.542.
const MIN_RECALL: [(&str, f64); 2] = [("dev", 0.95), ("test", 0.54)];
/// The same without the scorer's notes: what the rules find (session 7–9: dev 276/307 =
/// 0.899, test 62/144 = 0.431; session 10: dev 279/307 = 0.909, test 66/144 = 0.458;
/// session 13, round 13a: dev 285 → 290/307 = 0.945).
const MIN_RECALL_WITHOUT_MODEL: [(&str, f64); 2] = [("dev", 0.94), ("test", 0.45)];
/// False alarms (error or warning) on the lawful look-alikes of each split, as measured.
const MAX_FALSE_ALARMS: [(&str, u64); 2] = [("dev", 0), ("test", 1)];

/// Lines per split in the corpus files themselves (read inside the repository).
fn lines_per_split() -> std::collections::BTreeMap<String, u64> {
    let mut out = std::collections::BTreeMap::new();
    for f in ["normative.jsonl", "contracts.jsonl"] {
        let text = std::fs::read_to_string(root().join("corpus/cases").join(f)).unwrap();
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            *out.entry(v["split"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    out
}

#[test]
fn every_case_is_reviewed_and_recall_and_false_alarms_hold_their_bars() {
    let o = fashen(&["rules", "cases", "corpus/cases", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let per_split = lines_per_split();
    let total: u64 = per_split.values().sum();
    assert_eq!(v["lines"].as_u64(), Some(total));
    assert_eq!(v["reviewed"].as_u64(), Some(total), "{}", v["errors"]);
    assert!(v["errors"].as_array().unwrap().is_empty());

    for ((split, min_recall), (_, max_alarms)) in MIN_RECALL.iter().zip(MAX_FALSE_ALARMS) {
        let s = &v["splits"][split];
        assert_eq!(s["lines"].as_u64(), per_split.get(*split).copied());
        let overall = &s["overall"];
        let expected = overall["expected"].as_u64().unwrap();
        let found = overall["found"].as_u64().unwrap();
        let recall = overall["recall"].as_f64().unwrap();
        assert!(expected > 0 && found <= expected);
        assert!((recall - found as f64 / expected as f64).abs() < 1e-9);
        // Every defective line is counted in exactly one category.
        let by_category: u64 = s["categories"]
            .as_object()
            .unwrap()
            .values()
            .map(|c| c["expected"].as_u64().unwrap())
            .sum();
        assert_eq!(by_category, expected);
        // Split by quote kind: no kind has more found than expected, and together they are
        // the lines that say their kind (every line of the shipped files does but a few).
        let by_kind: Vec<(u64, u64)> = s["quote_kinds"]
            .as_object()
            .unwrap()
            .values()
            .map(|k| {
                (
                    k["expected"].as_u64().unwrap(),
                    k["found"].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(by_kind.iter().all(|(e, f)| f <= e));
        let kinds: u64 = by_kind.iter().map(|(e, _)| e).sum();
        assert!(
            kinds <= expected && kinds * 10 >= expected * 9,
            "{split}: {kinds}/{expected}"
        );
        let rules_only = s["overall_without_model"]["recall"].as_f64().unwrap();
        let bar = MIN_RECALL_WITHOUT_MODEL
            .iter()
            .find(|(x, _)| x == split)
            .unwrap()
            .1;
        assert!(
            rules_only >= bar && rules_only <= recall,
            "{split}: rules alone {rules_only:.3} (bar {bar})"
        );
        let la = &s["lookalikes"];
        // An info note on a look-alike is no false alarm, but it is counted.
        assert!(la["noted"].as_u64().unwrap() <= la["count"].as_u64().unwrap());
        let count = la["count"].as_u64().unwrap();
        let alarms = la["false_alarms"].as_u64().unwrap();
        assert_eq!(count + expected, per_split[*split]);
        // Every line got a document type from the classifier.
        let typed: u64 = s["doc_types"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|k| k.as_object().unwrap().values())
            .flat_map(|t| t.as_object().unwrap().values())
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(typed, per_split[*split]);
        println!(
            "{split}: recall {found}/{expected} = {recall:.3} (bar {min_recall}), look-alike false alarms {alarms}/{count} (bar {max_alarms})"
        );
        assert!(
            recall >= *min_recall,
            "{split} recall {recall:.3} fell below the regression bar {min_recall}"
        );
        assert!(
            alarms <= max_alarms,
            "{split}: {alarms} false alarms on look-alikes, the regression bar is {max_alarms}"
        );
    }
}

#[test]
fn the_table_has_both_splits_and_says_what_is_ignored() {
    let o = fashen(&["rules", "cases"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for want in [
        "开发集（dev）",
        "测试集（test）",
        "召回率",
        "相似合法条文",
        "误报",
        "文档类型判定",
        "NORM-VALID-001",
        "restricts_competition",
    ] {
        assert!(text.contains(want), "{want} missing from\n{text}");
    }
}

#[test]
fn missed_cases_are_listed_for_dev_and_never_for_test() {
    let o = fashen(&["rules", "cases", "--list-missed", "test"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("测试集只用于度量"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    let o = fashen(&["rules", "cases", "--list-missed", "dev", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!list.is_empty());
    let dev_ids: std::collections::BTreeSet<String> = ["normative.jsonl", "contracts.jsonl"]
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(root().join("corpus/cases").join(f))
                .unwrap()
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter(|v| v["split"] == "dev")
                .map(|v| v["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for item in &list {
        let id = item["id"].as_str().unwrap();
        assert!(dev_ids.contains(id), "{id} is not a dev case");
        assert!(!item["quote"].as_str().unwrap().is_empty());
    }
}

/// Paraphrase sets (corpus/paraphrase/*/): defects of the dev split and of the laws reworded
/// as other drafters would write them, and lawful look-alikes, labelled before the rules
/// were changed. Regression bars per set (measured recall rounded down); no look-alike may
/// raise an error or warning.
/// `blind` and `blind2` were written by someone who did not change the rules: blind2 found
/// 21/30 at its one measurement before anyone read it (the honest first-contact figure);
/// blind3 (written from the laws and practice while round 3 ran, never shown to its rule
/// writers) found 26/33 before round 3 and 29/33 after it; blind4 (entry and local, the same
/// way during round 4) 11/14 before round 4 and 12/14 after it.
/// blind5 (written while round 5 ran, never shown to its writers nor trained on by the
/// scorer): 18/24 by the rules and 20/24 with the scorer's notes at first contact.
/// contractlawful holds only lawful clauses (its recall is 0/0): it is there for its
/// look-alikes, which no rule may flag — 3 of 273 were when it was added (2 now), so it is checked
/// apart (see `lawful_contract_clauses_stay_clean`).
const PARAPHRASE_MIN_RECALL: [(&str, f64); 84] = [
    ("blind5", 0.83),
    ("contracts", 1.0),
    ("contracts3", 0.98),
    ("contracts3b", 0.97),
    ("contracts3c", 1.0),
    ("licence", 0.97),
    ("entry", 0.98),
    ("local", 0.97),
    ("local4", 0.97),
    ("local4b", 1.0),
    ("local4c", 1.0),
    ("blind", 1.0),
    ("blind2", 0.76),
    ("blind3", 0.87),
    ("blind4", 0.85),
    ("subsidy", 1.00),
    ("subsidyb", 0.94),
    ("subsidyc", 1.00),
    ("licence3", 1.0),
    ("licence3b", 1.0),
    ("licence3c", 0.93),
    ("licence3d", 1.0),
    ("procure", 0.98),
    ("procureb", 1.0),
    ("procurec", 1.0),
    ("procured", 1.0),
    ("procuree", 1.0),
    ("procuref", 1.0),
    ("procureg", 0.92),
    ("entry4", 0.97),
    ("entry4b", 0.92),
    ("entry4c", 0.84),
    ("entry4d", 0.91),
    ("licence5", 0.96),
    ("licence5b", 0.88),
    ("licence5c", 1.0),
    ("comp5", 0.96),
    ("comp5b", 0.91),
    ("pub6r", 1.0),
    ("pub6rb", 1.0),
    ("pub6rc", 1.0),
    ("pub6rd", 0.93),
    ("pub6", 0.97),
    ("pub6b", 0.83),
    ("pub6c", 1.0),
    ("pub6d", 1.0),
    // The lead's blind measure of round 6 (never shown to its writers, held out of the
    // scorer): 8/20 by the rules before the round, 13/20 after (15/20 with the notes);
    // session 10: 14/20 by the rules, 16/20 with the notes.
    ("blind6", 0.8),
    // The lead's blind measures of rounds 7 and 8 (session 10; never shown to the writers,
    // held out of the scorer). blind7 at first contact 10/16 by the rules, 11/16 with the
    // notes, after round 7 unchanged (its one look-alike alarm, CON-PAY-002 on 不以审计结论作为
    // 付款依据, was mended by the lead: tuned on a blind look-alike, disclosed); blind8 14/20
    // and 17/20 before round 8 and after it (its one look-alike alarm went with round 8).
    ("blind7", 0.68),
    // Session 11: 16/20 after the last retraining (one note fewer; the rules' 14/20 unchanged).
    ("blind8", 0.80),
    // Round 7, written from the statutes (sets_licence and contract terms): first contact
    // law7b 10/20 (9 by the rules), law7c 16/20 (15 by the rules), law7d 10/20 (10), law7e
    // 10/12 (6 by the rules), law7f 5/14 (5), before tuning on them.
    ("law7", 1.0),
    ("law7b", 1.0),
    ("law7c", 1.0),
    ("law7d", 1.0),
    ("law7e", 1.0),
    ("law7f", 1.0),
    // Round 8, competition from the statutes' enumerations: first contact law8 51/73 (49 by
    // the rules), law8b 14/24 (12), law8c 16/26 (15), law8d 16/20 (16), law8e 13/16 (12).
    ("law8", 1.0),
    ("law8b", 1.0),
    ("law8c", 1.0),
    ("law8d", 1.0),
    ("law8e", 1.0),
    // The lead's batch for a class round 7 left (a contract that blacklists, bans from later
    // procurement or criticises publicly: CON-UNF-018), labelled first: 0/5 at first contact.
    ("blacklist10", 1.0),
    // Round 9, competition provisions quoted from real local policies and investment agreements:
    // first contact wild9 13/40 (12 by the rules), wild9b 11/16 (7). wild9b's one look-alike
    // alarm (NORM-FEE-001 on 收取押金的，须设立押金专用账户) was mended by the lead after the merge.
    ("wild9", 1.0),
    ("wild9b", 0.96),
    // Round 10's precision sweep: real lines of 48 published documents, nearly all lawful (the
    // words careless rules key on); first contact 1/1 defect, 4 of 79 look-alikes flagged; the
    // last two (a concession contract's recital) mended by the lead after the merge.
    ("wildlawful10", 1.0),
    // blind9 (the lead's blind set of real drafters' wording, from provinces the round's writers
    // did not use; held out of the scorer) is not listed: measured only. First contact 12/48
    // (11 by the rules), 4 of 49 look-alikes flagged; after round 9 16/48 (14), 2 of 49.
    // blind10 (session 13, the same kind of set from 16 other provinces) is not listed either:
    // first contact 24/47 (21 by the rules), 6 of 37 look-alikes flagged.
    // Round 9, real drafters' wording quoted from published local documents and contracts
    // (licences, fees, penalties, compulsory measures, rights; BT buy-back and payment terms):
    // first contact wild9l 1/41 with the titles mis-annotated, 7/41 with the titles as
    // published (7 by the rules); wild9lb 9/20 (9 by the rules), before tuning on it.
    ("wild9l", 0.92),
    ("wild9lb", 0.95),
    // Round 10a, competition from real documents (wholesale reserved to named companies,
    // funeral and cemetery reservations, filing thresholds, utility-reserved works, rewards and
    // preferences tied to 驰名/著名/知名商标 and 名牌 titles): first contact wild10 5/19 (5 by the
    // rules), wild10b 1/8 (1) with 1 of 8 look-alikes flagged, before tuning on it.
    ("wild10", 0.89),
    ("wild10b", 0.25),
    // Round 12a, the dev split's remaining misses by concept (local registration with a minimum
    // duration, moving the seat in, a closed 名录库, 著名商标/名牌 recognition, department quotas
    // and road-use charges, a named company as a programme's vehicle; 7 real, 46 constructed):
    // first contact dev12 20/32 (15 by the rules) with 2 of 21 look-alikes flagged, before
    // tuning on it (with a 构造 marker in the titles, since removed: 15/32, 13 by the rules).
    ("dev12", 1.0),
    // Round 12b, licences in disguise in county and city wording (外来企业进市登记, 备案 with
    // review, certificate and validity, 设立条件, plates granted on review, local product lists,
    // application and acceptance set up by the document, checks before a vehicle may run):
    // first contact wild12l 5/22 (5 by the rules) with 3 of 30 look-alikes flagged, before
    // tuning on it; 3 look-alikes added after the change, 1 of them flagged on first contact.
    ("wild12l", 0.90),
    // Round 12c, payment and one-sided terms of real government contracts and tender contract
    // terms (retentions over 3 %, retention held past the 2-year defect period, non-statutory
    // deposits kept from payments, payment tied to treasury funding, no stoppage however unpaid,
    // a promised preference in the next tender): first contact 3/16 with 3 of 32 look-alikes
    // flagged, before tuning on it (one of the three, an 审计结算 clause labelled lawful for its
    // 3 % retention, was relabelled payment_terms afterwards, disclosed in its SOURCES.md).
    ("wild12c", 0.94),
    // Round 13a, the dev split's remaining misses by concept (road space leased or handed to an
    // operator, a self-made qualification or code with a sanction, competitors organised into a
    // joint company that prices for all, a named body running a market under 统一 and choosing
    // its partners, support by vague merit): first contact dev13 14/30 (12 by the rules) with
    // 1 of 23 look-alikes flagged (NORM-MKT-001 on a 供销社's own shops), before the rules;
    // dev13b, written after the first rules and before widening them, 13/24 (11 by the rules)
    // with 0 of 16 look-alikes flagged.
    ("dev13", 1.0),
    ("dev13b", 1.0),
    // Round 13b, the fair-competition review standards item by item (条例 第八条至第十一条,
    // 实施细则 第十三条至第十六条): the six items covered worst — 保证金 limited to cash, extra or
    // returned late; 环保标准/排污 favours for chosen firms; competitors' prices and costs passed
    // round; procurement periods below the statutory floors; certificates or consent before
    // 注销/迁出; public financing kept to chosen firms (4 real lines, 44 constructed):
    // first contact std13 11/28 (10 by the rules) with 0 of 20 look-alikes flagged, before
    // NORM-COMP-135…141 were written from it.
    ("std13", 1.0),
    // sec14 (session 14): the sector measures covered worst by the session-13 rules (商砼/砂浆 by
    // the local 备案, taxi and route rights for local or incumbent firms, funeral goods and
    // cemeteries, interest subsidies tied to one bank, rewards only for newly attracted projects,
    // trade platforms, local auditors and agents, travel agencies and shopping, driving schools
    // and health checks, waste disposal sites; 2 real lines, 71 constructed): first contact
    // sec14 27/39 (16 by the rules, 11 by PRECEDENT-002 notes) with 0 of 34 look-alikes
    // flagged, before NORM-COMP-150…156 were written from it.
    ("sec14", 1.0),
    // Round 14a, licences in disguise form by form (优化营商环境条例 第三十九条, 国办发〔2022〕2号;
    // lic14/COVERAGE.md): the eight forms covered worst — 年检/年审, 监制, 认证/审定 by an office,
    // 踏勘/核查 before a registration or 备案, numbers added to a statutory licence's conditions,
    // 名录/库 in the positive form, 会签/联审, a code without which one may not trade (40
    // constructed defects, 24 look-alikes, 9 of them restated statutes): first contact lic14
    // 23/40 (17 by the rules) with 1 of 24 look-alikes flagged (NORM-FEE-001 on a 财政票据
    // sentence), before NORM-LIC-020…027 were written from it.
    ("lic14", 1.0),
    // lic14b, the same eight forms in other wordings, written after the first NORM-LIC-020…027
    // and before they were widened: first contact 12/24 (6 by the rules) with 0 of 16
    // look-alikes flagged; now 22/24 (22 by the rules) — the two left are 备选库/推荐名单 choices
    // that the competition rules report (NORM-COMP-011, -016) and the new rule yields to.
    ("lic14b", 0.91),
    // Round 14b, a government contract review point by review point (保障中小企业款项支付条例
    // 第七至二十条, 质量保证金管理办法, 政府购买服务管理办法 第十条 …; corpus/paraphrase/con14/
    // COVERAGE.md): the six points covered worst — payment in flats, land or state assets; 质保金
    // withheld above 3 % or a guarantee refused for it; payment terms over 60 days written before
    // the payer or as 完成支付; drafts and vouchers whose term stretches the payment; complaint,
    // petition and suit renounced; 购买服务 of financing, labour dispatch or posts (1 real line,
    // 51 constructed): first contact con14 4/29 with 1 of 23 look-alikes flagged (CON-FIN-001 on
    // a restated 第十条), before CON-PAY-101…103, CON-UNF-101, CON-FIN-101 were written from it.
    ("con14", 1.0),
    // con14b, the same six points in 29 new constructed clauses written after those rules and
    // committed before the first run: first contact 7/17 with 1 of 12 look-alikes flagged
    // (CON-FIN-101 on training bought for 公益性岗位 staff), before the rules were widened from it
    // (more asset and land words, a refused guarantee insurance, a draft's term before it, 越过甲方
    // 投诉, 购买主体/承接主体 party lines, heads bought as 公益性岗位).
    ("con14b", 1.0),
    // Round 14d, precision of the alarm-prone NORM-COMP-043/018/044, NORM-RGT-001 and
    // CON-PARTY-001: real provisions carrying their words (county 产业扶持, 招商引资, 稳增长,
    // 上市 and 升规 policies, statute restatements, government contract party lines), 51
    // lawful look-alikes and 19 defects in two batches. First contact, before any rule
    // change: batch 1 10/12 with 1 of 34 look-alikes flagged (NORM-COMP-125), batch 2 5/7 with
    // 0 of 17; both together 15/19 (13 by the rules), 1 of 51 look-alikes (batch 3, 7 lawful
    // lines labelled after the changes: 0 flagged by the old and the new binary). None of the five
    // rules fired on these real lawful lines; they were narrowed on reasoned lawful shapes
    // (rule examples), and NORM-COMP-125 and a 规上 growth-reward pattern of 044 were fixed
    // from this set, so the bar is a regression bar.
    ("prec14", 0.84),
    // Round 15b (gap15c), the contract review points still narrow or none after con14/con14b
    // (决算批复 as payment node, 银行承兑汇票 terms, 以物抵债 wordings, guarantees refused for the
    // retention, overdue interest zero or capped, quarterly arrears, 审计 forced without appeal,
    // drafts forced, blanket exemption of the public party, termination at will without
    // compensation, staff managed by the buyer of a purchased service): 33 defects and 33
    // look-alikes, all constructed. First contact 6/33 with 0 of 33 look-alikes flagged, before
    // CON-PAY-110…117, CON-UNF-110/111, CON-FIN-110 and the named payment term of CON-PAY-001.
    ("gap15c", 1.0),
    // gap15cb, the same points in 28 new constructed clauses written after those rules and
    // committed before the first run: first contact 7/15 with 1 of 13 look-alikes flagged (the
    // older CON-UNF-003/002 on a termination for the supplier's own accident), before the rules
    // were widened from it (annual arrears, a platform payer's 商铺 冲抵, cash-only retention,
    // 一切违约责任由乙方承担, 商票还是转账由发包人决定, 配备协勤人员 managed by the buyer).
    ("gap15cb", 1.0),
    // gap15cc, 明股实债 (con14 row 26): 3 defects and 3 look-alikes, constructed; first contact
    // 1/3 (CON-RET-001 on 固定收益) with 0 of 3 flagged, before CON-FIN-111 was written from it;
    // 7 look-alikes added after it (2 flagged by CON-RET-001 on a negated 回购/承担本金损失,
    // before its safeguard forbid read those negations).
    ("gap15cc", 1.0),
    // Round 15a, the rows std13/sec14/lic14 still judged none or narrow (gap15n/COVERAGE.md):
    // 特许经营 awarded in a document, notices kept to local media, competitors' data passed round,
    // 贴息 only on local banks' loans, 准入协议, 丧葬用品 by the 殡仪馆, 发售/询价/磋商 periods,
    // 投标保证金 interest and late return, 指定 as an entry grant, no new 驾培 schools, a 备案
    // reviewed before 收托 (2 real lines, 74 constructed; 3 dropped by dedupe). First contact on
    // the session-start binary, lines committed before the rules they motivated: 16/39 (8 by the
    // rules) with 1 of 37 look-alikes flagged (NORM-LIC-013 on a restated 省级 资质认定); batch 3
    // (13 lines written after the first rules) 3/7 with 0 of 6. NORM-COMP-160/161 and
    // NORM-LIC-030…032 were written, NORM-COMP-136/137/138/154/155 and NORM-LIC-003/013 widened
    // or narrowed from it, so the bar is a regression bar.
    ("gap15n", 1.0),
];

/// `fashen rules cases DIR --format json`, its dev section (every line of a labelled folder
/// but corpus/cases is dev), after checking that the run read every line.
fn dev_split(dir: &str) -> serde_json::Value {
    let o = fashen(&["rules", "cases", dir, "--format", "json"]);
    assert!(o.status.success(), "{dir}: {}", stderr(&o));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["errors"].as_array().unwrap().is_empty(), "{dir}");
    v["splits"]["dev"].take()
}

#[test]
fn paraphrase_sets_hold_their_recall_and_raise_no_false_alarm() {
    for (set, min_recall) in PARAPHRASE_MIN_RECALL {
        let dir = format!("corpus/paraphrase/{set}");
        let s = &dev_split(&dir);
        let recall = s["overall"]["recall"].as_f64().unwrap();
        let alarms = s["lookalikes"]["false_alarms"].as_u64().unwrap();
        println!("{dir}: recall {recall:.3} (bar {min_recall}), false alarms {alarms}");
        assert!(s["lookalikes"]["count"].as_u64().unwrap() >= 10, "{dir}");
        assert!(
            recall >= min_recall,
            "{dir}: recall {recall:.3} < {min_recall}"
        );
        assert_eq!(alarms, 0, "{dir}: look-alikes raised false alarms");
    }
}

/// corpus/published: real published findings gathered in session 9 (not in corpus/cases).
/// First contact 6/35 by the rules; round 6 was written from their misses, so these bars
/// are regression bars (rules alone), not a measure of generalisation.
const PUBLISHED_MIN_RECALL: [(&str, f64); 2] = [("comp", 0.96), ("review", 1.0)];

#[test]
fn published_findings_hold_their_recall_and_raise_no_false_alarm() {
    for (set, min_recall) in PUBLISHED_MIN_RECALL {
        let dir = format!("corpus/published/{set}");
        let s = &dev_split(&dir);
        let rules_only = s["overall_without_model"]["recall"].as_f64().unwrap();
        assert!(
            rules_only >= min_recall,
            "{dir}: rules alone {rules_only:.3} < {min_recall}"
        );
        assert!(s["lookalikes"]["count"].as_u64().unwrap() >= 1, "{dir}");
        assert_eq!(
            s["lookalikes"]["false_alarms"].as_u64().unwrap(),
            0,
            "{dir}"
        );
    }
}

/// corpus/paraphrase/contractlawful: 273 lawful government-contract clauses. The rules'
/// alarms on them: 3 when the set was added; CON-PAY-019 no longer reads a multi-year service
/// contract paid from each year's budget as late payment; CON-PARTY-001 no longer reads a
/// county's 房屋征收办公室 named as 房屋征收部门 as an internal office. Left: CON-BID-004 on a
/// price with no procedure in a one-clause document (whether the project was tendered is
/// what the reviewer must ask when the whole contract is silent on it).
const CONTRACT_LAWFUL_MAX_ALARMS: u64 = 1;

#[test]
fn lawful_contract_clauses_stay_clean() {
    let s = dev_split("corpus/paraphrase/contractlawful");
    let la = &s["lookalikes"];
    assert!(la["count"].as_u64().unwrap() >= 250);
    let alarms = la["false_alarms"].as_u64().unwrap();
    assert!(
        alarms <= CONTRACT_LAWFUL_MAX_ALARMS,
        "{alarms} alarms on lawful contract clauses: {}",
        la["rules"]
    );
}
