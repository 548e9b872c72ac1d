//! The rule file format (rules/*.toml), read with serde; unknown keys are rejected.

use serde::Deserialize;

use super::builtin::Builtin;
use crate::document::model::DocType;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
    #[serde(default, rename = "trigger")]
    pub triggers: Vec<TriggerSpec>,
    #[serde(default, rename = "concept")]
    pub concepts: Vec<super::concepts::ConceptSpec>,
}

#[derive(
    Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn chinese(self) -> &'static str {
        match self {
            Severity::Error => "必须修改",
            Severity::Warning => "建议修改",
            Severity::Info => "提示",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Sentence,
    Clause,
    Article,
    Section,
    Document,
}

/// Issuer levels, lowest first: a rule with `applies_below = L` fires only for documents
/// whose issuer level is below L (a county notice may not set a penalty; a regulation may).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 行政规范性文件 of local governments and departments; contracts.
    Normative,
    /// 国务院 and 国务院办公厅 documents (国务院决定、命令 may set licences).
    StateCouncil,
    /// 部门规章、地方政府规章.
    Rules,
    /// 地方性法规.
    LocalRegulation,
    /// 行政法规.
    AdminRegulation,
    /// 法律.
    Law,
}

impl Level {
    pub fn chinese(self) -> &'static str {
        match self {
            Level::Normative => "行政规范性文件",
            Level::StateCouncil => "国务院文件",
            Level::Rules => "规章",
            Level::LocalRegulation => "地方性法规",
            Level::AdminRegulation => "行政法规",
            Level::Law => "法律",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    pub law: String,
    pub article: String,
    #[serde(default)]
    pub text: String,
}

/// A condition on the text around a match; all keys given must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// At least one of these words is present.
    #[serde(default)]
    pub any_of: Vec<String>,
    /// All of these words are present.
    #[serde(default)]
    pub all_of: Vec<String>,
    /// This regex matches.
    #[serde(default)]
    pub regex: Option<String>,
    #[serde(default)]
    pub all: Vec<Condition>,
    #[serde(default)]
    pub any: Vec<Condition>,
    #[serde(default)]
    pub not: Option<Box<Condition>>,
    /// Look only this many characters either side of the match (default: the rule's scope).
    #[serde(default)]
    pub within: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Sentences that must produce a finding; the span is marked with [[ ]].
    #[serde(default)]
    pub hit: Vec<String>,
    /// Sentences that must not.
    #[serde(default)]
    pub clean: Vec<String>,
    /// Document type the examples are checked as (default: the rule's first doc type).
    #[serde(default)]
    pub doc_type: Option<DocType>,
    /// Issuer level the examples are checked at (default: normative).
    #[serde(default)]
    pub level: Option<Level>,
    /// Jurisdiction profile the examples are checked under (default: none).
    #[serde(default)]
    pub jurisdiction: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    pub doc_types: Vec<DocType>,
    #[serde(default = "default_scope")]
    pub scope: Scope,
    /// Only inside sections whose heading contains one of these (罚则, 法律责任).
    #[serde(default)]
    pub sections: Vec<String>,
    /// Literal trigger words (one Aho-Corasick pass for all rules).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Regexes run on the scope around a keyword hit; one must match. Named captures
    /// can be used in message and suggestion as {name}; {match} is the matched text.
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub require: Option<Condition>,
    #[serde(default)]
    pub forbid: Option<Condition>,
    /// Built-in exceptions: prohibition (不得/严禁/禁止… before the match), question
    /// (是否…), quotation (inside 《》 or “”), citation (the sentence cites a law as basis).
    #[serde(default)]
    pub exceptions: Vec<Exception>,
    #[serde(default)]
    pub applies_below: Option<Level>,
    /// Also read a 批复, 复函, 答复, 请示 or a decision rewarding operators, typed `other` or
    /// `decision`, as if it were a normative document: such a letter is a 具体政策措施 under
    /// fair-competition review (公平竞争审查条例 第二条).
    #[serde(default)]
    pub policy_measures: bool,
    /// The issuer levels the rule applies to, when `applies_below` cannot say it: a 规章 may
    /// not set a licence although a 国务院 document, lower in this order, may
    /// (行政许可法 第十四–十七条). When set, `applies_below` is not consulted.
    #[serde(default)]
    pub levels: Vec<Level>,
    /// A check implemented in Rust (src/rules/builtin/) instead of keywords.
    #[serde(default)]
    pub builtin: Option<Builtin>,
    /// For `builtin = "learned_scorer"`: the classes the rule may note (all when empty). A
    /// contract is noted only in the classes the lawful training text covers.
    #[serde(default)]
    pub classes: Vec<Category>,
    /// For `builtin = "learned_scorer"`: words one of which a noted sentence must contain
    /// (none required when empty). On text unlike its lawful training text (contracts) the
    /// model's score is not enough; the class's own words anchor it.
    #[serde(default)]
    pub cues: Vec<String>,
    /// For `builtin = "learned_scorer"`: classes not noted in a document of `from` or a higher
    /// level. Such an instrument may itself set licences, penalties and compulsory measures
    /// within its power and needs no higher basis for each provision (行政许可法 第十五条,
    /// 行政处罚法 第十二条, 立法法 第八十二条): beyond_power judges that by the level × power
    /// table, while the model, trained on documents below it, would judge by words alone.
    #[serde(default)]
    pub skip_classes: Option<LevelSkip>,
    /// Rules that speak first: a finding of this rule is dropped where one of them has a
    /// finding on the same sentence (one finding per provision, without copying their
    /// patterns into `forbid`).
    #[serde(default)]
    pub yields_to: Vec<String>,
    pub basis: Vec<Basis>,
    pub message: String,
    pub suggestion: String,
    pub examples: Examples,
}

impl RuleSpec {
    /// Where the rule reads beyond its document types, in the reviewer's words (one line
    /// each): policy letters, issuer levels, and a learned-scorer rule's classes and cues.
    /// `fashen rules explain` and docs/rules.md show the same lines.
    pub fn reach(&self) -> Vec<String> {
        let mut out = vec![];
        if self.policy_measures {
            out.push(
                "也审查：批复、复函、答复、请示和奖励经营者的决定（具体政策措施）".to_string(),
            );
        }
        if !self.levels.is_empty() {
            let ls: Vec<&str> = self.levels.iter().map(|l| l.chinese()).collect();
            out.push(format!("层级：仅对{}适用", ls.join("、")));
        } else if let Some(l) = self.applies_below {
            out.push(format!("层级：仅对低于{}的文件适用", l.chinese()));
        }
        if !self.classes.is_empty() {
            let cs: Vec<&str> = self.classes.iter().map(|c| c.chinese()).collect();
            out.push(format!("只提示这些类别：{}", cs.join("、")));
        }
        if !self.cues.is_empty() {
            out.push(format!("只看含有这些词语的句子：{}", self.cues.join("、")));
        }
        if let Some(skip) = &self.skip_classes {
            let cs: Vec<&str> = skip.classes.iter().map(|c| c.chinese()).collect();
            out.push(format!(
                "{}及以上层级的文件不提示这些类别：{}",
                skip.from.chinese(),
                cs.join("、")
            ));
        }
        out
    }
}

/// Classes a learned-scorer rule leaves alone from an issuer level up (`skip_classes`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSkip {
    pub from: Level,
    pub classes: Vec<Category>,
}

impl LevelSkip {
    pub fn skips(&self, level: Level, class: Category) -> bool {
        level >= self.from && self.classes.contains(&class)
    }
}

fn default_scope() -> Scope {
    Scope::Sentence
}

/// A review trigger (state_assets, fiscal_funds, natural_resources, public_resources).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerSpec {
    pub kind: TriggerKind,
    pub name: String,
    pub keywords: Vec<String>,
    /// Words that, in the same sentence, mean the keyword is not about this trigger.
    #[serde(default)]
    pub forbid: Vec<String>,
}

/// The fixed category taxonomy: every rule and finding belongs to exactly one.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    SetsLicence,
    SetsPenalty,
    SetsCompulsoryMeasure,
    SetsFee,
    RestrictsRights,
    RestrictsCompetition,
    MissingLegalBasis,
    MissingValidityPeriod,
    ImproperIssuer,
    Retroactive,
    GovernmentGuarantee,
    GuaranteedReturn,
    DisguisedFinancing,
    BypassesCompetition,
    UnfairTerms,
    PaymentTerms,
    MissingClause,
    ArbitrationInAdminAgreement,
    RepealedLaw,
    InvalidArticle,
    UnknownLaw,
    MissingDecisionElement,
    ProcedureDefect,
    WrongRemedyNotice,
    PenaltyOutOfRange,
    TimeLimit,
    OtherDefect,
}

impl Category {
    pub const ALL: [Category; 27] = [
        Category::SetsLicence,
        Category::SetsPenalty,
        Category::SetsCompulsoryMeasure,
        Category::SetsFee,
        Category::RestrictsRights,
        Category::RestrictsCompetition,
        Category::MissingLegalBasis,
        Category::MissingValidityPeriod,
        Category::ImproperIssuer,
        Category::Retroactive,
        Category::GovernmentGuarantee,
        Category::GuaranteedReturn,
        Category::DisguisedFinancing,
        Category::BypassesCompetition,
        Category::UnfairTerms,
        Category::PaymentTerms,
        Category::MissingClause,
        Category::ArbitrationInAdminAgreement,
        Category::RepealedLaw,
        Category::InvalidArticle,
        Category::UnknownLaw,
        Category::MissingDecisionElement,
        Category::ProcedureDefect,
        Category::WrongRemedyNotice,
        Category::PenaltyOutOfRange,
        Category::TimeLimit,
        Category::OtherDefect,
    ];

    /// The code used in rule packs, JSON and SARIF.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::SetsLicence => "sets_licence",
            Category::SetsPenalty => "sets_penalty",
            Category::SetsCompulsoryMeasure => "sets_compulsory_measure",
            Category::SetsFee => "sets_fee",
            Category::RestrictsRights => "restricts_rights",
            Category::RestrictsCompetition => "restricts_competition",
            Category::MissingLegalBasis => "missing_legal_basis",
            Category::MissingValidityPeriod => "missing_validity_period",
            Category::ImproperIssuer => "improper_issuer",
            Category::Retroactive => "retroactive",
            Category::GovernmentGuarantee => "government_guarantee",
            Category::GuaranteedReturn => "guaranteed_return",
            Category::DisguisedFinancing => "disguised_financing",
            Category::BypassesCompetition => "bypasses_competition",
            Category::UnfairTerms => "unfair_terms",
            Category::PaymentTerms => "payment_terms",
            Category::MissingClause => "missing_clause",
            Category::ArbitrationInAdminAgreement => "arbitration_in_admin_agreement",
            Category::RepealedLaw => "repealed_law",
            Category::InvalidArticle => "invalid_article",
            Category::UnknownLaw => "unknown_law",
            Category::MissingDecisionElement => "missing_decision_element",
            Category::ProcedureDefect => "procedure_defect",
            Category::WrongRemedyNotice => "wrong_remedy_notice",
            Category::PenaltyOutOfRange => "penalty_out_of_range",
            Category::TimeLimit => "time_limit",
            Category::OtherDefect => "other_defect",
        }
    }

    /// The name a person reads.
    pub fn chinese(self) -> &'static str {
        match self {
            Category::SetsLicence => "设定行政许可",
            Category::SetsPenalty => "设定行政处罚",
            Category::SetsCompulsoryMeasure => "设定行政强制措施",
            Category::SetsFee => "违法设定收费",
            Category::RestrictsRights => "减损权利或增加义务",
            Category::RestrictsCompetition => "排除、限制竞争",
            Category::MissingLegalBasis => "缺少制定依据",
            Category::MissingValidityPeriod => "未规定施行日期或有效期",
            Category::ImproperIssuer => "制定主体不适格",
            Category::Retroactive => "溯及既往",
            Category::GovernmentGuarantee => "政府违法担保",
            Category::GuaranteedReturn => "承诺固定回报",
            Category::DisguisedFinancing => "变相融资举债",
            Category::BypassesCompetition => "规避招标或公开交易",
            Category::UnfairTerms => "不公平格式条款",
            Category::PaymentTerms => "付款条款违法",
            Category::MissingClause => "缺少必备条款",
            Category::ArbitrationInAdminAgreement => "行政协议约定仲裁",
            Category::RepealedLaw => "引用已废止法律",
            Category::InvalidArticle => "引用条文序号错误",
            Category::UnknownLaw => "引用法律名称无法识别",
            Category::MissingDecisionElement => "决定书缺少法定要素",
            Category::ProcedureDefect => "程序缺陷",
            Category::WrongRemedyNotice => "救济途径告知错误",
            Category::PenaltyOutOfRange => "处罚超出法定种类或幅度",
            Category::TimeLimit => "超过追责时效",
            Category::OtherDefect => "其他违法约定",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Review triggers: a document touching one of these must be reviewed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TriggerKind {
    StateAssets,
    FiscalFunds,
    NaturalResources,
    PublicResources,
}

impl TriggerKind {
    pub const ALL: [TriggerKind; 4] = [
        TriggerKind::StateAssets,
        TriggerKind::FiscalFunds,
        TriggerKind::NaturalResources,
        TriggerKind::PublicResources,
    ];

    /// The code used in rule packs, JSON and SARIF.
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerKind::StateAssets => "state_assets",
            TriggerKind::FiscalFunds => "fiscal_funds",
            TriggerKind::NaturalResources => "natural_resources",
            TriggerKind::PublicResources => "public_resources",
        }
    }

    /// The name a person reads.
    pub fn chinese(self) -> &'static str {
        match self {
            TriggerKind::StateAssets => "国有资产",
            TriggerKind::FiscalFunds => "财政资金",
            TriggerKind::NaturalResources => "自然资源",
            TriggerKind::PublicResources => "公共资源",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl std::fmt::Display for TriggerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Built-in exceptions a rule can declare: a match is not a finding when it sits after a
/// prohibition (不得/严禁/禁止…), inside a question (是否…), inside a quotation (《》 or “”),
/// or in a sentence that cites a law as its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exception {
    Prohibition,
    Question,
    Quotation,
    Citation,
}
